// The secrets of API bearer tokens: how they are made and how they are kept.
//
// An API token's secret is "adt_" followed by 43 base64url characters: 256 bits from the
// kernel's CSPRNG. Only its SHA-256 is stored. A plain (unsalted, fast) hash
// suffices because the secret is random and long: there is no dictionary to
// try, unlike a password; and it keeps the per-request check to one indexed
// lookup.
#pragma once

#include <string>
#include <string_view>

namespace caseaudit::daemon {

// Throws RuntimeFailure when the kernel gives no randomness.
std::string generate_token_secret();

// The same 256 random bits after another prefix, for the secrets of
// sign-in for people: "sil_" a sign-in link's token, "ses_" a session
// cookie's value, "csrf_" a session's CSRF token. Only the first two are
// stored hashed (the CSRF token is useless without the cookie).
std::string generate_sign_in_secret();
std::string generate_session_secret();
std::string generate_csrf_token();
// "act_" and the same 256 bits: an emailed link to act on one item
// (daemon/service/action_links.h); stored hashed.
std::string generate_action_link_secret();

// Lowercase hex SHA-256 of `secret`.
std::string hash_token_secret(std::string_view secret);

}  // namespace caseaudit::daemon
