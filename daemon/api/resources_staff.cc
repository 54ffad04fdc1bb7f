// Staff: GET /v1/staff, GET /v1/staff/{id}, POST /v1/staff, PATCH
// /v1/staff/{id}, POST /v1/staff/import (CSV). docs/api/organisation.md.
//
// PATCH changes only the fields sent, and inside the two rotas only the keys
// sent ({"audit_rota": {"parity": "even"}}), because changing one person's
// rota is the coordinator's daily task and resending a whole record invites
// overwriting someone else's change.
//
// Emails identify staff in imports and compare case-insensitively
// everywhere, so "A.Smith@x" and "a.smith@x" can never be two people.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "daemon/api/csv.h"
#include "daemon/service/record_json.h"
#include "daemon/api/org_checks.h"
#include "daemon/api/resources.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// ---- Checks against the organisation ------------------------------------------

void require_unique_email(const Organisation& org, const Staff& staff) {
  for (const Staff& other : org.staff) {
    if (other.id != staff.id && lower(other.email) == lower(staff.email)) {
      throw Conflict(fmt::format("email: {} is already staff member {}", staff.email, other.id),
                     "email");
    }
  }
}

// A line manager chain that loops would send escalations round for ever.
void require_no_management_loop(const Organisation& org, const Staff& staff) {
  std::map<Id, std::optional<Id>> manager_of;
  for (const Staff& s : org.staff) manager_of[s.id] = s.line_manager_id;
  manager_of[staff.id] = staff.line_manager_id;
  std::optional<Id> next = staff.line_manager_id;
  for (std::size_t steps = 0; next && steps <= manager_of.size(); ++steps) {
    if (*next == staff.id) {
      throw RuleViolation(
          "line_manager_id: a person cannot be their own line manager, directly or up the chain",
          "line_manager_id");
    }
    auto found = manager_of.find(*next);
    next = found == manager_of.end() ? std::nullopt : found->second;
  }
}

void require_references(Transaction& tx, const Staff& staff) {
  if (staff.team_id) require_team(tx, *staff.team_id, "team_id");
  require_staff_if(tx, staff.line_manager_id, "line_manager_id");
  for (Id team : staff.responsible_team_ids) require_team(tx, team, "responsible_team_ids");
  const Organisation org = tx.organisation().load();
  require_unique_email(org, staff);
  require_no_management_loop(org, staff);
}

// ---- JSON ------------------------------------------------------------------------

void apply_rota(const json::object& object, const std::string& prefix, Rota& rota) {
  JsonFields fields(object, prefix + ".");
  if (auto cadence = fields.string("cadence")) {
    rota.cadence = parse_cadence(*cadence, fields.name("cadence"));
  }
  if (auto parity = fields.string("parity")) {
    rota.parity = parse_parity(*parity, fields.name("parity"));
  }
  fields.finish();
}

