// FollowUpRepository: what comes after an audit: its actions, cases of
// concern and their monthly updates, and the impact follow-up's answers
// (Transaction::follow_up()).
#pragma once

#include <optional>
#include <vector>

#include "scheduler/clock.h"
#include "scheduler/model.h"

namespace caseaudit {

// An action owner's update on an open action: a note, and optionally a new
// due date they propose, which the coordinator accepts (the action's due
// date moves) or declines with a reason. Pending while `decision` is unset.
struct ActionUpdate {
  Id id = 0;
  Id action_id = 0;
  Id by_staff_id = 0;  // the action's owner who posted it
  std::string note;
  std::optional<Date> proposed_due_date;
  std::optional<ActionUpdateDecision> decision;  // only when a date was proposed
  std::optional<std::string> decided_by;         // the coordinator's actor
  std::optional<Instant> decided_at;
  std::optional<std::string> decline_reason;
  Instant created_at;
  friend bool operator==(const ActionUpdate&, const ActionUpdate&) = default;
};

class FollowUpRepository {
 public:
  virtual ~FollowUpRepository() = default;

  virtual Id insert_action(const Action& action) = 0;
  virtual void update_action(const Action& action) = 0;
  virtual std::optional<Action> find_action(Id id) = 0;
  virtual std::vector<Action> actions_for_audit(Id audit_id) = 0;  // by id

  virtual Id insert_concern(const Concern& concern) = 0;
  virtual void update_concern(const Concern& concern) = 0;
  virtual std::optional<Concern> find_concern(Id id) = 0;
  virtual Id insert_concern_update(const ConcernUpdate& update) = 0;
  virtual std::vector<Concern> concerns() = 0;               // every concern, by id
  virtual std::vector<ConcernUpdate> concern_updates() = 0;  // every update, by id
  virtual std::vector<ConcernUpdate> concern_updates_for(Id concern_id) = 0;  // by month

  // Impact follow-up answers: at most one per person per audit (Conflict
  // for a second).
  virtual Id insert_impact_response(const ImpactResponse& response) = 0;
  virtual std::vector<ImpactResponse> impact_responses_for_audit(Id audit_id) = 0;  // by id
  // The answers about audits of the months from `first` to `last`
  // (inclusive), by audit month, then id.
  virtual std::vector<ImpactResponse> impact_responses_for_months(Month first, Month last) = 0;

  // Action owners' updates (and proposed due dates).
  virtual Id insert_action_update(const ActionUpdate& update) = 0;
  // Stores the decision fields of `update` (NotFound when there is none).
  virtual void decide_action_update(const ActionUpdate& update) = 0;
  virtual std::optional<ActionUpdate> find_action_update(Id id) = 0;
  // Those proposing a due date not yet decided (`pending_only`), or all; by id.
  virtual std::vector<ActionUpdate> action_updates(bool pending_only) = 0;
  // Every update of one action, by id.
  virtual std::vector<ActionUpdate> action_updates_of(Id action_id) = 0;
};

}  // namespace caseaudit
