#include "scheduler/reminders/reminder_rule.h"

#include <string>

#include "scheduler/errors.h"

namespace caseaudit {

std::string_view to_string(ReminderRule rule) {
  switch (rule) {
    case ReminderRule::kAllocationNotice:
      return "allocation_notice";
    case ReminderRule::kModerationList:
      return "moderation_list";
    case ReminderRule::kAuditDue:
      return "audit_due";
    case ReminderRule::kAuditLate:
      return "audit_late";
    case ReminderRule::kAuditSubmitted:
      return "audit_submitted";
    case ReminderRule::kAuditModerated:
      return "audit_moderated";
    case ReminderRule::kLoopMeeting:
      return "loop_meeting";
    case ReminderRule::kActionDue:
      return "action_due";
    case ReminderRule::kActionOverdue:
      return "action_overdue";
    case ReminderRule::kConcernRaised:
      return "concern_raised";
    case ReminderRule::kConcernUpdate:
      return "concern_update";
    case ReminderRule::kConcernLongOpen:
      return "concern_long_open";
    case ReminderRule::kImpactFollowUp:
      return "impact_follow_up";
    case ReminderRule::kAuditRemoved:
      return "audit_removed";
    case ReminderRule::kClassificationRequest:
      return "classification_request";
    case ReminderRule::kAuditSentBack:
      return "audit_sent_back";
    case ReminderRule::kModerationRemoved:
      return "moderation_removed";
  }
  throw ProgramError("ReminderRule value without a name");
}

template <>
const std::vector<ReminderRule>& all_values<ReminderRule>() {
  static const std::vector<ReminderRule> rules{
      ReminderRule::kAllocationNotice,
      ReminderRule::kModerationList,
      ReminderRule::kAuditDue,
      ReminderRule::kAuditLate,
      ReminderRule::kAuditSubmitted,
      ReminderRule::kAuditModerated,
      ReminderRule::kLoopMeeting,
      ReminderRule::kActionDue,
      ReminderRule::kActionOverdue,
      ReminderRule::kConcernRaised,
      ReminderRule::kConcernUpdate,
      ReminderRule::kConcernLongOpen,
      ReminderRule::kImpactFollowUp,
      ReminderRule::kAuditRemoved,
      ReminderRule::kClassificationRequest,
      ReminderRule::kAuditSentBack,
      ReminderRule::kModerationRemoved,
  };
  return rules;
}

ReminderRule parse_reminder_rule(std::string_view text, std::string_view field) {
  std::string allowed;
  for (ReminderRule rule : all_values<ReminderRule>()) {
    if (to_string(rule) == text) return rule;
    allowed += allowed.empty() ? "" : ", ";
    allowed += to_string(rule);
  }
  throw InputError(std::string(field) + ": \"" + std::string(text) + "\" is not one of " + allowed,
                   std::string(field));
}

}  // namespace caseaudit
