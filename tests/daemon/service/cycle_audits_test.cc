// daemon/service/audits.h called directly: reassign, withdraw, submission
// (the grading rule), moderation, and the one closed-month check, on SQLite
// and PostgreSQL.
#include <gtest/gtest.h>

#include "daemon/service/audits.h"
#include "tests/daemon/service/cycle_service_fixture.h"
#include "tests/daemon/service/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleAuditsServiceTest : public JanuaryServiceTest {
 protected:
  std::string audit_id() const { return std::to_string(first_.id); }

  Submission good_submission() const {
    return answered(
        {.overall = Grade::kGood, .domains = {{"Seeing and hearing the child", Grade::kGood}}});
  }
};

TEST_P(CycleAuditsServiceTest, ReassignBreakingAHardRuleNamesTheAuditorAndChangesNothing) {
  const std::size_t changes = change_count();
  expect_refused<RuleViolation>(
      [&] { reassign_audit(services(), caller(), first_.id, first_.auditor_id, "again"); },
      "auditor_id", "already audits this child");
  expect_refused<NotFound>([&] { reassign_audit(services(), caller(), first_.id, 999999, "r"); },
                           "auditor_id");
  EXPECT_EQ(audit(first_.id), first_);
  EXPECT_EQ(change_count(), changes);
}

TEST_P(CycleAuditsServiceTest, ReassignToAFreeAuditorLogsWithTheCaller) {
  const Id free = add_auditor(other_team(child(first_.child_id).team_id));
  const AuditRow row = reassign_audit(services(), caller(), first_.id, free, "cover");
  EXPECT_EQ(row.audit.auditor_id, free);
  EXPECT_EQ(row.case_reference, child(first_.child_id).case_reference);
  const Audit stored = audit(first_.id);
  EXPECT_EQ(stored.auditor_id, free);
  EXPECT_EQ(stored.pin_reason, "cover");
  EXPECT_EQ(stored.needs_external_moderation, !stored.moderator_id.has_value());
  expect_logged(changes_of("audit", audit_id()), "audit.reassign");
}

TEST_P(CycleAuditsServiceTest, SubmissionAboveTheGradingRuleNeedsAJustification) {
  Submission submission =
      answered({.overall = Grade::kOutstanding,
                .domains = {{"Quality of plans", Grade::kRequiresImprovement}}});
  const std::size_t changes = change_count();
  expect_refused<RuleViolation>([&] { submit_audit(services(), caller(), first_.id, submission); },
                                "overall_grade", "at most one grade above");
  expect_refused<InputError>([&] { submit_audit(services(), caller(), first_.id, Submission{}); },
                             "domain_grades");
  EXPECT_EQ(audit(first_.id), first_);
  EXPECT_EQ(change_count(), changes);

  submission.justification = "strong practice despite the plan";
  const AuditRow row = submit_audit(services(), caller(), first_.id, submission);
  EXPECT_EQ(row.audit.status, AuditStatus::kSubmitted);
  EXPECT_EQ(row.audit.submitted_on, parse_date("2027-01-11"));  // the caller's local day
  expect_logged(changes_of("audit", audit_id()), "audit.submit");
}

TEST_P(CycleAuditsServiceTest, OneClosedMonthCheckForReassignAndAllocation) {
  allocation_->close_month(kJanuary, "test:setup", kCallerAt);
  const Audit closed = audit(first_.id);
  const std::size_t changes = change_count();
  const Id free = add_auditor(other_team(child(first_.child_id).team_id));
  expect_refused<Conflict>([&] { reassign_audit(services(), caller(), first_.id, free, "r"); },
                           "month", "month 2027-01 is closed");
  expect_refused<Conflict>(
      [&] { allocation_->commit(kJanuary, std::nullopt, "test:coordinator", kCallerAt); }, "month",
      "month 2027-01 is closed");
  expect_refused<Conflict>([&] { allocation_->preview(kJanuary); }, "month",
                           "month 2027-01 is closed");
  expect_refused<Conflict>(
      [&] { in_tx([](Transaction& tx) { return require_open_month(tx, kJanuary); }); }, "month");
  EXPECT_EQ(audit(first_.id), closed);
  EXPECT_EQ(change_count(), changes);
}

