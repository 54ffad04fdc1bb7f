#include "scheduler/reporting/month_report.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "scheduler/allocation/availability.h"

namespace caseaudit {
namespace {

std::optional<double> ratio(int numerator, int denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / denominator;
}

// Higher is better; the enumeration lists grades best first.
int rank(Grade grade) { return -static_cast<int>(grade); }

void count_grade(GradeCounts& counts, Grade grade) {
  if (counts.counts.empty()) {
    for (Grade g : all_values<Grade>()) counts.counts[g] = 0;
  }
  ++counts.graded;
  ++counts.counts[grade];
}

bool is_submitted(const Audit& audit) {
  return audit.status == AuditStatus::kSubmitted || audit.status == AuditStatus::kModerated;
}

void count_moderation(ModeratorEffect& effect, const Audit& audit) {
  if (audit.status != AuditStatus::kModerated || !audit.overall_grade || !audit.moderated_grade) {
    return;
  }
  ++effect.moderated;
  const int change = rank(*audit.moderated_grade) - rank(*audit.overall_grade);
  if (change > 0) {
    ++effect.upgraded;
  } else if (change < 0) {
    ++effect.downgraded;
  } else {
    ++effect.unchanged;
  }
}

void count_action(ActionCounts& counts, const Action& action, Date today) {
  ++counts.total;
  if (action.status == ActionStatus::kCompleted) {
    const bool on_time = !action.completed_on || *action.completed_on <= action.due_date;
    ++(on_time ? counts.completed_on_time : counts.completed_late);
  } else {
    ++(action.due_date < today ? counts.overdue : counts.not_yet_due);
  }
}

// As at the end of `as_of`: raised by then and not resolved by then.
ConcernCounts count_concerns(const Authority& authority, const std::unordered_set<Id>& audit_ids,
                             Date as_of) {
  const Date year_ago{as_of.year() - std::chrono::years(1), as_of.month(), as_of.day()};
  ConcernCounts counts;
  for (const Concern& concern : authority.concerns) {
    if (concern.audit_id && audit_ids.contains(*concern.audit_id)) ++counts.raised_from_month;
    if (as_of < concern.raised_on) continue;
    const bool resolved_by_then = concern.status == ConcernStatus::kResolved &&
                                  (!concern.resolved_on || *concern.resolved_on <= as_of);
    if (resolved_by_then) continue;
    ++counts.open;
    ++(concern.category == 1 ? counts.open_category_1 : counts.open_category_2);
    if (concern.raised_on < year_ago) ++counts.open_over_12_months;
  }
  return counts;
}

}  // namespace

std::optional<double> GradeCounts::share(Grade grade) const {
  const auto found = counts.find(grade);
  return ratio(found == counts.end() ? 0 : found->second, graded);
}

std::optional<double> GradeCounts::good_or_better() const {
  const auto count = [this](Grade grade) {
    const auto found = counts.find(grade);
    return found == counts.end() ? 0 : found->second;
  };
  return ratio(count(Grade::kOutstanding) + count(Grade::kGood), graded);
}

std::optional<double> ModeratorEffect::upgraded_share() const { return ratio(upgraded, moderated); }
std::optional<double> ModeratorEffect::downgraded_share() const {
  return ratio(downgraded, moderated);
}

std::optional<double> ActionCounts::on_time_share() const {
  return ratio(completed_on_time, completed_on_time + completed_late + overdue);
}

std::optional<double> MonthReport::completion_rate() const {
  return ratio(auditors_completed, available_auditors);
}

MonthReport month_report(const Authority& authority, Month month, const Policy& policy,
                         Date today) {
  MonthReport report{.month = month};
  report.available_auditors =
      static_cast<int>(Availability(authority.staff, authority.exemptions, month, policy)
                           .available_auditors()
                           .size());

  std::unordered_map<Id, Id> team_of_child;
  for (const Child& child : authority.children) team_of_child.emplace(child.id, child.team_id);
  std::set<Id> covered, completed;
  std::unordered_set<Id> auditors_completed, audit_ids;
  for (const Audit& audit : authority.audits) {
    if (audit.month != month) continue;
    if (audit.status == AuditStatus::kWithdrawn) {
      ++report.withdrawn;
      continue;
    }
    ++report.allocated;
    audit_ids.insert(audit.id);
    const auto team = team_of_child.find(audit.child_id);
    if (team != team_of_child.end()) covered.insert(team->second);
    if (!is_submitted(audit)) continue;
    ++report.submitted;
    auditors_completed.insert(audit.auditor_id);
    if (team != team_of_child.end()) completed.insert(team->second);
    if (audit.status == AuditStatus::kModerated) ++report.moderated;
    if (audit.outcome == AuditOutcome::kCompletedToStandard) ++report.completed_to_standard;
    if (auto final_grade = audit.moderated_grade ? audit.moderated_grade : audit.overall_grade) {
      count_grade(report.overall, *final_grade);
    }
    for (const auto& [domain, grade] : audit.domain_grades)
      count_grade(report.domains[domain], grade);
    count_moderation(report.moderator_effect, audit);
  }
  report.auditors_completed = static_cast<int>(auditors_completed.size());

  report.teams = static_cast<int>(authority.teams.size());
  report.teams_covered = static_cast<int>(covered.size());
  report.teams_completed = static_cast<int>(completed.size());
  for (const Team& team : authority.teams) {
    if (!covered.contains(team.id)) report.teams_without_audit.push_back(team.id);
  }

  for (const Action& action : authority.actions) {
    if (audit_ids.contains(action.audit_id)) count_action(report.actions, action, today);
  }
  report.concerns = count_concerns(authority, audit_ids, std::min(today, month.last_day()));
  return report;
}

}  // namespace caseaudit
