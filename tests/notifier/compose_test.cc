#include "notifier/compose.h"

#include <gtest/gtest.h>

namespace caseaudit::notifier {
namespace {

TEST(Compose, RendersAndAddressesTheOutboxRow) {
  const Instant now = std::chrono::sys_days{std::chrono::year{2027} / 2 / 12};
  const TemplateSet templates = TemplateSet::defaults();
  const auto values = sample_values(NotificationKind::kConcernCategory1);
  const OutboxMessage message =
      compose_message(templates, NotificationKind::kConcernCategory1, values,
                      {"Chris Patel", "chris.patel@council.example"}, Id{7},
                      "concern_category1/concern:3/1/2027-02-12", now);
  const RenderedEmail rendered = templates.render(NotificationKind::kConcernCategory1, values);
  EXPECT_EQ(message.rule, "concern_category1");
  EXPECT_TRUE(message.urgent);
  EXPECT_EQ(message.recipient_email, "chris.patel@council.example");
  EXPECT_EQ(message.recipient_name, "Chris Patel");
  EXPECT_EQ(message.recipient_staff_id, Id{7});
  EXPECT_EQ(message.subject, rendered.subject);
  EXPECT_EQ(message.text_body, rendered.text_body);
  EXPECT_EQ(message.html_body, rendered.html_body);
  EXPECT_EQ(message.status, OutboxStatus::kPending);
  EXPECT_EQ(message.next_attempt_at, now);
  EXPECT_TRUE(message.message_id.empty());

  const OutboxMessage ordinary =
      compose_message(templates, NotificationKind::kAuditDueReminder,
                      sample_values(NotificationKind::kAuditDueReminder),
                      {"Sam Taylor", "sam@council.example"}, std::nullopt, "k", now);
  EXPECT_FALSE(ordinary.urgent);
}

}  // namespace
}  // namespace caseaudit::notifier
