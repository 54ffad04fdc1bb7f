// CycleServiceTest: the audit-cycle services called directly (no HTTP) on a
// fresh, migrated database of one backend holding the demo authority of size
// S (tests/daemon/allocation_fixture.h), with a ServiceContext as the wiring
// builds it and a caller "test:coordinator" acting at 2027-01-11 09:00 UTC.
#pragma once

#include <date/tz.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "daemon/service/allocation_service.h"
#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "tests/daemon/allocation_fixture.h"

namespace caseaudit::daemon::testing {

inline const Instant kCallerAt = demo_test_start();

class CycleServiceTest : public AllocationDatabaseTest {
 protected:
  void SetUp() override {
    AllocationDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    allocation_ = std::make_unique<AllocationService>(store(), Calendar::england_and_wales(),
                                                      Policy{}, PairingPolicy{});
    services_ = std::make_unique<ServiceContext>(ServiceContext{
        .store = store(),
        .clock = clock_,
        .calendar = Calendar::england_and_wales(),
        .zone = date::locate_zone("Europe/London"),
        .allocation = *allocation_,
        .wake_reminders = {},
        .enqueue_urgent = {},
    });
  }

  ServiceContext& services() { return *services_; }
  Caller caller() const { return Caller{.actor = "test:coordinator", .at = kCallerAt}; }

  // Commits January; its audits.
  std::vector<Audit> commit_january() {
    allocation_->commit(kJanuary, std::nullopt, "test:setup", kCallerAt);
    return audits(kJanuary);
  }

  using DemoDatabaseTest::changes_of;
  // The change-log rows of one record type, newest first.
  std::vector<ChangeRecord> changes_of(const std::string& type) {
    return in_tx([&](Transaction& tx) {
      return tx.changes().find(ChangeFilter{.record_type = type, .limit = 1000});
    });
  }

  // How many change-log rows there are: unchanged by a refused operation.
  std::size_t change_count() {
    return in_tx([](Transaction& tx) { return tx.changes().find(ChangeFilter{.limit = 100000}); })
        .size();
  }

  // Expects `work` to throw `Error` naming `field`, the message holding
  // `words`.
  template <typename Error, typename Work>
  void expect_refused(Work work, const std::string& field, const std::string& words = {}) {
    try {
      work();
      ADD_FAILURE() << "not refused; expected " << field;
    } catch (const Error& error) {
      EXPECT_EQ(error.field(), field) << error.what();
      EXPECT_NE(std::string(error.what()).find(words), std::string::npos) << error.what();
    }
  }

  // The one change-log row `rows` should be, written by the test caller.
  void expect_logged(const std::vector<ChangeRecord>& rows, const std::string& action) {
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].action, action);
    EXPECT_EQ(rows[0].actor, "test:coordinator");
    EXPECT_EQ(rows[0].at, kCallerAt);
  }

  std::unique_ptr<AllocationService> allocation_;
  std::unique_ptr<ServiceContext> services_;
};

// CycleServiceTest with January committed in SetUp: first_ and second_ are
// two of its audits (SetUp fails when it has fewer).
class JanuaryServiceTest : public CycleServiceTest {
 protected:
  void SetUp() override {
    CycleServiceTest::SetUp();
    if (HasFatalFailure()) return;
    const std::vector<Audit> january = commit_january();
    ASSERT_GE(january.size(), 2u);
    first_ = january[0];
    second_ = january[1];
  }

  Audit first_, second_;
};

}  // namespace caseaudit::daemon::testing
