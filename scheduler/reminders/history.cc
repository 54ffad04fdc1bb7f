#include "scheduler/reminders/history.h"

#include "scheduler/reminders/due_item.h"

namespace caseaudit {

ReminderHistory::ReminderHistory(const std::vector<ToldItem>& told) {
  for (const ToldItem& row : told) {
    const std::optional<ItemKey> key = parse_item_key(row.item_key);
    if (!key) continue;
    if (key->rule == ReminderRule::kAllocationNotice) {
      allocation_told_[key->subject_id].insert(key->recipient_id);
    } else if (key->rule == ReminderRule::kModerationList) {
      if (key->subject_type == "audit") {
        moderation_told_[key->subject_id].insert(key->recipient_id);
      } else {
        moderation_lists_told_.insert({key->recipient_id, key->period});
      }
    } else if (key->rule == ReminderRule::kActionOverdue) {
      auto [it, added] =
          overdue_last_told_.emplace(std::pair{key->subject_id, key->recipient_id}, row.told_on);
      if (!added && it->second < row.told_on) it->second = row.told_on;
    }
  }
}

const std::vector<std::string>& ReminderHistory::prefixes() {
  static const std::vector<std::string> prefixes{
      std::string(to_string(ReminderRule::kAllocationNotice)) + ":",
      std::string(to_string(ReminderRule::kActionOverdue)) + ":",
      std::string(to_string(ReminderRule::kModerationList)) + ":"};
  return prefixes;
}

std::optional<Date> ReminderHistory::overdue_last_told(Id action_id, Id recipient_id) const {
  const auto it = overdue_last_told_.find({action_id, recipient_id});
  if (it == overdue_last_told_.end()) return std::nullopt;
  return it->second;
}

}  // namespace caseaudit
