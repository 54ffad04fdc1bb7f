// DueItem: one reminder or escalation that is due for one person.
//
// Its key() is unique per (rule, subject, level, period, recipient): the
// outbox and the digest use it so that a rule firing twice, a restart or a
// second daemon never tells a person the same thing twice. The key is where
// the rule becomes text: "<to_string(rule)>:<subject_type>:<subject_id>:
// <level>:<period>:<recipient_id>", as stored in the notification ledger;
// parse_item_key() reads one back.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/model.h"
#include "scheduler/reminders/reminder_rule.h"

namespace caseaudit {

// Whose work an item is, for the order of a digest: the recipient's own
// (their audit, their moderation, a concern they must answer) comes first,
// then what they oversee, grouped by team.
enum class Duty { kOwn, kOversee };

struct DueItem {
  ReminderRule rule{};       // which rule made it (see rules.h)
  std::string subject_type;  // "audit", "action", "concern", "moderator"
  Id subject_id = 0;
  std::string level;   // "5" (days before), "line_manager", ... ; may be empty
  std::string period;  // "2027-01", a date, or a repeat count; may be empty
  Id recipient_id = 0;
  // Category 1 concerns: sent at once, alone, also outside the send window.
  bool urgent = false;
  Duty duty = Duty::kOversee;
  std::string team_name;    // the team a digest groups it under; may be empty
  std::optional<Date> due;  // when the thing it is about is due, if it is
  // Set when the item was meant for someone away (policy.away_kinds) and
  // comes to `recipient_id` instead.
  std::optional<Id> redirected_from;
  // What the templates show: case reference, team, due date, names ...
  // Never a child's name (the model holds none). Dates and values in words.
  std::map<std::string, std::string> fields;
  // What switches template sections ({{#looped}}...{{/looped}}).
  std::map<std::string, bool> flags;
  // Rows of a list item (a moderator's audits for the month), each with the
  // same names as `fields` of a single audit.
  std::vector<std::map<std::string, std::string>> rows;
  // Subjects the item tells of besides its own, as (subject_type,
  // subject_id): a moderator's list tells each audit on it. Their keys
  // (cover_keys()) go into the ledger with the item's, so that the rules that
  // remember know who was told of each (ReminderHistory).
  std::vector<std::pair<std::string, Id>> covers;

  std::string key() const;
  // The key of each of `covers`: this item's key with that subject.
  std::vector<std::string> cover_keys() const;
};

// The parts of a stored key; nullopt when `key` is not one (another shape,
// an unknown rule).
struct ItemKey {
  ReminderRule rule{};
  std::string subject_type;
  Id subject_id = 0;
  std::string level;
  std::string period;
  Id recipient_id = 0;
};
std::optional<ItemKey> parse_item_key(std::string_view key);

}  // namespace caseaudit
