#include "scheduler/reporting/performance_snapshot.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <unordered_map>

#include "scheduler/reporting/month_report.h"
#include "scheduler/reporting/report_figures.h"
#include "scheduler/words.h"

namespace caseaudit {
namespace {

// A figure of one period: its count and, for shares, its denominator.
struct Figure {
  int numerator = 0;
  int denominator = 0;
};
std::optional<double> value_of(const Figure& figure, MeasureUnit unit) {
  if (unit == MeasureUnit::kCount) return figure.numerator;
  return share_of(figure.numerator, figure.denominator);
}

Figure grade_figure(const GradeCounts& grades, std::initializer_list<Grade> wanted) {
  Figure figure{.denominator = grades.graded};
  for (Grade grade : wanted) figure.numerator += grades.counts.at(grade);
  return figure;
}

Figure answer_figure(const AnswerCounts& answers) {
  return {.numerator = answers.yes, .denominator = answers.yes + answers.no};
}

std::string figure_text(double value, MeasureUnit unit) {
  if (unit == MeasureUnit::kShare) return share_percent(value);
  return std::to_string(static_cast<long long>(std::llround(value)));
}

// Values compared as they are shown (whole numbers, whole percentages).
int shown(double value, MeasureUnit unit) {
  return unit == MeasureUnit::kShare ? whole_percent(value) : static_cast<int>(std::llround(value));
}

std::string travel_clause(const SnapshotMeasure& m) {
  if (m.earlier.empty() || !m.earlier.front().value) return "no earlier figure";
  const int now = shown(*m.value, m.unit);
  const int before = shown(*m.earlier.front().value, m.unit);
  std::string clause = now > before ? "increased" : now < before ? "decreased" : "unchanged";
  clause += " from ";
  bool first = true;
  for (const EarlierFigure& earlier : m.earlier) {
    if (!earlier.value) break;
    if (!first) clause += " and ";
    clause += figure_text(*earlier.value, m.unit) + " in " + earlier.label;
    first = false;
  }
  return clause;
}

std::string target_clause(const SnapshotMeasure& m) {
  const double value = *m.value;
  if (m.unit == MeasureUnit::kCount && m.baseline) {
    if (m.target && shown(value, m.unit) >= shown(*m.target, m.unit)) {
      return "meets stretch target (" + figure_text(*m.target, m.unit) + ")";
    }
    const int now = shown(value, m.unit), base = shown(*m.baseline, m.unit);
    const char* where = now > base ? "above" : now < base ? "below" : "at";
    return std::string(where) + " baseline (" + figure_text(*m.baseline, m.unit) + ")";
  }
  if (!m.target) return {};
  const int now = shown(value, m.unit), target = shown(*m.target, m.unit);
  const std::string target_text = figure_text(*m.target, m.unit);
  if (m.better == Better::kHigher) {
    return now >= target ? "meets target (" + target_text + ")"
                         : "below target (" + target_text + ")";
  }
  return now <= target ? "within target (at most " + target_text + ")"
                       : "above target (at most " + target_text + ")";
}

Date as_of_date(Month month, Date today) { return std::min(today, month.last_day()); }

// Builds measures: each from a function giving its figure for a period.
class SnapshotBuilder {
 public:
  SnapshotBuilder(const ReportFigures& figures, Month month, const ReportTargets& targets)
      : figures_(figures), month_(month), targets_(targets) {
    snapshot_.month = month;
    snapshot_.quarter = quarter_of(month, targets.year_start_month);
    snapshot_.quarter_to_date = {snapshot_.quarter.period(targets.year_start_month).from, month};
    snapshot_.as_of = as_of_date(month, figures.today());
    snapshot_.frozen = figures.is_frozen(month);
    snapshot_.late_returns = figures.late_returns(month);
    snapshot_.late_returns_quarter = figures.late_returns(snapshot_.quarter_to_date);
  }

  using MonthFigure = std::function<Figure(const MonthFigures&)>;
  using PeriodFigure = std::function<Figure(const MonthFigures&)>;

  SnapshotMeasure& monthly(SnapshotMeasure measure, const MonthFigure& figure) {
    measure.quarterly = false;
    set_value(measure, figure(figures_.month(month_)));
    measure.late_returns = snapshot_.late_returns;
    for (int back = 1; back <= 2; ++back) {
      const Month earlier = month_.plus(-back);
      const bool same_year = earlier.year() == month_.year();
      measure.earlier.push_back({month_name(earlier, same_year),
                                 value_of(figure(figures_.month(earlier)), measure.unit)});
    }
    return finish(std::move(measure));
  }

