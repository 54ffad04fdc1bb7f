#include "notifier/delivery_health.h"

namespace caseaudit::notifier {

Instant DeliveryHealth::note_configuration_fault(Instant at, const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++faults_total_;
  if (!fault_) fault_ = RelayFault{.since = at, .reason = reason};
  fault_->reason = reason;
  return fault_->since;
}

void DeliveryHealth::note_sent() {
  std::lock_guard lock(mutex_);
  fault_.reset();
}

std::optional<RelayFault> DeliveryHealth::fault() const {
  std::lock_guard lock(mutex_);
  return fault_;
}

long long DeliveryHealth::configuration_faults_total() const {
  std::lock_guard lock(mutex_);
  return faults_total_;
}

}  // namespace caseaudit::notifier
