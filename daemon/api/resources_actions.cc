// Actions on an audit: list, create, update, complete. The rules are the
// service's (daemon/service/actions.h); these handlers parse, call and
// render.
#include <fmt/format.h>

#include "daemon/api/csv_export.h"
#include "daemon/api/resources.h"
#include "daemon/service/actions.h"
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

ApiResponse list_actions(ApiContext& context, ApiRequest& request) {
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

ApiResponse get_action(ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  return json_response(to_json(context.services.store.read_result<Action>(
      [&](Transaction& tx) { return action_or_404(tx, id); })));
}

ApiResponse create_action(ApiContext& context, ApiRequest& request) {
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

ApiResponse update_action(ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const ActionChanges changes = read_changes(fields);
  return json_response(
      to_json(daemon::update_action(context.services, request.caller(), id, changes)));
}

ApiResponse complete_action(ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const std::optional<Date> completed_on = fields.date("completed_on");
  fields.finish();
  return json_response(
      to_json(daemon::complete_action(context.services, request.caller(), id, completed_on)));
}

}  // namespace

void add_action_routes(ApiContext& context) {
  auto bind = [&context](ApiResponse (*handler)(ApiContext&, ApiRequest&)) {
    return [&context, handler](ApiRequest& request) { return handler(context, request); };
  };
  context.api.add({.method = "GET",
                   .pattern = "/v1/audits/{id}/actions",
                   .access = Access::kRead,
                   .query_params = {"format"},
                   .handler = bind(list_actions)});
  context.api.add({.method = "POST",
                   .pattern = "/v1/audits/{id}/actions",
                   .access = Access::kWrite,
                   .body = BodyKind::kJson,
                   .handler = bind(create_action)});
  context.api.add({.method = "GET",
                   .pattern = "/v1/actions/{id}",
                   .access = Access::kRead,
                   .handler = bind(get_action)});
  context.api.add({.method = "PATCH",
                   .pattern = "/v1/actions/{id}",
                   .access = Access::kWrite,
                   .body = BodyKind::kJson,
                   .handler = bind(update_action)});
  context.api.add({.method = "POST",
                   .pattern = "/v1/actions/{id}/complete",
                   .access = Access::kWrite,
                   .body = BodyKind::kOptionalJson,
                   .handler = bind(complete_action)});
}

}  // namespace caseaudit::daemon::api
