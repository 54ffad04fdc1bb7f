// ReminderHistory: what the notification ledger says was told, for the
// rules that need to remember: who was told of an allocation, and which
// moderator of an audit to moderate (so that a person taken off it hears so,
// and a moderator given it later hears of it), and when the top of an overdue action's
// ladder was last told (so that its repeat comes on its interval after the
// last telling, not on a grid fixed at the due date).
//
// Built from the ledger rows whose keys start with one of history_prefixes();
// other keys are ignored. A value; thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scheduler/model.h"

namespace caseaudit {

// One ledger row: an item's key (DueItem::key()) and the local day it was told.
struct ToldItem {
  std::string item_key;
  Date told_on;
};

class ReminderHistory {
 public:
  ReminderHistory() = default;
  explicit ReminderHistory(const std::vector<ToldItem>& told);

  // The key prefixes whose rows the rules read ("allocation_notice:", ...).
  static const std::vector<std::string>& prefixes();

  // Everyone told of audit `audit_id`'s allocation, by audit.
  const std::map<Id, std::set<Id>>& allocation_told() const { return allocation_told_; }
  // The last day any overdue item of `action_id` was told to `recipient_id`.
  std::optional<Date> overdue_last_told(Id action_id, Id recipient_id) const;
  // Every moderator told of audit `audit_id` as theirs to moderate (on their
  // month's list, or in a notice of its own), by audit.
  const std::map<Id, std::set<Id>>& moderation_told() const { return moderation_told_; }
  // Whether `moderator_id` was sent their list of audits for `month`
  // ("YYYY-MM").
  bool moderation_list_told(Id moderator_id, const std::string& month) const {
    return moderation_lists_told_.contains({moderator_id, month});
  }

 private:
  std::map<Id, std::set<Id>> allocation_told_;
  std::map<Id, std::set<Id>> moderation_told_;
  std::set<std::pair<Id, std::string>> moderation_lists_told_;
  std::map<std::pair<Id, Id>, Date> overdue_last_told_;
};

}  // namespace caseaudit
