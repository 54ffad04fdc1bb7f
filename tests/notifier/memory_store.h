// MemoryStore: a TEST DOUBLE of scheduler/store.h for the notifier's tests.
// It holds the outbox and the notified-items ledger only, in memory, with the
// claim / mark and ledger semantics the header documents; every other
// Transaction method throws ProgramError
// ("not in this test double"). A transaction writes in place and keeps an
// undo log (each touched row's first state, each inserted id), rolled back
// when `work` throws, so a throwing `work` changes nothing, as on a real
// database. transact() holds one mutex: transactions are serialized.
//
// Fault injection: fail_marks(n) makes the next n mark_outbox_* calls throw
// DatabaseUnavailable, the storage half of "crashed between send and mark".
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "scheduler/store.h"

namespace auditd::notifier::testing {

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
  std::mutex mutex_;
  std::map<Id, OutboxMessage> rows_;
  std::map<std::string, std::string> ledger_;
  Id next_id_ = 1;
  int failing_marks_ = 0;
};

}  // namespace auditd::notifier::testing
