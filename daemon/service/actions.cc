#include "daemon/service/actions.h"

#include <fmt/format.h>

#include "daemon/service/change_log.h"
#include "daemon/service/cycle_common.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
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
Id default_owner(Transaction& tx, const Audit& audit, const std::string& field) {
  std::optional<Child> child = tx.caseload().find_child(audit.child_id);
  std::optional<Team> team = child ? tx.organisation().find_team(child->team_id) : std::nullopt;
  if (!team || !team->team_manager_id) {
    throw RuleViolation(
        fmt::format("{} is required: the child's team has no team manager on record to own the "
                    "action",
                    field),
        field);
  }
  return *team->team_manager_id;
}

void check_owner(Transaction& tx, Id owner_id, const std::string& field = "owner_id") {
  std::optional<Staff> owner = tx.organisation().find_staff(owner_id);
  if (!owner) throw NotFound(fmt::format("{}: no staff member {}", field, owner_id), field);
  if (!owner->active) {
    throw RuleViolation(fmt::format("{}: an action's owner must be active staff; {} is not active",
                                    field, owner->name),
                        field);
  }
}

void check_not_before_month(const Audit& audit, Date date, std::string_view field) {
  if (date < audit.month.first_day()) {
    throw RuleViolation(fmt::format("{}: {} is before the audit's month {}", field,
                                    format_date(date), audit.month.to_string()),
                        std::string(field));
  }
}

void check_description(const std::string& description, const std::string& field) {
  if (description.find_first_not_of(" \t\r\n") != std::string::npos) return;
  throw InputError(fmt::format("{}: an action needs a description of what is to be done", field),
                   field);
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

}  // namespace

Action create_action_in(Transaction& tx, const Caller& caller, const NewAction& action,
                        const std::string& field_prefix) {
  const Audit audit = audit_or_404(tx, action.audit_id);
  check_audit_takes_actions(audit);
  check_description(action.description, field_prefix + "description");
  Action stored{.audit_id = action.audit_id,
                .description = action.description,
                .due_date = action.due_date,
                .care_planning = action.care_planning};
  const std::string owner_field = field_prefix + "owner_id";
  stored.owner_id = action.owner_id ? *action.owner_id : default_owner(tx, audit, owner_field);
  check_owner(tx, stored.owner_id, owner_field);
  check_not_before_month(audit, stored.due_date, field_prefix + "due_date");
  stored.id = tx.follow_up().insert_action(stored);
  log_change(tx, caller, "action.create", "action", std::to_string(stored.id), nullptr,
             to_json(stored));
  return stored;
}

Action create_action(const ServiceContext& services, const Caller& caller,
                     const NewAction& action) {
  return services.store.transact_result<Action>(
      [&](Transaction& tx) { return create_action_in(tx, caller, action); });
}

Action update_action(const ServiceContext& services, const Caller& caller, Id action_id,
                     const ActionChanges& changes) {
  if (changes.empty()) {
    throw InputError("nothing to change: give description, owner_id, due_date or care_planning",
                     "body");
  }
  return services.store.transact_result<Action>(
      [&](Transaction& tx) { return update_action_in(tx, caller, action_id, changes); });
}

Action update_action_in(Transaction& tx, const Caller& caller, Id action_id,
                        const ActionChanges& changes) {
  if (changes.empty()) {
    throw InputError("nothing to change: give description, owner_id, due_date or care_planning",
                     "body");
  }
  {
    const Action before = action_or_404(tx, action_id);
    check_open(before);
    Action after = before;
    if (changes.description) after.description = *changes.description;
    if (changes.owner_id) {
      check_owner(tx, *changes.owner_id);
      after.owner_id = *changes.owner_id;
    }
    if (changes.due_date) {
      check_not_before_month(audit_or_404(tx, before.audit_id), *changes.due_date, "due_date");
      after.due_date = *changes.due_date;
    }
    if (changes.care_planning) after.care_planning = *changes.care_planning;
    tx.follow_up().update_action(after);
    log_change(tx, caller, "action.update", "action", std::to_string(action_id), to_json(before),
               to_json(after));
    return after;
  }
}

Action complete_action_in(Transaction& tx, const ServiceContext& services, const Caller& caller,
                          Id action_id, std::optional<Date> completed_on) {
  const Date today = local_day(services, caller);
  const Date on = completed_on.value_or(today);
  if (on > today) {
    throw RuleViolation(fmt::format("completed_on {} is in the future (today is {})",
                                    format_date(on), format_date(today)),
                        "completed_on");
  }
  const Action before = action_or_404(tx, action_id);
  check_open(before);
  check_not_before_month(audit_or_404(tx, before.audit_id), on, "completed_on");
  Action after = before;
  after.status = ActionStatus::kCompleted;
  after.completed_on = on;
  tx.follow_up().update_action(after);
  log_change(tx, caller, "action.complete", "action", std::to_string(action_id), to_json(before),
             to_json(after));
  return after;
}

Action complete_action(const ServiceContext& services, const Caller& caller, Id action_id,
                       std::optional<Date> completed_on) {
  return services.store.transact_result<Action>([&](Transaction& tx) {
    return complete_action_in(tx, services, caller, action_id, completed_on);
  });
}

}  // namespace caseaudit::daemon
