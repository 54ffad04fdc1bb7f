// Actions on an audit: list, create, update, complete. The rules are the
// service's (daemon/service/actions.h); these handlers parse, call and
// render.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "daemon/api/csv_export.h"
#include "daemon/api/resources.h"
#include "daemon/service/action_updates.h"
#include "daemon/service/actions.h"
#include "daemon/service/cycle_common.h"
#include "daemon/service/record_json.h"
#include "daemon/service/row_names.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

Audit audit_or_404(Transaction& tx, Id id) {
  std::optional<Audit> audit = tx.allocation().find_audit(id);
  if (!audit) throw NotFound(fmt::format("no audit {}", id));
  return *audit;
}

Action action_or_404(Transaction& tx, Id id) {
  std::optional<Action> action = tx.follow_up().find_action(id);
  if (!action) throw NotFound(fmt::format("no action {}", id));
  return *action;
}

ActionChanges read_changes(JsonFields& fields) {
  ActionChanges changes;
  if (fields.has("description")) changes.description = fields.required_text("description");
  changes.owner_id = fields.id("owner_id");
  changes.due_date = fields.date("due_date");
  changes.care_planning = fields.boolean("care_planning");
  fields.finish();
  return changes;
}

ApiResponse list_actions(const ApiContext& context, ApiRequest& request) {
  const Id audit_id = request.path_id("id");
  auto actions = context.services.store.read_result<std::vector<Action>>([&](Transaction& tx) {
    audit_or_404(tx, audit_id);
    return tx.follow_up().actions_for_audit(audit_id);
  });
  const RowNames names = context.services.store.read_result<RowNames>(
      [](Transaction& tx) { return RowNames::read(tx); });
  json::array rows;
  for (const Action& action : actions) {
    rows.push_back(with_names(to_json(action).as_object(),
                              {{"owner_id", "owner_name", names.staff(action.owner_id)}}));
  }
  return list_response(request, json::object{{"actions", std::move(rows)}}, "actions",
                       export_filename("actions", "audit-" + std::to_string(audit_id)));
}

// The records an action row names, by id (a lookup per row, not a scan).
class ActionContext {
 public:
  explicit ActionContext(const Authority& authority) {
    index(authority.audits, audits_);
    index(authority.children, children_);
    index(authority.teams, teams_);
    index(authority.staff, staff_);
  }
  const Audit* audit(Id id) const { return find(audits_, id); }
  const Child* child(Id id) const { return find(children_, id); }
  const Team* team(Id id) const { return find(teams_, id); }
  const Staff* staff(Id id) const { return find(staff_, id); }

 private:
  template <typename T>
  static void index(const std::vector<T>& records, std::unordered_map<Id, const T*>& by_id) {
    by_id.reserve(records.size());
    for (const T& record : records) by_id.emplace(record.id, &record);
  }
  template <typename T>
  static const T* find(const std::unordered_map<Id, const T*>& by_id, Id id) {
    const auto found = by_id.find(id);
    return found == by_id.end() ? nullptr : found->second;
  }
  std::unordered_map<Id, const Audit*> audits_;
  std::unordered_map<Id, const Child*> children_;
  std::unordered_map<Id, const Team*> teams_;
  std::unordered_map<Id, const Staff*> staff_;
};

// One row of GET /v1/actions: the action with its audit's month, the child's
// case reference, the team, the owner's name and whether it is overdue.
json::object action_row(const Action& action, const ActionContext& records, Date today) {
  json::object row = to_json(action).as_object();
  const Audit* audit = records.audit(action.audit_id);
  const Child* child = audit ? records.child(audit->child_id) : nullptr;
  const Team* team = child ? records.team(child->team_id) : nullptr;
  const Staff* owner = records.staff(action.owner_id);
  row["month"] = audit ? json::value(audit->month.to_string()) : json::value(nullptr);
  row["case_reference"] = child ? json::value(child->case_reference) : json::value(nullptr);
  row["team_id"] = team ? json::value(team->id) : json::value(nullptr);
  row["team_name"] = team ? json::value(team->name) : json::value(nullptr);
  row["owner_name"] = owner ? json::value(owner->name) : json::value(nullptr);
  row["overdue"] = action.status == ActionStatus::kOpen && action.due_date < today;
  return row;
}

