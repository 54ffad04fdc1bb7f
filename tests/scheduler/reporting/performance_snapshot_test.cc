// The performance snapshot against 003_'s first page: figures built from
// audits set on model objects here, each expected value counted by hand.
#include "scheduler/reporting/performance_snapshot.h"

#include <gtest/gtest.h>

#include "scheduler/errors.h"

namespace caseaudit {
namespace {

Date day(const char* text) { return parse_date(text); }

// 44 teams (as Gloucestershire in July 2022), one child each.
class PerformanceSnapshotTest : public ::testing::Test {
 protected:
  const Month kJuly{2022, 7};
  const Date kToday = day("2022-08-03");

  PerformanceSnapshotTest() {
    authority_.services.push_back({.id = 1, .name = "Safeguarding"});
    for (Id team = 1; team <= 44; ++team) {
      authority_.teams.push_back(
          {.id = team, .name = "Team " + std::to_string(team), .service_id = 1});
      authority_.children.push_back(
          {.id = 100 + team, .case_reference = "CR-" + std::to_string(team), .team_id = team});
    }
  }

  // `count` returned audits of `month` graded `grade`, spread over the teams.
  void add_returned(Month month, int count, Grade grade,
                    AuditOutcome outcome = AuditOutcome::kCompletedToStandard) {
    for (int i = 0; i < count; ++i) {
      const Id id = next_id_++;
      authority_.audits.push_back({.id = id,
                                   .month = month,
                                   .child_id = 101 + (id % 44),
                                   .auditor_id = 10'000 + id,
                                   .status = AuditStatus::kSubmitted,
                                   .overall_grade = grade,
                                   .outcome = outcome});
    }
  }

  PerformanceSnapshot snapshot() const {
    return performance_snapshot(authority_, kJuly, Policy{}, targets_, kToday);
  }

