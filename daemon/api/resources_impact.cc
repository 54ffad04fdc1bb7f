// The impact follow-up's answers: a coordinator keys one in for a person who
// answered by phone or by replying to the email (POST /v1/audits/{id}/impact),
// and reads them for a period (GET /v1/impact-responses). The rules are the
// service's (daemon/service/impact.h); these handlers parse, call and render.
#include "daemon/api/resources.h"
#include "daemon/service/impact.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

ApiResponse record_answer(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  NewImpactResponse answer{
      .audit_id = request.path_id("id"),
      .staff_id = fields.required_id("staff_id"),
      .answer = parse_impact_answer(fields.required_string("answer"), "answer"),
      .what_changed = fields.string("what_changed").value_or(""),
      .answered_on = fields.date("answered_on")};
  fields.finish();
  return json_response(to_json(record_impact_response(context.services, request.caller(), answer)),
                       201);
}

ApiResponse list_answers(const ApiContext& context, ApiRequest& request) {
  const std::optional<Month> from = request.query_month("from");
  const std::optional<Month> to = request.query_month("to");
  if (!from) throw InputError("from is required: the first audit month (YYYY-MM)", "from");
  if (!to) throw InputError("to is required: the last audit month (YYYY-MM)", "to");
  const std::vector<ImpactResponse> answers = impact_responses(context.services, *from, *to);
  json::object counts{{"yes", 0}, {"partly", 0}, {"no", 0}};
  for (const ImpactResponse& answer : answers) {
    counts[to_string(answer.answer)] = counts[to_string(answer.answer)].as_int64() + 1;
  }
  return json_response(json::object{{"from", from->to_string()},
                                    {"to", to->to_string()},
                                    {"counts", std::move(counts)},
                                    {"responses", to_json_array(answers)}});
}

}  // namespace

void add_impact_routes(ApiContext& context) {
  add_routes(context,
             {
                 write_route("POST", "/v1/audits/{id}/impact", BodyKind::kJson, record_answer),
                 read_route("/v1/impact-responses", list_answers, {"from", "to"}),
             });
}

}  // namespace caseaudit::daemon::api
