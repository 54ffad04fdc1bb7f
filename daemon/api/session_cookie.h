// The session cookie of signed-in people, read and written in one place.
//
// Name: "caseaudit_session" on plain HTTP; "__Host-caseaudit_session" with
// Secure when TLS is on (the prefix makes browsers refuse it unless Secure,
// Path=/ and no Domain, so no subdomain can plant one). Always HttpOnly
// (page scripts cannot read it), SameSite=Strict (never sent by a request
// another site starts) and Path=/. The value is the session secret
// (daemon/service/token_secret.h); only its hash is stored.
#pragma once

#include <httplib.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace caseaudit::daemon::api {

inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

std::string session_cookie_name(bool tls);

// The value of the session cookie the request carries, if any.
std::optional<std::string> read_session_cookie(const httplib::Request& request, bool tls);

// A Set-Cookie value that sets the cookie for `max_age`.
std::string session_cookie(bool tls, std::string_view secret, std::chrono::seconds max_age);
// A Set-Cookie value that deletes it (sign-out).
std::string expired_session_cookie(bool tls);

}  // namespace caseaudit::daemon::api
