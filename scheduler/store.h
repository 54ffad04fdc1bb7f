// Store: the storage interface that logic depends on (never on SOCI).
// db/ implements it on SQLite and PostgreSQL; tests may implement it in memory.
//
// Thread safety: a Store may be used from many threads at once; each call to
// transact() (and each outermost read()) gets its own Transaction, which must
// not outlive the call nor be shared between threads.
#pragma once

#include <chrono>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/clock.h"
#include "scheduler/model.h"

namespace caseaudit {

// One row of the change log: who changed what, when, before and after.
struct ChangeRecord {
  Id id = 0;
  Instant at;
  std::string actor;        // token name, "cli:<user>", "daemon" ...
  std::string action;       // "staff.update", "allocation.commit" ...
  std::string record_type;  // "staff", "audit" ...
  std::string record_id;
  std::string before_json;  // "" when created
  std::string after_json;   // "" when deleted
};

// A rendered email waiting in the outbox. `dedup_key` is unique (rule,
// subject, level, period), so a rule that fires twice enqueues once.
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

// A bearer token of the HTTP admin API. Only a hash of the secret is stored;
// the secret itself is shown once, when the token is created.
struct ApiToken {
  Id id = 0;
  std::string name;  // unique; the "who" of the change log
  ApiRole role = ApiRole::kViewer;
  std::string secret_hash;  // lowercase hex SHA-256 of the secret
  Instant created_at;
  std::optional<Instant> expires_at;
  std::optional<Instant> revoked_at;
  // Usable at `now`: not revoked, not expired.
  bool valid_at(Instant now) const { return !revoked_at && (!expires_at || now < *expires_at); }
};

// Which change-log rows changes() returns: all that match every set field,
// newest first, at most `limit`, only ids below `before_id` when set (paging).
struct ChangeFilter {
  std::optional<std::string> record_type;
  std::optional<std::string> record_id;  // with record_type
  std::optional<Instant> since;          // at >= since
  std::optional<Instant> until;          // at < until
  std::optional<Id> before_id;
  int limit = 100;
};

// One row of the reminder ledger: an item told in an outbox message.
struct NotifiedItem {
  std::string item_key;     // DueItem::key()
  std::string message_key;  // the outbox dedup key of the message that tells it
};

// All reads and writes of one database transaction.
// Every method may throw: InputError subclasses for the caller's mistakes
// (NotFound for unknown ids, Conflict for unique-key clashes, InputError for a
// CHECK or foreign key the data breaks), DatabaseUnavailable for lost
// connections (transact() retries those itself).
class Transaction {
 public:
  virtual ~Transaction() = default;

  // The whole authority, consistent as of this transaction.
  virtual Authority load_authority() = 0;

  // Services, teams, staff and exemptions only (the other vectors empty):
  // what most admin reads need, without the children and the history.
  virtual Authority load_organisation() = 0;

  // The authority as the reminder rules need it (scheduler/reminders/rules.h):
  // like load_authority(), except that `actions` holds only the open actions
  // due on or before `actions_due_by` and `concerns` only the open concerns.
  // Completed actions, resolved concerns and actions due later cannot make a
  // reminder due before `actions_due_by`; pass reminder_horizon() so no rule
  // misses an item.
  virtual Authority load_reminder_authority(Date actions_due_by) = 0;

  // Organisation. insert_* return the new id; update_* throw NotFound.
  virtual Id insert_service(const Service& service) = 0;
  virtual void update_service(const Service& service) = 0;
  virtual Id insert_team(const Team& team) = 0;
  virtual void update_team(const Team& team) = 0;
  virtual Id insert_staff(const Staff& staff) = 0;
  virtual void update_staff(const Staff& staff) = 0;
  virtual std::optional<Staff> find_staff(Id id) = 0;
  virtual std::optional<Staff> find_staff_by_email(const std::string& email) = 0;

  virtual std::optional<Service> find_service(Id id) = 0;
  virtual std::optional<Team> find_team(Id id) = 0;

  virtual Id insert_exemption(const Exemption& exemption) = 0;
  virtual void delete_exemption(Id id) = 0;  // NotFound for an unknown id
  virtual std::optional<Exemption> find_exemption(Id id) = 0;