TEST_P(CycleAuditsServiceTest, ASubmissionAfterTheCloseIsALateReturnOfTheNilReturn) {
  allocation_->close_month(kJanuary, "test:setup", kCallerAt);
  ASSERT_EQ(audit(first_.id).outcome, AuditOutcome::kNilReturn);
  const AuditRow row = submit_audit(services(), caller(), first_.id, good_submission());
  EXPECT_EQ(row.audit.status, AuditStatus::kSubmitted);
  EXPECT_EQ(row.audit.outcome, AuditOutcome::kLateReturn);
  EXPECT_EQ(audit(first_.id), row.audit);
  expect_logged(changes_of("audit", std::to_string(first_.id)), "audit.submit");
}

TEST_P(CycleAuditsServiceTest, WithdrawRefusesASubmittedAuditAndLogsAnAllocatedOne) {
  submit_audit(services(), caller(), first_.id, good_submission());
  const Audit submitted = audit(first_.id);
  const std::size_t changes = change_count();
  expect_refused<Conflict>(
      [&] { withdraw_allocated_audit(services(), caller(), first_.id, "late exemption"); },
      "status", "only an allocated audit can be withdrawn");
  EXPECT_EQ(audit(first_.id), submitted);
  EXPECT_EQ(change_count(), changes);

  const Audit second = audits(kJanuary).at(1);
  const WithdrawOutcome outcome =
      withdraw_allocated_audit(services(), caller(), second.id, "late exemption");
  EXPECT_EQ(outcome.result.withdrawn.status, AuditStatus::kWithdrawn);
  EXPECT_EQ(audit(second.id).status, AuditStatus::kWithdrawn);
  expect_logged(changes_of("audit", std::to_string(second.id)), "audit.withdraw");
}

TEST_P(CycleAuditsServiceTest, ModerationTakesASubmittedAuditAndAModerationOutcome) {
  const Moderation moderation{.grade = Grade::kRequiresImprovement,
                              .outcome = AuditOutcome::kCompletedToStandard};
  const std::size_t changes = change_count();
  expect_refused<Conflict>([&] { moderate_audit(services(), caller(), first_.id, moderation); },
                           "status", "only a submitted audit can be moderated");
  submit_audit(services(), caller(), first_.id, good_submission());
  const Audit submitted = audit(first_.id);
  expect_refused<InputError>(
      [&] {
        moderate_audit(services(), caller(), first_.id,
                       {.grade = Grade::kGood, .outcome = AuditOutcome::kNilReturn});
      },
      "outcome");
  EXPECT_EQ(audit(first_.id), submitted);
  EXPECT_EQ(change_count(), changes + 1);  // the submission's row only

  const AuditRow row = moderate_audit(services(), caller(), first_.id, moderation);
  EXPECT_EQ(row.audit.status, AuditStatus::kModerated);
  EXPECT_EQ(row.audit.moderated_on, parse_date("2027-01-11"));
  const auto rows = changes_of("audit", audit_id());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].action, "audit.moderate");
  EXPECT_EQ(rows[0].actor, "test:coordinator");
}

TEST_P(CycleAuditsServiceTest, AConfiguredDomainListIsMatchedWithoutCaseAndStoredAsSpelt) {
  services().audit_domains = {"Voice of the child", "Plans"};
  const std::size_t changes = change_count();
  Submission unknown =
      answered({.overall = Grade::kGood, .domains = {{"Quality of plans", Grade::kGood}}});
  expect_refused<RuleViolation>([&] { submit_audit(services(), caller(), first_.id, unknown); },
                                "domain_grades",
                                "\"Quality of plans\" is not an audit domain (the domains: Voice "
                                "of the child, Plans)");
  EXPECT_EQ(audit(first_.id), first_);
  EXPECT_EQ(change_count(), changes);

  Submission lower =
      answered({.overall = Grade::kGood,
                .domains = {{"plans", Grade::kGood}, {"VOICE OF THE CHILD", Grade::kGood}}});
  const AuditRow row = submit_audit(services(), caller(), first_.id, lower);
  EXPECT_EQ(row.audit.domain_grades,
            (std::map<std::string, Grade>{{"Plans", Grade::kGood},
                                          {"Voice of the child", Grade::kGood}}));
}

