#include "tests/notifier/memory_store.h"

#include <algorithm>

#include "scheduler/errors.h"

namespace caseaudit::notifier::testing {

class MemoryStore::Tx final : public Transaction {
 public:
  Tx(State& state, int& failing_marks)
      : state_(state),
        failing_marks_(failing_marks),
        first_id_(state.next_id),
        first_token_id_(state.next_token_id),
        changes_before_(state.changes.size()) {}

  void rollback() {
    for (auto& [id, row] : before_) state_.rows[id] = std::move(row);
    for (Id id = first_id_; id < state_.next_id; ++id) state_.rows.erase(id);
    state_.next_id = first_id_;
    if (tokens_before_) state_.tokens = std::move(*tokens_before_);
    state_.next_token_id = first_token_id_;
    state_.changes.resize(changes_before_);
    for (const std::string& key : recorded_) state_.ledger.erase(key);
  }

  // ---- The reminder ledger -----------------------------------------------------
  std::vector<bool> record_notified_items(const std::vector<NotifiedItem>& items,
                                          Instant) override {
    std::vector<bool> fresh;
    fresh.reserve(items.size());
    for (const NotifiedItem& item : items) {
      const bool added = state_.ledger.emplace(item.item_key, item.message_key).second;
      if (added) recorded_.push_back(item.item_key);
      fresh.push_back(added);
    }
    return fresh;
  }

  // ---- Outbox ------------------------------------------------------------------
  bool enqueue(const OutboxMessage& message) override {
    for (const auto& [id, row] : state_.rows) {
      if (row.dedup_key == message.dedup_key) return false;
    }
    OutboxMessage row = message;
    row.id = state_.next_id++;
    row.status = OutboxStatus::kPending;
    state_.rows[row.id] = row;
    return true;
  }

  std::vector<OutboxMessage> outbox(std::optional<OutboxStatus> status) override {
    std::vector<OutboxMessage> out;
    for (const auto& [id, row] : state_.rows) {
      if (!status || row.status == *status) out.push_back(row);
    }
    return out;
  }

  std::optional<OutboxMessage> find_outbox_message(Id id) override {
    auto it = state_.rows.find(id);
    if (it == state_.rows.end()) return std::nullopt;
    return it->second;
  }

  std::map<OutboxStatus, long long> outbox_counts() override {
    std::map<OutboxStatus, long long> counts;
    for (OutboxStatus status : all_values<OutboxStatus>()) counts[status] = 0;
    for (const auto& [id, row] : state_.rows) ++counts[row.status];
    return counts;
  }

  void requeue_outbox_message(Id id, Instant at) override {
    OutboxMessage& row = existing(id);
    row.status = OutboxStatus::kPending;
    row.next_attempt_at = at;
    row.attempts = 0;
  }

