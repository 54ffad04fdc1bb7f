// The month of the audit cycle: allocation preview and commit, the run's
// status, the month's audits (filterable) and the month report.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "daemon/allocation_report.h"
#include "daemon/api/csv_export.h"
#include "daemon/api/resources.h"
#include "daemon/service/month_audit_rows.h"
#include "daemon/service/months.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"
#include "scheduler/reporting/month_report.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

json::object parse_body_object(const std::string& body) {
  if (body.empty()) return {};
  boost::system::error_code error;
  json::value value = json::parse(body, error);
  if (error) throw InputError(fmt::format("malformed JSON: {}", error.message()), "body");
  if (!value.is_object()) throw InputError("the body must be a JSON object", "body");
  return std::move(value.as_object());
}

PinRequest parse_pin(const json::value& value, std::size_t index) {
  const std::string prefix = fmt::format("pins[{}].", index);
  if (!value.is_object()) {
    throw InputError(fmt::format("pins[{}]: expected an object", index),
                     prefix.substr(0, prefix.size() - 1));
  }
  JsonFields fields(value.as_object(), prefix);
  PinRequest pin{.auditor_email = fields.required_string("auditor_email"),
                 .case_reference = fields.required_string("case_reference"),
                 .reason = fields.required_string("reason")};
  fields.finish();
  return pin;
}

// {"pins": [{"auditor_email", "case_reference", "reason"}, ...]}, all optional.
// JsonFields reads no arrays of objects, so the pins are read here and the
// rest of the body is left to JsonFields to refuse unknown fields.
std::vector<PinRequest> parse_pins(const std::string& body) {
  json::object object = parse_body_object(body);
  std::vector<PinRequest> pins;
  if (const json::value* value = object.if_contains("pins")) {
    if (!value->is_array()) throw InputError("pins: expected an array", "pins");
    for (std::size_t i = 0; i < value->as_array().size(); ++i) {
      pins.push_back(parse_pin(value->as_array()[i], i));
    }
    object.erase("pins");
  }
  JsonFields(std::move(object)).finish();
  return pins;
}

ApiResponse allocate(const ApiContext& context, ApiRequest& request) {
  const Month month = request.path_month("month");
  std::optional<std::uint64_t> seed;
  if (auto value = request.query_id("seed")) seed = static_cast<std::uint64_t>(*value);
  const std::vector<PinRequest> pins = parse_pins(request.body());
  const AllocationOutcome outcome =
      request.flag("dry_run") ? context.services.allocation.preview(month, seed, pins)
                              : context.services.allocation.commit(
                                    month, seed, request.caller().actor, request.now(), pins);
  return json_response(allocation_json(outcome));
}

ApiResponse month_status(const ApiContext& context, ApiRequest& request) {
  const MonthStanding standing = month_standing(context.services, request.path_month("month"));
  const std::optional<AllocationRun>& run = standing.run;
  json::object audits;
  for (const auto& [where, count] : standing.audits) audits[where] = count;
  return json_response(json::object{
      {"month", standing.month.to_string()},
      {"status", to_string(run ? run->status : MonthStatus::kPlanned)},
      {"seed", run ? json::value(run->seed) : json::value(nullptr)},
      {"looped", run ? json::value(run->looped) : json::value(nullptr)},
      {"audits", std::move(audits)},
  });
}

// {"looped": true|false}: before the month's commit.
ApiResponse set_mode(const ApiContext& context, ApiRequest& request) {
  const Month month = request.path_month("month");
  JsonFields fields = request.json();
  const std::optional<bool> looped = fields.boolean("looped");
  fields.finish();
  if (!looped) throw InputError("looped is required (true or false)", "looped");
  const AllocationRun run = set_month_looped(context.services, request.caller(), month, *looped);
  return json_response(json::object{
      {"month", month.to_string()}, {"status", to_string(run.status)}, {"looped", run.looped}});
}

struct AuditFilter {
  std::optional<Id> team_id, auditor_id, moderator_id;
  std::optional<AuditStatus> status;

  bool matches(const AuditRow& row) const {
    return (!team_id || row.team_id == *team_id) &&
           (!auditor_id || row.audit.auditor_id == *auditor_id) &&
           (!moderator_id || row.audit.moderator_id == moderator_id) &&
           (!status || row.audit.status == *status);
  }
};

