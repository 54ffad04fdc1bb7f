#include "daemon/api/report_json.h"

#include <cmath>

#include "scheduler/words.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

json::value optional_number(std::optional<double> value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::value note(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

std::string grade_key(Grade grade) { return std::string(to_string(grade)); }

void add_grade_counts(json::object& row, const GradeCounts& grades) {
  for (Grade grade : all_values<Grade>()) row[grade_key(grade)] = grades.counts.at(grade);
}

void add_grade_shares(json::object& row, const GradeCounts& grades) {
  row["good_or_better_share"] = optional_number(grades.good_or_better());
  row["requires_improvement_share"] = optional_number(grades.share(Grade::kRequiresImprovement));
  row["inadequate_share"] = optional_number(grades.share(Grade::kInadequate));
}

// Counts as whole numbers, shares as fractions.
json::value figure(const SnapshotMeasure& m, std::optional<double> value) {
  if (!value) return nullptr;
  if (m.unit == MeasureUnit::kCount) return static_cast<std::int64_t>(std::llround(*value));
  return *value;
}

json::object measure_json(const SnapshotMeasure& m) {
  json::object row{
      {"key", m.key},
      {"domain", m.domain.empty() ? json::value(nullptr) : json::value(m.domain)},
      {"label", m.label},
      {"period", m.quarterly ? "quarter" : "month"},
      {"unit", m.unit == MeasureUnit::kShare ? "share" : "count"},
      {"better", m.better == Better::kHigher ? "higher" : "lower"},
      {"value", figure(m, m.value)},
      {"numerator", m.numerator},
      {"denominator",
       m.unit == MeasureUnit::kShare ? json::value(m.denominator) : json::value(nullptr)},
      {"target", figure(m, m.target)},
      {"baseline", figure(m, m.baseline)},
      {"rag", m.rag ? json::value(to_string(*m.rag)) : json::value(nullptr)},
      {"rag_words", m.rag      ? in_words(*m.rag)
                    : m.target ? std::string("No figure")
                               : std::string("No target")},
  };
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string prefix = "earlier_" + std::to_string(i + 1) + "_";
    const bool known = i < m.earlier.size();
    row[prefix + "label"] = known ? json::value(m.earlier[i].label) : json::value(nullptr);
    row[prefix + "value"] = known ? figure(m, m.earlier[i].value) : json::value(nullptr);
  }
  row["direction_of_travel"] = m.direction_of_travel;
  row["names"] = json::array(m.names.begin(), m.names.end());
  row["late_returns"] = m.late_returns;
  return row;
}

json::array grades_by_month(const QuarterReport& r) {
  json::array rows;
  for (const MonthGrades& month : r.by_month) {
    json::object row{{"month", month.month.to_string()},
                     {"month_words", month_in_words(month.month)}};
    add_grade_counts(row, month.grades);
    row["moderated"] = month.moderated;
    row["total"] = month.grades.graded;
    row["frozen"] = month.frozen;
    row["late_returns"] = month.late_returns;
    rows.push_back(std::move(row));
  }
  return rows;
}

json::array totals(const QuarterReport& r) {
  json::array rows;
  const auto& grades = all_values<Grade>();
  for (std::size_t i = 0; i < grades.size(); ++i) {
    const Grade grade = grades[grades.size() - 1 - i];  // worst first, as the sentences
    rows.push_back(json::object{{"grade", to_string(grade)},
                                {"grade_words", in_words(grade)},
                                {"count", r.totals.counts.at(grade)},
                                {"total", r.totals.graded},
                                {"share", optional_number(r.totals.share(grade))},
                                {"sentence", r.share_sentences[i]}});
  }
  return rows;
}

json::object domain_row(const std::string& domain, const std::string& month,
                        const DomainCell& cell) {
  json::object row{{"domain", domain}, {"month", month}};
  add_grade_counts(row, cell.grades);
  row["not_applicable"] = cell.not_applicable;
  row["graded"] = cell.grades.graded;
  row["good_or_better_share"] = optional_number(cell.grades.good_or_better());
  return row;
}

json::array domains(const QuarterReport& r) {
  json::array rows;
  for (const DomainTable& table : r.domains) {
    for (std::size_t i = 0; i < table.months.size(); ++i) {
      rows.push_back(domain_row(table.domain, r.period.from.plus(static_cast<int>(i)).to_string(),
                                table.months[i]));
    }
    rows.push_back(domain_row(table.domain, "total", table.total));
  }
  return rows;
}

json::array participation(const ParticipationCounts& p, const ReportTargets& t) {
  const struct {
    const char* question;
    const AnswerCounts& answers;
    double target;
  } questions[] = {{"child_seen", p.child_seen, t.participation_child},
                   {"family", p.family, t.participation_family},
                   {"worker", p.worker, t.participation_worker},
                   {"team_manager", p.team_manager, t.participation_team_manager},
                   {"iro", p.iro, t.participation_iro}};
  json::array rows;
  for (const auto& q : questions) {
    rows.push_back(json::object{{"question", q.question},
                                {"yes", q.answers.yes},
                                {"no", q.answers.no},
                                {"not_applicable", q.answers.not_applicable},
                                {"yes_share", optional_number(q.answers.yes_share())},
                                {"target", q.target}});
  }
  return rows;
}

json::array breakdown(const std::vector<BreakdownRow>& rows_in) {
  json::array rows;
  for (const BreakdownRow& b : rows_in) {
    json::object row{{"key", b.key}, {"name", b.name}, {"graded", b.grades.graded}};
    add_grade_counts(row, b.grades);
    add_grade_shares(row, b.grades);
    rows.push_back(std::move(row));
  }
  return rows;
}

json::array trend(const QuarterReport& r, const ReportTargets& t) {
  json::array rows;
  for (const MonthGrades& month : r.trend) {
    json::object row{{"month", month.month.to_string()}, {"graded", month.grades.graded}};
    add_grade_shares(row, month.grades);
    row["good_or_better_target"] = t.good_or_better;
    row["inadequate_target"] = t.inadequate_at_most;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

json::object snapshot_json(const PerformanceSnapshot& s, int year_start_month) {
  json::array measures;
  for (const SnapshotMeasure& m : s.measures) measures.push_back(measure_json(m));
  return {
      {"month", s.month.to_string()},
      {"month_words", month_in_words(s.month)},
      {"quarter", s.quarter.to_string()},
      {"quarter_words", s.quarter.in_words(year_start_month)},
      {"quarter_to_date",
       {{"from", s.quarter_to_date.from.to_string()}, {"to", s.quarter_to_date.to.to_string()}}},
      {"as_of", format_date(s.as_of)},
      {"frozen", s.frozen},
      {"late_returns", s.late_returns},
      {"late_returns_quarter", s.late_returns_quarter},
      {"late_returns_note", note(late_returns_note(s.late_returns, "the month"))},
      {"late_returns_quarter_note",
       note(late_returns_note(s.late_returns_quarter, "the quarter's months"))},
      {"tables", {{"measures", std::move(measures)}}}};
}

json::object quarter_report_json(const QuarterReport& r, const ReportTargets& t,
                                 const std::optional<FinancialQuarter>& quarter) {
  const ModeratorEffect& m = r.moderation;
  const FeedbackCounts& f = r.family_feedback;
  json::object tables{
      {"grades_by_month", grades_by_month(r)},
      {"totals", totals(r)},
      {"domains", domains(r)},
      {"moderation",
       json::array{json::object{{"moderated", m.moderated},
                                {"kept", m.unchanged},
                                {"upgraded", m.upgraded},
                                {"downgraded", m.downgraded},
                                {"upgraded_share", optional_number(m.upgraded_share())},
                                {"downgraded_share", optional_number(m.downgraded_share())}}}},
      {"looped",
       json::array{json::object{{"pairs", r.looped.pairs},
                                {"agreed", r.looped.agreed},
                                {"differed", r.looped.differed},
                                {"agreed_share", optional_number(r.looped.agreed_share())}}}},
      {"family_feedback",
       json::array{
           json::object{{"contacted", f.contacted},
                        {"attempted", f.attempted},
                        {"none", f.none},
                        {"not_recorded", f.not_recorded},
                        {"contacted_share", optional_number(share_of(f.contacted, f.answered()))},
                        {"attempted_share", optional_number(share_of(f.attempted, f.answered()))},
                        {"none_share", optional_number(share_of(f.none, f.answered()))}}}},
      {"impact",
       json::array{json::object{
           {"yes", r.impact.yes},
           {"partly", r.impact.partly},
           {"no", r.impact.no},
           {"audits", r.impact.audits},
           {"yes_share", optional_number(share_of(r.impact.yes, r.impact.answered()))},
           {"partly_share", optional_number(share_of(r.impact.partly, r.impact.answered()))},
           {"no_share", optional_number(share_of(r.impact.no, r.impact.answered()))}}}},
      {"participation", participation(r.participation, t)},
      {"by_team", breakdown(r.by_team)},
      {"by_service", breakdown(r.by_service)},
      {"by_legal_status", breakdown(r.by_legal_status)},
      {"trend", trend(r, t)},
  };
  return {{"from", r.period.from.to_string()},
          {"to", r.period.to.to_string()},
          {"quarter", quarter ? json::value(quarter->to_string()) : json::value(nullptr)},
          {"quarter_words",
           quarter ? json::value(quarter->in_words(t.year_start_month)) : json::value(nullptr)},
          {"total", r.totals.graded},
          {"sentences", json::array(r.share_sentences.begin(), r.share_sentences.end())},
          {"targets",
           {{"good_or_better", t.good_or_better}, {"inadequate_at_most", t.inadequate_at_most}}},
          {"not_reported", json::array{}},
          {"late_returns", r.late_returns},
          {"late_returns_note", note(late_returns_note(r.late_returns, "their months"))},
          {"tables", std::move(tables)}};
}

}  // namespace caseaudit::daemon::api
