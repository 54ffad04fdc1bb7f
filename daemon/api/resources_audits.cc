// One audit of the cycle: read it, list who may take it, reassign or withdraw it, record its
// submission (grades) and its moderation. The rules are the service's
// (daemon/service/audits.h); these handlers parse, call and render.
#include <fmt/format.h>

#include <map>

#include "daemon/api/resources.h"
#include "daemon/service/audits.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

ApiResponse get_audit(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  return context.services.store.read_result<ApiResponse>([&](Transaction& tx) {
    json::object body = to_json(audit_row(tx, require_audit(tx, id)));
    body["actions"] = to_json_array(tx.follow_up().actions_for_audit(id));
    return json_response(std::move(body));
  });
}

ApiResponse reassign(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Id auditor_id = fields.required_id("auditor_id");
  const std::string reason = fields.required_text("reason");
  fields.finish();
  return json_response(
      to_json(reassign_audit(context.services, request.caller(), id, auditor_id, reason)));
}

json::object options_json(Id audit_id, const ReassignOptions& options) {
  json::array candidates, excluded;
  for (const ReassignCandidate& candidate : options.candidates) {
    candidates.push_back(json::object{
        {"staff_id", candidate.staff_id},
        {"name", candidate.name},
        {"team_id", candidate.team_id ? json::value(*candidate.team_id) : json::value(nullptr)},
        {"team_name", candidate.team_id ? json::value(candidate.team_name) : json::value(nullptr)},
        {"reason", candidate.reason},
    });
  }
  for (const ReassignExclusion& exclusion : options.excluded) {
    excluded.push_back(json::object{{"staff_id", exclusion.staff_id},
                                    {"name", exclusion.name},
                                    {"rule", to_string(exclusion.rule)},
                                    {"reason", exclusion.reason}});
  }
  return json::object{
      {"audit_id", audit_id},
      {"candidates", std::move(candidates)},
      {"excluded", std::move(excluded)},
      {"advice", options.advice ? json::value(*options.advice) : json::value(nullptr)},
  };
}

ApiResponse candidates(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  return json_response(options_json(id, reassignment_candidates(context.services, id)));
}

ApiResponse withdraw(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const std::string reason = fields.required_text("reason");
  fields.finish();
  const WithdrawOutcome outcome =
      withdraw_allocated_audit(context.services, request.caller(), id, reason);
  return json_response(json::object{
      {"withdrawn", to_json(outcome.result.withdrawn)},
      {"replacement", to_json(outcome.result.replacement)},
      {"explanation", outcome.result.explanation},
      {"reason", reason},
  });
}

std::map<std::string, Grade> parse_domain_grades(JsonFields& fields) {
  std::optional<json::object> object = fields.object("domain_grades");
  if (!object) throw InputError("domain_grades is required", "domain_grades");
  if (object->empty()) {
    throw InputError("domain_grades: at least one domain needs a grade", "domain_grades");
  }
  std::map<std::string, Grade> grades;
  for (const auto& [key, value] : *object) {
    const std::string field = "domain_grades." + std::string(key);
    if (!value.is_string()) throw InputError(field + ": expected a grade name", field);
    grades.emplace(std::string(key), parse_grade(std::string(value.as_string()), field));
  }
  return grades;
}

// {"child_seen", "family", "worker", "team_manager", "iro"}: each yes, no or
// not_applicable, all required. Absent: nullopt (the service says it is required).
std::optional<AuditParticipation> parse_participation_answers(JsonFields& fields) {
  std::optional<json::object> object = fields.object("participation");
  if (!object) return std::nullopt;
  JsonFields answers(std::move(*object), "participation.");
  auto answer = [&](std::string_view key) {
    return parse_participation(answers.required_string(key), answers.name(key));
  };
  AuditParticipation participation{.child_seen = answer("child_seen"),
                                   .family = answer("family"),
                                   .worker = answer("worker"),
                                   .team_manager = answer("team_manager"),
                                   .iro = answer("iro")};
  answers.finish();
  return participation;
}

// [{"description", "due_date", "care_planning"?, "owner_id"?}, ...]
std::vector<NewAction> parse_raised_actions(JsonFields& fields) {
  std::vector<NewAction> actions;
  std::optional<json::array> list = fields.array("actions");
  if (!list) return actions;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string prefix = fmt::format("actions[{}].", i);
    if (!(*list)[i].is_object()) {
      throw InputError(fmt::format("actions[{}]: expected an object", i),
                       prefix.substr(0, prefix.size() - 1));
    }
    JsonFields action(std::move((*list)[i].as_object()), prefix);
    NewAction raised{.description = action.required_text("description"),
                     .due_date = action.required_date("due_date"),
                     .care_planning = action.boolean("care_planning").value_or(false),
                     .owner_id = action.id("owner_id")};
    action.finish();
    actions.push_back(std::move(raised));
  }
  return actions;
}

Submission parse_submission(JsonFields fields) {
  Submission submission;
  submission.overall = parse_grade(fields.required_string("overall_grade"), "overall_grade");
  submission.domains = parse_domain_grades(fields);
  if (fields.has("justification")) submission.justification = fields.required_text("justification");
  submission.submitted_on = fields.date("submitted_on");
  submission.participation = parse_participation_answers(fields);
  if (std::optional<std::string> feedback = fields.string("family_feedback")) {
    submission.family_feedback = parse_family_feedback(*feedback, "family_feedback");
  }
  submission.actions = parse_raised_actions(fields);
  fields.finish();
  return submission;
}

ApiResponse submit(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  const Submission submission = parse_submission(request.json());
  return json_response(to_json(submit_audit(context.services, request.caller(), id, submission)));
}

ApiResponse moderate(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  Moderation moderation{
      .grade = parse_grade(fields.required_string("moderated_grade"), "moderated_grade"),
      .outcome = parse_audit_outcome(fields.required_string("outcome"), "outcome")};
  moderation.moderated_on = fields.date("moderated_on");
  if (fields.has("comment")) moderation.comment = fields.required_text("comment");
  if (fields.has("sent_back_reason")) {
    moderation.sent_back_reason = fields.required_text("sent_back_reason");
  }
  if (std::optional<std::string> meeting = fields.string("meeting_grade")) {
    moderation.meeting_grade = parse_grade(*meeting, "meeting_grade");
  }
  fields.finish();
  return json_response(to_json(moderate_audit(context.services, request.caller(), id, moderation)));
}

}  // namespace

void add_audit_routes(ApiContext& context) {
  add_routes(context,
             {
                 read_route("/v1/audits/{id}", get_audit),
                 read_route("/v1/audits/{id}/candidates", candidates),
                 write_route("POST", "/v1/audits/{id}/reassign", BodyKind::kJson, reassign),
                 write_route("POST", "/v1/audits/{id}/withdraw", BodyKind::kJson, withdraw),
                 write_route("POST", "/v1/audits/{id}/submission", BodyKind::kJson, submit),
                 write_route("POST", "/v1/audits/{id}/moderation", BodyKind::kJson, moderate),
             });
}

}  // namespace caseaudit::daemon::api
