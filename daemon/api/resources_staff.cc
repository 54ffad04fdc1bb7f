// Staff: GET /v1/staff, GET /v1/staff/{id}, POST /v1/staff, PATCH
// /v1/staff/{id}, POST /v1/staff/import (CSV). docs/api/organisation.md.
//
// PATCH changes only the fields sent, and inside the two rotas only the keys
// sent ({"audit_rota": {"parity": "even"}}), because changing one person's
// rota is the coordinator's daily task and resending a whole record invites
// overwriting someone else's change. The rules are daemon/service/staff.h's.
#include <fmt/format.h>

#include <algorithm>

#include "daemon/api/csv_export.h"
#include "daemon/api/import_response.h"
#include "daemon/api/resources.h"
#include "daemon/service/org_checks.h"
#include "daemon/service/record_json.h"
#include "daemon/service/row_names.h"
#include "daemon/service/staff.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

RotaChanges read_rota(const json::object& object, const std::string& prefix) {
  JsonFields fields(object, prefix + ".");
  RotaChanges changes;
  if (auto cadence = fields.string("cadence")) {
    changes.cadence = parse_cadence(*cadence, fields.name("cadence"));
  }
  if (auto parity = fields.string("parity")) {
    changes.parity = parse_parity(*parity, fields.name("parity"));
  }
  fields.finish();
  return changes;
}

// The fields present in the body; their values are checked by the service.
StaffChanges read_staff(JsonFields& fields) {
  StaffChanges changes;
  changes.name = fields.string("name");
  changes.email = fields.string("email");
  if (auto v = fields.string("role")) changes.role = parse_role(*v, "role");
  changes.fte = fields.number("fte");
  changes.team_id = fields.nullable_integer("team_id");
  changes.line_manager_id = fields.nullable_integer("line_manager_id");
  changes.responsible_team_ids = fields.integer_list("responsible_team_ids");
  changes.auditor = fields.boolean("auditor");
  if (auto v = fields.object("audit_rota")) changes.audit_rota = read_rota(*v, "audit_rota");
  changes.audit_quota = fields.nullable_integer("audit_quota");
  changes.moderator_capacity = fields.integer("moderator_capacity");
  changes.external_moderator = fields.boolean("external_moderator");
  if (auto v = fields.object("moderation_rota")) {
    changes.moderation_rota = read_rota(*v, "moderation_rota");
  }
  changes.active = fields.boolean("active");
  fields.finish();
  return changes;
}

// A staff row with the names of its team, line manager and responsible teams,
// and the person's console access level.
json::object named_staff(const Staff& staff, const RowNames& names, ConsoleAccess access) {
  json::array responsible;
  for (const Id team : staff.responsible_team_ids) responsible.push_back(names.team(team));
  json::object row =
      with_names(to_json(staff).as_object(),
                 {{"team_id", "team_name", names.team(staff.team_id)},
                  {"line_manager_id", "line_manager_name", names.staff(staff.line_manager_id)},
                  {"responsible_team_ids", "responsible_team_names", std::move(responsible)}});
  row["console_access"] = to_string(access);
  return row;
}

struct StaffDirectory {
  Organisation organisation;
  std::map<Id, ConsoleAccess> accesses;

  ConsoleAccess access_of(Id id) const {
    const auto found = accesses.find(id);
    return found == accesses.end() ? ConsoleAccess::kNone : found->second;
  }
};

ApiResponse list_staff(const ApiContext& context, const ApiRequest& request) {
  std::optional<Role> role;
  if (auto text = request.query("role")) role = parse_role(*text, "role");
  const std::optional<Id> team_id = request.query_id("team_id");
  const std::optional<bool> active = request.query_bool("active");
  const StaffDirectory directory =
      context.services.store.read_result<StaffDirectory>([](Transaction& tx) {
        return StaffDirectory{.organisation = tx.organisation().load(),
                              .accesses = tx.sign_in().console_accesses()};
      });
  const RowNames names(directory.organisation);
  json::array rows;
  for (const Staff& s : directory.organisation.staff) {
    if ((role && s.role != *role) || (team_id && s.team_id != *team_id) ||
        (active && s.active != *active)) {
      continue;
    }
    rows.push_back(named_staff(s, names, directory.access_of(s.id)));
  }
  return list_response(request, json::object{{"staff", std::move(rows)}}, "staff",
                       export_filename("staff", format_date(local_today(context, request))));
}

ApiResponse get_staff(const ApiContext& context, const ApiRequest& request) {
  const Id id = request.path_id("id");
  json::object row = context.services.store.read_result<json::object>([&](Transaction& tx) {
    json::object named = to_json(require_staff(tx, id, "id")).as_object();
    named["console_access"] = to_string(tx.sign_in().console_access(id));
    return named;
  });
  return json_response(std::move(row));
}

ApiResponse create_staff(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  const Staff staff = daemon::create_staff(context.services, read_staff(fields), request.caller());
  return json_response(to_json(staff), 201);
}

ApiResponse update_staff(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Staff staff =
      daemon::update_staff(context.services, id, read_staff(fields), request.caller());
  return json_response(to_json(staff));
}

ApiResponse import_staff(const ApiContext& context, ApiRequest& request) {
  const bool atomic = request.flag("atomic");
  return import_response(
      import_staff_csv(context.services, request.body(), atomic, request.caller(),
                       request.flag("dry_run") ? ImportRun::kDryRun : ImportRun::kWrite));
}

}  // namespace

void add_staff_routes(ApiContext& context) {
  add_routes(context,
             {
                 read_route("/v1/staff", list_staff, {"role", "team_id", "active", "format"}),
                 read_route("/v1/staff/{id}", get_staff),
                 write_route("POST", "/v1/staff", BodyKind::kJson, create_staff),
                 write_route("PATCH", "/v1/staff/{id}", BodyKind::kJson, update_staff),
                 write_route("POST", "/v1/staff/import", BodyKind::kCsv, import_staff,
                             {"atomic", "dry_run"}),
             });
}

}  // namespace caseaudit::daemon::api
