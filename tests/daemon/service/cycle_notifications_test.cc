// daemon/service/notifications_admin.h called directly: a coordinator's
// resend, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "daemon/service/notifications_admin.h"
#include "tests/daemon/service/cycle_service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleNotificationsServiceTest : public CycleServiceTest {
 protected:
  // An outbox message; sent unless `leave_pending`.
  Id message(const std::string& name, bool leave_pending) {
    return in_tx([&](Transaction& tx) {
      tx.outbox().enqueue(OutboxMessage{.dedup_key = "test:" + name,
                               .rule = "audit_due",
                               .recipient_email = name + "@example.org",
                               .subject = "Audit due: " + name,
                               .message_id = "<" + name + "@caseaudit.test>",
                               .created_at = kCallerAt,
                               .next_attempt_at = kCallerAt});
      Id id = 0;
      for (const OutboxMessage& m : tx.outbox().messages(std::nullopt)) {
        if (m.dedup_key == "test:" + name) id = m.id;
      }
      if (!leave_pending) tx.outbox().mark_sent(id, kCallerAt);
      return id;
    });
  }
  OutboxMessage stored(Id id) {
    return in_tx([id](Transaction& tx) { return tx.outbox().find(id); }).value();
  }
};

TEST_P(CycleNotificationsServiceTest, APendingMessageIsNotResent) {
  const Id pending = message("pending", true);
  const OutboxMessage before = stored(pending);
  const std::size_t changes = change_count();
  EXPECT_THROW(resend_notification(services(), caller(), pending), Conflict);
  EXPECT_THROW(resend_notification(services(), caller(), 999999), NotFound);
  EXPECT_EQ(stored(pending).status, before.status);
  EXPECT_EQ(stored(pending).attempts, before.attempts);
  EXPECT_EQ(change_count(), changes);
}

TEST_P(CycleNotificationsServiceTest, ASentMessageGoesBackToPendingWithItsMessageId) {
  const Id sent = message("sent", false);
  const OutboxMessage requeued = resend_notification(services(), caller(), sent);
  EXPECT_EQ(requeued.status, OutboxStatus::kPending);
  EXPECT_EQ(requeued.message_id, "<sent@caseaudit.test>");
  EXPECT_EQ(stored(sent).status, OutboxStatus::kPending);
  expect_logged(changes_of("notification", std::to_string(sent)), "notification.resend");
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleNotificationsServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
