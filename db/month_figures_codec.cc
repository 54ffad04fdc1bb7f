#include "db/month_figures_codec.h"

#include <boost/json.hpp>

#include "scheduler/errors.h"

namespace caseaudit::db {
namespace json = boost::json;

namespace {

json::object grades_json(const GradeCounts& grades) {
  json::object counts;
  for (const auto& [grade, count] : grades.counts) counts[to_string(grade)] = count;
  return {{"graded", grades.graded}, {"counts", std::move(counts)}};
}

GradeCounts grades_of(const json::value& value) {
  GradeCounts grades;
  for (Grade g : all_values<Grade>()) grades.counts[g] = 0;
  grades.graded = json::value_to<int>(value.at("graded"));
  for (const auto& [name, count] : value.at("counts").as_object()) {
    grades.counts[parse_grade(name)] = json::value_to<int>(count);
  }
  return grades;
}

json::array answers_json(const AnswerCounts& a) { return {a.yes, a.no, a.not_applicable}; }
AnswerCounts answers_of(const json::value& value) {
  const json::array& a = value.as_array();
  return {json::value_to<int>(a.at(0)), json::value_to<int>(a.at(1)), json::value_to<int>(a.at(2))};
}

json::array rows_json(const std::vector<BreakdownRow>& rows) {
  json::array result;
  for (const BreakdownRow& row : rows) {
    result.push_back(
        json::object{{"key", row.key}, {"name", row.name}, {"grades", grades_json(row.grades)}});
  }
  return result;
}
std::vector<BreakdownRow> rows_of(const json::value& value) {
  std::vector<BreakdownRow> rows;
  for (const json::value& row : value.as_array()) {
    rows.push_back({json::value_to<std::string>(row.at("key")),
                    json::value_to<std::string>(row.at("name")), grades_of(row.at("grades"))});
  }
  return rows;
}

int number(const json::object& object, std::string_view key) {
  return json::value_to<int>(object.at(key));
}

json::object counts_json(const MonthFigures& f) {
  const ActionCounts& a = f.previous_month_actions;
  const ModeratorEffect& m = f.moderation;
  const FeedbackCounts& fb = f.family_feedback;
  return {{"available_auditors", f.available_auditors},
          {"auditors_completed", f.auditors_completed},
          {"returned", f.returned},
          {"moderated", f.moderated},
          {"completed_to_standard", f.completed_to_standard},
          {"actions",
           json::array{a.total, a.completed_on_time, a.completed_late, a.overdue, a.not_yet_due}},
          {"concerns", json::array{f.concerns.open, f.concerns.over_12_months}},
          {"moderation", json::array{m.moderated, m.upgraded, m.downgraded, m.unchanged}},
          {"looped", json::array{f.looped.pairs, f.looped.agreed, f.looped.differed}},
          {"family_feedback", json::array{fb.contacted, fb.attempted, fb.none, fb.not_recorded}}};
}

int at(const json::value& array, std::size_t i) {
  return json::value_to<int>(array.as_array().at(i));
}

void read_counts(MonthFigures& f, const json::object& o) {
  f.available_auditors = number(o, "available_auditors");
  f.auditors_completed = number(o, "auditors_completed");
  f.returned = number(o, "returned");
  f.moderated = number(o, "moderated");
  f.completed_to_standard = number(o, "completed_to_standard");
  const json::value& a = o.at("actions");
  f.previous_month_actions = {at(a, 0), at(a, 1), at(a, 2), at(a, 3), at(a, 4)};
  f.concerns = {at(o.at("concerns"), 0), at(o.at("concerns"), 1)};
  const json::value& m = o.at("moderation");
  f.moderation = {at(m, 0), at(m, 1), at(m, 2), at(m, 3)};
  const json::value& l = o.at("looped");
  f.looped = {at(l, 0), at(l, 1), at(l, 2)};
  const json::value& fb = o.at("family_feedback");
  f.family_feedback = {at(fb, 0), at(fb, 1), at(fb, 2), at(fb, 3)};
}

}  // namespace

std::string format_month_figures(const MonthFigures& f) {
  json::object o = counts_json(f);
  o["month"] = f.month.to_string();
  o["grades"] = grades_json(f.grades);
  json::object domains;
  for (const auto& [domain, grades] : f.domains) domains[domain] = grades_json(grades);
  o["domains"] = std::move(domains);
  const ParticipationCounts& p = f.participation;
  o["participation"] = json::object{{"returns", p.returns},
                                    {"child_seen", answers_json(p.child_seen)},
                                    {"family", answers_json(p.family)},
                                    {"worker", answers_json(p.worker)},
                                    {"team_manager", answers_json(p.team_manager)},
                                    {"iro", answers_json(p.iro)}};
  o["by_team"] = rows_json(f.by_team);
  o["by_service"] = rows_json(f.by_service);
  o["by_legal_status"] = rows_json(f.by_legal_status);
  json::array teams;
  for (const TeamName& team : f.teams_without_completed_audit) {
    teams.push_back(json::object{{"id", team.id}, {"name", team.name}});
  }
  o["teams_without_completed_audit"] = std::move(teams);
  o["returned_audits"] = json::array(f.returned_audits.begin(), f.returned_audits.end());
  return json::serialize(o);
}

MonthFigures parse_month_figures(std::string_view text) {
  std::string month = "?";
  try {
    const json::object o = json::parse(text).as_object();
    month = json::value_to<std::string>(o.at("month"));
    MonthFigures f{.month = Month::parse(month)};
    read_counts(f, o);
    f.grades = grades_of(o.at("grades"));
    for (const auto& [domain, grades] : o.at("domains").as_object()) {
      f.domains[std::string(domain)] = grades_of(grades);
    }
    const json::object& p = o.at("participation").as_object();
    f.participation = {
        number(p, "returns"),       answers_of(p.at("child_seen")),   answers_of(p.at("family")),
        answers_of(p.at("worker")), answers_of(p.at("team_manager")), answers_of(p.at("iro"))};
    f.by_team = rows_of(o.at("by_team"));
    f.by_service = rows_of(o.at("by_service"));
    f.by_legal_status = rows_of(o.at("by_legal_status"));
    for (const json::value& team : o.at("teams_without_completed_audit").as_array()) {
      f.teams_without_completed_audit.push_back(
          {json::value_to<Id>(team.at("id")), json::value_to<std::string>(team.at("name"))});
    }
    for (const json::value& id : o.at("returned_audits").as_array()) {
      f.returned_audits.push_back(json::value_to<Id>(id));
    }
    return f;
  } catch (const std::exception& error) {
    throw RuntimeFailure("month_figures: the stored figures of " + month +
                         " are not in the layout this binary reads: " + error.what());
  }
}

}  // namespace caseaudit::db
