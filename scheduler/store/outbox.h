// Outbox: rendered emails waiting to be sent, and their delivery
// (Transaction::outbox()). A worker claims due messages in one short
// transaction, sends them with no transaction open, then records each
// outcome in another; so a crash between send and mark resends a message at
// most once per crash, with the same Message-ID.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/clock.h"
#include "scheduler/model.h"

namespace caseaudit {

// A rendered email. `dedup_key` is unique (rule, subject, level, period), so
// a rule that fires twice enqueues once.
struct OutboxMessage {
  Id id = 0;
  std::string dedup_key;
  std::string rule;
  std::optional<Id> recipient_staff_id;
  std::string recipient_email;
  std::string recipient_name;
  std::string subject;
  std::string text_body;
  std::string html_body;
  std::string message_id;  // kept across retries
  bool urgent = false;     // Category 1: outside the send window, never digested
  OutboxStatus status = OutboxStatus::kPending;
  int attempts = 0;
  Instant created_at;
  Instant next_attempt_at;
  std::optional<Instant> sent_at;
  std::string last_error;
};

// The pending messages split by whether they may be sent now, for /metrics.
struct OutboxBacklog {
  long long due = 0;        // pending, next_attempt_at <= now
  long long scheduled = 0;  // pending, next_attempt_at > now (a retry, the send window, a lease)
  std::optional<Instant> oldest_due;  // the earliest next_attempt_at of the due ones
};

class Outbox {
 public:
  virtual ~Outbox() = default;

  // Returns false, changing nothing, when the dedup key is already there.
  virtual bool enqueue(const OutboxMessage& message) = 0;
  virtual std::vector<OutboxMessage> messages(std::optional<OutboxStatus> status) = 0;
  virtual std::optional<OutboxMessage> find(Id id) = 0;
  // Messages per status (every status present, 0 when none): for /metrics.
  virtual std::map<OutboxStatus, long long> counts() = 0;
  // The pending messages as of `now`, due and scheduled.
  virtual OutboxBacklog backlog(Instant now) = 0;
  // A coordinator's "resend": status pending, next_attempt_at = at,
  // attempts = 0, the Message-ID and last_error kept. NotFound for an unknown id.
  virtual void requeue(Id id, Instant at) = 0;

  // Claims up to `limit` messages with status pending and next_attempt_at <=
  // `now`, oldest next_attempt_at first (then id). Each claimed row gets
  // attempts += 1 and next_attempt_at = now + lease, and is returned as
  // updated: the lease hides it from other claimers while it is being sent,
  // and brings it back by itself if the claimer dies before marking it. On
  // PostgreSQL the select uses FOR UPDATE SKIP LOCKED, so several daemons
  // never claim the same row; SQLite's single writer gives the same.
  virtual std::vector<OutboxMessage> claim_due(Instant now, int limit,
                                               std::chrono::seconds lease) = 0;
  // status = sent, sent_at = at, last_error cleared. NotFound for an unknown id.
  virtual void mark_sent(Id id, Instant at) = 0;
  // Stays pending; next_attempt_at = next, last_error = error (attempts was
  // already counted by the claim). NotFound for an unknown id.
  virtual void mark_retry(Id id, Instant next, const std::string& error) = 0;
  // status = dead (never retried), last_error = error. NotFound for an unknown id.
  virtual void mark_dead(Id id, const std::string& error) = 0;
};

// An Outbox forwarding every call to another: a partial double overrides
// only what it fakes (TransactionWrapper in scheduler/store.h).
class OutboxWrapper : public Outbox {
 public:
  explicit OutboxWrapper(Outbox& target) : target_(target) {}
  bool enqueue(const OutboxMessage& message) override { return target_.enqueue(message); }
  std::vector<OutboxMessage> messages(std::optional<OutboxStatus> status) override {
    return target_.messages(status);
  }
  std::optional<OutboxMessage> find(Id id) override { return target_.find(id); }
  std::map<OutboxStatus, long long> counts() override { return target_.counts(); }
  OutboxBacklog backlog(Instant now) override { return target_.backlog(now); }
  void requeue(Id id, Instant at) override { target_.requeue(id, at); }
  std::vector<OutboxMessage> claim_due(Instant now, int limit,
                                       std::chrono::seconds lease) override {
    return target_.claim_due(now, limit, lease);
  }
  void mark_sent(Id id, Instant at) override { target_.mark_sent(id, at); }
  void mark_retry(Id id, Instant next, const std::string& error) override {
    target_.mark_retry(id, next, error);
  }
  void mark_dead(Id id, const std::string& error) override { target_.mark_dead(id, error); }

 private:
  Outbox& target_;
};

}  // namespace caseaudit
