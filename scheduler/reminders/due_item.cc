#include "scheduler/reminders/due_item.h"

namespace caseaudit {

std::string DueItem::key() const {
  return std::string(to_string(rule)) + ":" + subject_type + ":" + std::to_string(subject_id) +
         ":" + level + ":" + period + ":" + std::to_string(recipient_id);
}

}  // namespace caseaudit