ApiResponse month_audits(const ApiContext& context, ApiRequest& request) {
  const Month month = request.path_month("month");
  AuditFilter filter{.team_id = request.query_id("team_id"),
                     .auditor_id = request.query_id("auditor_id"),
                     .moderator_id = request.query_id("moderator_id")};
  if (auto status = request.query("status")) filter.status = parse_audit_status(*status, "status");
  std::vector<AuditRow> rows = context.services.store.read_result<std::vector<AuditRow>>(
      [&](Transaction& tx) { return month_audit_rows(tx, month); });
  json::array audits;
  for (const AuditRow& row : rows) {
    if (filter.matches(row)) audits.push_back(to_json(row));
  }
  return list_response(request,
                       json::object{{"month", month.to_string()}, {"audits", std::move(audits)}},
                       "audits", export_filename("audits", month.to_string()));
}

json::value share_json(std::optional<double> share) {
  return share ? json::value(*share) : json::value(nullptr);
}

json::object grades_json(const GradeCounts& grades) {
  json::object counts, shares;
  for (Grade grade : all_values<Grade>()) {
    const auto found = grades.counts.find(grade);
    counts[to_string(grade)] = found == grades.counts.end() ? 0 : found->second;
    shares[to_string(grade)] = share_json(grades.share(grade));
  }
  return {{"graded", grades.graded},
          {"counts", std::move(counts)},
          {"shares", std::move(shares)},
          {"good_or_better", share_json(grades.good_or_better())}};
}

json::object report_json(const MonthReport& r, Date today) {
  json::object domains;
  for (const auto& [domain, grades] : r.domains) domains[domain] = grades_json(grades);
  const ModeratorEffect& effect = r.moderator_effect;
  return {
      {"month", r.month.to_string()},
      {"as_of", format_date(today)},
      {"completion",
       {{"available_auditors", r.available_auditors},
        {"auditors_completed", r.auditors_completed},
        {"rate", share_json(r.completion_rate())},
        {"allocated", r.allocated},
        {"withdrawn", r.withdrawn},
        {"submitted", r.submitted},
        {"moderated", r.moderated},
        {"completed_to_standard", r.completed_to_standard}}},
      {"grades", {{"overall", grades_json(r.overall)}, {"domains", std::move(domains)}}},
      {"moderator_effect",
       {{"moderated", effect.moderated},
        {"upgraded", effect.upgraded},
        {"downgraded", effect.downgraded},
        {"unchanged", effect.unchanged},
        {"upgraded_share", share_json(effect.upgraded_share())},
        {"downgraded_share", share_json(effect.downgraded_share())}}},
      {"teams",
       {{"total", r.teams},
        {"covered", r.teams_covered},
        {"completed", r.teams_completed},
        {"without_audit",
         json::array(r.teams_without_audit.begin(), r.teams_without_audit.end())}}},
      {"actions",
       {{"total", r.actions.total},
        {"completed_on_time", r.actions.completed_on_time},
        {"completed_late", r.actions.completed_late},
        {"overdue", r.actions.overdue},
        {"not_yet_due", r.actions.not_yet_due},
        {"on_time_share", share_json(r.actions.on_time_share())}}},
      {"concerns",
       {{"open", r.concerns.open},
        {"open_category_1", r.concerns.open_category_1},
        {"open_category_2", r.concerns.open_category_2},
        {"open_over_12_months", r.concerns.open_over_12_months},
        {"raised_from_month", r.concerns.raised_from_month}}},
  };
}

ApiResponse month_report_route(const ApiContext& context, ApiRequest& request) {
  const Month month = request.path_month("month");
  const Date today = to_local(request.now(), context.services.zone).date;
  const MonthReport report = context.services.store.read_result<MonthReport>([&](Transaction& tx) {
    return month_report(tx.load_report_authority({month, month}), month,
                        context.services.allocation.policy(), today);
  });
  return json_response(report_json(report, today));
}

}  // namespace

void add_month_routes(ApiContext& context) {
  add_routes(context, {
                          write_route("POST", "/v1/months/{month}/allocation",
                                      BodyKind::kOptionalJson, allocate, {"dry_run", "seed"}),
                          read_route("/v1/months/{month}", month_status),
                          write_route("PUT", "/v1/months/{month}/mode", BodyKind::kJson, set_mode),
                          read_route("/v1/months/{month}/audits", month_audits,
                                     {"team_id", "auditor_id", "moderator_id", "status", "format"}),
                          read_route("/v1/months/{month}/report", month_report_route),
                      });
}

}  // namespace caseaudit::daemon::api
