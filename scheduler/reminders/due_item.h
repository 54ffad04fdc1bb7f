// DueItem: one reminder or escalation that is due for one person.
//
// Its key() is unique per (rule, subject, level, period, recipient): the
// outbox and the digest use it so that a rule firing twice, a restart or a
// second daemon never tells a person the same thing twice. The key is where
// the rule becomes text: "<to_string(rule)>:<subject_type>:<subject_id>:
// <level>:<period>:<recipient_id>", as stored in the notification ledger.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "scheduler/model.h"
#include "scheduler/reminders/reminder_rule.h"

namespace caseaudit {

struct DueItem {
  ReminderRule rule{};       // which rule made it (see rules.h)
  std::string subject_type;  // "audit", "action", "concern", "moderator"
  Id subject_id = 0;
  std::string level;   // "5" (days before), "line_manager", ... ; may be empty
  std::string period;  // "2027-01", a date, or a repeat count; may be empty
  Id recipient_id = 0;
  // Category 1 concerns: sent at once, alone, also outside the send window.
  bool urgent = false;
  // What the templates show: case reference, team, due date, names ...
  // Never a child's name (the model holds none).
  std::map<std::string, std::string> fields;
  // Rows of a list item (a moderator's audits for the month), each with the
  // same names as `fields` of a single audit.
  std::vector<std::map<std::string, std::string>> rows;

  std::string key() const;
};

}  // namespace caseaudit
