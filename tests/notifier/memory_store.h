// MemoryStore: a TEST DOUBLE of scheduler/store.h for the notifier's tests
// (and any test that needs the outbox, the reminder ledger, API tokens or the
// change log without a database). It holds those four only, in memory, with
// the semantics the header documents (claim / mark / requeue, the ledger's
// once-per-key, token name and hash uniqueness, change filters newest first). Every other
// Transaction method throws ProgramError ("not in this test double"): a silent nullopt from a store
// that cannot hold the record would hide a test that uses the wrong double.
//
// A transaction writes in place and keeps an undo log (each touched outbox
// row's first state, the ids it inserted, the token table before its first
// change, the change-log length), rolled back when `work` throws, so a
// throwing `work` changes nothing, as on a real database. transact() holds
// one mutex: transactions are serialized.
//
// Fault injection: fail_marks(n) makes the next n mark_outbox_* calls throw
// DatabaseUnavailable, the storage half of "crashed between send and mark".
// The count is not rolled back.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "scheduler/store.h"

namespace caseaudit::notifier::testing {

class MemoryStore final : public Store {
 public:
  void transact(const std::function<void(Transaction&)>& work) override;

  void fail_marks(int count);
  // A snapshot of one row; throws std::out_of_range for an unknown id.
  OutboxMessage row(Id id);
  // The ledger: item key -> message key.
  std::map<std::string, std::string> ledger();

 private:
  class Tx;
  struct State {
    std::map<Id, OutboxMessage> rows;
    Id next_id = 1;
    std::map<Id, ApiToken> tokens;
    Id next_token_id = 1;
    std::vector<ChangeRecord> changes;          // in id order
    std::map<std::string, std::string> ledger;  // item key -> message key
  };
  std::mutex mutex_;
  State state_;
  int failing_marks_ = 0;
};

}  // namespace caseaudit::notifier::testing