TEST_P(CycleAuditsServiceTest, ASubmissionDateInTheFutureOrBeforeTheMonthIsRefused) {
  const std::size_t changes = change_count();
  Submission tomorrow = good_submission();
  tomorrow.submitted_on = parse_date("2027-01-12");  // the caller's today is 2027-01-11
  expect_refused<RuleViolation>([&] { submit_audit(services(), caller(), first_.id, tomorrow); },
                                "submitted_on", "is in the future (today is 2027-01-11)");
  Submission december = good_submission();
  december.submitted_on = parse_date("2026-12-31");
  expect_refused<RuleViolation>([&] { submit_audit(services(), caller(), first_.id, december); },
                                "submitted_on", "before the audit's month 2027-01 began");
  EXPECT_EQ(audit(first_.id), first_);
  EXPECT_EQ(change_count(), changes);

  Submission first_day = good_submission();
  first_day.submitted_on = parse_date("2027-01-01");
  EXPECT_EQ(submit_audit(services(), caller(), first_.id, first_day).audit.submitted_on,
            parse_date("2027-01-01"));
}

TEST_P(CycleAuditsServiceTest, AModerationDateInTheFutureOrBeforeTheSubmissionIsRefused) {
  Submission submission = good_submission();
  submission.submitted_on = parse_date("2027-01-08");
  submit_audit(services(), caller(), first_.id, submission);
  const Audit submitted = audit(first_.id);
  const std::size_t changes = change_count();
  Moderation early{.grade = Grade::kGood, .moderated_on = parse_date("2027-01-07")};
  expect_refused<RuleViolation>([&] { moderate_audit(services(), caller(), first_.id, early); },
                                "moderated_on", "before the audit was submitted (2027-01-08)");
  Moderation later{.grade = Grade::kGood, .moderated_on = parse_date("2027-01-12")};
  expect_refused<RuleViolation>([&] { moderate_audit(services(), caller(), first_.id, later); },
                                "moderated_on", "is in the future");
  EXPECT_EQ(audit(first_.id), submitted);
  EXPECT_EQ(change_count(), changes);

  Moderation same_day{.grade = Grade::kGood, .moderated_on = parse_date("2027-01-08")};
  EXPECT_EQ(moderate_audit(services(), caller(), first_.id, same_day).audit.moderated_on,
            parse_date("2027-01-08"));
}

TEST_P(CycleAuditsServiceTest, TheReturnRequiresParticipationAndFamilyFeedback) {
  const std::size_t changes = change_count();
  Submission no_participation = good_submission();
  no_participation.participation.reset();
  expect_refused<InputError>(
      [&] { submit_audit(services(), caller(), first_.id, no_participation); }, "participation",
      "the return requires the participation answers");
  Submission no_feedback = good_submission();
  no_feedback.family_feedback.reset();
  expect_refused<InputError>([&] { submit_audit(services(), caller(), first_.id, no_feedback); },
                             "family_feedback", "the return requires the family's feedback");
  EXPECT_EQ(audit(first_.id), first_);
  EXPECT_EQ(change_count(), changes);
}

TEST_P(CycleAuditsServiceTest, AnActionTheReturnRaisesIsValidatedNamingItsIndexAndField) {
  const std::size_t changes = change_count();
  Submission submission = good_submission();
  submission.actions = {{.description = "Update the plan", .due_date = parse_date("2027-02-26")},
                        {.description = "Visit the child", .due_date = parse_date("2026-12-31")}};
  expect_refused<RuleViolation>([&] { submit_audit(services(), caller(), first_.id, submission); },
                                "actions[1].due_date", "is before the audit's month 2027-01");
  submission.actions[1].due_date = parse_date("2027-02-12");
  submission.actions[0].description = "  ";
  expect_refused<InputError>([&] { submit_audit(services(), caller(), first_.id, submission); },
                             "actions[0].description", "needs a description");
  submission.actions[0].description = "Update the plan";
  submission.actions[1].owner_id = 999999;
  expect_refused<NotFound>([&] { submit_audit(services(), caller(), first_.id, submission); },
                           "actions[1].owner_id", "no staff member 999999");
  EXPECT_EQ(audit(first_.id), first_);
  EXPECT_TRUE(
      in_tx([&](Transaction& tx) { return tx.follow_up().actions_for_audit(first_.id); }).empty());
  EXPECT_EQ(change_count(), changes);
}

