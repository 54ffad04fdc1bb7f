// The figures of one month that the leaders' reports read (the performance
// snapshot and the quarterly report): grades, domains, moderation, looped
// agreement, family feedback, participation, breakdowns, completion, the
// previous month's actions and the open concerns as at the month's end, and
// the teams with no completed audit. Counted so that months add up into
// quarters.
//
// A closed month's figures are frozen when it closes (stored in the close's
// transaction, MonthFiguresRepository) and the reports read them from there
// ever after, so next quarter's report gives the same numbers; a return
// recorded after the close is a late return, counted beside them
// (ReportFigures::late_returns), never in them. An open month's figures are
// counted from the authority as it stands.
//
// Pure: functions of the snapshot; thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "scheduler/allocation/policy.h"
#include "scheduler/model.h"
#include "scheduler/reporting/financial_quarter.h"
#include "scheduler/reporting/month_report.h"
#include "scheduler/reporting/report_figures.h"

namespace caseaudit {

// A team as the reports name it: its name, followed by its service's
// ("Permanence (Hereford Court)") when another team has the same name.
struct TeamName {
  Id id = 0;
  std::string name;
  friend bool operator==(const TeamName&, const TeamName&) = default;
};

struct MonthFigures {
  // The layout's version, stored beside frozen figures: a reader refuses
  // figures of a version it does not know rather than misread them.
  static constexpr int kSchemaVersion = 1;

  Month month;
  // Month-only figures (not summed over a period).
  int available_auditors = 0;  // as the allocation sees them (Roster)
  int auditors_completed = 0;  // distinct auditors with a returned audit
  // The previous month's audits' actions, as at this month's end.
  ActionCounts previous_month_actions;
  OpenConcerns concerns;  // open cases of concern as at this month's end
  std::vector<TeamName> teams_without_completed_audit;

  // Additive figures, about this month's returned audits.
  int returned = 0;
  int moderated = 0;
  int completed_to_standard = 0;
  GradeCounts grades;                          // final grades
  std::map<std::string, GradeCounts> domains;  // the auditors' domain grades
  ModeratorEffect moderation;
  LoopedAgreement looped;
  FeedbackCounts family_feedback;
  ParticipationCounts participation;
  // In key order: ids numerically, legal statuses in their enumeration's.
  std::vector<BreakdownRow> by_team, by_service, by_legal_status;
  std::vector<Id> returned_audits;  // ascending: tells late returns apart
};

// The figures of `month` counted from `authority`, with actions and
// concerns as at the end of `as_of` (the month's last day, or an earlier
// today while it runs).
MonthFigures count_month_figures(const Authority& authority, Month month, const Policy& policy,
                                 Date as_of);

// Adds the additive figures of `from` into `into` (the month-only ones are
// left as they are).
void add_figures(MonthFigures& into, const MonthFigures& from);

// The months of audits the figures of `months` are counted from: those
// months and the one before (each month counts the actions of the audits of
// the month before). What Transaction::load_report_authority() is asked for.
Period audit_months_for(Period months);

// The reports' source of month figures: a frozen month's as frozen, any
// other counted from the authority as at min(today, the month's end), each
// counted once. `months`: the months it may be asked for; the authority must
// hold the audits of audit_months_for(months) (and may hold more).
// `authority` and `policy` must outlive this object.
class ReportFigures {
 public:
  ReportFigures(const Authority& authority, const Policy& policy, Date today, Period months,
                std::map<Month, MonthFigures> frozen = {});

  // Precondition: months.contains(month) (ProgramError otherwise).
  const MonthFigures& month(Month month) const;
  // The additive figures summed over `period` (month-only ones empty).
  MonthFigures period(Period period) const;
  bool is_frozen(Month month) const { return frozen_.contains(month); }
  // Returned audits of a frozen month that its figures do not count: those
  // returned after the close (0 for a month not frozen).
  int late_returns(Month month) const;
  int late_returns(Period period) const;

  const Authority& authority() const { return authority_; }
  Date today() const { return today_; }

 private:
  const Authority& authority_;
  const Policy& policy_;
  Date today_;
  Period months_;
  std::map<Month, MonthFigures> frozen_;
  mutable std::map<Month, MonthFigures> counted_;
};

// "2 late returns since the month closed, not in these figures" (nullopt
// when there are none); `what` is "the month" or "its months".
std::optional<std::string> late_returns_note(int late_returns, const std::string& what);

}  // namespace caseaudit
