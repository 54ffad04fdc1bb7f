// The quarterly QA report (000_/001_): the tables of returned audits over a
// period of whole months (a financial quarter, or any from/to):
//   grades by month with moderated counts and totals; quarter totals with
//   share sentences ("7 out of 77 audits (9%) were graded as Inadequate");
//   per-domain grades by month with N/A and totals; moderation (kept,
//   upgraded, downgraded); looped audits' agreement; family feedback;
//   participation; grades by team, service and legal status; and a 12-month
//   trend of the headline shares ending with the period's last month.
//
// The impact follow-up's answers (yes / partly / no) are counted from the
// answers given about the period's audits (FollowUpRepository::
// impact_responses_for_months), whenever they were given.
// Breakdowns use the child's team and legal status as they stand now.
//
// Pure: a function of the snapshot, the period and the domain list;
// thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "scheduler/model.h"
#include "scheduler/reporting/financial_quarter.h"
#include "scheduler/reporting/month_report.h"
#include "scheduler/reporting/report_figures.h"

namespace caseaudit {

struct MonthGrades {
  Month month;
  GradeCounts grades;  // grades.graded is the month's total of graded audits
  int moderated = 0;
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

struct LoopedAgreement {
  int pairs = 0;  // loop groups whose two audits both have the auditor's grade
  int agreed = 0;
  int differed = 0;
  std::optional<double> agreed_share() const { return share_of(agreed, pairs); }
};

struct FeedbackCounts {
  int contacted = 0;
  int attempted = 0;
  int none = 0;
  int not_recorded = 0;  // returned audits without a family feedback answer
  int answered() const { return contacted + attempted + none; }
};

struct ImpactCounts {
  int yes = 0;
  int partly = 0;
  int no = 0;
  int audits = 0;  // audits with at least one answer
  int answered() const { return yes + partly + no; }
};

struct BreakdownRow {
  std::string key;   // the team's or service's id, or the legal status
  std::string name;  // as people read it
  GradeCounts grades;
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
};

// `domains`: the authority's domains in its order; any other domain found
// in the audits follows, by name. `impact`: the answers about audits of the
// period (others are ignored).
QuarterReport quarter_report(const Authority& authority, Period period,
                             const std::vector<std::string>& domains,
                             const std::vector<ImpactResponse>& impact = {});

// "7 out of 77 audits (9%) were graded as Inadequate"
std::string share_sentence(int count, int total, Grade grade);

}  // namespace caseaudit