  // `figure` reads the period's summed figures.
  SnapshotMeasure& quarterly(SnapshotMeasure measure, const PeriodFigure& figure) {
    measure.quarterly = true;
    measure.unit = MeasureUnit::kShare;
    set_value(measure, figure(figures_.period(snapshot_.quarter_to_date)));
    measure.late_returns = snapshot_.late_returns_quarter;
    FinancialQuarter earlier = snapshot_.quarter;
    for (int back = 1; back <= 2; ++back) {
      earlier = previous(earlier);
      measure.earlier.push_back(
          {earlier.in_words(targets_.year_start_month),
           value_of(figure(figures_.period(earlier.period(targets_.year_start_month))),
                    measure.unit)});
    }
    return finish(std::move(measure));
  }

  const ReportFigures& figures() const { return figures_; }
  Month month() const { return month_; }
  const ReportTargets& targets() const { return targets_; }
  PerformanceSnapshot take() { return std::move(snapshot_); }

 private:
  static void set_value(SnapshotMeasure& measure, const Figure& figure) {
    measure.numerator = figure.numerator;
    measure.denominator = measure.unit == MeasureUnit::kShare ? figure.denominator : 0;
    measure.value = value_of(figure, measure.unit);
  }

  SnapshotMeasure& finish(SnapshotMeasure measure) {
    measure.rag = rag_rating(measure, targets_.amber_margin);
    measure.direction_of_travel = direction_of_travel(measure);
    snapshot_.measures.push_back(std::move(measure));
    return snapshot_.measures.back();
  }

