// SociTransaction as SignInRepository: console access, sign-in links, sessions.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

ConsoleAccess SociTransaction::console_access(Id staff_id) {
  return guarded("console_access", [&] {
    std::optional<std::string> access;
    statements_.for_each_row(
        sql::kSelectConsoleAccess, [&](const soci::row& row) { access = row.get<std::string>(0); },
        static_cast<long long>(staff_id));
    if (!access) return ConsoleAccess::kNone;
    return parse_console_access(*access, "staff.console_access");
  });
}

std::map<Id, ConsoleAccess> SociTransaction::console_accesses() {
  return guarded("console_accesses", [&] {
    std::map<Id, ConsoleAccess> accesses;
    statements_.for_each_row(sql::kSelectConsoleAccesses, [&](const soci::row& row) {
      const RowReader r(row, "staff");
      accesses.emplace(r.id(0), parse_console_access(r.text(1), "staff.console_access"));
    });
    return accesses;
  });
}

void SociTransaction::set_console_access(Id staff_id, ConsoleAccess access) {
  guarded("set_console_access", [&] {
    const std::string text(to_string(access));
    long long id = staff_id, found = 0;
    session_ << sql::kUpdateConsoleAccess, use(text), use(id), into(found);
    if (!session_.got_data()) throw_not_found("staff", staff_id);
  });
}

Id SociTransaction::insert_link(const SignInLink& link) {
  return guarded("insert_sign_in_link", [&] {
    long long staff_id = link.staff_id, id = 0;
    const std::string created = format_instant(link.created_at);
    const std::string expires = format_instant(link.expires_at);
    NullableText used;
    if (link.used_at) used.set(format_instant(*link.used_at));
    session_ << sql::kInsertSignInLink, use(link.secret_hash), use(staff_id), use(created),
        use(expires), use_nullable(used), use(link.return_to), into(id);
    return Id{id};
  });
}

std::optional<SignInLink> SociTransaction::find_link(const std::string& secret_hash) {
  return guarded("find_sign_in_link", [&] {
    return read_one<SignInLink>(statements_, sql::kSelectSignInLinkByHash, read_sign_in_link,
                                secret_hash);
  });
}

bool SociTransaction::mark_link_used(Id id, Instant at) {
  return guarded("mark_sign_in_link_used", [&] {
    const std::string at_text = format_instant(at);
    long long key = id, found = 0;
    session_ << sql::kMarkSignInLinkUsed, use(at_text), use(key), into(found);
    return session_.got_data();
  });
}

Id SociTransaction::insert_session(const PersonSession& s) {
  return guarded("insert_person_session", [&] {
    long long staff_id = s.staff_id, id = 0;
    const std::string created = format_instant(s.created_at);
    const std::string last_seen = format_instant(s.last_seen_at);
    const std::string expires = format_instant(s.expires_at);
    NullableText revoked;
    if (s.revoked_at) revoked.set(format_instant(*s.revoked_at));
    session_ << sql::kInsertPersonSession, use(s.secret_hash), use(staff_id), use(s.csrf_token),
        use(created), use(last_seen), use(expires), use_nullable(revoked), into(id);
    return Id{id};
  });
}

std::optional<PersonSession> SociTransaction::find_session(const std::string& secret_hash) {
  return guarded("find_person_session", [&] {
    return read_one<PersonSession>(statements_, sql::kSelectPersonSessionByHash,
                                   read_person_session, secret_hash);
  });
}

std::optional<PersonSession> SociTransaction::find_session(Id id) {
  return guarded("find_person_session_by_id", [&] {
    return read_one<PersonSession>(statements_, sql::kSelectPersonSessionById, read_person_session,
                                   static_cast<long long>(id));
  });
}

std::vector<PersonSession> SociTransaction::sessions() {
  return guarded("person_sessions", [&] {
    return read_all<PersonSession>(statements_, sql::kSelectPersonSessions, read_person_session);
  });
}

void SociTransaction::touch_session(Id id, Instant at) {
  guarded("touch_person_session", [&] {
    const std::string at_text = format_instant(at);
    statements_.execute(sql::kTouchPersonSession, at_text, static_cast<long long>(id), at_text);
  });
}

bool SociTransaction::revoke_session(Id id, Instant at) {
  return guarded("revoke_person_session", [&] {
    const std::string at_text = format_instant(at);
    long long key = id, found = 0;
    session_ << sql::kRevokePersonSession, use(at_text), use(key), into(found);
    return session_.got_data();
  });
}

int SociTransaction::revoke_sessions_of(Id staff_id, Instant at) {
  return guarded("revoke_person_sessions_of", [&] {
    const std::string at_text = format_instant(at);
    long long key = staff_id;
    soci::rowset<soci::row> rows =
        (session_.prepare << sql::kRevokePersonSessionsOf, use(at_text), use(key));
    int count = 0;
    for (const soci::row& row : rows) {
      (void)row;
      ++count;
    }
    return count;
  });
}

}  // namespace caseaudit::db
