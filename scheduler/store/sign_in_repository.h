// SignInRepository: how people (staff) sign in to the console
// (Transaction::sign_in()): each person's console access level, the emailed
// single-use sign-in links, and the cookie sessions they lead to. Only
// hashes of the link and session secrets are stored (daemon/service/
// token_secret.h); the CSRF token is stored as it is, since the page must be
// able to read it back (GET /v1/session) and it is worthless without the
// session cookie.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/clock.h"
#include "scheduler/model.h"

namespace caseaudit {

// An emailed sign-in link: valid once, until expires_at.
struct SignInLink {
  Id id = 0;
  std::string secret_hash;  // lowercase hex SHA-256 of the link's token
  Id staff_id = 0;
  Instant created_at;
  Instant expires_at;
  std::optional<Instant> used_at;
  std::string return_to;  // a relative path ("/console/audits"), "/" by default
};

// A signed-in person's session (the cookie).
struct PersonSession {
  Id id = 0;
  std::string secret_hash;  // lowercase hex SHA-256 of the cookie's value
  Id staff_id = 0;
  std::string csrf_token;  // the X-CSRF-Token a state-changing request must send
  Instant created_at;
  Instant last_seen_at;  // refreshed at most once a minute (daemon/api/api.h)
  Instant expires_at;    // the absolute lifetime's end
  std::optional<Instant> revoked_at;
};

class SignInRepository {
 public:
  virtual ~SignInRepository() = default;

  // kNone for a staff id that does not exist.
  virtual ConsoleAccess console_access(Id staff_id) = 0;
  // Everyone whose access is not kNone, by staff id.
  virtual std::map<Id, ConsoleAccess> console_accesses() = 0;
  // NotFound "staff.id" for an unknown staff id.
  virtual void set_console_access(Id staff_id, ConsoleAccess access) = 0;

  virtual Id insert_link(const SignInLink& link) = 0;
  virtual std::optional<SignInLink> find_link(const std::string& secret_hash) = 0;
  // Sets used_at = at unless it is already set; false (changing nothing)
  // when it was, so two confirmations racing each other sign in once.
  virtual bool mark_link_used(Id id, Instant at) = 0;

  virtual Id insert_session(const PersonSession& session) = 0;
  virtual std::optional<PersonSession> find_session(const std::string& secret_hash) = 0;
  virtual std::optional<PersonSession> find_session(Id id) = 0;
  // Every session, newest first, revoked and expired included.
  virtual std::vector<PersonSession> sessions() = 0;
  // last_seen_at = at when it is earlier (never moves it back).
  virtual void touch_session(Id id, Instant at) = 0;
  // Sets revoked_at = at; false when there is no such session or it was
  // already revoked.
  virtual bool revoke_session(Id id, Instant at) = 0;
  // Revokes every unrevoked session of the person; returns how many.
  virtual int revoke_sessions_of(Id staff_id, Instant at) = 0;
};

}  // namespace caseaudit
