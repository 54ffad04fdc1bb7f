// ServiceTest: the service operations called directly (no HTTP) over
// DemoDatabaseTest's fresh database, wiring and FakeClock
// (tests/daemon/demo_database_test.h). caller() is who the tests act as.
//
// expect_refused() runs an operation that must throw the given error kind
// naming the given field, and asserts that it changed nothing (fingerprint()
// before and after).
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "daemon/service/caller.h"
#include "scheduler/errors.h"
#include "tests/daemon/demo_database_test.h"

namespace caseaudit::daemon::testing {

inline Instant service_test_start() { return demo_test_start(); }

class ServiceTest : public DemoDatabaseTest {
 protected:
  Caller caller() const { return Caller{.actor = "service-test", .at = clock_.now()}; }

  using DemoDatabaseTest::changes_of;
  // The change-log rows of one record type, newest first.
  std::vector<ChangeRecord> changes_of(const std::string& record_type) {
    return in_tx([&](Transaction& tx) { return tx.changes().since(record_type, std::nullopt); });
  }

  // Asserts the newest change-log row of `record_type` is `action` on
  // `record_id` by the test's caller at the test's time.
  void expect_logged(const std::string& record_type, const std::string& action,
                     const std::string& record_id) {
    const std::vector<ChangeRecord> changes = changes_of(record_type);
    ASSERT_FALSE(changes.empty()) << "no change-log row for " << record_type;
    EXPECT_EQ(changes[0].action, action);
    EXPECT_EQ(changes[0].record_id, record_id);
    EXPECT_EQ(changes[0].actor, "service-test");
    EXPECT_EQ(changes[0].at, clock_.now());
  }

  // `operation` must throw `Error` naming `field` and change nothing.
  template <typename Error, typename Operation>
  void expect_refused(Operation operation, const std::string& field) {
    const std::string before = fingerprint();
    try {
      operation();
      ADD_FAILURE() << "accepted; expected a refusal naming " << field;
    } catch (const InputError& error) {
      EXPECT_NE(dynamic_cast<const Error*>(&error), nullptr)
          << "refused with another kind of error: " << error.what();
      EXPECT_EQ(error.field(), field) << error.what();
      EXPECT_FALSE(std::string(error.what()).empty());
    }
    EXPECT_EQ(fingerprint(), before) << "a refused operation changed something";
  }

  Staff staff_with(Role role, bool active = true) {
    for (const Staff& staff : org().staff) {
      if (staff.role == role && staff.active == active) return staff;
    }
    ADD_FAILURE() << "no such staff in the demo authority";
    return {};
  }
};

inline std::vector<std::string> service_backends() { return database_backends(); }
inline std::string service_backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return backend_name(info);
}

}  // namespace caseaudit::daemon::testing