  const ReportFigures& figures_;
  Month month_;
  const ReportTargets& targets_;
  PerformanceSnapshot snapshot_;
};

void add_month_measures(SnapshotBuilder& b) {
  const ReportTargets& t = b.targets();
  const auto teams = static_cast<int>(b.figures().authority().teams.size());
  b.monthly({.key = "completed_to_standard",
             .label = "Audits completed to the accepted standard",
             .target = static_cast<double>(t.stretch_per_team * teams),
             .baseline = static_cast<double>(t.completed_baseline)},
            [](const MonthFigures& f) { return Figure{.numerator = f.completed_to_standard}; });
  b.monthly({.key = "completion_rate",
             .label = "Audit completion rate (auditors completing of those available)",
             .unit = MeasureUnit::kShare,
             .target = t.completion_rate},
            [](const MonthFigures& f) {
              return Figure{f.auditors_completed, f.available_auditors};
            });
}

void add_grade_measures(SnapshotBuilder& b) {
  const ReportTargets& t = b.targets();
  b.quarterly({.key = "good_or_better",
               .label = "Rated Good or Outstanding in the current quarter",
               .target = t.good_or_better},
              [](const MonthFigures& f) {
                return grade_figure(f.grades, {Grade::kOutstanding, Grade::kGood});
              });
  b.quarterly(
      {.key = "requires_improvement", .label = "Rated Requires improvement in the current quarter"},
      [](const MonthFigures& f) { return grade_figure(f.grades, {Grade::kRequiresImprovement}); });
  b.quarterly({.key = "inadequate",
               .label = "Rated Inadequate in the current quarter",
               .better = Better::kLower,
               .target = t.inadequate_at_most},
              [](const MonthFigures& f) { return grade_figure(f.grades, {Grade::kInadequate}); });
}

void add_action_measure(SnapshotBuilder& b) {
  b.monthly(
      {.key = "actions_on_time",
       .label = "Audit actions from the previous month completed within timescale",
       .unit = MeasureUnit::kShare,
       .target = b.targets().actions_on_time},
      [](const MonthFigures& f) {
        const ActionCounts& a = f.previous_month_actions;
        return Figure{a.completed_on_time, a.completed_on_time + a.completed_late + a.overdue};
      });
}

GradeCounts domain_of(const MonthFigures& figures, const std::string& domain) {
  const auto found = figures.domains.find(domain);
  if (found != figures.domains.end()) return found->second;
  GradeCounts none;
  for (Grade g : all_values<Grade>()) none.counts[g] = 0;
  return none;
}

void add_domain_measures(SnapshotBuilder& b) {
  for (const std::string& domain : b.targets().snapshot_domains) {
    b.quarterly({.key = "domain_good_or_better",
                 .label = domain + ": rated Good or better in the current quarter",
                 .domain = domain,
                 .target = b.targets().domain_good_or_better},
                [&](const MonthFigures& f) {
                  return grade_figure(domain_of(f, domain), {Grade::kOutstanding, Grade::kGood});
                });
  }
}

void add_participation_measures(SnapshotBuilder& b) {
  const ReportTargets& t = b.targets();
  struct Question {
    const char* key;
    const char* label;
    double target;
    AnswerCounts ParticipationCounts::*answers;
  };
  const Question questions[] = {
      {"participation_child", "Child or young person involvement in the current quarter",
       t.participation_child, &ParticipationCounts::child_seen},
      {"participation_family", "Family involvement in the current quarter", t.participation_family,
       &ParticipationCounts::family},
      {"participation_worker", "Social worker involvement in the current quarter",
       t.participation_worker, &ParticipationCounts::worker},
      {"participation_team_manager", "Team manager involvement in the current quarter",
       t.participation_team_manager, &ParticipationCounts::team_manager},
      {"participation_iro", "IRO / CP chair involvement in the current quarter",
       t.participation_iro, &ParticipationCounts::iro},
  };
  for (const Question& q : questions) {
    b.quarterly({.key = q.key, .label = q.label, .target = q.target},
                [&](const MonthFigures& f) { return answer_figure(f.participation.*q.answers); });
  }
}

void add_concern_and_team_measures(SnapshotBuilder& b) {
  b.monthly({.key = "open_concerns",
             .label = "Open cases of concern at the month's end",
             .better = Better::kLower},
            [](const MonthFigures& f) { return Figure{.numerator = f.concerns.open}; });
  b.monthly({.key = "open_concerns_over_12_months",
             .label = "Cases of concern open over 12 months",
             .better = Better::kLower},
            [](const MonthFigures& f) { return Figure{.numerator = f.concerns.over_12_months}; });
  SnapshotMeasure& teams = b.monthly(
      {.key = "teams_without_completed_audit",
       .label = "Teams with no completed audit this month",
       .better = Better::kLower},
      [](const MonthFigures& f) {
        return Figure{.numerator = static_cast<int>(f.teams_without_completed_audit.size())};
      });
  for (const TeamName& team : b.figures().month(b.month()).teams_without_completed_audit) {
    teams.names.push_back(team.name);
  }
}

}  // namespace

std::string_view to_string(Rag rag) {
  switch (rag) {
    case Rag::kRed:
      return "red";
    case Rag::kAmber:
      return "amber";
    case Rag::kGreen:
      return "green";
  }
  return "red";
}

std::string in_words(Rag rag) {
  std::string words(to_string(rag));
  words[0] = static_cast<char>(words[0] - 'a' + 'A');
  return words;
}

std::optional<Rag> rag_rating(const SnapshotMeasure& m, double amber_margin) {
  if (!m.value || !m.target) return std::nullopt;
  const double value = *m.value;
  if (m.unit == MeasureUnit::kCount && m.baseline) {
    if (value >= *m.target) return Rag::kGreen;
    return value >= *m.baseline ? Rag::kAmber : Rag::kRed;
  }
  // Compared as shown (whole percentages), so that the page and the rating agree.
  const int now = shown(value, m.unit), target = shown(*m.target, m.unit);
  const int margin = shown(amber_margin, MeasureUnit::kShare);
  const int miss = m.better == Better::kHigher ? target - now : now - target;
  if (miss <= 0) return Rag::kGreen;
  return miss <= margin ? Rag::kAmber : Rag::kRed;
}

std::string direction_of_travel(const SnapshotMeasure& m) {
  if (!m.value) return "no figure yet: nothing to count";
  std::string sentence = figure_text(*m.value, m.unit) + ": " + travel_clause(m);
  if (const std::string target = target_clause(m); !target.empty()) sentence += "; " + target;
  return sentence;
}

const SnapshotMeasure* PerformanceSnapshot::find(std::string_view key,
                                                 std::string_view domain) const {
  for (const SnapshotMeasure& m : measures) {
    if (m.key == key && m.domain == domain) return &m;
  }
  return nullptr;
}

PerformanceSnapshot performance_snapshot(const ReportFigures& figures, Month month,
                                         const ReportTargets& targets) {
  SnapshotBuilder builder(figures, month, targets);
  add_month_measures(builder);
  add_grade_measures(builder);
  add_action_measure(builder);
  add_domain_measures(builder);
  add_participation_measures(builder);
  add_concern_and_team_measures(builder);
  return builder.take();
}

// The quarter to date starts at most 2 months before `month`; the quarter two
// before it 6 months before that.
Period snapshot_months(Month month) { return {month.plus(-8), month}; }

PerformanceSnapshot performance_snapshot(const Authority& authority, Month month,
                                         const Policy& policy, const ReportTargets& targets,
                                         Date today) {
  const ReportFigures figures(authority, policy, today, snapshot_months(month));
  return performance_snapshot(figures, month, targets);
}

}  // namespace caseaudit
