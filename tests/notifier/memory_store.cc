#include "tests/notifier/memory_store.h"

#include <algorithm>

#include "scheduler/errors.h"

namespace auditd::notifier::testing {

class MemoryStore::Tx final : public Transaction {
 public:
  Tx(std::map<Id, OutboxMessage>& rows, Id& next_id, int& failing_marks,
     std::map<std::string, std::string>& ledger)
      : rows_(rows),
        next_id_(next_id),
        failing_marks_(failing_marks),
        first_id_(next_id),
        ledger_(ledger) {}

  void rollback() {
    for (auto& [id, row] : before_) rows_[id] = std::move(row);
    for (Id id = first_id_; id < next_id_; ++id) rows_.erase(id);
    next_id_ = first_id_;
    for (const std::string& key : recorded_) ledger_.erase(key);
  }

  std::map<Id, OutboxMessage>& rows_;
  Id& next_id_;
  int& failing_marks_;
  const Id first_id_;
  std::map<Id, OutboxMessage> before_;  // first state of each row changed
  std::map<std::string, std::string>& ledger_;
  std::vector<std::string> recorded_;  // ledger keys added by this transaction

  std::vector<bool> record_notified_items(const std::vector<NotifiedItem>& items,
                                          Instant) override {
    std::vector<bool> fresh;
    fresh.reserve(items.size());
    for (const NotifiedItem& item : items) {
      const bool added = ledger_.emplace(item.item_key, item.message_key).second;
      if (added) recorded_.push_back(item.item_key);
      fresh.push_back(added);
    }
    return fresh;
  }

  OutboxMessage& touch(OutboxMessage& row) {
    if (row.id < first_id_) before_.try_emplace(row.id, row);
    return row;
  }

  bool enqueue(const OutboxMessage& message) override {
    for (const auto& [id, row] : rows_) {
      if (row.dedup_key == message.dedup_key) return false;
    }
    OutboxMessage row = message;
    row.id = next_id_++;
    row.status = OutboxStatus::kPending;
    rows_[row.id] = row;
    return true;
  }

  std::vector<OutboxMessage> outbox(std::optional<OutboxStatus> status) override {
    std::vector<OutboxMessage> out;
    for (const auto& [id, row] : rows_) {
      if (!status || row.status == *status) out.push_back(row);
    }
    return out;
  }

  std::vector<OutboxMessage> claim_due_outbox(Instant now, int limit,
                                              std::chrono::seconds lease) override {
    std::vector<OutboxMessage*> due;
    for (auto& [id, row] : rows_) {
      if (row.status == OutboxStatus::kPending && row.next_attempt_at <= now) due.push_back(&row);
    }
    std::sort(due.begin(), due.end(), [](const OutboxMessage* a, const OutboxMessage* b) {
      return std::tie(a->next_attempt_at, a->id) < std::tie(b->next_attempt_at, b->id);
    });
    if (due.size() > static_cast<std::size_t>(std::max(limit, 0))) due.resize(limit);
    std::vector<OutboxMessage> claimed;
    for (OutboxMessage* row : due) {
      touch(*row);
      row->attempts += 1;
      row->next_attempt_at = now + lease;
      claimed.push_back(*row);
    }
    return claimed;
  }

  void mark_outbox_sent(Id id, Instant at) override {
    OutboxMessage& row = marked(id);
    row.status = OutboxStatus::kSent;
    row.sent_at = at;
    row.last_error.clear();
  }

  void mark_outbox_retry(Id id, Instant next, const std::string& error) override {
    OutboxMessage& row = marked(id);
    row.next_attempt_at = next;
    row.last_error = error;
  }

  void mark_outbox_dead(Id id, const std::string& error) override {
    OutboxMessage& row = marked(id);
    row.status = OutboxStatus::kDead;
    row.last_error = error;
  }

  // ---- Not part of this double ----------------------------------------------
  [[noreturn]] static void absent() { throw ProgramError("not in the MemoryStore test double"); }
  Authority load_authority() override { absent(); }
  Authority load_reminder_authority(Date) override { absent(); }
  Id insert_service(const Service&) override { absent(); }
  void update_service(const Service&) override { absent(); }
  Id insert_team(const Team&) override { absent(); }
  void update_team(const Team&) override { absent(); }
  Id insert_staff(const Staff&) override { absent(); }
  void update_staff(const Staff&) override { absent(); }
  std::optional<Staff> find_staff(Id) override { absent(); }
  std::optional<Staff> find_staff_by_email(const std::string&) override { absent(); }
  Id insert_exemption(const Exemption&) override { absent(); }
  void delete_exemption(Id) override { absent(); }
  Id upsert_child(const Child&) override { absent(); }
  std::optional<Child> find_child_by_reference(const std::string&) override { absent(); }
  std::optional<AllocationRun> find_run(Month) override { absent(); }
  Id insert_run(const AllocationRun&) override { absent(); }
  void update_run(const AllocationRun&) override { absent(); }
  Id insert_audit(const Audit&) override { absent(); }
  void update_audit(const Audit&) override { absent(); }
  std::vector<Audit> audits_in(Month) override { absent(); }
  Id insert_pairing(const Pairing&) override { absent(); }
  void update_pairing(const Pairing&) override { absent(); }
  std::vector<Pairing> pairings_for(Month) override { absent(); }
  Id insert_action(const Action&) override { absent(); }
  void update_action(const Action&) override { absent(); }
  Id insert_concern(const Concern&) override { absent(); }
  void update_concern(const Concern&) override { absent(); }
  Id insert_concern_update(const ConcernUpdate&) override { absent(); }
  bool record_job_run(const std::string&, const std::string&, Instant) override { absent(); }
  bool job_ran(const std::string&, const std::string&) override { absent(); }
  void log_change(const ChangeRecord&) override { absent(); }
  std::vector<ChangeRecord> changes(const std::optional<std::string>&,
                                    std::optional<Instant>) override {
    absent();
  }

 private:
  OutboxMessage& marked(Id id) {
    if (failing_marks_ > 0) {
      --failing_marks_;
      throw DatabaseUnavailable("injected: the database went away before the mark");
    }
    auto it = rows_.find(id);
    if (it == rows_.end()) throw NotFound("no outbox message " + std::to_string(id));
    return touch(it->second);
  }
};

void MemoryStore::transact(const std::function<void(Transaction&)>& work) {
  std::lock_guard lock(mutex_);
  Tx tx(rows_, next_id_, failing_marks_, ledger_);
  try {
    work(tx);
  } catch (...) {
    tx.rollback();
    throw;
  }
}

void MemoryStore::fail_marks(int count) {
  std::lock_guard lock(mutex_);
  failing_marks_ = count;
}

std::map<std::string, std::string> MemoryStore::ledger() {
  std::lock_guard lock(mutex_);
  return ledger_;
}

OutboxMessage MemoryStore::row(Id id) {
  std::lock_guard lock(mutex_);
  return rows_.at(id);
}

}  // namespace auditd::notifier::testing
