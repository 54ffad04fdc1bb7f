// SnapshotEmailJob with a FakeClock on real databases: the closed month's
// performance snapshot goes to the leaders once, on the first working day
// after the close, not before, and not again after a restart or from a
// second instance.
#include "daemon/snapshot_email_job.h"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/daemon/allocation_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Friday 29 January 2027, 17:00 in London (UTC in winter): January closes.
// The first working day after it is Monday 1 February.
const Instant kClosed = at(2027, 1, 29, 17);

class SnapshotEmailJobTest : public AllocationDatabaseTest {
 protected:
  void SetUp() override {
    AllocationDatabaseTest::SetUp();
    AllocationService allocation = service();
    allocation.commit(kJanuary, std::nullopt, "test:coordinator", at(2027, 1, 4, 7));
    allocation.close_month(kJanuary, "test:coordinator", kClosed);
  }

  SnapshotEmailJob job() {
    return SnapshotEmailJob(
        store(), Calendar::england_and_wales(), london_, policy_,
        SnapshotEmailSettings{
            .public_url = [] { return std::string("https://qa.council.example"); }},
        notifier::TemplateSet::defaults());
  }

  std::vector<OutboxMessage> snapshot_emails() {
    std::vector<OutboxMessage> found;
    for (OutboxMessage& message :
         in_tx([](Transaction& tx) { return tx.outbox().messages(std::nullopt); })) {
      if (message.rule == "performance_snapshot") found.push_back(std::move(message));
    }
    return found;
  }

  // The active directors and heads of service: the default recipients.
  std::size_t leaders() {
    std::size_t count = 0;
    for (const Staff& staff :
         in_tx([](Transaction& tx) { return tx.organisation().load().staff; })) {
      if (staff.active && !staff.email.empty() &&
          (staff.role == Role::kDirector || staff.role == Role::kHeadOfService)) {
        ++count;
      }
    }
    return count;
  }

  const date::time_zone* london_ = date::locate_zone("Europe/London");
  const Policy policy_;
};

TEST_P(SnapshotEmailJobTest, TheSendDayIsTheFirstWorkingDayAfterTheClose) {
  EXPECT_EQ(job().send_day(kClosed), Date(std::chrono::year(2027) / 2 / 1));
}

TEST_P(SnapshotEmailJobTest, NothingBeforeTheSendDay) {
  EXPECT_THAT(job().tick(kClosed), IsEmpty());
  EXPECT_THAT(job().tick(at(2027, 1, 31, 23, 59)), IsEmpty());  // Sunday, 23:59 in London
  EXPECT_THAT(snapshot_emails(), IsEmpty());
  EXPECT_FALSE(
      in_tx([](Transaction& tx) { return tx.jobs().ran(SnapshotEmailJob::kJob, "2027-01"); }));
}

TEST_P(SnapshotEmailJobTest, SentOnceOnTheSendDayToEveryLeaderNotAgainAfterARestart) {
  ASSERT_GT(leaders(), 0u);
  // Only January: the demo's earlier months were closed without frozen figures.
  EXPECT_THAT(job().tick(at(2027, 2, 1, 0, 1)), ElementsAre(kJanuary));
  const std::vector<OutboxMessage> sent = snapshot_emails();
  ASSERT_EQ(sent.size(), leaders());
  for (const OutboxMessage& message : sent) {
    EXPECT_EQ(message.subject, "Performance snapshot: January 2027");
    EXPECT_THAT(message.dedup_key, HasSubstr("performance_snapshot:2027-01:"));
    EXPECT_THAT(message.text_body, HasSubstr("Dear " + message.recipient_name));
    EXPECT_THAT(message.text_body,
                HasSubstr("https://qa.council.example/console/snapshot?month=2027-01"));
    EXPECT_THAT(message.text_body, HasSubstr("Audits completed to the accepted standard"));
    EXPECT_THAT(message.html_body, HasSubstr("<td align=\"right\">"));
    EXPECT_THAT(message.html_body, HasSubstr("#d4351c"));  // a red rating, on its colour
  }
  // A restart (a new job) and a second instance, later that day and after.
  EXPECT_THAT(job().tick(at(2027, 2, 1, 9)), IsEmpty());
  SnapshotEmailJob other = job();
  EXPECT_THAT(other.tick(at(2027, 2, 3, 9)), IsEmpty());
  EXPECT_EQ(snapshot_emails().size(), sent.size());
}

TEST_P(SnapshotEmailJobTest, ADaemonDownOnTheSendDayCatchesUpOnce) {
  EXPECT_THAT(job().tick(at(2027, 2, 9, 10)), ElementsAre(kJanuary));
  EXPECT_THAT(job().tick(at(2027, 2, 10, 10)), IsEmpty());
  EXPECT_EQ(snapshot_emails().size(), leaders());
}

INSTANTIATE_TEST_SUITE_P(Backends, SnapshotEmailJobTest,
                         ::testing::Values("sqlite_memory", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
