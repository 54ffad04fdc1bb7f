// Services and teams: GET/POST /v1/services, PATCH /v1/services/{id},
// GET/POST /v1/teams, PATCH /v1/teams/{id}. docs/api/organisation.md.
//
// Thin adapters over daemon/service/organisation.h, which holds the rules
// (active managers, unique names).
#include <fmt/format.h>

#include <algorithm>

#include "daemon/api/csv_export.h"
#include "daemon/api/resources.h"
#include "daemon/service/organisation.h"
#include "daemon/service/record_json.h"
#include "daemon/service/row_names.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

ServiceChanges read_service(JsonFields& fields) {
  ServiceChanges changes;
  changes.name = fields.string("name");
  changes.service_manager_id = fields.nullable_integer("service_manager_id");
  changes.head_of_service_id = fields.nullable_integer("head_of_service_id");
  changes.director_id = fields.nullable_integer("director_id");
  fields.finish();
  return changes;
}

TeamChanges read_team(JsonFields& fields) {
  TeamChanges changes;
  changes.name = fields.string("name");
  changes.service_id = fields.integer("service_id");
  changes.team_manager_id = fields.nullable_integer("team_manager_id");
  fields.finish();
  return changes;
}

ApiResponse list_services(const ApiContext& context, const ApiRequest& request) {
  const Organisation organisation = context.services.store.read_result<Organisation>(
      [](Transaction& tx) { return tx.organisation().load(); });
  const RowNames names(organisation);
  json::array rows;
  for (const Service& s : organisation.services) {
    rows.push_back(with_names(
        to_json(s).as_object(),
        {{"service_manager_id", "service_manager_name", names.staff(s.service_manager_id)},
         {"head_of_service_id", "head_of_service_name", names.staff(s.head_of_service_id)},
         {"director_id", "director_name", names.staff(s.director_id)}}));
  }
  return list_response(request, json::object{{"services", std::move(rows)}}, "services",
                       export_filename("services", format_date(local_today(context, request))));
}

ApiResponse create_service(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  const Service service =
      daemon::create_service(context.services, read_service(fields), request.caller());
  return json_response(to_json(service), 201);
}

ApiResponse update_service(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Service service =
      daemon::update_service(context.services, id, read_service(fields), request.caller());
  return json_response(to_json(service));
}

ApiResponse list_teams(const ApiContext& context, const ApiRequest& request) {
  const std::optional<Id> service_id = request.query_id("service_id");
  const Organisation organisation = context.services.store.read_result<Organisation>(
      [](Transaction& tx) { return tx.organisation().load(); });
  const RowNames names(organisation);
  json::array rows;
  for (const Team& team : organisation.teams) {
    if (service_id && team.service_id != *service_id) continue;
    rows.push_back(
        with_names(to_json(team).as_object(),
                   {{"service_id", "service_name", names.service(team.service_id)},
                    {"team_manager_id", "team_manager_name", names.staff(team.team_manager_id)}}));
  }
  return list_response(request, json::object{{"teams", std::move(rows)}}, "teams",
                       export_filename("teams", format_date(local_today(context, request))));
}

ApiResponse create_team(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  const Team team = daemon::create_team(context.services, read_team(fields), request.caller());
  return json_response(to_json(team), 201);
}

ApiResponse update_team(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Team team = daemon::update_team(context.services, id, read_team(fields), request.caller());
  return json_response(to_json(team));
}

}  // namespace

void add_organisation_routes(ApiContext& context) {
  add_routes(context,
             {
                 read_route("/v1/services", list_services, {"format"}),
                 write_route("POST", "/v1/services", BodyKind::kJson, create_service),
                 write_route("PATCH", "/v1/services/{id}", BodyKind::kJson, update_service),
                 read_route("/v1/teams", list_teams, {"service_id", "format"}),
                 write_route("POST", "/v1/teams", BodyKind::kJson, create_team),
                 write_route("PATCH", "/v1/teams/{id}", BodyKind::kJson, update_team),
             });
}

}  // namespace caseaudit::daemon::api
