// The month report: the figures leaders read for one month of the audit
// cycle (completion against available auditors, grade shares overall and per
// domain, the moderator effect, teams covered, actions within timescale, open
// cases of concern).
//
// Pure: a function of a snapshot, a month, the allocation policy (which says
// who is available) and today's date; no I/O. Thread-compatible.
//
// Counts, not only shares, are returned so that every figure can be checked
// by hand; a share is nullopt when its denominator is 0.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/allocation/policy.h"
#include "scheduler/model.h"

namespace caseaudit {

struct GradeCounts {
  int graded = 0;               // the denominator of the shares
  std::map<Grade, int> counts;  // every grade present, 0 when none
  std::optional<double> share(Grade grade) const;
  // Outstanding or good: the "Good or better" target.
  std::optional<double> good_or_better() const;
};

struct ModeratorEffect {
  int moderated = 0;  // moderated audits with both an overall and a moderated grade
  int upgraded = 0;
  int downgraded = 0;
  int unchanged = 0;
  std::optional<double> upgraded_share() const;
  std::optional<double> downgraded_share() const;
};

struct ActionCounts {
  int total = 0;              // actions of the month's audits
  int completed_on_time = 0;  // completed on or before the due date
  int completed_late = 0;
  int overdue = 0;      // open, due date before today
  int not_yet_due = 0;  // open, due today or later
  // completed_on_time / (completed + overdue): of the actions whose time has
  // come, the share done within it.
  std::optional<double> on_time_share() const;
};

struct ConcernCounts {
  // Open cases of concern in the whole authority as at the month's end (or
  // today while the month runs): raised by then and not resolved by then.
  int open = 0;
  int open_category_1 = 0;
  int open_category_2 = 0;
  int open_over_12_months = 0;  // raised more than 12 months before that day
  int raised_from_month = 0;    // raised from this month's audits (open or not)
};

struct MonthReport {
  Month month;
  int available_auditors = 0;  // as the allocation sees them (Roster)
  int allocated = 0;           // the month's audits, not withdrawn
  int withdrawn = 0;
  int submitted = 0;  // submitted or moderated
  int moderated = 0;
  int completed_to_standard = 0;
  int auditors_completed = 0;  // distinct auditors with a submitted audit
  // auditors_completed / available_auditors (target 90%).
  std::optional<double> completion_rate() const;

  // The final grade: the moderated one when moderated, else the auditor's.
  GradeCounts overall;
  std::map<std::string, GradeCounts> domains;  // the auditors' domain grades
  ModeratorEffect moderator_effect;

  int teams = 0;
  int teams_covered = 0;    // with at least one audit allocated
  int teams_completed = 0;  // with at least one audit submitted
  std::vector<Id> teams_without_audit;

  ActionCounts actions;
  ConcernCounts concerns;
};

// `today` is the authority's local date (for overdue actions; concerns are
// counted as at min(today, the month's last day)). Every figure but
// concerns.open* is about `month`'s audits alone, so `authority` need hold
// no more than Transaction::load_report_authority({month, month}) gives.
MonthReport month_report(const Authority& authority, Month month, const Policy& policy, Date today);

}  // namespace caseaudit