std::vector<Id> distinct(std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// Applies the fields present in `fields` to `staff`, checking each value.
void apply_staff(JsonFields& fields, Staff& staff) {
  if (auto v = fields.string("name")) staff.name = checked_name(*v, "name");
  if (auto v = fields.string("email")) staff.email = checked_email(*v, "email");
  if (auto v = fields.string("role")) staff.role = parse_role(*v, "role");
  if (auto v = fields.number("fte")) staff.fte = checked_fte(*v, "fte");
  if (auto v = fields.nullable_integer("team_id")) staff.team_id = *v;
  if (auto v = fields.nullable_integer("line_manager_id")) staff.line_manager_id = *v;
  if (auto v = fields.integer_list("responsible_team_ids"))
    staff.responsible_team_ids = distinct(*v);
  if (auto v = fields.boolean("auditor")) staff.auditor = *v;
  if (auto v = fields.object("audit_rota")) apply_rota(*v, "audit_rota", staff.audit_rota);
  if (auto v = fields.nullable_integer("audit_quota")) {
    staff.audit_quota =
        *v ? std::optional<int>(checked_count(**v, "audit_quota")) : std::optional<int>();
  }
  if (auto v = fields.integer("moderator_capacity")) {
    staff.moderator_capacity = checked_count(*v, "moderator_capacity");
  }
  if (auto v = fields.boolean("external_moderator")) staff.external_moderator = *v;
  if (auto v = fields.object("moderation_rota")) {
    apply_rota(*v, "moderation_rota", staff.moderation_rota);
  }
  if (auto v = fields.boolean("active")) staff.active = *v;
  fields.finish();
}

ApiResponse list_staff(const ApiContext& context, const ApiRequest& request) {
  std::optional<Role> role;
  if (auto text = request.query("role")) role = parse_role(*text, "role");
  const std::optional<Id> team_id = request.query_id("team_id");
  const std::optional<bool> active = request.query_bool("active");
  auto staff = context.services.store.read_result<std::vector<Staff>>(
      [](Transaction& tx) { return tx.organisation().load().staff; });
  std::erase_if(staff, [&](const Staff& s) {
    return (role && s.role != *role) || (team_id && s.team_id != *team_id) ||
           (active && s.active != *active);
  });
  return json_response(json::object{{"staff", to_json_array(staff)}});
}

ApiResponse get_staff(const ApiContext& context, const ApiRequest& request) {
  const Id id = request.path_id("id");
  auto staff = context.services.store.read_result<Staff>(
      [&](Transaction& tx) { return require_staff(tx, id, "id"); });
  return json_response(to_json(staff));
}

ApiResponse create_staff(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  for (const char* required : {"name", "email", "role"}) {
    if (!fields.has(required)) throw InputError(fmt::format("{} is required", required), required);
  }
  Staff staff;
  context.services.store.transact([&](Transaction& tx) {
    staff = Staff{};
    apply_staff(fields, staff);
    require_references(tx, staff);
    staff.id = tx.organisation().insert_staff(staff);
    request.log_change(tx, "staff.create", "staff", std::to_string(staff.id), nullptr,
                       to_json(staff));
  });
  return json_response(to_json(staff), 201);
}

ApiResponse update_staff(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  Staff staff;
  context.services.store.transact([&](Transaction& tx) {
    const Staff before = require_staff(tx, id, "id");
    staff = before;
    apply_staff(fields, staff);
    if (staff == before) return;
    require_references(tx, staff);
    tx.organisation().update_staff(staff);
    request.log_change(tx, "staff.update", "staff", std::to_string(id), to_json(before),
                       to_json(staff));
  });
  return json_response(to_json(staff));
}

// ---- CSV import ------------------------------------------------------------------

const CsvColumns& staff_columns() {
  static const CsvColumns columns{
      .known = {"name", "email", "role", "fte", "team", "line_manager", "responsible_teams",
                "auditor", "audit_cadence", "audit_parity", "audit_quota", "moderator_capacity",
                "external_moderator", "moderation_cadence", "moderation_parity", "active"}};
  return columns;
}

// One row's plan: what to write, or why not.
struct StaffRowPlan {
  int line = 0;
  std::optional<InputError> error;
  bool create = false;
  Staff before;
  Staff after;  // new staff have a provisional negative id until written
};

// The organisation as the import sees it, with the effect of earlier rows.
class StaffImportState {
 public:
  explicit StaffImportState(const Organisation& org) {
    for (const Team& team : org.teams) team_by_name_[lower(team.name)] = team.id;
    for (const Staff& staff : org.staff) {
      by_email_[lower(staff.email)] = staff;
      manager_of_[staff.id] = staff.line_manager_id;
    }
  }

  StaffRowPlan plan(const CsvRow& row) {
    StaffRowPlan plan{.line = row.line};
    try {
      if (row.error) throw InputError(*row.error, "row");
      plan_row(row, plan);
      require_no_loop(plan.after);
      by_email_[lower(plan.after.email)] = plan.after;
      manager_of_[plan.after.id] = plan.after.line_manager_id;
    } catch (const InputError& error) {
      plan.error = error;
    }
    return plan;
  }

 private:
  void plan_row(const CsvRow& row, StaffRowPlan& plan) {
    const std::string email = checked_email(row.cell("email").value_or(""), "email");
    if (!seen_.insert(lower(email)).second) {
      throw InputError(fmt::format("email: {} appears on an earlier row of this file", email),
                       "email");
    }
    auto existing = by_email_.find(lower(email));
    plan.create = existing == by_email_.end();
    if (plan.create) {
      plan.after.id = -row.line;
      plan.after.email = email;
      for (const char* required : {"name", "role"}) {
        if (row.cell(required).value_or("").empty()) {
          throw InputError(fmt::format("{}: required for a new staff member", required), required);
        }
      }
    } else {
      plan.before = existing->second;
      plan.after = plan.before;
    }
    apply_cells(row, plan.after);
  }

  // A cell left empty leaves a required field as it is; for an optional
  // field (team, line manager, quota, responsible teams) it clears it.
  void apply_cells(const CsvRow& row, Staff& s) {
    auto given = [&](const char* column) -> std::optional<std::string> {
      auto cell = row.cell(column);
      return cell && !cell->empty() ? cell : std::nullopt;
    };
    if (auto v = given("name")) s.name = checked_name(*v, "name");
    if (auto v = given("role")) s.role = parse_role(*v, "role");
    if (auto v = given("fte")) s.fte = checked_fte(number(*v, "fte"), "fte");
    if (auto v = row.cell("team")) s.team_id = v->empty() ? std::nullopt : team(*v, "team");
    if (auto v = row.cell("line_manager")) {
      s.line_manager_id = v->empty() ? std::nullopt : std::optional<Id>(manager(*v, s));
    }
    if (auto v = row.cell("responsible_teams")) s.responsible_team_ids = teams(*v);
    if (auto v = given("auditor")) s.auditor = boolean(*v, "auditor");
    if (auto v = given("audit_cadence")) s.audit_rota.cadence = parse_cadence(*v, "audit_cadence");
    if (auto v = given("audit_parity")) s.audit_rota.parity = parse_parity(*v, "audit_parity");
    if (auto v = row.cell("audit_quota")) {
      s.audit_quota =
          v->empty() ? std::nullopt
                     : std::optional<int>(checked_count(
                           static_cast<std::int64_t>(integer(*v, "audit_quota")), "audit_quota"));
    }
    if (auto v = given("moderator_capacity")) {
      s.moderator_capacity = checked_count(integer(*v, "moderator_capacity"), "moderator_capacity");
    }
    if (auto v = given("external_moderator")) {
      s.external_moderator = boolean(*v, "external_moderator");
    }
    if (auto v = given("moderation_cadence")) {
      s.moderation_rota.cadence = parse_cadence(*v, "moderation_cadence");
    }
    if (auto v = given("moderation_parity")) {
      s.moderation_rota.parity = parse_parity(*v, "moderation_parity");
    }
    if (auto v = given("active")) s.active = boolean(*v, "active");
  }

  std::optional<Id> team(const std::string& name, std::string_view field) const {
    auto found = team_by_name_.find(lower(name));
    if (found == team_by_name_.end()) {
      throw NotFound(fmt::format("{}: no team is named \"{}\"", field, name), std::string(field));
    }
    return found->second;
  }

  std::vector<Id> teams(const std::string& list) const {
    std::vector<Id> ids;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t end = std::min(list.find(';', start), list.size());
      std::string name = list.substr(start, end - start);
      name.erase(0, name.find_first_not_of(' '));
      name.erase(name.find_last_not_of(' ') + 1);
      if (!name.empty()) ids.push_back(*team(name, "responsible_teams"));
      start = end + 1;
    }
    return distinct(ids);
  }

  Id manager(const std::string& email, const Staff& staff) const {
    auto found = by_email_.find(lower(email));
    if (found == by_email_.end()) {
      throw NotFound(fmt::format("line_manager: no staff member (nor an earlier row) has the email "
                                 "{}",
                                 email),
                     "line_manager");
    }
    if (lower(email) == lower(staff.email)) {
      throw RuleViolation("line_manager: a person cannot be their own line manager",
                          "line_manager");
    }
    return found->second.id;
  }

  static double number(const std::string& text, std::string_view field) {
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      throw InputError(fmt::format("{}: expected a number, got \"{}\"", field, text),
                       std::string(field));
    }
    return value;
  }

  static std::int64_t integer(const std::string& text, std::string_view field) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      throw InputError(fmt::format("{}: expected a whole number, got \"{}\"", field, text),
                       std::string(field));
    }
    return value;
  }

  static bool boolean(const std::string& text, std::string_view field) {
    std::optional<bool> value = parse_csv_bool(text);
    if (!value) {
      throw InputError(
          fmt::format("{}: expected yes or no (true/false, 1/0), got \"{}\"", field, text),
          std::string(field));
    }
    return *value;
  }

  void require_no_loop(const Staff& staff) const {
    std::optional<Id> next = staff.line_manager_id;
    for (std::size_t steps = 0; next && steps <= manager_of_.size(); ++steps) {
      if (*next == staff.id) {
        throw RuleViolation(
            "line_manager: the line management chain would loop back to "
            "this person",
            "line_manager");
      }
      auto found = manager_of_.find(*next);
      next = found == manager_of_.end() ? std::nullopt : found->second;
    }
  }

  std::map<std::string, Id> team_by_name_;
  std::map<Id, std::optional<Id>> manager_of_;
  std::map<std::string, Staff> by_email_;
  std::set<std::string> seen_;
};