TEST_P(CycleAuditsServiceTest, TheReturnStoresWhoTookPartAndRaisesItsActionsInOneTransaction) {
  const AuditParticipation answers{.child_seen = Participation::kYes,
                                   .family = Participation::kNo,
                                   .worker = Participation::kYes,
                                   .team_manager = Participation::kNotApplicable,
                                   .iro = Participation::kNo};
  Submission submission = good_submission();
  submission.participation = answers;
  submission.family_feedback = FamilyFeedback::kAttempted;
  const Id owner = add_auditor(child(first_.child_id).team_id);
  submission.actions = {{.description = "Update the plan with the school's view",
                         .due_date = parse_date("2027-02-26"),
                         .care_planning = true},
                        {.description = "Record the sibling's view",
                         .due_date = parse_date("2027-02-12"),
                         .owner_id = owner}};
  const AuditRow row = submit_audit(services(), caller(), first_.id, submission);
  EXPECT_EQ(row.audit.participation, answers);
  const Audit stored = audit(first_.id);
  EXPECT_EQ(stored.participation, answers);
  EXPECT_EQ(stored.family_feedback, FamilyFeedback::kAttempted);
  Audit expected = first_;  // the rest as it was
  expected.status = AuditStatus::kSubmitted;
  expected.overall_grade = submission.overall;
  expected.domain_grades = submission.domains;
  expected.submitted_on = parse_date("2027-01-11");
  expected.participation = answers;
  expected.family_feedback = FamilyFeedback::kAttempted;
  EXPECT_EQ(stored, expected);

  const std::vector<Action> actions =
      in_tx([&](Transaction& tx) { return tx.follow_up().actions_for_audit(first_.id); });
  ASSERT_EQ(actions.size(), 2u);
  const Id team_id = child(first_.child_id).team_id;
  const Team team = in_tx([&](Transaction& tx) { return *tx.organisation().find_team(team_id); });
  EXPECT_EQ(actions[0].description, "Update the plan with the school's view");
  EXPECT_TRUE(actions[0].care_planning);
  EXPECT_EQ(actions[0].owner_id, team.team_manager_id);  // the default owner
  EXPECT_EQ(actions[1].owner_id, owner);
  EXPECT_FALSE(actions[1].care_planning);
  EXPECT_EQ(actions[1].due_date, parse_date("2027-02-12"));
  for (const Action& action : actions) {
    const auto rows = changes_of("action", std::to_string(action.id));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].action, "action.create");
    EXPECT_EQ(rows[0].actor, "test:coordinator");
  }
  expect_logged(changes_of("audit", audit_id()), "audit.submit");
}

