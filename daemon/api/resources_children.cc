// Children: GET /v1/children/{case_reference}, PUT
// /v1/children/{case_reference} (upsert), POST
// /v1/children/{case_reference}/close, POST /v1/children/import (the
// caseload export as CSV). docs/api/organisation.md. The rules (never a
// child's name) are daemon/service/caseload.h's.
#include "daemon/api/import_response.h"
#include "daemon/api/resources.h"
#include "daemon/service/caseload.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

// PUT sends the whole record: what is left out takes its default.
Child read_child(JsonFields& fields, const std::string& reference) {
  Child child{.case_reference = reference};
  child.team_id = fields.required_integer("team_id");
  child.legal_status = parse_legal_status(fields.required_string("legal_status"), "legal_status");
  child.court_proceedings = fields.boolean("court_proceedings").value_or(false);
  child.iro_id = fields.nullable_integer("iro_id").value_or(std::nullopt);
  child.allocated_worker_id = fields.nullable_integer("allocated_worker_id").value_or(std::nullopt);
  child.open = fields.boolean("open").value_or(true);
  fields.finish();
  return child;
}

ApiResponse get_child(const ApiContext& context, const ApiRequest& request) {
  return json_response(to_json(find_child(context.services, request.path("case_reference"))));
}

ApiResponse put_child(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  const ChildUpserted upserted = daemon::put_child(
      context.services, read_child(fields, request.path("case_reference")), request.caller());
  return json_response(to_json(upserted.child), upserted.created ? 201 : 200);
}

ApiResponse close_child(const ApiContext& context, ApiRequest& request) {
  const Child child =
      daemon::close_child(context.services, request.path("case_reference"), request.caller());
  return json_response(to_json(child));
}

ApiResponse import_caseload(const ApiContext& context, ApiRequest& request) {
  const bool atomic = request.flag("atomic");
  return import_response(
      import_caseload_csv(context.services, request.body(), atomic, request.caller(),
                          request.flag("dry_run") ? ImportRun::kDryRun : ImportRun::kWrite));
}

}  // namespace

void add_children_routes(ApiContext& context) {
  add_routes(
      context,
      {
          read_route("/v1/children/{case_reference}", get_child),
          write_route("PUT", "/v1/children/{case_reference}", BodyKind::kJson, put_child),
          write_route("POST", "/v1/children/{case_reference}/close", BodyKind::kNone, close_child),
          write_route("POST", "/v1/children/import", BodyKind::kCsv, import_caseload,
                      {"atomic", "dry_run"}),
      });
}

}  // namespace caseaudit::daemon::api
