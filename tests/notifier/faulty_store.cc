#include "tests/notifier/faulty_store.h"

#include <stdexcept>

#include "scheduler/errors.h"

namespace caseaudit::notifier::testing {

// The real outbox, except that a mark_* throws while marks are set to fail.
class FaultyStore::FaultyOutbox final : public OutboxWrapper {
 public:
  FaultyOutbox(Outbox& real, std::atomic<int>& failing) : OutboxWrapper(real), failing_(failing) {}

  void mark_sent(Id id, Instant at) override {
    fail_if_set();
    OutboxWrapper::mark_sent(id, at);
  }
  void mark_retry(Id id, Instant next, const std::string& error) override {
    fail_if_set();
    OutboxWrapper::mark_retry(id, next, error);
  }
  void mark_dead(Id id, const std::string& error) override {
    fail_if_set();
    OutboxWrapper::mark_dead(id, error);
  }

 private:
  void fail_if_set() {
    if (failing_.load() > 0) {
      --failing_;
      throw DatabaseUnavailable("fault injected: the database went away before the mark");
    }
  }
  std::atomic<int>& failing_;
};

class FaultyStore::FaultyTransaction final : public TransactionWrapper {
 public:
  FaultyTransaction(Transaction& real, std::atomic<int>& failing)
      : TransactionWrapper(real), outbox_(real.outbox(), failing) {}
  Outbox& outbox() override { return outbox_; }

 private:
  FaultyOutbox outbox_;
};

FaultyStore::FaultyStore() : database_(db::Database::open("sqlite::memory:", clock_, 1)) {
  database_->migrate();
}

FaultyStore::~FaultyStore() = default;

void FaultyStore::transact(const std::function<void(Transaction&)>& work) {
  database_->store().transact([&](Transaction& tx) {
    FaultyTransaction faulty(tx, failing_marks_);
    work(faulty);
  });
}

void FaultyStore::read_transaction(const std::function<void(Transaction&)>& work) {
  database_->store().read([&](Transaction& tx) {
    FaultyTransaction faulty(tx, failing_marks_);
    work(faulty);
  });
}

OutboxMessage FaultyStore::row(Id id) {
  std::optional<OutboxMessage> found;
  database_->store().read([&](Transaction& tx) { found = tx.outbox().find(id); });
  if (!found) throw std::out_of_range("no outbox row " + std::to_string(id));
  return *found;
}

}  // namespace caseaudit::notifier::testing
