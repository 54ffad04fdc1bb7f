// SociTransaction as FollowUpRepository: actions, cases of concern and their monthly updates.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

Id SociTransaction::insert_action(const Action& a) {
  return guarded("insert_action", [&] {
    long long audit_id = a.audit_id, owner_id = a.owner_id, id = 0;
    const std::string due = format_date(a.due_date), status(to_string(a.status));
    int care_planning = a.care_planning ? 1 : 0;
    NullableText completed;
    if (a.completed_on) completed.set(format_date(*a.completed_on));
    session_ << sql::kInsertAction, use(audit_id), use(a.description), use(owner_id), use(due),
        use(care_planning), use(status), use_nullable(completed), into(id);
    return Id{id};
  });
}

void SociTransaction::update_action(const Action& a) {
  guarded("update_action", [&] {
    long long audit_id = a.audit_id, owner_id = a.owner_id, id = a.id, returned = 0;
    const std::string due = format_date(a.due_date), status(to_string(a.status));
    int care_planning = a.care_planning ? 1 : 0;
    NullableText completed;
    if (a.completed_on) completed.set(format_date(*a.completed_on));
    session_ << sql::kUpdateAction, use(audit_id), use(a.description), use(owner_id), use(due),
        use(care_planning), use(status), use_nullable(completed), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("action", a.id);
  });
}

Id SociTransaction::insert_concern(const Concern& c) {
  return guarded("insert_concern", [&] {
    long long child_id = c.child_id, id = 0;
    NullableId audit_id(to_stored(c.audit_id));
    const std::string raised = format_date(c.raised_on), status(to_string(c.status));
    NullableText resolved, resolution;
    if (c.resolved_on) resolved.set(format_date(*c.resolved_on));
    if (c.resolution) resolution.set(std::string(to_string(*c.resolution)));
    session_ << sql::kInsertConcern, use(child_id), use_nullable(audit_id), use(c.category),
        use(raised), use(status), use_nullable(resolved), use_nullable(resolution),
        use(c.resolution_note), into(id);
    return Id{id};
  });
}

void SociTransaction::update_concern(const Concern& c) {
  guarded("update_concern", [&] {
    long long child_id = c.child_id, id = c.id, returned = 0;
    NullableId audit_id(to_stored(c.audit_id));
    const std::string raised = format_date(c.raised_on), status(to_string(c.status));
    NullableText resolved, resolution;
    if (c.resolved_on) resolved.set(format_date(*c.resolved_on));
    if (c.resolution) resolution.set(std::string(to_string(*c.resolution)));
    session_ << sql::kUpdateConcern, use(child_id), use_nullable(audit_id), use(c.category),
        use(raised), use(status), use_nullable(resolved), use_nullable(resolution),
        use(c.resolution_note), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("concern", c.id);
  });
}

Id SociTransaction::insert_concern_update(const ConcernUpdate& u) {
  return guarded("insert_concern_update", [&] {
    long long concern_id = u.concern_id, id = 0;
    const std::string month = u.month.to_string();
    NullableId recorded_by(to_stored(u.recorded_by));
    session_ << sql::kInsertConcernUpdate, use(concern_id), use(month), use(u.note),
        use_nullable(recorded_by), into(id);
    return Id{id};
  });
}

std::optional<Action> SociTransaction::find_action(Id action_id) {
  return guarded("find_action", [&] {
    long long id = action_id;
    return read_one<Action>(statements_, sql::kSelectActionById, read_action, id);
  });
}

std::vector<Action> SociTransaction::actions_for_audit(Id audit_id) {
  return guarded("actions_for_audit", [&] {
    long long id = audit_id;
    return read_all<Action>(statements_, sql::kSelectActionsOfAudit, read_action, id);
  });
}

std::optional<Concern> SociTransaction::find_concern(Id concern_id) {
  return guarded("find_concern", [&] {
    long long id = concern_id;
    return read_one<Concern>(statements_, sql::kSelectConcernById, read_concern, id);
  });
}