// Writes the good rows in file order, so a line manager created on an earlier
// row has its id by the time a later row names them.
void write_staff_plans(Transaction& tx, const ApiRequest& request,
                       std::vector<StaffRowPlan>& plans) {
  std::map<Id, Id> real_id;  // provisional -> stored
  for (StaffRowPlan& plan : plans) {
    if (plan.error || (!plan.create && plan.after == plan.before)) continue;
    if (plan.after.line_manager_id && *plan.after.line_manager_id < 0) {
      plan.after.line_manager_id = real_id.at(*plan.after.line_manager_id);
    }
    if (plan.create) {
      const Id provisional = plan.after.id;
      plan.after.id = tx.organisation().insert_staff(plan.after);
      real_id[provisional] = plan.after.id;
      request.log_change(tx, "staff.create", "staff", std::to_string(plan.after.id), nullptr,
                         to_json(plan.after));
    } else {
      tx.organisation().update_staff(plan.after);
      request.log_change(tx, "staff.update", "staff", std::to_string(plan.after.id),
                         to_json(plan.before), to_json(plan.after));
    }
  }
}

ImportReport staff_report(const std::vector<StaffRowPlan>& plans, bool written) {
  ImportReport report;
  for (const StaffRowPlan& plan : plans) {
    if (plan.error) {
      report.rejected(plan.line, *plan.error);
    } else if (plan.create) {
      report.created(plan.line, written ? json::value(plan.after.id) : json::value(nullptr));
    } else if (plan.after == plan.before) {
      report.unchanged(plan.line, plan.after.id);
    } else {
      report.updated(plan.line, plan.after.id);
    }
  }
  return report;
}

