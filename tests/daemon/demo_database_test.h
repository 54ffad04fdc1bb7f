// DemoDatabaseTest: the base of the daemon's database-backed fixtures (the
// API's ApiTest, the services' ServiceTest and CycleServiceTest, the
// allocation lifecycle's AllocationDatabaseTest). SetUp makes a fresh,
// migrated database on one backend (the test parameter: sqlite_file or
// postgresql, tests/db/test_database.h), builds the daemon's own Wiring over
// it with Config{} and a FakeClock at 2027-01-11 09:00 UTC (a Monday), and
// imports the demo authority of size S, whose first month without audits is
// 2027-01.
//
// fingerprint() serialises everything an operation or a request could
// change (the authority, runs, audits, pairings, follow-up, the change log,
// the outbox, tokens), so a test of a refusal asserts it is equal before and
// after. The helpers read or add records in their own transaction.
//
// Not thread-safe: helpers are called from the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "daemon/service/context.h"
#include "daemon/service/record_json.h"
#include "daemon/wiring.h"
#include "db/database.h"
#include "scheduler/clock.h"
#include "scheduler/demo/demo.h"
#include "tests/db/test_database.h"

namespace caseaudit::daemon::testing {

inline Instant at(int year, unsigned month, unsigned day, int hour, int minute = 0) {
  return std::chrono::sys_days(std::chrono::year(year) / std::chrono::month(month) /
                               std::chrono::day(day)) +
         std::chrono::hours(hour) + std::chrono::minutes(minute);
}

// When every database-backed daemon test starts: Monday 11 January 2027.
inline Instant demo_test_start() { return at(2027, 1, 11, 9); }

inline const Month kJanuary{2027, 1};

class DemoDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_database_ = db::testing::TestDatabase::create(GetParam());
    ASSERT_NE(test_database_, nullptr);
    auto database = test_database_->open();
    database->migrate();
    // The daemon's own wiring, over the test database and the fake clock.
    wiring_ = std::make_unique<Wiring>(Config{}, clock_, std::move(database));
    store().transact(
        [](Transaction& tx) { db::import_authority(tx, generate_demo_authority(demo_size_s(1))); });
  }

  Store& store() { return wiring_->store(); }
  ServiceContext& services() { return wiring_->services(); }

  template <typename Work>
  auto in_tx(Work work) {
    using Result = decltype(work(std::declval<Transaction&>()));
    return store().transact_result<Result>(work);
  }

  Organisation org() {
    return in_tx([](Transaction& tx) { return tx.organisation().load(); });
  }
  std::vector<Audit> audits_in(Month month) {
    return in_tx([month](Transaction& tx) { return tx.allocation().audits_in(month); });
  }
  // Commits `month` through the wiring's AllocationService (no HTTP; actor
  // "test", at the clock's now): the month's audits.
  std::vector<Audit> commit_in_process(Month month) {
    wiring_->allocation().commit(month, std::nullopt, "test", clock_.now());
    return audits_in(month);
  }
  Audit audit(Id id) {
    return in_tx([id](Transaction& tx) { return *tx.allocation().find_audit(id); });
  }
  Child child(Id id) {
    return in_tx([id](Transaction& tx) { return *tx.caseload().find_child(id); });
  }

  // The change-log rows of one record, newest first.
  std::vector<ChangeRecord> changes_of(const std::string& type, const std::string& id) {
    return in_tx([&](Transaction& tx) {
      return tx.changes().find(ChangeFilter{.record_type = type, .record_id = id, .limit = 100});
    });
  }

  // A new active, trained, monthly auditor in `team_id` with no audit yet.
  Id add_auditor(Id team_id, const std::string& name = "Free Auditor") {
    return in_tx([&](Transaction& tx) {
      return tx.organisation().insert_staff({.name = name,
                                             .email = name + "@council.example",
                                             .role = Role::kAdvancedPractitioner,
                                             .team_id = team_id,
                                             .auditor = true});
    });
  }

  // A team other than `team_id`.
  Id other_team(Id team_id) {
    return in_tx([team_id](Transaction& tx) {
      for (const Team& team : tx.organisation().load().teams) {
        if (team.id != team_id) return team.id;
      }
      return Id{0};
    });
  }

  // Everything an operation or a request could change, as one string.
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
      all["pairings"] = to_json_array(a.pairings);
      all["actions"] = to_json_array(a.actions);
      all["concerns"] = to_json_array(a.concerns);
      all["concern_updates"] = to_json_array(a.concern_updates);
      all["impact_responses"] = to_json_array(
          tx.follow_up().impact_responses_for_months(Month(2000, 1), Month(2100, 12)));
      all["action_updates"] = to_json_array(tx.follow_up().action_updates(false));
      all["changes"] = to_json_array(tx.changes().since(std::nullopt, std::nullopt));
      all["outbox"] = to_json_array(tx.outbox().messages(std::nullopt));
      all["tokens"] = to_json_array(tx.tokens().all());
      return boost::json::serialize(all);
    });
  }

  std::unique_ptr<db::testing::TestDatabase> test_database_;
  FakeClock clock_{demo_test_start()};
  std::unique_ptr<Wiring> wiring_;
};

// The backends these tests run on: a SQLite file (several connections, as
// the daemon has) and PostgreSQL.
inline std::vector<std::string> database_backends() { return {"sqlite_file", "postgresql"}; }

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace caseaudit::daemon::testing