TEST_P(CycleAuditsServiceTest, NotMeetingTheStandardNeedsAReasonAndSendsTheAuditBack) {
  submit_audit(services(), caller(), first_.id, good_submission());
  const Audit submitted = audit(first_.id);
  const std::size_t changes = change_count();
  Moderation send_back{.grade = Grade::kRequiresImprovement,
                       .outcome = AuditOutcome::kNotMeetingStandard,
                       .comment = "the plan's review is not looked at"};
  expect_refused<RuleViolation>([&] { moderate_audit(services(), caller(), first_.id, send_back); },
                                "sent_back_reason", "sent back to its auditor with the reason");
  Moderation agree{.grade = Grade::kGood, .sent_back_reason = "why?"};
  expect_refused<RuleViolation>([&] { moderate_audit(services(), caller(), first_.id, agree); },
                                "sent_back_reason", "only an audit not meeting the standard");
  Moderation unlooped{.grade = Grade::kGood, .meeting_grade = Grade::kGood};
  expect_refused<RuleViolation>([&] { moderate_audit(services(), caller(), first_.id, unlooped); },
                                "meeting_grade", "only for a looped audit");
  EXPECT_EQ(audit(first_.id), submitted);
  EXPECT_EQ(change_count(), changes);

  send_back.sent_back_reason = "grade the plan against the review";
  const AuditRow row = moderate_audit(services(), caller(), first_.id, send_back);
  EXPECT_EQ(row.audit.status, AuditStatus::kAllocated);  // the auditor records it again
  const Audit sent = audit(first_.id);
  EXPECT_EQ(sent.outcome, AuditOutcome::kNotMeetingStandard);
  EXPECT_EQ(sent.moderated_grade, Grade::kRequiresImprovement);
  EXPECT_EQ(sent.sent_back_reason, "grade the plan against the review");
  EXPECT_EQ(sent.moderation_comment, "the plan's review is not looked at");
  EXPECT_FALSE(current_grade(sent));
  const auto rows = changes_of("audit", audit_id());  // newest first
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].action, "audit.send_back");
  EXPECT_EQ(rows[0].actor, "test:coordinator");

  const AuditRow again = submit_audit(services(), caller(), first_.id, good_submission());
  EXPECT_EQ(again.audit.status, AuditStatus::kSubmitted);
  EXPECT_FALSE(again.audit.outcome);
  EXPECT_FALSE(again.audit.moderated_grade);
  EXPECT_FALSE(again.audit.moderation_comment);
  EXPECT_EQ(again.audit.sent_back_reason, "grade the plan against the review");  // history
  const AuditRow done = moderate_audit(services(), caller(), first_.id,
                                       {.grade = Grade::kGood, .comment = "now to standard"});
  EXPECT_EQ(done.audit.status, AuditStatus::kModerated);
  EXPECT_EQ(done.audit.outcome, AuditOutcome::kCompletedToStandard);
  EXPECT_EQ(done.audit.moderation_comment, "now to standard");
}

TEST_P(CycleAuditsServiceTest, ALoopedPairGradedDifferentlyNeedsTheMeetingsGrade) {
  // The second audit becomes the first's looped pair: the same child, group 1.
  const Audit second = audits(kJanuary).at(1);
  in_tx([&](Transaction& tx) {
    Audit first = first_, pair = second;
    first.loop_group = 1;
    pair.loop_group = 1;
    pair.child_id = first_.child_id;
    tx.allocation().update_audit(first);
    tx.allocation().update_audit(pair);
    return 0;
  });
  ASSERT_NE(second.auditor_id, first_.auditor_id);
  submit_audit(services(), caller(), first_.id, good_submission());
  Submission lower = good_submission();
  lower.overall = Grade::kRequiresImprovement;
  lower.domains = {{"Seeing and hearing the child", Grade::kRequiresImprovement}};
  submit_audit(services(), caller(), second.id, lower);
  const Audit submitted = audit(first_.id);
  const std::size_t changes = change_count();
  expect_refused<RuleViolation>(
      [&] { moderate_audit(services(), caller(), first_.id, {.grade = Grade::kGood}); },
      "meeting_grade", "differ (Good and Requires improvement)");
  EXPECT_EQ(audit(first_.id), submitted);
  EXPECT_EQ(change_count(), changes);

  const AuditRow row =
      moderate_audit(services(), caller(), first_.id,
                     {.grade = Grade::kGood, .meeting_grade = Grade::kRequiresImprovement});
  EXPECT_EQ(row.audit.meeting_grade, Grade::kRequiresImprovement);
  EXPECT_EQ(audit(first_.id).meeting_grade, Grade::kRequiresImprovement);
}

TEST_P(CycleAuditsServiceTest, AnUnknownAuditIsNotFoundNamingTheId) {
  expect_refused<NotFound>([&] { submit_audit(services(), caller(), 999999, good_submission()); },
                           "id");
  expect_refused<NotFound>([&] { withdraw_allocated_audit(services(), caller(), 999999, "r"); },
                           "id");
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleAuditsServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
