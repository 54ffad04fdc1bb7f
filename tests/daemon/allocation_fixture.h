// Test support for the allocation lifecycle: a fresh, migrated database on
// one backend (tests/db/test_database.h) holding the generated demo
// authority of size S, whose first month without audits is 2027-01.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "daemon/service/allocation_service.h"
#include "db/database.h"
#include "scheduler/demo/demo.h"
#include "scheduler/errors.h"
#include "tests/db/test_database.h"

namespace caseaudit::daemon::testing {

inline const Month kJanuary{2027, 1};

class AllocationDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_database_ = db::testing::TestDatabase::create(GetParam());
    ASSERT_NE(test_database_, nullptr);
    database_ = test_database_->open();
    database_->migrate();
    store().transact(
        [](Transaction& tx) { db::import_authority(tx, generate_demo_authority(demo_size_s(1))); });
  }

  Store& store() { return database_->store(); }

  AllocationService service() {
    return AllocationService(store(), Calendar::england_and_wales(), Policy{}, PairingPolicy{});
  }

  template <typename Work>
  auto in_tx(Work work) {
    using Result = decltype(work(std::declval<Transaction&>()));
    return store().transact_result<Result>(work);
  }

  std::vector<Audit> audits(Month month) {
    return in_tx([month](Transaction& tx) { return tx.allocation().audits_in(month); });
  }

  std::unique_ptr<db::testing::TestDatabase> test_database_;
  std::unique_ptr<db::Database> database_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

inline Instant at(int year, unsigned month, unsigned day, int hour, int minute = 0) {
  return std::chrono::sys_days(std::chrono::year(year) / std::chrono::month(month) /
                               std::chrono::day(day)) +
         std::chrono::hours(hour) + std::chrono::minutes(minute);
}

}  // namespace caseaudit::daemon::testing
