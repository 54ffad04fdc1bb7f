// The quarterly report against 000_'s Q1 2024/25 tables: an authority built
// here with the returns of April (31), May (30) and June (16) 2024 must give
// them back figure for figure.
#include "scheduler/reporting/quarter_report.h"

#include <gtest/gtest.h>

namespace caseaudit {
namespace {

class QuarterReportTest : public ::testing::Test {
 protected:
  const Month kApril{2024, 4}, kMay{2024, 5}, kJune{2024, 6};
  const Period kQ1 = FinancialQuarter{2024, 1}.period(4);
  Month kJuly() const { return kJune.next(); }

  QuarterReportTest() {
    authority_.services = {{.id = 1, .name = "Safeguarding"},
                           {.id = 2, .name = "Children in care"}};
    authority_.teams = {{.id = 1, .name = "Hereford North", .service_id = 1},
                        {.id = 2, .name = "Leominster", .service_id = 1},
                        {.id = 3, .name = "Looked after 1", .service_id = 2}};
    authority_.children = {{.id = 1,
                            .case_reference = "CR-1",
                            .team_id = 1,
                            .legal_status = LegalStatus::kChildInNeed},
                           {.id = 2,
                            .case_reference = "CR-2",
                            .team_id = 2,
                            .legal_status = LegalStatus::kChildProtection},
                           {.id = 3,
                            .case_reference = "CR-3",
                            .team_id = 3,
                            .legal_status = LegalStatus::kChildInCare}};
    // 000_'s "Grades / Months" table; the first `moderated` of each month moderated.
    add_month(kApril,
              {{Grade::kGood, 7}, {Grade::kRequiresImprovement, 22}, {Grade::kInadequate, 2}}, 7);
    add_month(kMay, {{Grade::kGood, 7}, {Grade::kRequiresImprovement, 18}, {Grade::kInadequate, 5}},
              4);
    add_month(kJune, {{Grade::kGood, 7}, {Grade::kRequiresImprovement, 9}}, 5);
    // Neither returned nor in the quarter: not counted.
    authority_.audits.push_back({.id = 900, .month = kJune, .child_id = 1, .auditor_id = 1});
    authority_.audits.push_back({.id = 901,
                                 .month = kJune.next(),
                                 .child_id = 1,
                                 .auditor_id = 1,
                                 .status = AuditStatus::kSubmitted,
                                 .overall_grade = Grade::kInadequate});
  }

  void add_month(Month month, std::vector<std::pair<Grade, int>> grades, int moderated) {
    for (const auto& [grade, count] : grades) {
      for (int i = 0; i < count; ++i) {
        Audit audit{.id = next_id_,
                    .month = month,
                    .child_id = 1 + next_id_ % 3,
                    .auditor_id = next_id_,
                    .status = AuditStatus::kSubmitted,
                    .overall_grade = grade};
        ++next_id_;
        if (moderated > 0) {
          --moderated;
          audit.status = AuditStatus::kModerated;
          audit.moderated_grade = grade;
        }
        authority_.audits.push_back(audit);
      }
    }
  }

  QuarterReport report() const { return quarter_report(authority_, kQ1, {"Assessment", "Plans"}); }

