// daemon/service/actions.h called directly: create, update, complete, on
// SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "daemon/service/actions.h"
#include "tests/daemon/service/cycle_service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleActionsServiceTest : public JanuaryServiceTest {
 protected:
  NewAction new_action() const {
    return NewAction{.audit_id = first_.id,
                     .description = "update the care plan",
                     .due_date = parse_date("2027-02-15")};
  }

  std::vector<Action> actions() {
    return in_tx([this](Transaction& tx) { return tx.follow_up().actions_for_audit(first_.id); });
  }
};

TEST_P(CycleActionsServiceTest, CreateRefusesADueDateBeforeTheMonthAndWritesNothing) {
  NewAction early = new_action();
  early.due_date = parse_date("2026-12-31");
  const std::size_t changes = change_count();
  expect_refused<RuleViolation>([&] { create_action(services(), caller(), early); }, "due_date",
                                "before the audit's month 2027-01");
  NewAction unknown_owner = new_action();
  unknown_owner.owner_id = 999999;
  expect_refused<NotFound>([&] { create_action(services(), caller(), unknown_owner); }, "owner_id");
  EXPECT_TRUE(actions().empty());
  EXPECT_EQ(change_count(), changes);
}

TEST_P(CycleActionsServiceTest, CreateGivesTheTeamManagerTheActionAndLogs) {
  const Action created = create_action(services(), caller(), new_action());
  EXPECT_NE(created.id, 0);
  const std::optional<Id> manager = in_tx([this](Transaction& tx) {
    return tx.organisation()
        .find_team(tx.caseload().find_child(first_.child_id)->team_id)
        ->team_manager_id;
  });
  ASSERT_TRUE(manager);
  EXPECT_EQ(created.owner_id, *manager);
  EXPECT_EQ(actions(), std::vector<Action>{created});
  expect_logged(changes_of("action", std::to_string(created.id)), "action.create");
}

TEST_P(CycleActionsServiceTest, UpdateNeedsAChangeAndKeepsTheDueDateRule) {
  const Action created = create_action(services(), caller(), new_action());
  const std::size_t changes = change_count();
  expect_refused<InputError>([&] { update_action(services(), caller(), created.id, {}); }, "body",
                             "nothing to change");
  expect_refused<RuleViolation>(
      [&] {
        update_action(services(), caller(), created.id, {.due_date = parse_date("2026-01-01")});
      },
      "due_date");
  EXPECT_EQ(actions(), std::vector<Action>{created});
  EXPECT_EQ(change_count(), changes);

  const Action updated =
      update_action(services(), caller(), created.id, {.due_date = parse_date("2027-03-01")});
  EXPECT_EQ(updated.due_date, parse_date("2027-03-01"));
  const auto rows = changes_of("action", std::to_string(created.id));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].action, "action.update");
  EXPECT_EQ(rows[0].actor, "test:coordinator");
}

TEST_P(CycleActionsServiceTest, CompleteRefusesTheFutureAndACompletedAction) {
  const Action created = create_action(services(), caller(), new_action());
  const std::size_t changes = change_count();
  expect_refused<RuleViolation>(
      [&] { complete_action(services(), caller(), created.id, parse_date("2027-01-12")); },
      "completed_on", "in the future (today is 2027-01-11)");
  expect_refused<RuleViolation>(
      [&] { complete_action(services(), caller(), created.id, parse_date("2026-12-31")); },
      "completed_on", "before the audit's month");
  EXPECT_EQ(actions(), std::vector<Action>{created});
  EXPECT_EQ(change_count(), changes);

  const Action completed = complete_action(services(), caller(), created.id, std::nullopt);
  EXPECT_EQ(completed.status, ActionStatus::kCompleted);
  EXPECT_EQ(completed.completed_on, parse_date("2027-01-11"));
  EXPECT_THROW(complete_action(services(), caller(), created.id, std::nullopt), Conflict);
  EXPECT_EQ(changes_of("action", std::to_string(created.id)).front().action, "action.complete");
  EXPECT_EQ(changes_of("action", std::to_string(created.id)).front().actor, "test:coordinator");
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleActionsServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
