#include "scheduler/reporting/quarter_report.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "scheduler/words.h"

namespace caseaudit {
namespace {

GradeCounts empty_grades() {
  GradeCounts counts;
  for (Grade g : all_values<Grade>()) counts.counts[g] = 0;
  return counts;
}

void add_grade(GradeCounts& counts, Grade grade) {
  ++counts.graded;
  ++counts.counts[grade];
}

int rank(Grade grade) { return -static_cast<int>(grade); }

void count_moderation(ModeratorEffect& effect, const Audit& audit) {
  if (audit.status != AuditStatus::kModerated || !audit.overall_grade || !audit.moderated_grade) {
    return;
  }
  ++effect.moderated;
  const int change = rank(*audit.moderated_grade) - rank(*audit.overall_grade);
  ++(change > 0 ? effect.upgraded : change < 0 ? effect.downgraded : effect.unchanged);
}

void count_feedback(FeedbackCounts& counts, const std::optional<FamilyFeedback>& feedback) {
  if (!feedback) {
    ++counts.not_recorded;
    return;
  }
  switch (*feedback) {
    case FamilyFeedback::kContacted:
      ++counts.contacted;
      break;
    case FamilyFeedback::kAttempted:
      ++counts.attempted;
      break;
    case FamilyFeedback::kNone:
      ++counts.none;
      break;
  }
}

std::vector<std::string> domain_order(const Authority& authority, Period period,
                                      const std::vector<std::string>& configured) {
  std::vector<std::string> order = configured;
  std::vector<std::string> found;
  for (const Audit& audit : authority.audits) {
    if (!period.contains(audit.month) || !is_returned(audit)) continue;
    for (const auto& [domain, grade] : audit.domain_grades) {
      if (std::find(order.begin(), order.end(), domain) == order.end() &&
          std::find(found.begin(), found.end(), domain) == found.end()) {
        found.push_back(domain);
      }
    }
  }
  std::sort(found.begin(), found.end());
  order.insert(order.end(), found.begin(), found.end());
  return order;
}

std::vector<DomainTable> domain_tables(const std::vector<const Audit*>& returned, Period period,
                                       const std::vector<std::string>& order) {
  std::vector<DomainTable> tables;
  for (const std::string& domain : order) {
    DomainTable table{.domain = domain,
                      .months = std::vector<DomainCell>(period.months(), {empty_grades(), 0}),
                      .total = {empty_grades(), 0}};
    for (const Audit* audit : returned) {
      DomainCell& cell = table.months[audit->month.minus(period.from)];
      const auto found = audit->domain_grades.find(domain);
      if (found == audit->domain_grades.end()) {
        ++cell.not_applicable;
        ++table.total.not_applicable;
      } else {
        add_grade(cell.grades, found->second);
        add_grade(table.total.grades, found->second);
      }
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

LoopedAgreement looped_agreement(const std::vector<const Audit*>& returned) {
  std::map<std::pair<Month, int>, std::vector<Grade>> groups;
  for (const Audit* audit : returned) {
    if (audit->loop_group && audit->overall_grade) {
      groups[{audit->month, *audit->loop_group}].push_back(*audit->overall_grade);
    }
  }
  LoopedAgreement looped;
  for (const auto& [group, grades] : groups) {
    if (grades.size() != 2) continue;
    ++looped.pairs;
    ++(grades[0] == grades[1] ? looped.agreed : looped.differed);
  }
  return looped;
}

// Rows keyed by `key_of` (an id, or an enumeration's index; nullopt: left
// out), in key order, with the key and name of `describe`.
template <typename KeyOf, typename Describe>
std::vector<BreakdownRow> breakdown(const std::vector<const Audit*>& returned, KeyOf key_of,
                                    Describe describe) {
  std::map<Id, BreakdownRow> rows;
  for (const Audit* audit : returned) {
    const auto grade = current_grade(*audit);
    const std::optional<Id> key = key_of(*audit);
    if (!grade || !key) continue;
    auto [row, inserted] = rows.try_emplace(*key, describe(*key));
    if (inserted) row->second.grades = empty_grades();
    add_grade(row->second.grades, *grade);
  }
  std::vector<BreakdownRow> result;
  for (auto& [key, row] : rows) result.push_back(std::move(row));
  return result;
}

void add_breakdowns(QuarterReport& report, const Authority& authority,
                    const std::vector<const Audit*>& returned) {
  std::unordered_map<Id, const Child*> children;
  for (const Child& child : authority.children) children.emplace(child.id, &child);
  std::unordered_map<Id, const Team*> teams;
  for (const Team& team : authority.teams) teams.emplace(team.id, &team);
  std::unordered_map<Id, std::string> service_names;
  for (const Service& service : authority.services) service_names[service.id] = service.name;
  const auto child_of = [&](const Audit& audit) -> const Child* {
    const auto child = children.find(audit.child_id);
    return child == children.end() ? nullptr : child->second;
  };
  const auto team_of = [&](const Audit& audit) -> const Team* {
    const Child* child = child_of(audit);
    const auto team = child ? teams.find(child->team_id) : teams.end();
    return team == teams.end() ? nullptr : team->second;
  };
  report.by_team = breakdown(
      returned,
      [&](const Audit& a) { return team_of(a) ? std::optional(team_of(a)->id) : std::nullopt; },
      [&](Id id) {
        return BreakdownRow{std::to_string(id), teams.at(id)->name, {}};
      });
  report.by_service = breakdown(
      returned,
      [&](const Audit& a) {
        return team_of(a) ? std::optional(team_of(a)->service_id) : std::nullopt;
      },
      [&](Id id) {
        return BreakdownRow{std::to_string(id), service_names[id], {}};
      });
  report.by_legal_status = breakdown(
      returned,
      [&](const Audit& a) {
        const Child* child = child_of(a);
        return child ? std::optional(static_cast<Id>(child->legal_status)) : std::nullopt;
      },
      [](Id index) {
        const auto status = static_cast<LegalStatus>(index);
        return BreakdownRow{std::string(to_string(status)), in_words(status), {}};
      });
}

std::vector<MonthGrades> months_of(const Authority& authority, Period period) {
  std::vector<MonthGrades> months;
  for (Month m = period.from; m <= period.to; m = m.next()) {
    months.push_back({.month = m, .grades = empty_grades()});
  }
  for (const Audit& audit : authority.audits) {
    if (!period.contains(audit.month) || !is_returned(audit)) continue;
    MonthGrades& row = months[audit.month.minus(period.from)];
    if (audit.status == AuditStatus::kModerated) ++row.moderated;
    if (auto grade = current_grade(audit)) add_grade(row.grades, *grade);
  }
  return months;
}

}  // namespace

std::string share_sentence(int count, int total, Grade grade) {
  std::string sentence = std::to_string(count) + " out of " + std::to_string(total) + " audits";
  if (auto share = share_of(count, total)) sentence += " (" + share_percent(*share) + ")";
  return sentence + " were graded as " + in_words(grade);
}

ImpactCounts impact_counts(const Authority& authority, Period period,
                           const std::vector<ImpactResponse>& impact) {
  std::set<Id> in_period;
  for (const Audit& audit : authority.audits) {
    if (period.contains(audit.month)) in_period.insert(audit.id);
  }
  ImpactCounts counts;
  std::set<Id> answered;
  for (const ImpactResponse& response : impact) {
    if (!in_period.contains(response.audit_id)) continue;
    answered.insert(response.audit_id);
    switch (response.answer) {
      case ImpactAnswer::kYes:
        ++counts.yes;
        break;
      case ImpactAnswer::kPartly:
        ++counts.partly;
        break;
      case ImpactAnswer::kNo:
        ++counts.no;
        break;
    }
  }
  counts.audits = static_cast<int>(answered.size());
  return counts;
}

QuarterReport quarter_report(const Authority& authority, Period period,
                             const std::vector<std::string>& domains,
                             const std::vector<ImpactResponse>& impact) {
  QuarterReport report{.period = period, .totals = empty_grades()};
  std::vector<const Audit*> returned;
  for (const Audit& audit : authority.audits) {
    if (period.contains(audit.month) && is_returned(audit)) returned.push_back(&audit);
  }
  report.by_month = months_of(authority, period);
  for (const MonthGrades& month : report.by_month) {
    report.moderated += month.moderated;
    for (const auto& [grade, count] : month.grades.counts) report.totals.counts[grade] += count;
    report.totals.graded += month.grades.graded;
  }
  const auto& grades = all_values<Grade>();
  for (auto grade = grades.rbegin(); grade != grades.rend(); ++grade) {
    report.share_sentences.push_back(
        share_sentence(report.totals.counts.at(*grade), report.totals.graded, *grade));
  }
  report.domains = domain_tables(returned, period, domain_order(authority, period, domains));
  for (const Audit* audit : returned) {
    count_moderation(report.moderation, *audit);
    count_feedback(report.family_feedback, audit->family_feedback);
    if (audit->participation) count_participation(report.participation, *audit->participation);
  }
  report.looped = looped_agreement(returned);
  report.impact = impact_counts(authority, period, impact);
  add_breakdowns(report, authority, returned);
  report.trend = months_of(authority, {period.to.plus(-11), period.to});
  return report;
}

}  // namespace caseaudit
