#include "notifier/transport.h"

namespace caseaudit::notifier {

std::string_view to_string(DeliveryOutcome outcome) {
  switch (outcome) {
    case DeliveryOutcome::kSent:
      return "sent";
    case DeliveryOutcome::kTransient:
      return "transient";
    case DeliveryOutcome::kPermanent:
      return "permanent";
  }
  return "unknown";
}

}  // namespace caseaudit::notifier
