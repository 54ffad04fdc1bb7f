#include "scheduler/reporting/quarter_report.h"

#include <algorithm>
#include <map>
#include <set>

#include "scheduler/words.h"

namespace caseaudit {
namespace {

GradeCounts empty_grades() {
  GradeCounts counts;
  for (Grade g : all_values<Grade>()) counts.counts[g] = 0;
  return counts;
}

void add_grades(GradeCounts& into, const GradeCounts& from) {
  into.graded += from.graded;
  for (const auto& [grade, count] : from.counts) into.counts[grade] += count;
}

// The configured domains in order, then any other found in the period, by name.
std::vector<std::string> domain_order(const MonthFigures& period,
                                      const std::vector<std::string>& configured) {
  std::vector<std::string> order = configured;
  for (const auto& [domain, grades] : period.domains) {  // a map: by name
    if (std::find(configured.begin(), configured.end(), domain) == configured.end()) {
      order.push_back(domain);
    }
  }
  return order;
}

DomainCell domain_cell(const MonthFigures& figures, const std::string& domain) {
  DomainCell cell{empty_grades(), 0};
  if (const auto found = figures.domains.find(domain); found != figures.domains.end()) {
    add_grades(cell.grades, found->second);
  }
  cell.not_applicable = figures.returned - cell.grades.graded;
  return cell;
}

std::vector<DomainTable> domain_tables(const ReportFigures& figures, Period period,
                                       const std::vector<std::string>& order) {
  std::vector<DomainTable> tables;
  for (const std::string& domain : order) {
    DomainTable table{.domain = domain, .total = {empty_grades(), 0}};
    for (Month m = period.from; m <= period.to; m = m.next()) {
      table.months.push_back(domain_cell(figures.month(m), domain));
      add_grades(table.total.grades, table.months.back().grades);
      table.total.not_applicable += table.months.back().not_applicable;
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

std::vector<MonthGrades> months_of(const ReportFigures& figures, Period period) {
  std::vector<MonthGrades> months;
  for (Month m = period.from; m <= period.to; m = m.next()) {
    const MonthFigures& month = figures.month(m);
    months.push_back({.month = m,
                      .grades = month.grades,
                      .moderated = month.moderated,
                      .frozen = figures.is_frozen(m),
                      .late_returns = figures.late_returns(m)});
  }
  return months;
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

}  // namespace

std::string share_sentence(int count, int total, Grade grade) {
  std::string sentence = std::to_string(count) + " out of " + std::to_string(total) + " audits";
  if (auto share = share_of(count, total)) sentence += " (" + share_percent(*share) + ")";
  return sentence + " were graded as " + in_words(grade);
}

QuarterReport quarter_report(const ReportFigures& figures, Period period,
                             const std::vector<std::string>& domains,
                             const std::vector<ImpactResponse>& impact) {
  QuarterReport report{.period = period, .totals = empty_grades()};
  report.by_month = months_of(figures, period);
  for (const MonthGrades& month : report.by_month) {
    report.moderated += month.moderated;
    add_grades(report.totals, month.grades);
    report.late_returns += month.late_returns;
  }
  const auto& grades = all_values<Grade>();
  for (auto grade = grades.rbegin(); grade != grades.rend(); ++grade) {
    report.share_sentences.push_back(
        share_sentence(report.totals.counts.at(*grade), report.totals.graded, *grade));
  }
  const MonthFigures sum = figures.period(period);
  report.domains = domain_tables(figures, period, domain_order(sum, domains));
  report.moderation = sum.moderation;
  report.looped = sum.looped;
  report.family_feedback = sum.family_feedback;
  report.participation = sum.participation;
  report.by_team = sum.by_team;
  report.by_service = sum.by_service;
  report.by_legal_status = sum.by_legal_status;
  report.impact = impact_counts(figures.authority(), period, impact);
  report.trend = months_of(figures, {period.to.plus(-11), period.to});
  return report;
}

Period quarter_report_months(Period period) {
  return {std::min(period.from, period.to.plus(-11)), period.to};
}

QuarterReport quarter_report(const Authority& authority, Period period,
                             const std::vector<std::string>& domains,
                             const std::vector<ImpactResponse>& impact) {
  const Policy policy;
  const ReportFigures figures(authority, policy, period.to.last_day(),
                              quarter_report_months(period));
  return quarter_report(figures, period, domains, impact);
}

}  // namespace caseaudit