  std::vector<OutboxMessage> claim_due_outbox(Instant now, int limit,
                                              std::chrono::seconds lease) override {
    std::vector<OutboxMessage*> due;
    for (auto& [id, row] : state_.rows) {
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

  // ---- API tokens ----------------------------------------------------------------
  Id insert_api_token(const ApiToken& token) override {
    if (token.name.empty()) throw InputError("an API token needs a name", "api_token.name");
    for (const auto& [id, other] : state_.tokens) {
      if (other.name == token.name) {
        throw Conflict("an API token named \"" + token.name + "\" already exists",
                       "api_token.name");
      }
      if (other.secret_hash == token.secret_hash) {
        throw Conflict("an API token with that secret already exists", "api_token.secret_hash");
      }
    }
    ApiToken row = token;
    row.id = state_.next_token_id++;
    tokens().emplace(row.id, row);
    return row.id;
  }

  std::optional<ApiToken> find_api_token_by_hash(const std::string& secret_hash) override {
    for (const auto& [id, token] : state_.tokens) {
      if (token.secret_hash == secret_hash) return token;
    }
    return std::nullopt;
  }

  std::vector<ApiToken> api_tokens() override {
    std::vector<ApiToken> out;
    for (const auto& [id, token] : state_.tokens) out.push_back(token);
    std::sort(out.begin(), out.end(),
              [](const ApiToken& a, const ApiToken& b) { return a.name < b.name; });
    return out;
  }

  bool revoke_api_token(const std::string& name, Instant at) override {
    for (auto& [id, token] : state_.tokens) {
      if (token.name != name) continue;
      if (token.revoked_at) return false;
      tokens().at(id).revoked_at = at;
      return true;
    }
    return false;
  }

  // ---- Change log -----------------------------------------------------------------
  void log_change(const ChangeRecord& change) override {
    ChangeRecord row = change;
    row.id = state_.changes.empty() ? 1 : state_.changes.back().id + 1;
    state_.changes.push_back(row);
  }

  std::vector<ChangeRecord> changes(const ChangeFilter& f) override {
    std::vector<ChangeRecord> out;
    const auto limit = static_cast<std::size_t>(std::max(f.limit, 0));
    for (auto it = state_.changes.rbegin(); it != state_.changes.rend() && out.size() < limit;
         ++it) {
      if (f.record_type && it->record_type != *f.record_type) continue;
      if (f.record_id && it->record_id != *f.record_id) continue;
      if (f.since && it->at < *f.since) continue;
      if (f.until && it->at >= *f.until) continue;
      if (f.before_id && it->id >= *f.before_id) continue;
      out.push_back(*it);
    }
    return out;
  }

  // ---- Not part of this double ----------------------------------------------
  [[noreturn]] static void absent() { throw ProgramError("not in the MemoryStore test double"); }
  Authority load_authority() override { absent(); }
  Authority load_organisation() override { absent(); }
  Authority load_reminder_authority(Date) override { absent(); }
  std::vector<Child> children_audited_in(Month) override { absent(); }
  std::map<MonthStatus, long long> allocation_run_counts() override { absent(); }
  Id insert_service(const Service&) override { absent(); }
  void update_service(const Service&) override { absent(); }
  Id insert_team(const Team&) override { absent(); }
  void update_team(const Team&) override { absent(); }
  Id insert_staff(const Staff&) override { absent(); }
  void update_staff(const Staff&) override { absent(); }
  std::optional<Staff> find_staff(Id) override { absent(); }
  std::optional<Staff> find_staff_by_email(const std::string&) override { absent(); }
  std::optional<Service> find_service(Id) override { absent(); }
  std::optional<Team> find_team(Id) override { absent(); }
  Id insert_exemption(const Exemption&) override { absent(); }
  void delete_exemption(Id) override { absent(); }
  std::optional<Exemption> find_exemption(Id) override { absent(); }
  Id upsert_child(const Child&) override { absent(); }
  std::optional<Child> find_child_by_reference(const std::string&) override { absent(); }
  std::optional<Child> find_child(Id) override { absent(); }
  std::optional<AllocationRun> find_run(Month) override { absent(); }
  Id insert_run(const AllocationRun&) override { absent(); }
  void update_run(const AllocationRun&) override { absent(); }
  Id insert_audit(const Audit&) override { absent(); }
  void update_audit(const Audit&) override { absent(); }
  std::vector<Audit> audits_in(Month) override { absent(); }
  std::optional<Audit> find_audit(Id) override { absent(); }
  Id insert_pairing(const Pairing&) override { absent(); }
  void update_pairing(const Pairing&) override { absent(); }
  std::vector<Pairing> pairings_for(Month) override { absent(); }
  Id insert_action(const Action&) override { absent(); }
  void update_action(const Action&) override { absent(); }
  Id insert_concern(const Concern&) override { absent(); }
  void update_concern(const Concern&) override { absent(); }
  Id insert_concern_update(const ConcernUpdate&) override { absent(); }
  std::optional<Action> find_action(Id) override { absent(); }
  std::vector<Action> actions_for_audit(Id) override { absent(); }
  std::optional<Concern> find_concern(Id) override { absent(); }
  std::vector<ConcernUpdate> concern_updates_for(Id) override { absent(); }
  bool record_job_run(const std::string&, const std::string&, Instant) override { absent(); }
  bool job_ran(const std::string&, const std::string&) override { absent(); }

 private:
  OutboxMessage& touch(OutboxMessage& row) {
    if (row.id < first_id_) before_.try_emplace(row.id, row);
    return row;
  }

  OutboxMessage& existing(Id id) {
    auto it = state_.rows.find(id);
    if (it == state_.rows.end()) throw NotFound("no outbox message " + std::to_string(id));
    return touch(it->second);
  }

  OutboxMessage& marked(Id id) {
    if (failing_marks_ > 0) {
      --failing_marks_;
      throw DatabaseUnavailable("injected: the database went away before the mark");
    }
    return existing(id);
  }

  // The token table, saved for rollback before this transaction first changes it.
  std::map<Id, ApiToken>& tokens() {
    if (!tokens_before_) tokens_before_ = state_.tokens;
    return state_.tokens;
  }

  State& state_;
  int& failing_marks_;
  const Id first_id_;
  const Id first_token_id_;
  const std::size_t changes_before_;
  std::map<Id, OutboxMessage> before_;  // first state of each outbox row changed
  std::optional<std::map<Id, ApiToken>> tokens_before_;
  std::vector<std::string> recorded_;  // ledger keys added by this transaction
};

void MemoryStore::transact(const std::function<void(Transaction&)>& work) {
  std::lock_guard lock(mutex_);
  Tx tx(state_, failing_marks_);
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
  return state_.ledger;
}

OutboxMessage MemoryStore::row(Id id) {
  std::lock_guard lock(mutex_);
  return state_.rows.at(id);
}

}  // namespace caseaudit::notifier::testing
