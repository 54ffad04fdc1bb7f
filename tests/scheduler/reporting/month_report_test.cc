#include "scheduler/reporting/month_report.h"

#include <gtest/gtest.h>

namespace caseaudit {
namespace {

Date day(const char* text) { return parse_date(text); }

// Three teams, four auditors (Dan exempt in March), one moderator. March
// 2027: Ann's audit moderated down (good -> requires improvement), Bob's
// submitted (outstanding), Cat's still allocated, Dan's withdrawn; one
// February audit that must not count. Every expected figure below is
// counted by hand from this list.
class MonthReportTest : public ::testing::Test {
 protected:
  enum : Id { kAnn = 1, kBob, kCat, kDan, kEve };
  const Month kMarch{2027, 3};
  const Date kToday = day("2027-04-10");

  MonthReportTest() {
    authority_.services.push_back({.id = 1, .name = "Safeguarding"});
    for (Id team : {1, 2, 3}) {
      authority_.teams.push_back(
          {.id = team, .name = "Team " + std::to_string(team), .service_id = 1});
    }
    add_auditor(kAnn, 1);
    add_auditor(kBob, 2);
    add_auditor(kCat, 3);
    add_auditor(kDan, 1);
    authority_.staff.push_back(
        {.id = kEve, .name = "Eve", .email = "eve@x", .moderator_capacity = 5});
    authority_.exemptions.push_back({.id = 1,
                                     .staff_id = kDan,
                                     .kind = ExemptionKind::kSingleMonth,
                                     .first_month = kMarch,
                                     .last_month = kMarch,
                                     .reason = "leave",
                                     .authorised_by = kEve});
    authority_.children = {{.id = 10, .case_reference = "CR-10", .team_id = 1},
                           {.id = 11, .case_reference = "CR-11", .team_id = 2},
                           {.id = 12, .case_reference = "CR-12", .team_id = 3},
                           {.id = 13, .case_reference = "CR-13", .team_id = 1}};
    authority_.audits = {
        {.id = 100,
         .month = kMarch,
         .child_id = 11,
         .auditor_id = kAnn,
         .moderator_id = kEve,
         .status = AuditStatus::kModerated,
         .overall_grade = Grade::kGood,
         .domain_grades = {{"assessment", Grade::kGood}, {"plans", Grade::kRequiresImprovement}},
         .moderated_grade = Grade::kRequiresImprovement,
         .outcome = AuditOutcome::kCompletedToStandard},
        {.id = 101,
         .month = kMarch,
         .child_id = 10,
         .auditor_id = kBob,
         .status = AuditStatus::kSubmitted,
         .overall_grade = Grade::kOutstanding,
         .domain_grades = {{"assessment", Grade::kOutstanding}, {"plans", Grade::kGood}}},
        {.id = 102, .month = kMarch, .child_id = 13, .auditor_id = kCat},
        {.id = 103,
         .month = kMarch,
         .child_id = 12,
         .auditor_id = kDan,
         .status = AuditStatus::kWithdrawn},
        {.id = 104,
         .month = kMarch.prev(),
         .child_id = 12,
         .auditor_id = kCat,
         .status = AuditStatus::kModerated,
         .overall_grade = Grade::kInadequate,
         .moderated_grade = Grade::kInadequate},
    };
    authority_.actions = {
        action(1, 100, "2027-03-31", "2027-03-30"),  // on time
        action(2, 100, "2027-03-31", "2027-04-02"),  // late
        action(3, 101, "2027-04-01", nullptr),       // overdue
        action(4, 101, "2027-04-30", nullptr),       // not yet due
        action(5, 104, "2027-02-28", nullptr),       // February's: ignored
    };
    authority_.concerns = {
        {.id = 1, .child_id = 11, .audit_id = 100, .category = 1, .raised_on = day("2027-03-20")},
        {.id = 2, .child_id = 12, .audit_id = 104, .category = 2, .raised_on = day("2026-03-01")},
        {.id = 3,
         .child_id = 10,
         .category = 2,
         .raised_on = day("2026-05-01"),
         .status = ConcernStatus::kResolved,
         .resolved_on = day("2026-09-01")},
    };
  }

  void add_auditor(Id id, Id team) {
    authority_.staff.push_back({.id = id,
                                .name = "Auditor " + std::to_string(id),
                                .email = std::to_string(id) + "@x",
                                .team_id = team,
                                .auditor = true});
  }

  static Action action(Id id, Id audit, const char* due, const char* completed) {
    Action result{
        .id = id, .audit_id = audit, .description = "act", .owner_id = 1, .due_date = day(due)};
    if (completed != nullptr) {
      result.status = ActionStatus::kCompleted;
      result.completed_on = day(completed);
    }
    return result;
  }

  MonthReport report() const { return month_report(authority_, kMarch, Policy{}, kToday); }