  Authority authority_;
  Id next_id_ = 1;
};

TEST_F(QuarterReportTest, GradesByMonthReproduce000sTable) {
  const QuarterReport r = report();
  ASSERT_EQ(r.by_month.size(), 3u);
  const int expected[3][5] = {// outstanding, good, RI, inadequate, moderated
                              {0, 7, 22, 2, 7},
                              {0, 7, 18, 5, 4},
                              {0, 7, 9, 0, 5}};
  const int totals[3] = {31, 30, 16};
  for (int m = 0; m < 3; ++m) {
    const MonthGrades& row = r.by_month[m];
    EXPECT_EQ(row.month, kApril.plus(m));
    EXPECT_EQ(row.grades.counts.at(Grade::kOutstanding), expected[m][0]);
    EXPECT_EQ(row.grades.counts.at(Grade::kGood), expected[m][1]);
    EXPECT_EQ(row.grades.counts.at(Grade::kRequiresImprovement), expected[m][2]);
    EXPECT_EQ(row.grades.counts.at(Grade::kInadequate), expected[m][3]);
    EXPECT_EQ(row.moderated, expected[m][4]);
    EXPECT_EQ(row.grades.graded, totals[m]);
  }
  EXPECT_EQ(r.totals.graded, 77);
  EXPECT_EQ(r.moderated, 16);
}

TEST_F(QuarterReportTest, QuarterTotalsReadAs000sSentences) {
  EXPECT_EQ(report().share_sentences,
            (std::vector<std::string>{
                "7 out of 77 audits (9%) were graded as Inadequate",
                "49 out of 77 audits (64%) were graded as Requires improvement",
                "21 out of 77 audits (27%) were graded as Good",
                "0 out of 77 audits (0%) were graded as Outstanding",
            }));
}

TEST_F(QuarterReportTest, DomainTablesCountNotApplicableAndTotals) {
  authority_.audits[0].domain_grades = {{"Assessment", Grade::kGood}, {"Diversity", Grade::kGood}};
  authority_.audits[1].domain_grades = {{"Assessment", Grade::kInadequate}};
  authority_.audits[40].domain_grades = {{"Assessment", Grade::kGood}};  // in May
  const QuarterReport r = report();
  ASSERT_EQ(r.domains.size(), 3u);  // the configured two, then the one found
  EXPECT_EQ(r.domains[0].domain, "Assessment");
  EXPECT_EQ(r.domains[2].domain, "Diversity");
  const DomainTable& assessment = r.domains[0];
  EXPECT_EQ(assessment.months[0].grades.graded, 2);
  EXPECT_EQ(assessment.months[0].not_applicable, 29);
  EXPECT_EQ(assessment.months[1].grades.counts.at(Grade::kGood), 1);
  EXPECT_EQ(assessment.months[2].grades.graded, 0);
  EXPECT_EQ(assessment.months[2].not_applicable, 16);
  EXPECT_EQ(assessment.total.grades.graded, 3);
  EXPECT_EQ(assessment.total.grades.counts.at(Grade::kGood), 2);
  EXPECT_EQ(assessment.total.not_applicable, 74);
  EXPECT_EQ(r.domains[1].total.not_applicable, 77);  // Plans: no grades at all
}

TEST_F(QuarterReportTest, ModerationKeptUpgradedDowngraded) {
  // April's first 7 are Good and moderated: one of them moderated down.
  authority_.audits[3].moderated_grade = Grade::kRequiresImprovement;  // Good -> RI
  const QuarterReport r = report();
  EXPECT_EQ(r.moderation.moderated, 16);
  EXPECT_EQ(r.moderation.downgraded, 1);
  EXPECT_EQ(r.moderation.upgraded, 0);
  EXPECT_EQ(r.moderation.unchanged, 15);
  // The moderated grade is the one that counts.
  EXPECT_EQ(r.by_month[0].grades.counts.at(Grade::kGood), 6);
}

TEST_F(QuarterReportTest, LoopedAuditsAgreementComparesTheAuditorsGrades) {
  authority_.audits[0].loop_group = 1;   // Good
  authority_.audits[1].loop_group = 1;   // Good: agreed
  authority_.audits[2].loop_group = 2;   // Good
  authority_.audits[10].loop_group = 2;  // RI: differed
  authority_.audits[11].loop_group = 3;  // alone: not a pair
  authority_.audits[40].loop_group = 1;  // May's group 1: alone
  const LoopedAgreement looped = report().looped;
  EXPECT_EQ(looped.pairs, 2);
  EXPECT_EQ(looped.agreed, 1);
  EXPECT_EQ(looped.differed, 1);
  EXPECT_DOUBLE_EQ(*looped.agreed_share(), 0.5);
}

TEST_F(QuarterReportTest, FamilyFeedbackAndParticipationComeFromTheReturns) {
  authority_.audits[0].family_feedback = FamilyFeedback::kContacted;
  authority_.audits[1].family_feedback = FamilyFeedback::kContacted;
  authority_.audits[2].family_feedback = FamilyFeedback::kAttempted;
  authority_.audits[3].family_feedback = FamilyFeedback::kNone;
  authority_.audits[4].participation = AuditParticipation{.child_seen = Participation::kYes};
  const QuarterReport r = report();
  EXPECT_EQ(r.family_feedback.contacted, 2);
  EXPECT_EQ(r.family_feedback.attempted, 1);
  EXPECT_EQ(r.family_feedback.none, 1);
  EXPECT_EQ(r.family_feedback.not_recorded, 73);
  EXPECT_EQ(r.participation.returns, 1);
  EXPECT_EQ(r.participation.child_seen.yes, 1);
  EXPECT_EQ(r.participation.iro.not_applicable, 1);
}

TEST_F(QuarterReportTest, BreakdownsByTeamServiceAndLegalStatusAddUpToTheTotal) {
  const QuarterReport r = report();
  ASSERT_EQ(r.by_team.size(), 3u);
  ASSERT_EQ(r.by_service.size(), 2u);
  ASSERT_EQ(r.by_legal_status.size(), 3u);
  // Audit ids 1..77, child 1 + id % 3: ids with id % 3 == 2 are child 3's (team 3).
  int team3 = 0;
  for (Id id = 1; id <= 77; ++id) team3 += id % 3 == 2;
  EXPECT_EQ(r.by_team[2].name, "Looked after 1");
  EXPECT_EQ(r.by_team[2].grades.graded, team3);
  EXPECT_EQ(r.by_service[1].name, "Children in care");
  EXPECT_EQ(r.by_service[1].grades.graded, team3);
  EXPECT_EQ(r.by_service[0].grades.graded, 77 - team3);
  int by_status = 0;
  for (const BreakdownRow& row : r.by_legal_status) by_status += row.grades.graded;
  EXPECT_EQ(by_status, 77);
  EXPECT_EQ(r.by_legal_status[2].key, "child_in_care");
  EXPECT_EQ(r.by_legal_status[2].name, "Child in care");
}

TEST_F(QuarterReportTest, TrendIsTheTwelveMonthsEndingWithThePeriod) {
  const QuarterReport r = quarter_report(authority_, {kJuly(), kJuly()}, {});
  ASSERT_EQ(r.trend.size(), 12u);
  EXPECT_EQ(r.trend.front().month, Month(2023, 8));
  EXPECT_EQ(r.trend.back().month, kJuly());
  EXPECT_EQ(r.trend[8].grades.graded, 31);  // April 2024
  EXPECT_DOUBLE_EQ(*r.trend[9].grades.share(Grade::kInadequate), 5.0 / 30);
  EXPECT_EQ(r.trend[11].grades.counts.at(Grade::kInadequate), 1);
}

}  // namespace
}  // namespace caseaudit
