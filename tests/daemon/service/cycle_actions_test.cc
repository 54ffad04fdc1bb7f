// daemon/service/actions.h called directly: create, update, complete, on
// SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "daemon/service/action_updates.h"
#include "daemon/service/actions.h"
#include "daemon/service/person_email.h"
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

TEST_P(CycleActionsServiceTest, AnOwnersUpdateIsRefusedWithoutANoteOrWithADateInThePast) {
  const Action action = create_action(services(), caller(), new_action());
  const std::string before = fingerprint();
  expect_refused<InputError>(
      [&] {
        post_action_update(services(), caller(),
                           {.action_id = action.id, .by_staff_id = action.owner_id, .note = " "});
      },
      "note", "say what has happened");
  expect_refused<RuleViolation>(
      [&] {
        post_action_update(services(), caller(),
                           {.action_id = action.id,
                            .by_staff_id = action.owner_id,
                            .note = "waiting for the school",
                            .proposed_due_date = parse_date("2027-01-10")});
      },
      "proposed_due_date", "in the past");
  expect_refused<RuleViolation>(
      [&] {
        post_action_update(services(), caller(),
                           {.action_id = action.id, .by_staff_id = first_.auditor_id, .note = "x"});
      },
      "by_staff_id", "owner");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CycleActionsServiceTest, AcceptingAProposedDateMovesTheActionAndDecliningNeedsAReason) {
  const Action action = create_action(services(), caller(), new_action());
  const ActionUpdate note_only = post_action_update(
      services(), caller(),
      {.action_id = action.id, .by_staff_id = action.owner_id, .note = "plan drafted"});
  const ActionUpdate proposal = post_action_update(services(), caller(),
                                                   {.action_id = action.id,
                                                    .by_staff_id = action.owner_id,
                                                    .note = "the review meeting moved",
                                                    .proposed_due_date = parse_date("2027-03-01")});
  expect_logged(changes_of("action_update", std::to_string(proposal.id)), "action_update.create");
  EXPECT_EQ(list_action_updates(services(), true), std::vector<ActionUpdate>{proposal});
  EXPECT_EQ(list_action_updates(services(), false).size(), 2u);

  const std::string before = fingerprint();
  expect_refused<InputError>([&] { decline_action_update(services(), caller(), proposal.id, ""); },
                             "reason", "say why");
  expect_refused<Conflict>([&] { accept_action_update(services(), caller(), note_only.id); },
                           "decision", "proposes no new due date");
  expect_refused<NotFound>([&] { accept_action_update(services(), caller(), 999999); }, "id");
  EXPECT_EQ(fingerprint(), before);

  const ActionUpdate accepted = accept_action_update(services(), caller(), proposal.id);
  EXPECT_EQ(accepted.decision, ActionUpdateDecision::kAccepted);
  EXPECT_EQ(accepted.decided_by, "test:coordinator");
  const Action moved =
      *in_tx([&](Transaction& tx) { return tx.follow_up().find_action(action.id); });
  EXPECT_EQ(moved.due_date, parse_date("2027-03-01"));
  const std::vector<ChangeRecord> logged = changes_of("action_update", std::to_string(proposal.id));
  ASSERT_EQ(logged.size(), 2u);  // created, accepted: newest first
  EXPECT_EQ(logged.front().action, "action_update.accept");
  EXPECT_EQ(logged.front().actor, "test:coordinator");
  EXPECT_EQ(changes_of("action", std::to_string(action.id)).front().action, "action.update");
  EXPECT_TRUE(list_action_updates(services(), true).empty());
  expect_refused<Conflict>(
      [&] { decline_action_update(services(), caller(), proposal.id, "too late"); }, "decision",
      "accepted already");

  const ActionUpdate second = post_action_update(services(), caller(),
                                                 {.action_id = action.id,
                                                  .by_staff_id = action.owner_id,
                                                  .note = "another delay",
                                                  .proposed_due_date = parse_date("2027-04-01")});
  const ActionUpdate declined =
      decline_action_update(services(), caller(), second.id, "the plan review cannot wait");
  EXPECT_EQ(declined.decision, ActionUpdateDecision::kDeclined);
  EXPECT_EQ(declined.decline_reason, "the plan review cannot wait");
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.follow_up().find_action(action.id); })->due_date,
            parse_date("2027-03-01"));
}

