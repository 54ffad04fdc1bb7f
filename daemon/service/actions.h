// Actions on an audit: create, update, complete.
//
// An action's reminders and escalations (rules action_due, action_overdue)
// are derived from its stored state on every run, and the rules re-check the
// state before sending; so completing an action stops its ladder at once,
// and moving its due date moves the ladder. These operations only keep the
// state right.
//
// Each is one Store transaction with its change-log row (the caller's actor
// and instant); a refused one throws before anything is written, naming the
// field and the rule. NotFound "no audit N" / "no action N" for unknown ids.
#pragma once

#include <optional>
#include <string>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

struct NewAction {
  Id audit_id = 0;
  std::string description;
  Date due_date;
  bool care_planning = false;
  std::optional<Id> owner_id;  // default: the child's team manager
};

// Adds an action to an audit that was not withdrawn (RuleViolation
// otherwise). The owner must be active staff (NotFound / RuleViolation
// naming "owner_id"); without one, the child's team manager owns it
// (RuleViolation naming "owner_id" when the team has none). The due date is
// not before the audit's month (RuleViolation naming "due_date"). Logs
// "action.create"; returns the stored action with its id.
Action create_action(const ServiceContext& services, const Caller& caller, const NewAction& action);
// create_action inside the caller's transaction `tx` (an audit's return
// raises its actions in its own): the same rules, and also InputError naming
// "description" when it is blank. Each error's field is prefixed with
// `field_prefix` ("actions[1]." names the second action of a return).
Action create_action_in(Transaction& tx, const Caller& caller, const NewAction& action,
                        const std::string& field_prefix = {});

// What an update changes; unset fields stay as they are.
struct ActionChanges {
  std::optional<std::string> description;
  std::optional<Id> owner_id;
  std::optional<Date> due_date;
  std::optional<bool> care_planning;

  bool empty() const { return !description && !owner_id && !due_date && !care_planning; }
};

// Changes an open action: InputError naming "body" when `changes` is empty;
// Conflict when the action was completed; the owner and due date rules of
// create_action. Logs "action.update".
Action update_action(const ServiceContext& services, const Caller& caller, Id action_id,
                     const ActionChanges& changes);
// update_action inside the caller's transaction `tx` (accepting an owner's
// proposed due date moves it in the same one: action_updates.h).
Action update_action_in(Transaction& tx, const Caller& caller, Id action_id,
                        const ActionChanges& changes);

// Completes an open action on `completed_on` (default: the caller's local
// day), which is neither in the future nor before the audit's month
// (RuleViolation naming "completed_on"); Conflict when already completed.
// Logs "action.complete".
Action complete_action(const ServiceContext& services, const Caller& caller, Id action_id,
                       std::optional<Date> completed_on);
// complete_action inside the caller's transaction `tx` (an emailed link is
// marked used in the same one: daemon/service/action_links.h).
Action complete_action_in(Transaction& tx, const ServiceContext& services, const Caller& caller,
                          Id action_id, std::optional<Date> completed_on);

}  // namespace caseaudit::daemon
