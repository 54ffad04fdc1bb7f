// SociTransaction as ActionLinkRepository: the links in emails.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

Id SociTransaction::insert_action_link(const ActionLink& link) {
  return guarded("insert_action_link", [&] {
    long long staff_id = link.staff_id, record_id = link.record_id, id = 0;
    const std::string purpose(to_string(link.purpose));
    const std::string created = format_instant(link.created_at);
    const std::string expires = format_instant(link.expires_at);
    session_ << sql::kInsertActionLink, use(link.secret_hash), use(staff_id), use(purpose),
        use(record_id), use(created), use(expires), into(id);
    return Id{id};
  });
}

std::optional<ActionLink> SociTransaction::find_action_link(const std::string& secret_hash) {
  return guarded("find_action_link", [&] {
    return read_one<ActionLink>(statements_, sql::kSelectActionLinkByHash, read_action_link,
                                secret_hash);
  });
}

std::optional<ActionLink> SociTransaction::find_action_link(Id id) {
  return guarded("find_action_link_by_id", [&] {
    return read_one<ActionLink>(statements_, sql::kSelectActionLinkById, read_action_link,
                                static_cast<long long>(id));
  });
}

bool SociTransaction::mark_action_link_used(Id id, Id used_by, Instant at) {
  return guarded("mark_action_link_used", [&] {
    const std::string at_text = format_instant(at);
    long long key = id, by = used_by, found = 0;
    session_ << sql::kMarkActionLinkUsed, use(at_text), use(by), use(key), into(found);
    return session_.got_data();
  });
}

bool SociTransaction::revoke_action_link(Id id, Instant at) {
  return guarded("revoke_action_link", [&] {
    const std::string at_text = format_instant(at);
    long long key = id, found = 0;
    session_ << sql::kRevokeActionLink, use(at_text), use(key), into(found);
    return session_.got_data();
  });
}

int SociTransaction::revoke_action_links_for(LinkPurpose purpose, Id record_id, Instant at) {
  return guarded("revoke_action_links_for", [&] {
    const std::string at_text = format_instant(at);
    const std::string purpose_text(to_string(purpose));
    long long key = record_id;
    soci::rowset<soci::row> rows =
        (session_.prepare << sql::kRevokeActionLinksFor, use(at_text), use(purpose_text), use(key));
    return static_cast<int>(std::distance(rows.begin(), rows.end()));
  });
}

}  // namespace caseaudit::db