// Every action (or those of one status or team): overdue first, then by
// team name and due date.
ApiResponse list_all_actions(const ApiContext& context, ApiRequest& request) {
  std::optional<ActionStatus> status;
  if (auto text = request.query("status")) status = parse_action_status(*text, "status");
  const std::optional<Id> team_id = request.query_id("team_id");
  const Date today = local_day(context.services, request.caller());
  auto authority = context.services.store.read_result<Authority>(
      [](Transaction& tx) { return tx.load_authority(); });
  const ActionContext records(authority);
  std::vector<json::object> rows;
  for (const Action& action : authority.actions) {
    if (status && action.status != *status) continue;
    json::object row = action_row(action, records, today);
    if (team_id && (row["team_id"].is_null() || row["team_id"].as_int64() != *team_id)) continue;
    rows.push_back(std::move(row));
  }
  auto key = [](const json::object& row) {
    return std::make_tuple(!row.at("overdue").as_bool(),
                           row.at("team_name").is_null()
                               ? std::string()
                               : std::string(row.at("team_name").as_string()),
                           std::string(row.at("due_date").as_string()), row.at("id").as_int64());
  };
  std::sort(rows.begin(), rows.end(),
            [&](const auto& a, const auto& b) { return key(a) < key(b); });
  json::array array;
  for (auto& row : rows) array.push_back(std::move(row));
  return json_response(json::object{{"actions", std::move(array)}});
}

ApiResponse get_action(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  return json_response(to_json(context.services.store.read_result<Action>(
      [&](Transaction& tx) { return action_or_404(tx, id); })));
}

ApiResponse create_action(const ApiContext& context, ApiRequest& request) {
  const Id audit_id = request.path_id("id");
  JsonFields fields = request.json();
  NewAction action{.audit_id = audit_id,
                   .description = fields.required_text("description"),
                   .due_date = fields.required_date("due_date"),
                   .care_planning = fields.boolean("care_planning").value_or(false)};
  action.owner_id = fields.id("owner_id");
  fields.finish();
  return json_response(to_json(daemon::create_action(context.services, request.caller(), action)),
                       201);
}

ApiResponse update_action(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const ActionChanges changes = read_changes(fields);
  return json_response(
      to_json(daemon::update_action(context.services, request.caller(), id, changes)));
}

ApiResponse complete_action(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const std::optional<Date> completed_on = fields.date("completed_on");
  fields.finish();
  return json_response(
      to_json(daemon::complete_action(context.services, request.caller(), id, completed_on)));
}

// The owners' updates: those proposing a due date not yet decided
// (?status=pending, the default) or all (?status=all).
ApiResponse list_action_updates(const ApiContext& context, ApiRequest& request) {
  const std::string status = request.query("status").value_or("pending");
  if (status != "pending" && status != "all") {
    throw InputError("status: \"" + status + "\" is not one of pending, all", "status");
  }
  json::array array;
  for (const ActionUpdate& update :
       daemon::list_action_updates(context.services, status == "pending"))
    array.push_back(to_json(update));
  return json_response(json::object{{"action_updates", std::move(array)}});
}

ApiResponse accept_action_update(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  fields.finish();
  return json_response(
      to_json(daemon::accept_action_update(context.services, request.caller(), id)));
}

ApiResponse decline_action_update(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const std::string reason = fields.required_text("reason");
  fields.finish();
  return json_response(
      to_json(daemon::decline_action_update(context.services, request.caller(), id, reason)));
}

}  // namespace

void add_action_routes(ApiContext& context) {
  add_routes(context,
             {
                 read_route("/v1/audits/{id}/actions", list_actions, {"format"}),
                 write_route("POST", "/v1/audits/{id}/actions", BodyKind::kJson, create_action),
                 read_route("/v1/actions", list_all_actions, {"status", "team_id"}),
                 read_route("/v1/actions/{id}", get_action),
                 write_route("PATCH", "/v1/actions/{id}", BodyKind::kJson, update_action),
                 write_route("POST", "/v1/actions/{id}/complete", BodyKind::kOptionalJson,
                             complete_action),
                 read_route("/v1/action-updates", list_action_updates, {"status"}),
                 write_route("POST", "/v1/action-updates/{id}/accept", BodyKind::kOptionalJson,
                             accept_action_update),
                 write_route("POST", "/v1/action-updates/{id}/decline", BodyKind::kJson,
                             decline_action_update),
             });
}

}  // namespace caseaudit::daemon::api
