// ReminderRule: which rule of rules.h made a DueItem.
//
// Code compares and switches on the enum, so a misspelt rule fails to
// compile. The names (to_string) are stable and byte for byte what is stored:
// DueItem::key() starts with the name, and those keys are the notification
// ledger's keys (and so decide what the outbox sends); renaming a rule would
// tell people again what they were already told. Conversions as for the
// model's enumerations (model.h).
#pragma once

#include <string_view>
#include <vector>

#include "scheduler/model.h"

namespace caseaudit {

enum class ReminderRule {
  kAllocationNotice,       // "allocation_notice"
  kModerationList,         // "moderation_list"
  kAuditDue,               // "audit_due"
  kAuditLate,              // "audit_late"
  kAuditSubmitted,         // "audit_submitted"
  kAuditModerated,         // "audit_moderated"
  kLoopMeeting,            // "loop_meeting"
  kActionDue,              // "action_due"
  kActionOverdue,          // "action_overdue"
  kConcernRaised,          // "concern_raised"
  kConcernUpdate,          // "concern_update"
  kConcernLongOpen,        // "concern_long_open"
  kImpactFollowUp,         // "impact_follow_up"
  kAuditRemoved,           // "audit_removed"
  kClassificationRequest,  // "classification_request"
  kAuditSentBack,          // "audit_sent_back"
  kModerationRemoved,      // "moderation_removed"
};

// The stored name, e.g. "audit_due".
std::string_view to_string(ReminderRule rule);
// The rule whose name is exactly `text`; otherwise throws InputError naming
// `field` and listing the rules.
ReminderRule parse_reminder_rule(std::string_view text, std::string_view field = "rule");
// Every rule, in declaration order.
template <>
const std::vector<ReminderRule>& all_values<ReminderRule>();

}  // namespace caseaudit
