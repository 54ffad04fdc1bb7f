#include "scheduler/reporting/report_figures.h"

#include <chrono>
#include <cmath>

namespace caseaudit {
namespace {

void add_grade(GradeCounts& counts, Grade grade) {
  if (counts.counts.empty()) {
    for (Grade g : all_values<Grade>()) counts.counts[g] = 0;
  }
  ++counts.graded;
  ++counts.counts[grade];
}

GradeCounts empty_grades() {
  GradeCounts counts;
  for (Grade g : all_values<Grade>()) counts.counts[g] = 0;
  return counts;
}

void count_answer(AnswerCounts& counts, Participation answer) {
  switch (answer) {
    case Participation::kYes:
      ++counts.yes;
      break;
    case Participation::kNo:
      ++counts.no;
      break;
    case Participation::kNotApplicable:
      ++counts.not_applicable;
      break;
  }
}

}  // namespace

bool is_returned(const Audit& audit) {
  return audit.status == AuditStatus::kSubmitted || audit.status == AuditStatus::kModerated;
}

GradeCounts final_grades(const Authority& authority, Period period) {
  GradeCounts counts = empty_grades();
  for (const Audit& audit : authority.audits) {
    if (!period.contains(audit.month) || !is_returned(audit)) continue;
    if (auto grade = current_grade(audit)) add_grade(counts, *grade);
  }
  return counts;
}

GradeCounts domain_grades(const Authority& authority, Period period, const std::string& domain) {
  GradeCounts counts = empty_grades();
  for (const Audit& audit : authority.audits) {
    if (!period.contains(audit.month) || !is_returned(audit)) continue;
    const auto found = audit.domain_grades.find(domain);
    if (found != audit.domain_grades.end()) add_grade(counts, found->second);
  }
  return counts;
}

std::optional<double> AnswerCounts::yes_share() const { return share_of(yes, yes + no); }

void count_participation(ParticipationCounts& counts, const AuditParticipation& answers) {
  ++counts.returns;
  count_answer(counts.child_seen, answers.child_seen);
  count_answer(counts.family, answers.family);
  count_answer(counts.worker, answers.worker);
  count_answer(counts.team_manager, answers.team_manager);
  count_answer(counts.iro, answers.iro);
}

ParticipationCounts participation(const Authority& authority, Period period) {
  ParticipationCounts counts;
  for (const Audit& audit : authority.audits) {
    if (!period.contains(audit.month) || !is_returned(audit) || !audit.participation) continue;
    count_participation(counts, *audit.participation);
  }
  return counts;
}

OpenConcerns open_concerns_at(const Authority& authority, Date day) {
  const Date year_before{day.year() - std::chrono::years(1), day.month(), day.day()};
  OpenConcerns counts;
  for (const Concern& concern : authority.concerns) {
    if (day < concern.raised_on) continue;
    const bool resolved_by_then = concern.status == ConcernStatus::kResolved &&
                                  (!concern.resolved_on || *concern.resolved_on <= day);
    if (resolved_by_then) continue;
    ++counts.open;
    if (concern.raised_on < year_before) ++counts.over_12_months;
  }
  return counts;
}

std::optional<double> share_of(int numerator, int denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / denominator;
}

int whole_percent(double share) { return static_cast<int>(std::floor(share * 100.0 + 0.5)); }

std::string share_percent(double share) { return std::to_string(whole_percent(share)) + "%"; }

}  // namespace caseaudit
