// The quarterly QA report (000_/001_): the tables of returned audits over a
// period of whole months (a financial quarter, or any from/to):
//   grades by month with moderated counts and totals; quarter totals with
//   share sentences ("7 out of 77 audits (9%) were graded as Inadequate");
//   per-domain grades by month with N/A and totals; moderation (kept,
//   upgraded, downgraded); looped audits' agreement; family feedback;
//   participation; grades by team, service and legal status; and a 12-month
//   trend of the headline shares ending with the period's last month.
//
// Every figure but the impact answers comes from the months' figures
// (month_figures.h): a closed month's as frozen at its close, with the late
// returns recorded since counted beside them (late_returns), never in them.
// The impact follow-up's answers (yes / partly / no) are counted from the
// answers given about the period's audits (FollowUpRepository::
// impact_responses_for_months), whenever they were given.
// Breakdowns use the child's team and legal status as they stood when the
// month was counted (at its close, for a closed month).
//
// Pure: a function of the figures, the period and the domain list;
// thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "scheduler/model.h"
#include "scheduler/reporting/financial_quarter.h"
#include "scheduler/reporting/month_figures.h"
#include "scheduler/reporting/month_report.h"
#include "scheduler/reporting/report_figures.h"

namespace caseaudit {

struct MonthGrades {
  Month month;
  GradeCounts grades;  // grades.graded is the month's total of graded audits
  int moderated = 0;
  bool frozen = false;   // closed: its figures are those frozen at the close
  int late_returns = 0;  // returned since the close, not in `grades`
};

struct DomainCell {
  GradeCounts grades;
  int not_applicable = 0;  // returned audits without a grade for the domain
};

struct DomainTable {
  std::string domain;
  std::vector<DomainCell> months;  // one per month of the period, in order
  DomainCell total;
};

struct ImpactCounts {
  int yes = 0;
  int partly = 0;
  int no = 0;
  int audits = 0;  // audits with at least one answer
  int answered() const { return yes + partly + no; }
};

struct QuarterReport {
  Period period;
  std::vector<MonthGrades> by_month;
  GradeCounts totals;
  int moderated = 0;
  // Worst grade first: "7 out of 77 audits (9%) were graded as Inadequate".
  std::vector<std::string> share_sentences;
  std::vector<DomainTable> domains;
  ModeratorEffect moderation;  // unchanged = kept the same grade
  LoopedAgreement looped;
  FeedbackCounts family_feedback;
  ImpactCounts impact;
  ParticipationCounts participation;
  std::vector<BreakdownRow> by_team, by_service, by_legal_status;
  std::vector<MonthGrades> trend;  // the 12 months ending with period.to
  int late_returns = 0;            // the period's months' late returns, not in any figure
};

// The months whose figures the report of `period` reads: the period and the
// 12-month trend ending with it.
Period quarter_report_months(Period period);

// `domains`: the authority's domains in its order; any other domain found
// in the audits follows, by name. `impact`: the answers about audits of the
// period (others are ignored).
QuarterReport quarter_report(const ReportFigures& figures, Period period,
                             const std::vector<std::string>& domains,
                             const std::vector<ImpactResponse>& impact = {});
// The same with every month counted from `authority` (nothing frozen).
QuarterReport quarter_report(const Authority& authority, Period period,
                             const std::vector<std::string>& domains,
                             const std::vector<ImpactResponse>& impact = {});

// "7 out of 77 audits (9%) were graded as Inadequate"
std::string share_sentence(int count, int total, Grade grade);

}  // namespace caseaudit
