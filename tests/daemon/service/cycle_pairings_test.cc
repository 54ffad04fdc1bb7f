// daemon/service/pairings.h called directly: a coordinator's manual change
// of a pairing, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>

#include "daemon/service/pairings.h"
#include "tests/daemon/service/cycle_service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class CyclePairingsServiceTest : public CycleServiceTest {
 protected:
  const Month kAugust{2026, 8};  // the demo authority's current period

  std::vector<Pairing> august() {
    return in_tx([this](Transaction& tx) { return tx.allocation().pairings_for(kAugust); });
  }

  Id add_moderator(int capacity, const std::string& name) {
    return in_tx([&](Transaction& tx) {
      return tx.organisation().insert_staff({.name = name,
                              .email = name + "@council.example",
                              .role = Role::kServiceManager,
                              .moderator_capacity = capacity});
    });
  }
};

TEST_P(CyclePairingsServiceTest, AModeratorWhoCannotTakeTheAuditorIsRefusedNamingTheField) {
  const std::vector<Pairing> before = august();
  ASSERT_FALSE(before.empty());
  const Pairing& pairing = before.front();
  const Id none = add_moderator(0, "Not A Moderator");
  const std::size_t changes = change_count();
  expect_refused<RuleViolation>(
      [&] { change_pairing(services(), caller(), pairing.id, none, "r"); }, "moderator_id",
      "not an internal moderator");
  expect_refused<RuleViolation>(
      [&] { change_pairing(services(), caller(), pairing.id, pairing.auditor_id, "r"); },
      "moderator_id", "cannot moderate their own audits");
  expect_refused<NotFound>([&] { change_pairing(services(), caller(), 999999, none, "r"); }, "id");
  EXPECT_EQ(august(), before);
  EXPECT_EQ(change_count(), changes);
}

TEST_P(CyclePairingsServiceTest, AnAcceptedChangeStoresTheReasonAndLogsWithTheCaller) {
  const Pairing pairing = august().front();
  const Id moderator = add_moderator(10, "New Moderator");
  const NamedPairing changed =
      change_pairing(services(), caller(), pairing.id, moderator, "workload");
  EXPECT_EQ(changed.pairing.moderator_id, moderator);
  EXPECT_EQ(changed.moderator, "New Moderator");
  const std::vector<Pairing> stored = august();
  const auto found = std::find_if(stored.begin(), stored.end(),
                                  [&](const Pairing& p) { return p.id == pairing.id; });
  ASSERT_NE(found, stored.end());
  EXPECT_EQ(found->moderator_id, moderator);
  EXPECT_EQ(found->reason, "workload");
  expect_logged(changes_of("pairing", std::to_string(pairing.id)), "pairing.update");
}

INSTANTIATE_TEST_SUITE_P(Backends, CyclePairingsServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