  // Children are keyed by case reference: upsert inserts or updates by it.
  virtual Id upsert_child(const Child& child) = 0;
  virtual std::optional<Child> find_child_by_reference(const std::string& case_reference) = 0;
  virtual std::optional<Child> find_child(Id id) = 0;
  // The children with an audit (withdrawn included) in `month`, by id: one
  // query for what the month's audit list shows beside each audit.
  virtual std::vector<Child> children_audited_in(Month month) = 0;

  // Allocation.
  virtual std::optional<AllocationRun> find_run(Month month) = 0;
  virtual Id insert_run(const AllocationRun& run) = 0;  // Conflict if the month exists
  virtual void update_run(const AllocationRun& run) = 0;
  virtual Id insert_audit(const Audit& audit) = 0;  // Conflict on double allocation
  virtual void update_audit(const Audit& audit) = 0;
  virtual std::vector<Audit> audits_in(Month month) = 0;
  virtual std::optional<Audit> find_audit(Id id) = 0;
  virtual Id insert_pairing(const Pairing& pairing) = 0;
  virtual void update_pairing(const Pairing& pairing) = 0;
  virtual std::vector<Pairing> pairings_for(Month period) = 0;

  // After the audit.
  virtual Id insert_action(const Action& action) = 0;
  virtual void update_action(const Action& action) = 0;
  virtual Id insert_concern(const Concern& concern) = 0;
  virtual void update_concern(const Concern& concern) = 0;
  virtual Id insert_concern_update(const ConcernUpdate& update) = 0;
  virtual std::optional<Action> find_action(Id id) = 0;
  virtual std::vector<Action> actions_for_audit(Id audit_id) = 0;  // by id
  virtual std::optional<Concern> find_concern(Id id) = 0;
  virtual std::vector<ConcernUpdate> concern_updates_for(Id concern_id) = 0;  // by month

  // API tokens. insert: Conflict when the name is taken (also by a revoked
  // token, so the change log's names stay unambiguous).
  virtual Id insert_api_token(const ApiToken& token) = 0;
  virtual std::optional<ApiToken> find_api_token_by_hash(const std::string& secret_hash) = 0;
  virtual std::vector<ApiToken> api_tokens() = 0;  // by name, revoked included
  // Sets revoked_at; false when no token has that name or it was already revoked.
  virtual bool revoke_api_token(const std::string& name, Instant at) = 0;

  // Records that `job` ran for `period` ("allocate", "2027-02"). Returns false,
  // changing nothing, when that (job, period) is already recorded: the caller
  // then does nothing, which makes every periodic job run at most once.
  virtual bool record_job_run(const std::string& job, const std::string& period, Instant at) = 0;
  virtual bool job_ran(const std::string& job, const std::string& period) = 0;

  virtual void log_change(const ChangeRecord& change) = 0;
  virtual std::vector<ChangeRecord> changes(const ChangeFilter& filter) = 0;
  // Every row of one record type (all types when unset) since `since`, newest first.
  std::vector<ChangeRecord> changes(const std::optional<std::string>& record_type,
                                    std::optional<Instant> since) {
    return changes(ChangeFilter{
        .record_type = record_type, .since = since, .limit = std::numeric_limits<int>::max()});
  }

  // Returns false, changing nothing, when the dedup key is already there.
  virtual bool enqueue(const OutboxMessage& message) = 0;