  Authority authority_;
};

TEST_F(MonthReportTest, CompletionCountsDistinctSubmittingAuditorsAgainstAvailableOnes) {
  const MonthReport r = report();
  EXPECT_EQ(r.available_auditors, 3);  // Dan is exempt, Eve is no auditor
  EXPECT_EQ(r.allocated, 3);
  EXPECT_EQ(r.withdrawn, 1);
  EXPECT_EQ(r.submitted, 2);
  EXPECT_EQ(r.moderated, 1);
  EXPECT_EQ(r.completed_to_standard, 1);
  EXPECT_EQ(r.auditors_completed, 2);
  ASSERT_TRUE(r.completion_rate());
  EXPECT_DOUBLE_EQ(*r.completion_rate(), 2.0 / 3.0);
}

TEST_F(MonthReportTest, GradeSharesUseTheModeratedGradeWhenThereIsOne) {
  const MonthReport r = report();
  EXPECT_EQ(r.overall.graded, 2);
  EXPECT_EQ(r.overall.counts.at(Grade::kOutstanding), 1);
  EXPECT_EQ(r.overall.counts.at(Grade::kRequiresImprovement), 1);
  EXPECT_EQ(r.overall.counts.at(Grade::kGood), 0);
  EXPECT_DOUBLE_EQ(*r.overall.share(Grade::kInadequate), 0.0);
  EXPECT_DOUBLE_EQ(*r.overall.good_or_better(), 0.5);

  ASSERT_EQ(r.domains.size(), 2u);
  EXPECT_EQ(r.domains.at("assessment").graded, 2);
  EXPECT_EQ(r.domains.at("assessment").counts.at(Grade::kGood), 1);
  EXPECT_EQ(r.domains.at("assessment").counts.at(Grade::kOutstanding), 1);
  EXPECT_EQ(r.domains.at("plans").counts.at(Grade::kRequiresImprovement), 1);
  EXPECT_DOUBLE_EQ(*r.domains.at("plans").good_or_better(), 0.5);
}

TEST_F(MonthReportTest, ModeratorEffectCountsUpgradesAndDowngrades) {
  ModeratorEffect effect = report().moderator_effect;
  EXPECT_EQ(effect.moderated, 1);
  EXPECT_EQ(effect.downgraded, 1);
  EXPECT_EQ(effect.upgraded, 0);

  authority_.audits[1].status = AuditStatus::kModerated;  // Bob's: outstanding stays
  authority_.audits[1].moderated_grade = Grade::kOutstanding;
  authority_.audits[0].moderated_grade = Grade::kOutstanding;  // Ann's: good -> outstanding
  effect = report().moderator_effect;
  EXPECT_EQ(effect.moderated, 2);
  EXPECT_EQ(effect.upgraded, 1);
  EXPECT_EQ(effect.unchanged, 1);
  EXPECT_EQ(effect.downgraded, 0);
  EXPECT_DOUBLE_EQ(*effect.upgraded_share(), 0.5);
  EXPECT_DOUBLE_EQ(*effect.downgraded_share(), 0.0);
}

TEST_F(MonthReportTest, TeamsCoveredIgnoreWithdrawnAudits) {
  const MonthReport r = report();
  EXPECT_EQ(r.teams, 3);
  EXPECT_EQ(r.teams_covered, 2);
  EXPECT_EQ(r.teams_completed, 2);
  EXPECT_EQ(r.teams_without_audit, std::vector<Id>{3});
}

TEST_F(MonthReportTest, ActionsOfTheMonthsAuditsByTimescale) {
  const ActionCounts a = report().actions;
  EXPECT_EQ(a.total, 4);
  EXPECT_EQ(a.completed_on_time, 1);
  EXPECT_EQ(a.completed_late, 1);
  EXPECT_EQ(a.overdue, 1);
  EXPECT_EQ(a.not_yet_due, 1);
  EXPECT_DOUBLE_EQ(*a.on_time_share(), 1.0 / 3.0);
}

TEST_F(MonthReportTest, OpenConcernsByCategoryAndAge) {
  const ConcernCounts c = report().concerns;
  EXPECT_EQ(c.open, 2);
  EXPECT_EQ(c.open_category_1, 1);
  EXPECT_EQ(c.open_category_2, 1);
  EXPECT_EQ(c.open_over_12_months, 1);
  EXPECT_EQ(c.raised_from_month, 1);
}

TEST_F(MonthReportTest, AMonthWithoutAuditsHasNoSharesButStillCountsAuditors) {
  const MonthReport r = month_report(authority_, Month{2027, 5}, Policy{}, kToday);
  EXPECT_EQ(r.available_auditors, 4);  // Dan's exemption was March only
  EXPECT_EQ(r.allocated, 0);
  EXPECT_DOUBLE_EQ(*r.completion_rate(), 0.0);
  EXPECT_FALSE(r.overall.share(Grade::kGood));
  EXPECT_FALSE(r.moderator_effect.upgraded_share());
  EXPECT_FALSE(r.actions.on_time_share());
  EXPECT_EQ(r.teams_without_audit, (std::vector<Id>{1, 2, 3}));
}

}  // namespace
}  // namespace caseaudit
