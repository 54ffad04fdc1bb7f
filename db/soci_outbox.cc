// SociTransaction as Outbox: the emails waiting to be sent, and their delivery.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {
namespace {

// Runs `update` (an UPDATE of one message ... WHERE id = :id RETURNING id)
// with `params` bound in order before the id; NotFound when no message has
// that id.
template <typename... Params>
void update_message(soci::session& session, std::string_view update, Id message_id,
                    const Params&... params) {
  long long id = message_id, returned = 0;
  ((session << update), ..., use(params)), use(id), into(returned);
  if (!session.got_data()) throw_not_found("outbox message", message_id);
}

}  // namespace

bool SociTransaction::enqueue(const OutboxMessage& m) {
  return guarded("enqueue", [&] {
    OutboxParams p(m);
    long long id = 0;
    session_ << sql::kEnqueue, use(m.dedup_key), use(m.rule), use_nullable(p.recipient_staff_id),
        use(m.recipient_email), use(m.recipient_name), use(m.subject), use(m.text_body),
        use(m.html_body), use(m.message_id), use(p.urgent), use(p.status), use(m.attempts),
        use(p.created_at), use(p.next_attempt_at), use_nullable(p.sent_at), use(m.last_error),
        into(id);
    return session_.got_data();
  });
}

std::vector<OutboxMessage> SociTransaction::messages(std::optional<OutboxStatus> status) {
  return guarded("outbox", [&] {
    int any_status = status ? 0 : 1;
    const std::string status_text = status ? std::string(to_string(*status)) : std::string{};
    return read_all<OutboxMessage>(statements_, sql::kSelectOutbox, read_outbox_message, any_status,
                                   status_text);
  });
}

std::optional<OutboxMessage> SociTransaction::find(Id message_id) {
  return guarded("find_outbox_message", [&] {
    long long id = message_id;
    return read_one<OutboxMessage>(statements_, sql::kSelectOutboxMessage, read_outbox_message, id);
  });
}

std::map<OutboxStatus, long long> SociTransaction::counts() {
  return guarded("outbox_counts", [&] {
    std::map<OutboxStatus, long long> counts;
    for (OutboxStatus status : all_values<OutboxStatus>()) counts[status] = 0;
    statements_.for_each_row(sql::kCountOutboxByStatus, [&](const soci::row& row) {
      const RowReader r(row, "outbox");
      counts[parse_outbox_status(r.text(0), "outbox.status")] = r.integer(1);
    });
    return counts;
  });
}

OutboxBacklog SociTransaction::backlog(Instant now) {
  return guarded("outbox_backlog", [&] {
    const std::string now_text = format_instant(now);
    OutboxBacklog backlog;
    std::string oldest;
    soci::indicator oldest_indicator = soci::i_null;
    session_ << sql::kOutboxBacklog, use(now_text), use(now_text), use(now_text), into(backlog.due),
        into(backlog.scheduled), into(oldest, oldest_indicator);
    if (oldest_indicator == soci::i_ok)
      backlog.oldest_due = parse_instant(oldest, "outbox.next_attempt_at");
    return backlog;
  });
}

void SociTransaction::requeue(Id message_id, Instant at) {
  guarded("requeue_outbox_message", [&] {
    update_message(session_, sql::kRequeueOutboxMessage, message_id, format_instant(at));
  });
}

std::vector<OutboxMessage> SociTransaction::claim_due(Instant now, int limit,
                                                      std::chrono::seconds lease) {
  return guarded("claim_due_outbox", [&] {
    const std::string now_text = format_instant(now), lease_until = format_instant(now + lease);
    const std::string select_due = dialect_.expand(sql::kSelectDueOutboxIds);
    std::vector<long long> due;
    soci::rowset<soci::row> rows = (session_.prepare << select_due, use(now_text), use(limit));
    for (const soci::row& row : rows) due.push_back(RowReader(row, "outbox").integer(0));
    std::vector<OutboxMessage> claimed;
    for (long long id : due) {
      std::vector<OutboxMessage> one = read_all<OutboxMessage>(
          statements_, sql::kClaimOutboxMessage, read_outbox_message, lease_until, id);
      claimed.insert(claimed.end(), one.begin(), one.end());
    }
    return claimed;
  });
}

void SociTransaction::mark_sent(Id message_id, Instant at) {
  guarded("mark_outbox_sent",
          [&] { update_message(session_, sql::kMarkOutboxSent, message_id, format_instant(at)); });
}

void SociTransaction::mark_retry(Id message_id, Instant next, const std::string& error) {
  guarded("mark_outbox_retry", [&] {
    update_message(session_, sql::kMarkOutboxRetry, message_id, format_instant(next), error);
  });
}

void SociTransaction::mark_dead(Id message_id, const std::string& error) {
  guarded("mark_outbox_dead",
          [&] { update_message(session_, sql::kMarkOutboxDead, message_id, error); });
}

}  // namespace caseaudit::db