  // The ledger of reminder items (scheduler/reminders/due_item.h): records
  // that the item `item_key` is told in the outbox message whose dedup key is
  // `message_key` (a digest may carry several items). An item already
  // recorded is left as it is, so each item reaches its person once however
  // often, and on however many instances, the rules run.
  //
  // Records a whole batch in a few statements (chunks). Returns one flag per
  // element of `items`, in order: true when that element was recorded now;
  // false when its key was already in the ledger, or appears earlier in the
  // same batch (the first occurrence wins). An empty batch does nothing.
  virtual std::vector<bool> record_notified_items(const std::vector<NotifiedItem>& items,
                                                  Instant at) = 0;
  // One item: record_notified_items({{item_key, message_key}}, at)[0].
  bool record_notified_item(const std::string& item_key, const std::string& message_key,
                            Instant at) {
    return record_notified_items({NotifiedItem{item_key, message_key}}, at).front();
  }
  virtual std::vector<OutboxMessage> outbox(std::optional<OutboxStatus> status) = 0;
  virtual std::optional<OutboxMessage> find_outbox_message(Id id) = 0;
  // Messages per status (every status present, 0 when none): for /metrics.
  virtual std::map<OutboxStatus, long long> outbox_counts() = 0;
  // Allocation runs (months) per status, every status present: for /metrics.
  virtual std::map<MonthStatus, long long> allocation_run_counts() = 0;
  // A coordinator's "resend": status pending, next_attempt_at = at,
  // attempts = 0, the Message-ID and last_error kept. NotFound for an unknown id.
  virtual void requeue_outbox_message(Id id, Instant at) = 0;

  // Delivery of the outbox (notifier/outbox_worker.h). A worker claims due
  // messages in one short transaction, sends them with no transaction open,
  // then records each outcome in another; so a crash between send and mark
  // resends a message at most once per crash, with the same Message-ID.
  //
  // Claims up to `limit` messages with status pending and next_attempt_at <=
  // `now`, oldest next_attempt_at first (then id). Each claimed row gets
  // attempts += 1 and next_attempt_at = now + lease, and is returned as
  // updated: the lease hides it from other claimers while it is being sent,
  // and brings it back by itself if the claimer dies before marking it. On
  // PostgreSQL the select uses FOR UPDATE SKIP LOCKED, so several daemons
  // never claim the same row; SQLite's single writer gives the same.
  virtual std::vector<OutboxMessage> claim_due_outbox(Instant now, int limit,
                                                      std::chrono::seconds lease) = 0;
  // status = sent, sent_at = at, last_error cleared. NotFound for an unknown id.
  virtual void mark_outbox_sent(Id id, Instant at) = 0;
  // Stays pending; next_attempt_at = next, last_error = error (attempts was
  // already counted by the claim). NotFound for an unknown id.
  virtual void mark_outbox_retry(Id id, Instant next, const std::string& error) = 0;
  // status = dead (never retried), last_error = error. NotFound for an unknown id.
  virtual void mark_outbox_dead(Id id, const std::string& error) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` in one transaction: committed when it returns, rolled back
  // when it throws (the exception propagates). When the connection is lost,
  // the session is reconnected and `work` re-run from the start, a bounded
  // number of times, then DatabaseUnavailable is thrown. So `work` must act
  // only through the Transaction (or idempotently).
  virtual void transact(const std::function<void(Transaction&)>& work) = 0;

  template <typename Result>
  Result transact_result(const std::function<Result(Transaction&)>& work) {
    std::optional<Result> result;
    transact([&](Transaction& tx) { result = work(tx); });
    return std::move(*result);
  }

  // transact() for `work` that only reads (a precondition: a write inside
  // may be refused, as on PostgreSQL, and is a ProgramError). One consistent
  // snapshot like any transaction, but it never takes the write lock, so on
  // SQLite readers run beside each other and beside a writer.
  //
  // Joining: a read() called on this thread while `work` of a read() of the
  // SAME store runs opens no transaction of its own: its `work` runs in the
  // one already open (same snapshot, same connection), which the outermost
  // read() commits or rolls back (and re-runs whole after a lost
  // connection). An exception from the inner `work` propagates out of the
  // inner read() unchanged. The HTTP API runs a GET route's token lookup and
  // handler in one transaction this way. A read() of another store, and
  // transact() always, open their own transaction: so a write inside read()'s
  // `work` is a second transaction (and on a store of one connection,
  // sqlite::memory:, waits forever).
  void read(const std::function<void(Transaction&)>& work);

  template <typename Result>
  Result read_result(const std::function<Result(Transaction&)>& work) {
    std::optional<Result> result;
    read([&](Transaction& tx) { result = work(tx); });
    return std::move(*result);
  }

 protected:
  // Opens a new read transaction for read() and runs `work` in it, with the
  // guarantees above. The default simply calls transact().
  virtual void read_transaction(const std::function<void(Transaction&)>& work) { transact(work); }
};

}  // namespace caseaudit