  Authority authority_;
  ReportTargets targets_;
  Id next_id_ = 1;
};

TEST_F(PerformanceSnapshotTest, CompletedToStandardReadsAs003sFirstRow) {
  add_returned(kJuly, 35, Grade::kGood);
  add_returned(Month(2022, 6), 44, Grade::kGood);
  add_returned(Month(2022, 5), 40, Grade::kGood);
  add_returned(kJuly, 3, Grade::kGood, AuditOutcome::kNotMeetingStandard);  // not counted
  const PerformanceSnapshot s = snapshot();
  const SnapshotMeasure* m = s.find("completed_to_standard");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->numerator, 35);
  EXPECT_EQ(*m->baseline, 45);
  EXPECT_EQ(*m->target, 88);  // 2 for each of 44 teams
  EXPECT_EQ(m->rag, Rag::kRed);
  EXPECT_EQ(m->direction_of_travel,
            "35: decreased from 44 in June and 40 in May; below baseline (45)");
}

TEST_F(PerformanceSnapshotTest, CompletedCountsAreAmberFromTheBaselineAndGreenAtTheStretchTarget) {
  targets_.completed_baseline = 30;
  add_returned(kJuly, 35, Grade::kGood);
  EXPECT_EQ(snapshot().find("completed_to_standard")->rag, Rag::kAmber);
  targets_.stretch_per_team = 0;
  const PerformanceSnapshot s = snapshot();
  const SnapshotMeasure* m = s.find("completed_to_standard");
  EXPECT_EQ(m->rag, Rag::kGreen);
  EXPECT_EQ(m->direction_of_travel,
            "35: increased from 0 in June and 0 in May; meets stretch target (0)");
}

TEST_F(PerformanceSnapshotTest, QuarterSharesCompareWithTheTwoQuartersBefore) {
  // Q2 22/23 to date (July): 1 of 5 Good or better = 20%.
  add_returned(kJuly, 1, Grade::kGood);
  add_returned(kJuly, 4, Grade::kRequiresImprovement);
  // Q1 22/23 (April to June): 2 of 5 = 40%.
  add_returned(Month(2022, 4), 1, Grade::kOutstanding);
  add_returned(Month(2022, 6), 1, Grade::kGood);
  add_returned(Month(2022, 5), 3, Grade::kInadequate);
  // Q4 21/22 (January to March): 3 of 8 = 37.5%, shown as 38%.
  add_returned(Month(2022, 1), 3, Grade::kGood);
  add_returned(Month(2022, 3), 5, Grade::kRequiresImprovement);
  // Q3 21/22: not compared.
  add_returned(Month(2021, 12), 9, Grade::kGood);
  const PerformanceSnapshot s = snapshot();
  EXPECT_EQ(s.quarter.to_string(), "2022-Q2");
  EXPECT_EQ(s.quarter_to_date, (Period{kJuly, kJuly}));
  const SnapshotMeasure* good = s.find("good_or_better");
  EXPECT_EQ(good->numerator, 1);
  EXPECT_EQ(good->denominator, 5);
  EXPECT_DOUBLE_EQ(*good->value, 0.2);
  EXPECT_EQ(good->rag, Rag::kRed);  // 30 points below target, margin 10
  EXPECT_EQ(good->direction_of_travel,
            "20%: decreased from 40% in Q1 22/23 and 38% in Q4 21/22; below target (50%)");
  const SnapshotMeasure* ri = s.find("requires_improvement");
  EXPECT_DOUBLE_EQ(*ri->value, 0.8);
  EXPECT_FALSE(ri->rag);  // no target
  EXPECT_EQ(ri->direction_of_travel, "80%: increased from 0% in Q1 22/23 and 63% in Q4 21/22");
  const SnapshotMeasure* inadequate = s.find("inadequate");
  EXPECT_EQ(inadequate->rag, Rag::kGreen);
  EXPECT_EQ(inadequate->direction_of_travel,
            "0%: decreased from 60% in Q1 22/23 and 0% in Q4 21/22; within target (at most 9%)");
}

TEST_F(PerformanceSnapshotTest, SharesWithinTheConfiguredMarginAreAmber) {
  add_returned(kJuly, 9, Grade::kGood);
  add_returned(kJuly, 11, Grade::kRequiresImprovement);  // 45% Good or better
  EXPECT_EQ(snapshot().find("good_or_better")->rag, Rag::kAmber);
  targets_.amber_margin = 0.04;
  EXPECT_EQ(snapshot().find("good_or_better")->rag, Rag::kRed);
  targets_.good_or_better = 0.45;
  EXPECT_EQ(snapshot().find("good_or_better")->rag, Rag::kGreen);
}

TEST_F(PerformanceSnapshotTest, CompletionRateIsOfAvailableAuditors) {
  for (Id id : {1, 2, 3}) {
    authority_.staff.push_back({.id = id,
                                .name = "Auditor",
                                .email = std::to_string(id) + "@x",
                                .team_id = 1,
                                .auditor = true});
  }
  for (Id auditor : {1, 2}) {
    authority_.audits.push_back({.id = 500 + auditor,
                                 .month = kJuly,
                                 .child_id = 102,
                                 .auditor_id = auditor,
                                 .status = AuditStatus::kSubmitted,
                                 .overall_grade = Grade::kGood});
  }
  const PerformanceSnapshot s = snapshot();
  const SnapshotMeasure* m = s.find("completion_rate");
  EXPECT_EQ(m->numerator, 2);
  EXPECT_EQ(m->denominator, 3);
  EXPECT_EQ(m->rag, Rag::kRed);  // 67% against 90%
  EXPECT_EQ(m->direction_of_travel,
            "67%: increased from 0% in June and 0% in May; below target (90%)");
}

TEST_F(PerformanceSnapshotTest, ActionsAreThoseOfThePreviousMonthsAudits) {
  add_returned(Month(2022, 6), 1, Grade::kGood);  // audit 1
  add_returned(kJuly, 1, Grade::kGood);           // audit 2: its action is July's
  const auto action = [](Id id, Id audit, const char* due, const char* done) {
    Action a{
        .id = id, .audit_id = audit, .description = "act", .owner_id = 1, .due_date = day(due)};
    if (done) {
      a.status = ActionStatus::kCompleted;
      a.completed_on = day(done);
    }
    return a;
  };
  authority_.actions = {action(1, 1, "2022-07-15", "2022-07-10"),   // on time
                        action(2, 1, "2022-07-15", "2022-07-20"),   // late
                        action(3, 1, "2022-07-20", nullptr),        // overdue at 31 July
                        action(4, 1, "2022-08-02", nullptr),        // not yet due at 31 July
                        action(5, 2, "2022-07-01", "2022-07-01")};  // July's audit
  const PerformanceSnapshot s = snapshot();
  const SnapshotMeasure* m = s.find("actions_on_time");
  EXPECT_EQ(m->numerator, 1);
  EXPECT_EQ(m->denominator, 3);
  EXPECT_EQ(m->rag, Rag::kRed);
}

TEST_F(PerformanceSnapshotTest, ParticipationLeavesOutNotApplicableAnswers) {
  add_returned(kJuly, 4, Grade::kGood);
  const auto yes = Participation::kYes, no = Participation::kNo, na = Participation::kNotApplicable;
  authority_.audits[0].participation = AuditParticipation{yes, yes, yes, yes, na};
  authority_.audits[1].participation = AuditParticipation{no, yes, yes, yes, yes};
  authority_.audits[2].participation = AuditParticipation{na, no, yes, no, na};
  // audits[3] has no answers (returned before they were asked): not counted.
  const PerformanceSnapshot s = snapshot();
  const SnapshotMeasure* child = s.find("participation_child");
  EXPECT_EQ(child->numerator, 1);
  EXPECT_EQ(child->denominator, 2);
  EXPECT_EQ(*child->target, 0.8);
  const SnapshotMeasure* family = s.find("participation_family");
  EXPECT_EQ(family->numerator, 2);
  EXPECT_EQ(family->denominator, 3);
  EXPECT_EQ(s.find("participation_worker")->rag, Rag::kGreen);
  const SnapshotMeasure* manager = s.find("participation_team_manager");
  EXPECT_EQ(manager->numerator, 2);
  EXPECT_EQ(manager->denominator, 3);
  EXPECT_EQ(manager->rag, Rag::kRed);  // 67% against 95%
  const SnapshotMeasure* iro = s.find("participation_iro");
  EXPECT_EQ(iro->numerator, 1);
  EXPECT_EQ(iro->denominator, 1);
}

TEST_F(PerformanceSnapshotTest, DomainSharesForTheNamedDomains) {
  targets_.snapshot_domains = {"Assessment", "Plans"};
  add_returned(kJuly, 4, Grade::kGood);
  authority_.audits[0].domain_grades = {{"Assessment", Grade::kGood},
                                        {"Plans", Grade::kInadequate}};
  authority_.audits[1].domain_grades = {{"Assessment", Grade::kRequiresImprovement}};
  authority_.audits[2].domain_grades = {{"Assessment", Grade::kOutstanding}};
  const PerformanceSnapshot s = snapshot();
  const SnapshotMeasure* assessment = s.find("domain_good_or_better", "Assessment");
  ASSERT_NE(assessment, nullptr);
  EXPECT_EQ(assessment->numerator, 2);
  EXPECT_EQ(assessment->denominator, 3);
  EXPECT_EQ(assessment->rag, Rag::kGreen);
  const SnapshotMeasure* plans = s.find("domain_good_or_better", "Plans");
  EXPECT_EQ(plans->numerator, 0);
  EXPECT_EQ(plans->denominator, 1);
  EXPECT_EQ(s.find("domain_good_or_better", "Supervision"), nullptr);
}

TEST_F(PerformanceSnapshotTest, ConcernsAreCountedAsAtTheMonthsEnd) {
  authority_.concerns = {
      {.id = 1, .child_id = 101, .raised_on = day("2022-07-05")},
      // Resolved after July: still open at July's end.
      {.id = 2,
       .child_id = 102,
       .raised_on = day("2021-06-01"),
       .status = ConcernStatus::kResolved,
       .resolved_on = day("2022-08-02")},
      // Raised after July: not counted.
      {.id = 3, .child_id = 103, .raised_on = day("2022-08-01")},
      // Resolved in June.
      {.id = 4,
       .child_id = 104,
       .raised_on = day("2022-05-01"),
       .status = ConcernStatus::kResolved,
       .resolved_on = day("2022-06-10")},
  };
  const PerformanceSnapshot s = snapshot();
  const SnapshotMeasure* open = s.find("open_concerns");
  EXPECT_EQ(open->numerator, 2);
  EXPECT_EQ(open->direction_of_travel, "2: increased from 1 in June and 2 in May");
  EXPECT_EQ(s.find("open_concerns_over_12_months")->numerator, 1);
}

TEST_F(PerformanceSnapshotTest, TeamsWithoutACompletedAuditAreNamed) {
  authority_.teams.resize(3);
  add_returned(kJuly, 1, Grade::kGood);  // audit 1: child 102, team 2
  authority_.audits.push_back(
      {.id = 99, .month = kJuly, .child_id = 101, .auditor_id = 7});  // allocated only
  const PerformanceSnapshot s = snapshot();
  const SnapshotMeasure* m = s.find("teams_without_completed_audit");
  EXPECT_EQ(m->numerator, 2);
  EXPECT_EQ(m->names, (std::vector<std::string>{"Team 1", "Team 3"}));
}

TEST(FinancialQuarterTest, QuartersFollowTheFinancialYear) {
  EXPECT_EQ(quarter_of(Month(2024, 4), 4), (FinancialQuarter{2024, 1}));
  EXPECT_EQ(quarter_of(Month(2024, 6), 4), (FinancialQuarter{2024, 1}));
  EXPECT_EQ(quarter_of(Month(2025, 3), 4), (FinancialQuarter{2024, 4}));
  EXPECT_EQ(quarter_of(Month(2025, 3), 1), (FinancialQuarter{2025, 1}));
  EXPECT_EQ((FinancialQuarter{2024, 4}).period(4), (Period{Month(2025, 1), Month(2025, 3)}));
  EXPECT_EQ((FinancialQuarter{2022, 1}).in_words(4), "Q1 22/23");
  EXPECT_EQ((FinancialQuarter{2022, 1}).in_words(1), "Q1 2022");
  EXPECT_EQ(previous(FinancialQuarter{2022, 1}), (FinancialQuarter{2021, 4}));
  EXPECT_EQ(parse_quarter("2024-Q3"), (FinancialQuarter{2024, 3}));
  for (const char* bad : {"2024-Q5", "2024-Q0", "2024Q1", "24-Q1", "2024-q1", "1999-Q1"}) {
    try {
      parse_quarter(bad, "quarter");
      ADD_FAILURE() << bad;
    } catch (const InputError& error) {
      EXPECT_EQ(error.field(), "quarter");
    }
  }
}

}  // namespace
}  // namespace caseaudit
