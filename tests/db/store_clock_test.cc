// The database writes the timestamps it sets itself (an allocation run's
// created_at and updated_at, a migration's applied_at) from the injected
// Clock, never the wall clock: under `serve --now` they are the drill's time.
#include <gtest/gtest.h>

#include "db/database.h"
#include "scheduler/clock.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

using namespace std::chrono_literals;

constexpr Instant kCreated =
    std::chrono::sys_days{std::chrono::year{2031} / 5 / 6} + 7h + 8min + 9s;

class StoreClock : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_database_ = TestDatabase::create(GetParam());
    ASSERT_NE(test_database_, nullptr);
    database_ = test_database_->open(clock_);
    ASSERT_EQ(database_->migrate(), latest_schema_version());
  }

  // How many allocation runs have exactly these timestamps.
  std::optional<std::int64_t> runs_stamped(const std::string& created, const std::string& updated) {
    return database_->query_raw_integer(
        "SELECT COUNT(*) FROM allocation_runs WHERE created_at = '" + created +
        "' AND updated_at = '" + updated + "'");
  }

  FakeClock clock_{kCreated};
  std::unique_ptr<TestDatabase> test_database_;
  std::unique_ptr<Database> database_;
};

TEST_P(StoreClock, AllocationRunTimestampsAreTheFakeClocksTime) {
  AllocationRun run{.month = Month(2031, 5), .status = MonthStatus::kPlanned, .seed = 7};
  run.id =
      database_->store().transact_result<Id>([&](Transaction& tx) { return tx.allocation().insert_run(run); });
  EXPECT_EQ(runs_stamped("2031-05-06T07:08:09Z", "2031-05-06T07:08:09Z"), 1);

  clock_.advance(std::chrono::hours(24 * 3));
  run.status = MonthStatus::kAllocated;
  database_->store().transact([&](Transaction& tx) { tx.allocation().update_run(run); });
  EXPECT_EQ(runs_stamped("2031-05-06T07:08:09Z", "2031-05-09T07:08:09Z"), 1);
}

TEST_P(StoreClock, MigrationsAreRecordedAtTheFakeClocksTime) {
  EXPECT_EQ(database_->query_raw_integer(
                "SELECT COUNT(*) FROM schema_migrations WHERE applied_at = '2031-05-06T07:08:09Z'"),
            latest_schema_version());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreClock, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
