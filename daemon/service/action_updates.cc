#include "daemon/service/action_updates.h"

#include <fmt/format.h>

#include "daemon/service/actions.h"
#include "daemon/service/change_log.h"
#include "daemon/service/cycle_common.h"
#include "daemon/service/person_email.h"
#include "daemon/service/record_json.h"
#include "daemon/service/sessions.h"
#include "scheduler/calendar.h"
#include "scheduler/errors.h"
#include "scheduler/words.h"

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

// A second proposal while one waits for the coordinator, or the same update
// posted again (a double click, a form sent twice), is a Conflict.
void refuse_repeat(const std::vector<ActionUpdate>& earlier, const NewActionUpdate& update,
                   const date::time_zone* zone) {
  const auto on = [zone](Instant at) { return date_in_words(to_local(at, zone).date); };
  for (const ActionUpdate& e : earlier) {
    if (update.proposed_due_date && e.proposed_due_date && !e.decision) {
      throw Conflict(fmt::format("proposed_due_date: {} was proposed on {} and waits for the QA "
                                 "team's decision; propose another date once it is decided",
                                 date_in_words(*e.proposed_due_date), on(e.created_at)),
                     "proposed_due_date");
    }
  }
  if (!earlier.empty() && earlier.back().by_staff_id == update.by_staff_id &&
      earlier.back().note == update.note &&
      earlier.back().proposed_due_date == update.proposed_due_date) {
    throw Conflict(
        fmt::format("note: this update was posted already, on {}", on(earlier.back().created_at)),
        "note");
  }
}

// Who decided, as the owner reads it: the person's name, else the QA team
// (a token, the CLI).
std::string decider_in_words(Transaction& tx, const Caller& caller) {
  constexpr std::string_view kPerson = "person:";
  if (caller.actor.rfind(kPerson, 0) == 0) {
    if (auto person = find_staff_by_email_key(tx, caller.actor.substr(kPerson.size()))) {
      return person->name;
    }
  }
  return "the QA team";
}

// The owner hears of the decision, with a link to mark the action done or
// post another update; in the decision's transaction.
void tell_owner(Transaction& tx, const ServiceContext& services, const Caller& caller,
                const ActionUpdate& update) {
  if (!services.enqueue_email) return;
  const std::optional<Action> action = tx.follow_up().find_action(update.action_id);
  const std::optional<Staff> owner = tx.organisation().find_staff(update.by_staff_id);
  if (!action || !owner || !update.proposed_due_date) return;
  PersonEmail email{.kind = notifier::NotificationKind::kActionUpdateDecision,
                    .to = *owner,
                    .key = fmt::format("action_update_decision:{}", update.id),
                    .link_purpose = LinkPurpose::kCompleteAction,
                    .link_record_id = action->id};
  auto& fields = email.values.fields;
  fields = {{"action_description", action->description},
            {"proposed_due_date", date_in_words(*update.proposed_due_date)},
            {"due_date", date_in_words(action->due_date)},
            {"decided_on", date_in_words(local_day(services, caller))},
            {"decided_by", decider_in_words(tx, caller)},
            {"decline_reason", update.decline_reason.value_or("")}};
  if (const std::optional<Audit> audit = tx.allocation().find_audit(action->audit_id)) {
    fields["month"] = month_in_words(audit->month);
    if (const std::optional<Child> child = tx.caseload().find_child(audit->child_id)) {
      fields["case_reference"] = child->case_reference;
      if (const std::optional<Team> team = tx.organisation().find_team(child->team_id)) {
        fields["team_name"] = team->name;
      }
    }
  }
  email.values.flags["accepted"] = update.decision == ActionUpdateDecision::kAccepted;
  services.enqueue_email(tx, email, caller.at);
}

ActionUpdate decided(Transaction& tx, const ServiceContext& services, const Caller& caller,
                     ActionUpdate update, ActionUpdateDecision decision,
                     std::optional<std::string> reason) {
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
  tell_owner(tx, services, caller, update);
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
  refuse_repeat(tx.follow_up().action_updates_of(action->id), update, services.zone);
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
    return decided(tx, services, caller, std::move(update), ActionUpdateDecision::kAccepted,
                   std::nullopt);
  });
}

ActionUpdate decline_action_update(const ServiceContext& services, const Caller& caller, Id id,
                                   const std::string& reason) {
  if (blank(reason)) {
    throw InputError("reason: say why the proposed due date is declined", "reason");
  }
  return services.store.transact_result<ActionUpdate>([&](Transaction& tx) {
    return decided(tx, services, caller, pending_or_refused(tx, id),
                   ActionUpdateDecision::kDeclined, reason);
  });
}

}  // namespace caseaudit::daemon