ApiResponse import_staff(const ApiContext& context, ApiRequest& request) {
  const bool atomic = request.flag("atomic");
  const CsvTable table = read_csv_table(request.body(), staff_columns());
  if (!table.has_column("email")) {
    throw InputError("the file needs an email column: it identifies each person", "email");
  }
  std::vector<StaffRowPlan> plans;
  bool written = false;
  context.services.store.transact([&](Transaction& tx) {
    StaffImportState state(tx.organisation().load());
    plans.clear();
    for (const CsvRow& row : table.rows) plans.push_back(state.plan(row));
    const bool refused =
        atomic && std::any_of(plans.begin(), plans.end(), [](auto& p) { return p.error; });
    written = !refused;
    if (written) write_staff_plans(tx, request, plans);
  });
  ImportReport report = staff_report(plans, written);
  return json_response(report.to_json(atomic, written), written ? 200 : 422);
}

}  // namespace

void add_staff_routes(ApiContext& context) {
  Api& api = context.api;
  api.add({.method = "GET",
           .pattern = "/v1/staff",
           .access = Access::kRead,
           .query_params = {"role", "team_id", "active"},
           .handler = [&context](ApiRequest& r) { return list_staff(context, r); }});
  api.add({.method = "GET",
           .pattern = "/v1/staff/{id}",
           .access = Access::kRead,
           .handler = [&context](ApiRequest& r) { return get_staff(context, r); }});
  api.add({.method = "POST",
           .pattern = "/v1/staff",
           .access = Access::kWrite,
           .body = BodyKind::kJson,
           .handler = [&context](ApiRequest& r) { return create_staff(context, r); }});
  api.add({.method = "PATCH",
           .pattern = "/v1/staff/{id}",
           .access = Access::kWrite,
           .body = BodyKind::kJson,
           .handler = [&context](ApiRequest& r) { return update_staff(context, r); }});
  api.add({.method = "POST",
           .pattern = "/v1/staff/import",
           .access = Access::kWrite,
           .body = BodyKind::kCsv,
           .query_params = {"atomic"},
           .handler = [&context](ApiRequest& r) { return import_staff(context, r); }});
}

}  // namespace caseaudit::daemon::api
