#include "daemon/service/sessions.h"

#include <fmt/format.h>

#include <algorithm>

#include "daemon/service/change_log.h"
#include "daemon/service/org_checks.h"
#include "daemon/service/record_json.h"
#include "daemon/service/token_secret.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace json = boost::json;

std::string_view describe(SessionState state) {
  switch (state) {
    case SessionState::kValid:
      return "session valid";
    case SessionState::kRevoked:
      return "session signed out or revoked";
    case SessionState::kExpired:
      return "session expired";
    case SessionState::kIdle:
      return "session expired after being idle";
    case SessionState::kInactivePerson:
      return "the person is no longer active";
    case SessionState::kUnknown:
      break;
  }
  return "unknown session";
}

Instant idle_expires_at(const PersonSession& session, std::chrono::seconds idle) {
  return std::min(session.last_seen_at + idle, session.expires_at);
}

SessionCheck check_session(Transaction& tx, std::string_view secret, Instant now,
                           std::chrono::seconds idle) {
  SessionCheck check;
  const std::optional<PersonSession> session = tx.sign_in().find_session(hash_token_secret(secret));
  if (!session) return check;
  if (session->revoked_at) {
    check.state = SessionState::kRevoked;
  } else if (now >= session->expires_at) {
    check.state = SessionState::kExpired;
  } else if (now >= session->last_seen_at + idle) {
    check.state = SessionState::kIdle;
  } else {
    const std::optional<Staff> person = tx.organisation().find_staff(session->staff_id);
    if (!person || !person->active) {
      check.state = SessionState::kInactivePerson;
      return check;
    }
    check.state = SessionState::kValid;
    check.valid = SessionPerson{
        .session = *session, .person = *person, .access = tx.sign_in().console_access(person->id)};
  }
  return check;
}

void touch_session(Store& store, Id session_id, Instant at) {
  store.transact([&](Transaction& tx) { tx.sign_in().touch_session(session_id, at); });
}

namespace {

void revoke_in(Transaction& tx, const PersonSession& session, const Caller& caller) {
  log_change(
      tx, caller, "session.revoke", "session", std::to_string(session.id),
      json::object{{"staff_id", session.staff_id}, {"revoked_at", nullptr}},
      json::object{{"staff_id", session.staff_id}, {"revoked_at", format_instant_utc(caller.at)}});
}

json::object access_json(const Staff& person, ConsoleAccess access) {
  return json::object{{"email", person.email}, {"console_access", to_string(access)}};
}

}  // namespace

void revoke_session(Store& store, Id session_id, const Caller& caller) {
  store.transact([&](Transaction& tx) {
    const std::optional<PersonSession> session = tx.sign_in().find_session(session_id);
    if (!session || !tx.sign_in().revoke_session(session_id, caller.at)) {
      throw NotFound(fmt::format("no session {} that is not already revoked", session_id), "id");
    }
    revoke_in(tx, *session, caller);
  });
}

std::optional<Staff> find_staff_by_email_key(Transaction& tx, std::string_view email) {
  const std::string key = email_key(email);
  if (key.empty()) return std::nullopt;
  if (std::optional<Staff> exact = tx.organisation().find_staff_by_email(key)) return exact;
  for (Staff& staff : tx.organisation().load().staff) {
    if (email_key(staff.email) == key) return std::move(staff);
  }
  return std::nullopt;
}

namespace {

Staff require_staff_by_email(Transaction& tx, std::string_view email) {
  std::optional<Staff> person = find_staff_by_email_key(tx, email);
  if (!person) throw NotFound(fmt::format("no member of staff has the email {}", email), "email");
  return std::move(*person);
}

}  // namespace

int revoke_sessions_of(Store& store, std::string_view email, const Caller& caller) {
  return store.transact_result<int>([&](Transaction& tx) {
    const Staff person = require_staff_by_email(tx, email);
    int revoked = 0;
    for (const PersonSession& session : tx.sign_in().sessions()) {
      if (session.staff_id != person.id || session.revoked_at) continue;
      tx.sign_in().revoke_session(session.id, caller.at);
      revoke_in(tx, session, caller);
      ++revoked;
    }
    return revoked;
  });
}

std::vector<SessionListing> list_sessions(Store& store) {
  return store.read_result<std::vector<SessionListing>>([](Transaction& tx) {
    std::vector<SessionListing> listings;
    for (const PersonSession& session : tx.sign_in().sessions()) {
      SessionListing listing{.session = session};
      if (std::optional<Staff> person = tx.organisation().find_staff(session.staff_id)) {
        listing.name = person->name;
        listing.email = person->email;
      }
      listings.push_back(std::move(listing));
    }
    return listings;
  });
}

namespace {

Staff set_access_in(Transaction& tx, const Staff& person, ConsoleAccess access,
                    const Caller& caller) {
  const ConsoleAccess before = tx.sign_in().console_access(person.id);
  tx.sign_in().set_console_access(person.id, access);
  log_change(tx, caller, "staff.access", "staff", std::to_string(person.id),
             access_json(person, before), access_json(person, access));
  return person;
}

}  // namespace

Staff set_console_access(Store& store, Id staff_id, ConsoleAccess access, const Caller& caller) {
  return store.transact_result<Staff>([&](Transaction& tx) {
    return set_access_in(tx, require_staff(tx, staff_id, "staff.id"), access, caller);
  });
}

Staff set_console_access(Store& store, std::string_view email, ConsoleAccess access,
                         const Caller& caller) {
  return store.transact_result<Staff>([&](Transaction& tx) {
    return set_access_in(tx, require_staff_by_email(tx, email), access, caller);
  });
}

}  // namespace caseaudit::daemon
