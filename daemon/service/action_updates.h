// An action owner's update on their open action, and the coordinator's
// decision on the new due date it proposes.
//
// The owner posts it from the action reminder's link (action_links.h,
// update_action_by_link) or a coordinator keys it in: a note (required) and
// optionally a proposed due date (not in the past). A proposal is pending
// until the coordinator accepts it (the action's due date moves, through
// update_action's rules, in the same transaction) or declines it with a
// reason. Each operation is one transaction with its change-log row;
// refused ones write nothing and name the field and the rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

struct NewActionUpdate {
  Id action_id = 0;
  Id by_staff_id = 0;  // the action's owner
  std::string note;
  std::optional<Date> proposed_due_date;
};

// Records an update on an open action by its owner: InputError naming
// "note" when it is blank; RuleViolation naming "proposed_due_date" when it
// is before the caller's local day; NotFound for an unknown action; Conflict
// when the action was completed; RuleViolation naming "by_staff_id" unless
// that person owns the action; Conflict naming "proposed_due_date" when it
// proposes a date while an earlier proposal waits for a decision, and naming
// "note" when it repeats the action's latest update word for word (a form
// sent twice). Logs "action_update.create".
ActionUpdate post_action_update_in(Transaction& tx, const ServiceContext& services,
                                   const Caller& caller, const NewActionUpdate& update);
ActionUpdate post_action_update(const ServiceContext& services, const Caller& caller,
                                const NewActionUpdate& update);

// The updates proposing a due date not yet decided (`pending_only`), or all,
// by id. Reads only.
std::vector<ActionUpdate> list_action_updates(const ServiceContext& services, bool pending_only);

// Accepts a pending proposal: the action's due date becomes the proposed one
// (update_action_in's rules: Conflict when the action was completed since).
// NotFound naming "id"; Conflict naming "decision" when it proposes no date
// or was decided already. Logs "action_update.accept" and "action.update".
// Both decisions email the owner (action_update_decision, through
// services.enqueue_email) in their transaction, with a link to mark the
// action done or post another update.
ActionUpdate accept_action_update(const ServiceContext& services, const Caller& caller, Id id);

// Declines a pending proposal with `reason` (InputError naming "reason" when
// blank); the action is unchanged. Errors as accept's. Logs
// "action_update.decline".
ActionUpdate decline_action_update(const ServiceContext& services, const Caller& caller, Id id,
                                   const std::string& reason);

}  // namespace caseaudit::daemon
