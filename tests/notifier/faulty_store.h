// FaultyStore: the real store (SQLite in memory, migrated) for the outbox
// worker's tests, with one fault a real database cannot produce on demand:
// fail_marks(n) makes the next n mark_* calls of the outbox throw
// DatabaseUnavailable, the storage half of "crashed between send and mark".
// The count is not rolled back. Everything else is delegated to the real
// store (TransactionWrapper), so the double never answers differently from
// the database it stands for.
//
// Thread-safe as the SQLite store is (transactions serialised).
#pragma once

#include <atomic>
#include <memory>

#include "db/database.h"
#include "scheduler/store.h"

namespace caseaudit::notifier::testing {

class FaultyStore final : public Store {
 public:
  FaultyStore();
  ~FaultyStore() override;

  void transact(const std::function<void(Transaction&)>& work) override;
  void read_transaction(const std::function<void(Transaction&)>& work) override;

  void fail_marks(int count) { failing_marks_ = count; }
  // A snapshot of one outbox row; throws std::out_of_range for an unknown id.
  OutboxMessage row(Id id);

 private:
  class FaultyOutbox;
  class FaultyTransaction;
  SystemClock clock_;  // the store's own timestamps; the tests pass their instants
  std::unique_ptr<db::Database> database_;
  std::atomic<int> failing_marks_{0};
};

}  // namespace caseaudit::notifier::testing