// Each decision emails the owner in its own transaction: what was decided,
// by whom, the due date now, and a link to mark it done or post again.
TEST_P(CycleActionsServiceTest, TheOwnerIsToldOfEachDecisionOnceWithALink) {
  static const notifier::TemplateSet templates = notifier::TemplateSet::defaults();
  services().enqueue_email =
      person_email_sender(templates, services().zone, SelfServicePolicy{}, "Quality Assurance team",
                          [] { return std::string("https://qa.test"); });
  const Action action = create_action(services(), caller(), new_action());
  const auto propose = [&](const char* note, const char* date) {
    return post_action_update(services(), caller(),
                              {.action_id = action.id,
                               .by_staff_id = action.owner_id,
                               .note = note,
                               .proposed_due_date = parse_date(date)});
  };
  const auto decision_emails = [&] {
    std::vector<OutboxMessage> found;
    for (OutboxMessage& m : in_tx([](Transaction& tx) { return tx.outbox().messages({}); })) {
      if (m.dedup_key.rfind("action_update_decision:", 0) == 0) found.push_back(std::move(m));
    }
    return found;
  };
  const ActionUpdate first = propose("the review meeting moved", "2027-03-01");
  EXPECT_TRUE(decision_emails().empty());  // posting tells nobody by email
  accept_action_update(services(), caller(), first.id);
  const ActionUpdate second = propose("the school asked for later", "2027-04-01");
  decline_action_update(services(), caller(), second.id, "the plan review cannot wait");

  const std::vector<OutboxMessage> emails = decision_emails();
  ASSERT_EQ(emails.size(), 2u);
  const Staff owner =
      in_tx([&](Transaction& tx) { return *tx.organisation().find_staff(action.owner_id); });
  for (const OutboxMessage& m : emails) {
    EXPECT_EQ(m.recipient_staff_id, std::optional<Id>(owner.id));
    EXPECT_EQ(m.recipient_email, owner.email);
    EXPECT_NE(m.text_body.find("Dear " + owner.name), std::string::npos);
    EXPECT_NE(m.text_body.find("update the care plan"), std::string::npos);
    EXPECT_NE(m.text_body.find("Mark it done or post an update: https://qa.test/act/"),
              std::string::npos)
        << m.text_body;
  }
  EXPECT_EQ(emails[0].dedup_key, "action_update_decision:" + std::to_string(first.id));
  EXPECT_EQ(emails[0].subject.rfind("New due date accepted", 0), 0u) << emails[0].subject;
  EXPECT_NE(emails[0].text_body.find("Due by: Monday 1 March 2027"), std::string::npos);
  EXPECT_EQ(emails[1].subject.rfind("Proposed due date declined", 0), 0u) << emails[1].subject;
  EXPECT_NE(emails[1].text_body.find("Why it was declined: the plan review cannot wait"),
            std::string::npos);
  EXPECT_NE(emails[1].text_body.find("Due by: Monday 1 March 2027"), std::string::npos)
      << emails[1].text_body;
  // The email's link opens the action's page for its owner.
  const std::string text = emails[1].text_body;
  const std::size_t at = text.find("/act/") + 5;
  const std::string token = text.substr(at, text.find_first_of(" \r\n", at) - at);
  const LinkView view = open_action_link(services(), token, kCallerAt);
  EXPECT_EQ(view.state, LinkState::kOpen);
  EXPECT_EQ(view.person.id, owner.id);
  ASSERT_TRUE(view.action);
  EXPECT_EQ(view.action->id, action.id);
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleActionsServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
