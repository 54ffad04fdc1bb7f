#include "daemon/service/action_updates.h"

#include <fmt/format.h>

#include "daemon/service/actions.h"
#include "daemon/service/change_log.h"
#include "daemon/service/cycle_common.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

ActionUpdate pending_or_refused(Transaction& tx, Id id) {
  std::optional<ActionUpdate> update = tx.follow_up().find_action_update(id);
  if (!update) throw NotFound(fmt::format("no action update {}", id), "id");
  if (!update->proposed_due_date) {
    throw Conflict(fmt::format("action update {} proposes no new due date: there is nothing to "
                               "accept or decline",
                               id),
                   "decision");
  }
  if (update->decision) {
    throw Conflict(fmt::format("action update {} was {} already, by {}", id,
                               to_string(*update->decision), update->decided_by.value_or("")),
                   "decision");
  }
  return *update;
}

ActionUpdate decided(Transaction& tx, const Caller& caller, ActionUpdate update,
                     ActionUpdateDecision decision, std::optional<std::string> reason) {
  const ActionUpdate before = update;
  update.decision = decision;
  update.decided_by = caller.actor;
  update.decided_at = caller.at;
  update.decline_reason = std::move(reason);
  tx.follow_up().decide_action_update(update);
  log_change(tx, caller,
             decision == ActionUpdateDecision::kAccepted ? "action_update.accept"
                                                         : "action_update.decline",
             "action_update", std::to_string(update.id), to_json(before), to_json(update));
  return update;
}

}  // namespace

ActionUpdate post_action_update_in(Transaction& tx, const ServiceContext& services,
                                   const Caller& caller, const NewActionUpdate& update) {
  if (blank(update.note)) {
    throw InputError("note: say what has happened with the action, and what happens next", "note");
  }
  const Date today = local_day(services, caller);
  if (update.proposed_due_date && *update.proposed_due_date < today) {
    throw RuleViolation(
        fmt::format("proposed_due_date: {} is in the past; propose today or a later date",
                    format_date(*update.proposed_due_date)),
        "proposed_due_date");
  }
  const std::optional<Action> action = tx.follow_up().find_action(update.action_id);
  if (!action) throw NotFound(fmt::format("no action {}", update.action_id), "action_id");
  if (action->status == ActionStatus::kCompleted) {
    throw Conflict(fmt::format("action {} was completed on {}: it takes no more updates",
                               action->id, format_date(*action->completed_on)),
                   "action_id");
  }
  if (action->owner_id != update.by_staff_id) {
    throw RuleViolation("by_staff_id: only the action's owner posts its updates", "by_staff_id");
  }
  ActionUpdate stored{.action_id = update.action_id,
                      .by_staff_id = update.by_staff_id,
                      .note = update.note,
                      .proposed_due_date = update.proposed_due_date,
                      .created_at = caller.at};
  stored.id = tx.follow_up().insert_action_update(stored);
  log_change(tx, caller, "action_update.create", "action_update", std::to_string(stored.id),
             nullptr, to_json(stored));
  return stored;
}

ActionUpdate post_action_update(const ServiceContext& services, const Caller& caller,
                                const NewActionUpdate& update) {
  return services.store.transact_result<ActionUpdate>(
      [&](Transaction& tx) { return post_action_update_in(tx, services, caller, update); });
}

std::vector<ActionUpdate> list_action_updates(const ServiceContext& services, bool pending_only) {
  return services.store.read_result<std::vector<ActionUpdate>>(
      [&](Transaction& tx) { return tx.follow_up().action_updates(pending_only); });
}

ActionUpdate accept_action_update(const ServiceContext& services, const Caller& caller, Id id) {
  return services.store.transact_result<ActionUpdate>([&](Transaction& tx) {
    ActionUpdate update = pending_or_refused(tx, id);
    update_action_in(tx, caller, update.action_id,
                     ActionChanges{.due_date = update.proposed_due_date});
    return decided(tx, caller, std::move(update), ActionUpdateDecision::kAccepted, std::nullopt);
  });
}

ActionUpdate decline_action_update(const ServiceContext& services, const Caller& caller, Id id,
                                   const std::string& reason) {
  if (blank(reason)) {
    throw InputError("reason: say why the proposed due date is declined", "reason");
  }
  return services.store.transact_result<ActionUpdate>([&](Transaction& tx) {
    return decided(tx, caller, pending_or_refused(tx, id), ActionUpdateDecision::kDeclined, reason);
  });
}

}  // namespace caseaudit::daemon
