// The monthly performance snapshot (003_'s first page): for one month, each
// measure leaders read with its value, target, RAG rating and a sentence on
// its direction of travel that the daemon writes, e.g.
//   "35: decreased from 44 in June and 40 in May; below baseline (45)".
//
// Month measures (audits completed to standard, completion rate, actions,
// concerns, teams) compare with the two months before; quarter measures
// (grade, domain and participation shares) are the quarter to date (the
// financial quarter's first month to this month) against the two quarters
// before. Concerns are counted as at the period's end, not as at today.
// Every figure comes from the months' figures (month_figures.h): a closed
// month's as frozen at its close, with the late returns recorded since
// counted beside them (late_returns), never in them.
//
// Pure: a function of the figures, the month, the targets and the
// authority's local date; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/allocation/policy.h"
#include "scheduler/model.h"
#include "scheduler/reporting/financial_quarter.h"
#include "scheduler/reporting/month_figures.h"
#include "scheduler/reporting/report_targets.h"

namespace caseaudit {

enum class Rag { kRed, kAmber, kGreen };
std::string_view to_string(Rag rag);  // "red", "amber", "green"
std::string in_words(Rag rag);        // "Red", "Amber", "Green"

enum class MeasureUnit { kCount, kShare };
enum class Better { kHigher, kLower };

struct EarlierFigure {
  std::string label;  // "June", "May 2026", "Q1 22/23"
  std::optional<double> value;
};

struct SnapshotMeasure {
  std::string key;     // stable: "completion_rate", "domain_good_or_better", ...
  std::string label;   // as leaders read it
  std::string domain;  // the domain, for domain_good_or_better only
  MeasureUnit unit = MeasureUnit::kCount;
  bool quarterly = false;  // quarter to date, else the month
  Better better = Better::kHigher;
  std::optional<double> value;  // nullopt: nothing to count
  int numerator = 0;            // the count (a share's numerator)
  int denominator = 0;          // a share's denominator; 0 for counts
  std::optional<double> target;
  std::optional<double> baseline;
  std::optional<Rag> rag;              // nullopt without a target or a value
  std::vector<EarlierFigure> earlier;  // the two periods before, latest first
  std::string direction_of_travel;
  std::vector<std::string> names;  // teams_without_completed_audit: the teams
  // Returns of the value's period (the month, or the quarter to date)
  // recorded after its months closed: not in the value.
  int late_returns = 0;
};

struct PerformanceSnapshot {
  Month month;
  FinancialQuarter quarter;
  Period quarter_to_date;
  Date as_of;                    // the month's last day, or today while the month runs
  bool frozen = false;           // the month is closed: its figures frozen at the close
  int late_returns = 0;          // the month's returns since its close, not in the figures
  int late_returns_quarter = 0;  // the quarter to date's, likewise
  std::vector<SnapshotMeasure> measures;
  const SnapshotMeasure* find(std::string_view key, std::string_view domain = {}) const;
};

// The months whose figures the snapshot of `month` reads: the month, the two
// before it, the quarter to date and the two quarters before that.
Period snapshot_months(Month month);

PerformanceSnapshot performance_snapshot(const ReportFigures& figures, Month month,
                                         const ReportTargets& targets);
// The same with every month counted from `authority` (nothing frozen).
PerformanceSnapshot performance_snapshot(const Authority& authority, Month month,
                                         const Policy& policy, const ReportTargets& targets,
                                         Date today);

// The RAG rule (exposed for tests): counts with a baseline are red below it,
// amber from it and green from the target; shares are green when they meet
// the target, amber within `amber_margin` of it, red further away.
std::optional<Rag> rag_rating(const SnapshotMeasure& measure, double amber_margin);

// The direction-of-travel sentence of a measure whose other fields are set.
std::string direction_of_travel(const SnapshotMeasure& measure);

}  // namespace caseaudit
