// ServiceTest: the service operations called directly (no HTTP) over a fresh
// migrated database on one backend (sqlite_file, postgresql) holding the
// demo authority of size S, with the daemon's own wiring and a FakeClock
// (2027-01-11 09:00 UTC). caller() is who the tests act as.
//
// expect_refused() runs an operation that must throw the given error kind
// naming the given field, and asserts that it changed nothing (fingerprint()
// before and after).
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "daemon/service/record_json.h"
#include "daemon/wiring.h"
#include "db/database.h"
#include "scheduler/demo/demo.h"
#include "scheduler/errors.h"
#include "tests/db/test_database.h"

namespace caseaudit::daemon::testing {

inline Instant service_test_start() {
  using namespace std::chrono;
  return sys_days(year(2027) / January / 11) + hours(9);
}

class ServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_database_ = db::testing::TestDatabase::create(GetParam());
    ASSERT_NE(test_database_, nullptr);
    auto database = test_database_->open();
    database->migrate();
    wiring_ = std::make_unique<Wiring>(Config{}, clock_, std::move(database));
    store().transact(
        [](Transaction& tx) { db::import_authority(tx, generate_demo_authority(demo_size_s(1))); });
  }

  Store& store() { return wiring_->store(); }
  const ServiceContext& services() { return wiring_->services(); }
  Caller caller() const { return Caller{.actor = "service-test", .at = clock_.now()}; }

  template <typename Work>
  auto in_tx(Work work) {
    using Result = decltype(work(std::declval<Transaction&>()));
    return store().transact_result<Result>(work);
  }

  Organisation org() {
    return in_tx([](Transaction& tx) { return tx.organisation().load(); });
  }

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

  // Everything an operation could change, as one string.
  std::string fingerprint() {
    return in_tx([](Transaction& tx) {
      boost::json::object all;
      Authority a = tx.load_authority();
      all["services"] = to_json_array(a.services);
      all["teams"] = to_json_array(a.teams);
      all["staff"] = to_json_array(a.staff);
      all["exemptions"] = to_json_array(a.exemptions);
      all["children"] = to_json_array(a.children);
      all["runs"] = to_json_array(a.runs);
      all["audits"] = to_json_array(a.audits);
      all["changes"] = to_json_array(tx.changes().since(std::nullopt, std::nullopt));
      all["outbox"] = to_json_array(tx.outbox().messages(std::nullopt));
      all["tokens"] = to_json_array(tx.tokens().all());
      return boost::json::serialize(all);
    });
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

  std::unique_ptr<db::testing::TestDatabase> test_database_;
  FakeClock clock_{service_test_start()};
  std::unique_ptr<Wiring> wiring_;
};

inline std::vector<std::string> service_backends() { return {"sqlite_file", "postgresql"}; }

inline std::string service_backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace caseaudit::daemon::testing
