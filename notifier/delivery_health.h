// DeliveryHealth: what the outbox worker has learnt about the relay, for
// /readyz and /metrics: whether the relay is failing our configuration now
// (it refuses TLS, its certificate does not verify: see
// DeliveryResult::configuration_fault), since when and why, and how many
// sends have failed that way since the process started.
//
// The fault starts at the first failing send and lasts until a message is
// sent; a restart forgets it (the next failing send reports it again).
//
// Thread-safe: the worker writes from its thread, probes read from theirs.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "scheduler/clock.h"

namespace caseaudit::notifier {

struct RelayFault {
  Instant since;       // the first failing send of this unbroken run
  std::string reason;  // the latest failure's detail
};

class DeliveryHealth {
 public:
  // Records a send that failed for a configuration fault at `at`; returns
  // when the current fault started (`at` itself for the first one).
  Instant note_configuration_fault(Instant at, const std::string& reason);
  // A message was sent: the relay meets the configuration again.
  void note_sent();

  std::optional<RelayFault> fault() const;
  long long configuration_faults_total() const;

 private:
  mutable std::mutex mutex_;
  std::optional<RelayFault> fault_;
  long long faults_total_ = 0;
};

}  // namespace caseaudit::notifier
