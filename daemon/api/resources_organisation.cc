// Services and teams: GET/POST /v1/services, PATCH /v1/services/{id},
// GET/POST /v1/teams, PATCH /v1/teams/{id}. docs/api/organisation.md.
//
// Managers named here (service manager, head of service, director, team
// manager) receive reminders and escalations, so each must be an active
// member of staff: naming an inactive one is a RuleViolation.
#include <fmt/format.h>

#include <algorithm>

#include "daemon/service/record_json.h"
#include "daemon/api/org_checks.h"
#include "daemon/api/resources.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

void require_active_manager(Transaction& tx, const std::optional<Id>& id, std::string_view field) {
  if (!id) return;
  const Staff staff = require_staff(tx, *id, field);
  if (!staff.active) {
    throw RuleViolation(
        fmt::format("{}: {} is not active; a manager must be active staff, who can be reminded",
                    field, staff.name),
        std::string(field));
  }
}

template <typename Record>
void require_unique_name(const std::vector<Record>& records, const Record& record) {
  for (const Record& other : records) {
    if (other.id != record.id && other.name == record.name) {
      throw Conflict(fmt::format("name: \"{}\" is already taken (id {})", record.name, other.id),
                     "name");
    }
  }
}

// Applies the fields present in `fields` to `service`, checking each.
void apply_service(Transaction& tx, JsonFields& fields, Service& service) {
  if (auto name = fields.string("name")) service.name = checked_name(*name, "name");
  for (auto [key, target] : {std::pair{"service_manager_id", &service.service_manager_id},
                             std::pair{"head_of_service_id", &service.head_of_service_id},
                             std::pair{"director_id", &service.director_id}}) {
    if (auto id = fields.nullable_integer(key)) {
      *target = *id;
      require_active_manager(tx, *target, key);
    }
  }
  fields.finish();
  require_unique_name(tx.organisation().load().services, service);
}

void apply_team(Transaction& tx, JsonFields& fields, Team& team) {
  if (auto name = fields.string("name")) team.name = checked_name(*name, "name");
  if (auto service_id = fields.integer("service_id")) {
    team.service_id = require_service(tx, *service_id, "service_id").id;
  }
  if (auto manager = fields.nullable_integer("team_manager_id")) {
    team.team_manager_id = *manager;
    require_active_manager(tx, team.team_manager_id, "team_manager_id");
  }
  fields.finish();
  require_unique_name(tx.organisation().load().teams, team);
}

ApiResponse list_services(const ApiContext& context) {
  auto services = context.services.store.read_result<std::vector<Service>>(
      [](Transaction& tx) { return tx.organisation().load().services; });
  return json_response(json::object{{"services", to_json_array(services)}});
}

ApiResponse create_service(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  if (!fields.has("name")) throw InputError("name is required", "name");
  Service service;
  context.services.store.transact([&](Transaction& tx) {
    service = Service{};
    apply_service(tx, fields, service);
    service.id = tx.organisation().insert_service(service);
    request.log_change(tx, "service.create", "service", std::to_string(service.id), nullptr,
                       to_json(service));
  });
  return json_response(to_json(service), 201);
}

ApiResponse update_service(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  Service service;
  context.services.store.transact([&](Transaction& tx) {
    std::optional<Service> before = tx.organisation().find_service(id);
    if (!before) throw NotFound(fmt::format("no service {}", id), "id");
    service = *before;
    apply_service(tx, fields, service);
    if (service == *before) return;
    tx.organisation().update_service(service);
    request.log_change(tx, "service.update", "service", std::to_string(id), to_json(*before),
                       to_json(service));
  });
  return json_response(to_json(service));
}

ApiResponse list_teams(const ApiContext& context, const ApiRequest& request) {
  const std::optional<Id> service_id = request.query_id("service_id");
  auto teams = context.services.store.read_result<std::vector<Team>>(
      [&](Transaction& tx) { return tx.organisation().load().teams; });
  if (service_id) {
    std::erase_if(teams, [&](const Team& team) { return team.service_id != *service_id; });
  }
  return json_response(json::object{{"teams", to_json_array(teams)}});
}

ApiResponse create_team(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  if (!fields.has("name")) throw InputError("name is required", "name");
  if (!fields.has("service_id")) throw InputError("service_id is required", "service_id");
  Team team;
  context.services.store.transact([&](Transaction& tx) {
    team = Team{};
    apply_team(tx, fields, team);
    team.id = tx.organisation().insert_team(team);
    request.log_change(tx, "team.create", "team", std::to_string(team.id), nullptr, to_json(team));
  });
  return json_response(to_json(team), 201);
}

ApiResponse update_team(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  Team team;
  context.services.store.transact([&](Transaction& tx) {
    std::optional<Team> before = tx.organisation().find_team(id);
    if (!before) throw NotFound(fmt::format("no team {}", id), "id");
    team = *before;
    apply_team(tx, fields, team);
    if (team == *before) return;
    tx.organisation().update_team(team);
    request.log_change(tx, "team.update", "team", std::to_string(id), to_json(*before),
                       to_json(team));
  });
  return json_response(to_json(team));
}

}  // namespace

void add_organisation_routes(ApiContext& context) {
  Api& api = context.api;
  api.add({.method = "GET",
           .pattern = "/v1/services",
           .access = Access::kRead,
           .handler = [&context](ApiRequest&) { return list_services(context); }});
  api.add({.method = "POST",
           .pattern = "/v1/services",
           .access = Access::kWrite,
           .body = BodyKind::kJson,
           .handler = [&context](ApiRequest& r) { return create_service(context, r); }});
  api.add({.method = "PATCH",
           .pattern = "/v1/services/{id}",
           .access = Access::kWrite,
           .body = BodyKind::kJson,
           .handler = [&context](ApiRequest& r) { return update_service(context, r); }});
  api.add({.method = "GET",
           .pattern = "/v1/teams",
           .access = Access::kRead,
           .query_params = {"service_id"},
           .handler = [&context](ApiRequest& r) { return list_teams(context, r); }});
  api.add({.method = "POST",
           .pattern = "/v1/teams",
           .access = Access::kWrite,
           .body = BodyKind::kJson,
           .handler = [&context](ApiRequest& r) { return create_team(context, r); }});
  api.add({.method = "PATCH",
           .pattern = "/v1/teams/{id}",
           .access = Access::kWrite,
           .body = BodyKind::kJson,
           .handler = [&context](ApiRequest& r) { return update_team(context, r); }});
}

}  // namespace caseaudit::daemon::api
