// Exemptions: GET /v1/exemptions, POST /v1/exemptions, DELETE
// /v1/exemptions/{id}. docs/api/organisation.md. The rules, and the
// withdrawal of audits a late exemption covers, are
// daemon/service/exemptions.h's.
#include <fmt/format.h>

#include <algorithm>

#include "daemon/api/csv_export.h"
#include "daemon/api/resources.h"
#include "daemon/service/exemptions.h"
#include "daemon/service/org_checks.h"
#include "daemon/service/record_json.h"
#include "daemon/service/row_names.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

// Reads the body into an exemption; the service checks it.
Exemption read_exemption(JsonFields& fields) {
  Exemption e;
  e.staff_id = fields.required_integer("staff_id");
  e.kind = parse_exemption_kind(fields.required_string("kind"), "kind");
  std::optional<Month> first = fields.month("first_month");
  if (!first) throw InputError("first_month is required", "first_month");
  e.first_month = *first;
  e.last_month = fields.nullable_month("last_month").value_or(std::nullopt);
  // Kept exactly as typed: it is the coordinator's words, not a key.
  e.reason = fields.required_string("reason");
  e.authorised_by = fields.nullable_integer("authorised_by").value_or(std::nullopt);
  fields.finish();
  return e;
}

json::object created_json(const ExemptionCreated& created) {
  json::array withdrawn, kept;
  for (const WithdrawResult& result : created.withdrawn) {
    withdrawn.push_back(json::object{{"audit", to_json(result.withdrawn)},
                                     {"replacement", to_json(result.replacement)},
                                     {"explanation", result.explanation}});
  }
  for (const KeptAudit& audit : created.kept) {
    kept.push_back(json::object{{"audit", to_json(audit.audit)}, {"why", audit.why}});
  }
  return json::object{{"withdrawn", std::move(withdrawn)},
                      {"kept", std::move(kept)},
                      {"exemption", to_json(created.exemption)}};
}

ApiResponse create_exemption(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  const ExemptionCreated created =
      daemon::create_exemption(context.services, read_exemption(fields), request.caller());
  return json_response(created_json(created), 201);
}

ApiResponse list_exemptions(const ApiContext& context, const ApiRequest& request) {
  const std::optional<Month> month = request.query_month("month");
  const std::optional<Id> staff_id = request.query_id("staff_id");
  const Organisation organisation =
      context.services.store.read_result<Organisation>([&](Transaction& tx) {
        if (staff_id) require_staff(tx, *staff_id, "staff_id");
        return tx.organisation().load();
      });
  const RowNames names(organisation);
  json::array rows;
  for (const Exemption& e : organisation.exemptions) {
    if ((month && !e.covers(*month)) || (staff_id && e.staff_id != *staff_id)) continue;
    rows.push_back(
        with_names(to_json(e).as_object(),
                   {{"staff_id", "staff_name", names.staff(e.staff_id)},
                    {"authorised_by", "authorised_by_name", names.staff(e.authorised_by)}}));
  }
  return list_response(
      request, json::object{{"exemptions", std::move(rows)}}, "exemptions",
      export_filename("exemptions",
                      month ? month->to_string() : format_date(local_today(context, request))));
}

ApiResponse delete_exemption(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  const Exemption exemption = daemon::delete_exemption(context.services, id, request.caller());
  return json_response(json::object{{"deleted", to_json(exemption)}});
}

}  // namespace

void add_exemption_routes(ApiContext& context) {
  add_routes(context,
             {
                 read_route("/v1/exemptions", list_exemptions, {"month", "staff_id", "format"}),
                 write_route("POST", "/v1/exemptions", BodyKind::kJson, create_exemption),
                 write_route("DELETE", "/v1/exemptions/{id}", BodyKind::kNone, delete_exemption),
             });
}

}  // namespace caseaudit::daemon::api
