// Sessions of signed-in people: checking one (the API frame, each request),
// signing out, the administrator's list and revoke, and the console access
// level of staff.
//
// A session is valid while not revoked, before its absolute expiry, before
// last_seen_at + the idle timeout, and while its person is active. The
// writes below each run in one transaction with a change-log row; only
// touch_session (bookkeeping, not a change anyone made) writes none.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/service/caller.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

struct SessionPerson {
  PersonSession session;
  Staff person;
  ConsoleAccess access = ConsoleAccess::kNone;
};

enum class SessionState { kValid, kUnknown, kRevoked, kExpired, kIdle, kInactivePerson };
std::string_view describe(SessionState state);  // "session expired" ...

struct SessionCheck {
  SessionState state = SessionState::kUnknown;
  std::optional<SessionPerson> valid;  // set when kValid
};

// The session whose cookie value is `secret`, as of `now`. Only reads: runs
// in `tx`, which may be the read transaction of a GET request.
SessionCheck check_session(Transaction& tx, std::string_view secret, Instant now,
                           std::chrono::seconds idle);

// When the session ends unless used again: min(last_seen_at + idle, expires_at).
Instant idle_expires_at(const PersonSession& session, std::chrono::seconds idle);

// last_seen_at = at, in a transaction of its own (no change-log row).
void touch_session(Store& store, Id session_id, Instant at);

// Revokes the session ("session.revoke"). NotFound "id" when there is no
// unrevoked session with that id; then nothing is written.
void revoke_session(Store& store, Id session_id, const Caller& caller);

// Revokes every session of the staff member with `email` (case-insensitive),
// one "session.revoke" row each; returns how many. NotFound "email" for an
// unknown address.
int revoke_sessions_of(Store& store, std::string_view email, const Caller& caller);

struct SessionListing {
  PersonSession session;
  std::string name;
  std::string email;
};
// Every session, newest first (no secrets: the hash is not shown either).
std::vector<SessionListing> list_sessions(Store& store);

// The staff member with `email` (case-insensitive), if any.
std::optional<Staff> find_staff_by_email_key(Transaction& tx, std::string_view email);

// Sets the console access of the staff member `staff_id` ("staff.access",
// before and after). NotFound "staff.id" for an unknown id.
Staff set_console_access(Store& store, Id staff_id, ConsoleAccess access, const Caller& caller);
// The same by email; NotFound "email" for an unknown address.
Staff set_console_access(Store& store, std::string_view email, ConsoleAccess access,
                         const Caller& caller);

}  // namespace caseaudit::daemon
