// Sign-in for people: the emailed single-use link and the session it opens.
//
// request_sign_in: an active member of staff asks for a link by their work
// email (compared case-insensitively). One transaction stores the link (only
// its token's hash) with its change-log row and enqueues the email through
// the outbox, so the link and its email commit together. The caller's answer
// must not depend on the result: whether the address is known is never told
// to the person asking (the sign-in page answers the same either way).
//
// confirm_sign_in: the link's token, posted from the confirm page (a GET
// never calls this, so a mail scanner prefetching the link uses nothing up).
// One transaction marks the link used (at most once, even when two posts
// race) and opens a session: a fresh cookie secret and CSRF token, only the
// secret's hash stored, with a change-log row naming the person.
//
// Secrets are daemon/service/token_secret.h's: 256 random bits, SHA-256 kept.
#pragma once

#include <date/tz.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/service/caller.h"
#include "notifier/templates.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

struct SignInPolicy {
  std::chrono::seconds link_lifetime = std::chrono::minutes(15);
  std::chrono::seconds session_idle = std::chrono::hours(2);
  std::chrono::seconds session_lifetime = std::chrono::hours(10);
};

// What the sign-in email is made with.
struct SignInMail {
  const notifier::TemplateSet& templates;
  const date::time_zone* zone;  // the authority's: the expiry as people read it
  std::string signature;        // notifier.signature
  std::string public_url;  // http.public_url: the link is {public_url}/sign-in/confirm?token=...
};

// The change log's name for a person: "person:<email>" (beside token names
// and "cli:<user>", so a row always says which kind of actor it was).
std::string person_actor(const Staff& person);

// `text` when it is a relative path starting with exactly one "/" (and no
// backslash or control character), else "/": never an address elsewhere.
std::string safe_return_to(std::string_view text);

// Emails a link to the active staff member with `email`, returning whether
// one was sent (for the metric and tests only). `caller.actor` names who
// asked (the page: the peer's address). Nothing is written for an unknown
// or inactive address.
bool request_sign_in(Store& store, const SignInMail& mail, const SignInPolicy& policy,
                     std::string_view email, std::string_view return_to, const Caller& caller);

enum class SignInRefusal { kUnknown, kExpired, kUsed };
std::string_view to_string(SignInRefusal refusal);  // "unknown", "expired", "used"

struct SignedIn {
  PersonSession session;  // as stored
  std::string secret;     // the cookie's value; shown once, never stored
  Staff person;
  ConsoleAccess access = ConsoleAccess::kNone;
  std::string return_to;  // the link's (safe_return_to)
};

struct SignInOutcome {
  std::optional<SignedIn> signed_in;                // set on success
  SignInRefusal refusal = SignInRefusal::kUnknown;  // otherwise why not
};

// Signs in with the link's token at `at`. A link for a person no longer
// active counts as unknown. Nothing is written when refused.
SignInOutcome confirm_sign_in(Store& store, const SignInPolicy& policy, std::string_view token,
                              Instant at);

}  // namespace caseaudit::daemon