std::vector<Concern> SociTransaction::concerns() {
  return guarded("concerns", [&] {
    return read_all<Concern>(statements_, sql::kSelectConcerns, read_concern);
  });
}

std::vector<ConcernUpdate> SociTransaction::concern_updates() {
  return guarded("concern_updates", [&] {
    return read_all<ConcernUpdate>(statements_, sql::kSelectConcernUpdates, read_concern_update);
  });
}

std::vector<ConcernUpdate> SociTransaction::concern_updates_for(Id concern_id) {
  return guarded("concern_updates_for", [&] {
    long long id = concern_id;
    return read_all<ConcernUpdate>(statements_, sql::kSelectConcernUpdatesOf, read_concern_update,
                                   id);
  });
}

Id SociTransaction::insert_impact_response(const ImpactResponse& r) {
  return guarded("insert_impact_response", [&] {
    long long audit_id = r.audit_id, staff_id = r.staff_id, id = 0;
    const std::string answer(to_string(r.answer)), answered_on = format_date(r.answered_on);
    session_ << sql::kInsertImpactResponse, use(audit_id), use(staff_id), use(answer),
        use(r.what_changed), use(answered_on), into(id);
    return Id{id};
  });
}

std::vector<ImpactResponse> SociTransaction::impact_responses_for_audit(Id audit_id) {
  return guarded("impact_responses_for_audit", [&] {
    long long id = audit_id;
    return read_all<ImpactResponse>(statements_, sql::kSelectImpactResponsesOfAudit,
                                    read_impact_response, id);
  });
}

std::vector<ImpactResponse> SociTransaction::impact_responses_for_months(Month first, Month last) {
  return guarded("impact_responses_for_months", [&] {
    const std::string from = first.to_string(), to = last.to_string();
    return read_all<ImpactResponse>(statements_, sql::kSelectImpactResponsesOfMonths,
                                    read_impact_response, from, to);
  });
}

Id SociTransaction::insert_action_update(const ActionUpdate& u) {
  return guarded("insert_action_update", [&] {
    long long action_id = u.action_id, by = u.by_staff_id, id = 0;
    NullableText proposed;
    if (u.proposed_due_date) proposed.set(format_date(*u.proposed_due_date));
    const std::string created = format_instant(u.created_at);
    session_ << sql::kInsertActionUpdate, use(action_id), use(by), use(u.note),
        use_nullable(proposed), use(created), into(id);
    return Id{id};
  });
}

void SociTransaction::decide_action_update(const ActionUpdate& u) {
  guarded("decide_action_update", [&] {
    long long id = u.id, returned = 0;
    NullableText decision, decided_by, decided_at, reason;
    if (u.decision) decision.set(std::string(to_string(*u.decision)));
    if (u.decided_by) decided_by.set(*u.decided_by);
    if (u.decided_at) decided_at.set(format_instant(*u.decided_at));
    if (u.decline_reason) reason.set(*u.decline_reason);
    session_ << sql::kDecideActionUpdate, use_nullable(decision), use_nullable(decided_by),
        use_nullable(decided_at), use_nullable(reason), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("action update", u.id);
  });
}

std::optional<ActionUpdate> SociTransaction::find_action_update(Id update_id) {
  return guarded("find_action_update", [&] {
    long long id = update_id;
    return read_one<ActionUpdate>(statements_, sql::kSelectActionUpdateById, read_action_update,
                                  id);
  });
}

std::vector<ActionUpdate> SociTransaction::action_updates(bool pending_only) {
  return guarded("action_updates", [&] {
    return read_all<ActionUpdate>(
        statements_, pending_only ? sql::kSelectPendingActionUpdates : sql::kSelectActionUpdates,
        read_action_update);
  });
}

std::vector<ActionUpdate> SociTransaction::action_updates_of(Id action_id) {
  return guarded("action_updates_of", [&] {
    long long id = action_id;
    return read_all<ActionUpdate>(statements_, sql::kSelectActionUpdatesOfAction,
                                  read_action_update, id);
  });
}

}  // namespace caseaudit::db
