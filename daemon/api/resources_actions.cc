// Actions on an audit: list, create, update, complete.
//
// An action's reminders and escalations (rules action_due, action_overdue)
// are derived from its stored state on every run, and the rules re-check the
// state before sending; so completing an action here stops its ladder at
// once, and moving its due date moves the ladder. The handlers only keep the
// state right.
#include <fmt/format.h>

#include "daemon/service/record_json.h"
#include "daemon/api/resources.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

Audit audit_or_404(Transaction& tx, Id id, const std::string& field = {}) {
  std::optional<Audit> audit = tx.allocation().find_audit(id);
  if (!audit) throw NotFound(fmt::format("no audit {}", id), field);
  return *audit;
}

Action action_or_404(Transaction& tx, Id id) {
  std::optional<Action> action = tx.follow_up().find_action(id);
  if (!action) throw NotFound(fmt::format("no action {}", id));
  return *action;
}

// The team manager owns an audit's actions unless the coordinator says
// otherwise (DOMAIN.md, "After the audit").
Id default_owner(Transaction& tx, const Audit& audit) {
  std::optional<Child> child = tx.caseload().find_child(audit.child_id);
  std::optional<Team> team = child ? tx.organisation().find_team(child->team_id) : std::nullopt;
  if (!team || !team->team_manager_id) {
    throw RuleViolation(
        "owner_id is required: the child's team has no team manager on record to own the action",
        "owner_id");
  }
  return *team->team_manager_id;
}

void check_owner(Transaction& tx, Id owner_id) {
  std::optional<Staff> owner = tx.organisation().find_staff(owner_id);
  if (!owner) throw NotFound(fmt::format("no staff member {}", owner_id), "owner_id");
  if (!owner->active) {
    throw RuleViolation(
        fmt::format("an action's owner must be active staff; {} is not active", owner->name),
        "owner_id");
  }
}

void check_due_date(const Audit& audit, Date due_date) {
  if (due_date < audit.month.first_day()) {
    throw RuleViolation(fmt::format("due_date {} is before the audit's month {}",
                                    format_date(due_date), audit.month.to_string()),
                        "due_date");
  }
}

void check_audit_takes_actions(const Audit& audit) {
  if (audit.status == AuditStatus::kWithdrawn) {
    throw RuleViolation(
        fmt::format("audit {} was withdrawn: a withdrawn audit has no actions", audit.id));
  }
}

void check_open(const Action& action) {
  if (action.status == ActionStatus::kCompleted) {
    throw Conflict(
        fmt::format("action {} was completed on {}", action.id, format_date(*action.completed_on)));
  }
}

struct ActionChanges {
  std::optional<std::string> description;
  std::optional<Id> owner_id;
  std::optional<Date> due_date;
  std::optional<bool> care_planning;
};

ActionChanges read_changes(JsonFields& fields) {
  ActionChanges changes;
  if (fields.has("description")) changes.description = fields.required_text("description");
  changes.owner_id = fields.id("owner_id");
  changes.due_date = fields.date("due_date");
  changes.care_planning = fields.boolean("care_planning");
  fields.finish();
  if (!changes.description && !changes.owner_id && !changes.due_date && !changes.care_planning) {
    throw InputError("nothing to change: give description, owner_id, due_date or care_planning",
                     "body");
  }
  return changes;
}

ApiResponse list_actions(ApiContext& context, ApiRequest& request) {
  const Id audit_id = request.path_id("id");
  auto actions = context.services.store.read_result<std::vector<Action>>([&](Transaction& tx) {
    audit_or_404(tx, audit_id);
    return tx.follow_up().actions_for_audit(audit_id);
  });
  return json_response(json::object{{"actions", to_json_array(actions)}});
}

ApiResponse get_action(ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  return json_response(to_json(
      context.services.store.read_result<Action>([&](Transaction& tx) { return action_or_404(tx, id); })));
}

ApiResponse create_action(ApiContext& context, ApiRequest& request) {
  const Id audit_id = request.path_id("id");
  JsonFields fields = request.json();
  Action action{.audit_id = audit_id,
                .description = fields.required_text("description"),
                .due_date = fields.required_date("due_date"),
                .care_planning = fields.boolean("care_planning").value_or(false)};
  const std::optional<Id> owner_id = fields.id("owner_id");
  fields.finish();
  auto created = context.services.store.transact_result<Action>([&](Transaction& tx) {
    const Audit audit = audit_or_404(tx, audit_id);
    check_audit_takes_actions(audit);
    Action stored = action;
    stored.owner_id = owner_id ? *owner_id : default_owner(tx, audit);
    check_owner(tx, stored.owner_id);
    check_due_date(audit, stored.due_date);
    stored.id = tx.follow_up().insert_action(stored);
    request.log_change(tx, "action.create", "action", std::to_string(stored.id), nullptr,
                       to_json(stored));
    return stored;
  });
  return json_response(to_json(created), 201);
}

ApiResponse update_action(ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const ActionChanges changes = read_changes(fields);
  auto updated = context.services.store.transact_result<Action>([&](Transaction& tx) {
    const Action before = action_or_404(tx, id);
    check_open(before);
    Action after = before;
    if (changes.description) after.description = *changes.description;
    if (changes.owner_id) {
      check_owner(tx, *changes.owner_id);
      after.owner_id = *changes.owner_id;
    }
    if (changes.due_date) {
      check_due_date(audit_or_404(tx, before.audit_id), *changes.due_date);
      after.due_date = *changes.due_date;
    }
    if (changes.care_planning) after.care_planning = *changes.care_planning;
    tx.follow_up().update_action(after);
    request.log_change(tx, "action.update", "action", std::to_string(id), to_json(before),
                       to_json(after));
    return after;
  });
  return json_response(to_json(updated));
}

ApiResponse complete_action(ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Date today = local_today(context, request);
  const Date completed_on = fields.date("completed_on").value_or(today);
  fields.finish();
  if (completed_on > today) {
    throw RuleViolation(fmt::format("completed_on {} is in the future (today is {})",
                                    format_date(completed_on), format_date(today)),
                        "completed_on");
  }
  auto completed = context.services.store.transact_result<Action>([&](Transaction& tx) {
    const Action before = action_or_404(tx, id);
    check_open(before);
    const Audit audit = audit_or_404(tx, before.audit_id);
    if (completed_on < audit.month.first_day()) {
      throw RuleViolation(fmt::format("completed_on {} is before the audit's month {}",
                                      format_date(completed_on), audit.month.to_string()),
                          "completed_on");
    }
    Action after = before;
    after.status = ActionStatus::kCompleted;
    after.completed_on = completed_on;
    tx.follow_up().update_action(after);
    request.log_change(tx, "action.complete", "action", std::to_string(id), to_json(before),
                       to_json(after));
    return after;
  });
  return json_response(to_json(completed));
}

}  // namespace

void add_action_routes(ApiContext& context) {
  auto bind = [&context](ApiResponse (*handler)(ApiContext&, ApiRequest&)) {
    return [&context, handler](ApiRequest& request) { return handler(context, request); };
  };
  context.api.add({.method = "GET",
                   .pattern = "/v1/audits/{id}/actions",
                   .access = Access::kRead,
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
