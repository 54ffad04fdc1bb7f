#include "scheduler/reminders/reminder_rule.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "scheduler/errors.h"
#include "scheduler/reminders/due_item.h"

namespace caseaudit {
namespace {

// The stored names, byte for byte: the notification ledger holds keys made
// of them, so changing one would tell people again what they were told.
const std::map<ReminderRule, std::string> kStoredNames{
    {ReminderRule::kAllocationNotice, "allocation_notice"},
    {ReminderRule::kModerationList, "moderation_list"},
    {ReminderRule::kAuditDue, "audit_due"},
    {ReminderRule::kAuditLate, "audit_late"},
    {ReminderRule::kAuditSubmitted, "audit_submitted"},
    {ReminderRule::kAuditModerated, "audit_moderated"},
    {ReminderRule::kLoopMeeting, "loop_meeting"},
    {ReminderRule::kActionDue, "action_due"},
    {ReminderRule::kActionOverdue, "action_overdue"},
    {ReminderRule::kConcernRaised, "concern_raised"},
    {ReminderRule::kConcernUpdate, "concern_update"},
    {ReminderRule::kConcernLongOpen, "concern_long_open"},
    {ReminderRule::kImpactFollowUp, "impact_follow_up"},
    {ReminderRule::kAuditRemoved, "audit_removed"},
    {ReminderRule::kClassificationRequest, "classification_request"},
    {ReminderRule::kAuditSentBack, "audit_sent_back"},
    {ReminderRule::kModerationRemoved, "moderation_removed"},
};

TEST(ReminderRuleTest, EveryRuleHasItsStoredNameAndParsesBack) {
  ASSERT_EQ(all_values<ReminderRule>().size(), kStoredNames.size());
  for (ReminderRule rule : all_values<ReminderRule>()) {
    ASSERT_TRUE(kStoredNames.contains(rule)) << static_cast<int>(rule);
    EXPECT_EQ(to_string(rule), kStoredNames.at(rule));
    EXPECT_EQ(parse_reminder_rule(to_string(rule)), rule);
  }
}

TEST(ReminderRuleTest, AnUnknownNameIsAnInputErrorNamingTheField) {
  try {
    parse_reminder_rule("audit_overdue", "notified_items.rule");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(error.field(), "notified_items.rule");
    EXPECT_NE(std::string(error.what()).find("\"audit_overdue\" is not one of allocation_notice"),
              std::string::npos)
        << error.what();
  }
  EXPECT_THROW(parse_reminder_rule("Audit_Due"), InputError);
  EXPECT_THROW(parse_reminder_rule(""), InputError);
}

TEST(ReminderRuleTest, TheKeyStartsWithTheStoredName) {
  const DueItem item{.rule = ReminderRule::kConcernUpdate,
                     .subject_type = "concern",
                     .subject_id = 7,
                     .level = "overdue",
                     .period = "2027-03",
                     .recipient_id = 12};
  EXPECT_EQ(item.key(), "concern_update:concern:7:overdue:2027-03:12");
}

}  // namespace
}  // namespace caseaudit
