// The contract every Store backend must meet: a value-parameterised fixture
// giving each test a fresh, migrated database on one backend, plus a small
// organisation to hang records on.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "db/database.h"
#include "tests/db/test_database.h"

namespace caseaudit::db::testing {

// The ids of a minimal organisation: one service, two teams, three staff
// (a director, a team manager, an auditor) and one child per team.
struct Organisation {
  Id service = 0;
  Id team_a = 0;
  Id team_b = 0;
  Id director = 0;
  Id manager = 0;
  Id auditor = 0;
  Id child_a = 0;
  Id child_b = 0;
};

Staff make_staff(std::string name, Role role);
Organisation seed_organisation(Transaction& tx);
Audit make_audit(Month month, Id child, Id auditor);

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;

  Store& store() { return database_->store(); }
  // Runs `work` in one transaction and returns its result.
  template <typename Work>
  auto in_tx(Work work) {
    using Result = decltype(work(std::declval<Transaction&>()));
    if constexpr (std::is_void_v<Result>) {
      store().transact(work);
    } else {
      return store().transact_result<Result>(work);
    }
  }

  std::unique_ptr<TestDatabase> test_database_;
  std::unique_ptr<Database> database_;
};

std::string backend_name(const ::testing::TestParamInfo<std::string>& info);

}  // namespace caseaudit::db::testing
