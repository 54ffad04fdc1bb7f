// daemon/service/months.h called directly: a month's looped mode set before
// its commit, and how its audits stand, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <map>

#include "daemon/service/months.h"
#include "tests/daemon/service/cycle_service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleMonthsServiceTest : public CycleServiceTest {};

TEST_P(CycleMonthsServiceTest, ALoopedMonthIsSetBeforeTheCommitAndThePreviewAndCommitUseIt) {
  const AllocationRun planned = set_month_looped(services(), caller(), kJanuary, true);
  EXPECT_EQ(planned.status, MonthStatus::kPlanned);
  EXPECT_TRUE(planned.looped);
  expect_logged(changes_of("allocation_run", "2027-01"), "allocation.mode");

  const AllocationOutcome preview = allocation_->preview(kJanuary);
  EXPECT_TRUE(preview.looped);
  ASSERT_FALSE(preview.result.audits.empty());
  EXPECT_TRUE(preview.result.audits.front().loop_group.has_value());

  const std::vector<Audit> committed = commit_january();
  ASSERT_FALSE(committed.empty());
  std::map<Id, int> audits_per_child;
  for (const Audit& audit : committed) {
    EXPECT_TRUE(audit.loop_group.has_value());
    ++audits_per_child[audit.child_id];
  }
  for (const auto& [child_id, count] : audits_per_child) EXPECT_EQ(count, 2) << child_id;
  const auto run = in_tx([](Transaction& tx) { return tx.allocation().find_run(kJanuary); });
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, MonthStatus::kAllocated);
  EXPECT_TRUE(run->looped);
  EXPECT_EQ(run->seed, AllocationService::default_seed(kJanuary));
}

TEST_P(CycleMonthsServiceTest, OnceCommittedTheModeIsAConflictNamingLoopedAndChangesNothing) {
  commit_january();
  const std::size_t changes = change_count();
  expect_refused<Conflict>([&] { set_month_looped(services(), caller(), kJanuary, true); },
                           "looped", "month 2027-01 is already allocated");
  allocation_->close_month(kJanuary, "test:setup", kCallerAt);
  expect_refused<Conflict>([&] { set_month_looped(services(), caller(), kJanuary, false); },
                           "looped", "already closed");
  EXPECT_FALSE(in_tx([](Transaction& tx) { return tx.allocation().find_run(kJanuary); })->looped);
  EXPECT_EQ(change_count(), changes + 1);  // the close's row only
}

TEST_P(CycleMonthsServiceTest, APlannedRunIsNotAnAllocationAndTakesTheCommitsSeed) {
  set_month_looped(services(), caller(), kJanuary, false);
  set_month_looped(services(), caller(), kJanuary, false);  // already so: nothing logged
  EXPECT_EQ(changes_of("allocation_run", "2027-01").size(), 1u);
  expect_refused<NotFound>([&] { allocation_->close_month(kJanuary, "test:setup", kCallerAt); },
                           "month");
  EXPECT_EQ(allocation_->preview(kJanuary, 7).seed, 7u);
  const AllocationOutcome outcome = allocation_->commit(kJanuary, 7, "test:setup", kCallerAt);
  EXPECT_EQ(outcome.seed, 7u);
  EXPECT_FALSE(outcome.looped);
  EXPECT_GT(outcome.added, 0);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.allocation().find_run(kJanuary); })->seed, 7u);
}

TEST_P(CycleMonthsServiceTest, AfterTheCloseNilReturnsStandApartFromAllocated) {
  const std::vector<Audit> january = commit_january();
  allocation_->close_month(kJanuary, "test:setup", kCallerAt);
  const MonthStanding standing = month_standing(services(), kJanuary);
  EXPECT_EQ(standing.audits.at("allocated"), 0);
  EXPECT_EQ(standing.audits.at("nil_return"), static_cast<int>(january.size()));
  EXPECT_EQ(standing.run->status, MonthStatus::kClosed);
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleMonthsServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
