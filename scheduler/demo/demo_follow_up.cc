#include <algorithm>
#include <string>

#include "scheduler/demo/demo_builder.h"

namespace caseaudit::demo {
namespace {

constexpr std::array<std::string_view, 8> kActionDescriptions{
    "Update the chronology and case summary",
    "Record management oversight of the plan and its timescales",
    "See the child alone and record their views and wishes",
    "Review the child's plan with partner agencies",
    "Complete the updated assessment of needs and risks",
    "Hold a reflective supervision on the case and record it",
    "Make the plan SMART and share it with the family",
    "Explore the child's identity and cultural needs in the plan"};
constexpr std::array<std::string_view, 4> kConcernNotes{
    "Child seen; plan reviewed with the team manager; concern remains open",
    "Strategy discussion held; actions progressing",
    "New social worker allocated; assessment under way",
    "Legal planning meeting held; awaiting outcome"};

}  // namespace

void Builder::build_actions_and_concerns() {
  const Date today = o_.current.first_day();
  for (Audit& audit : a_.audits) {
    if (!audit.moderated_grade) continue;
    const Grade g = *audit.moderated_grade;
    int actions = 0;
    if (g == Grade::kInadequate) actions = 2;
    if (g == Grade::kRequiresImprovement) actions = rng_follow_up_.chance(0.5) ? 1 : 0;
    for (int i = 0; i < actions; ++i) add_action(audit, today);
    if (g == Grade::kInadequate) {
      add_concern(audit.child_id, audit.id, audit.due_date, today);
      // The concern was its classification.
      audit.classification = a_.concerns.back().category == 1 ? Classification::kCategory1
                                                              : Classification::kCategory2;
    }
  }
}

void Builder::add_action(const Audit& audit, Date today) {
  const Child& subject = child(audit.child_id);
  Action action;
  action.id = static_cast<Id>(a_.actions.size()) + 1;
  action.audit_id = audit.id;
  action.description = pick_text(rng_follow_up_, kActionDescriptions);
  action.owner_id = *team(subject.team_id).team_manager_id;
  action.care_planning = rng_follow_up_.chance(0.5);
  const Date from = audit.month.last_day();
  const Date last_possible = plus_days(today, -1);
  action.due_date = plus_days(from, 7 * rng_follow_up_.between(4, 12));
  const double u = rng_follow_up_.unit();
  if (action.due_date < today) {
    if (u < 0.6) {
      action.completed_on =
          plus_days(from, rng_follow_up_.between(0, days_from(from, action.due_date)));
    } else if (u < 0.75 && days_from(action.due_date, last_possible) > 0) {
      action.completed_on = plus_days(
          action.due_date, rng_follow_up_.between(1, days_from(action.due_date, last_possible)));
    }
  } else if (u < 0.3) {
    action.completed_on =
        plus_days(from, rng_follow_up_.between(0, days_from(from, last_possible)));
  }
  if (action.completed_on) action.status = ActionStatus::kCompleted;
  a_.actions.push_back(std::move(action));
}

// Category 1 concerns are resolved quickly; category 2 concerns stay open
// longer, and the older they are the likelier they are resolved.
void Builder::add_concern(Id child_id, std::optional<Id> audit_id, Date raised, Date today) {
  Concern concern;
  concern.id = static_cast<Id>(a_.concerns.size()) + 1;
  concern.child_id = child_id;
  concern.audit_id = audit_id;
  concern.category = rng_follow_up_.chance(0.1) ? 1 : 2;
  concern.raised_on = raised;
  const int age_months = o_.current.minus(Month::of(raised));
  const double resolved = concern.category == 1 ? 0.9 : std::min(0.85, 0.1 * age_months);
  if (audit_id && rng_follow_up_.chance(resolved)) {
    const int span = days_from(raised, plus_days(today, -1));
    concern.status = ConcernStatus::kResolved;
    concern.resolved_on = plus_days(raised, rng_follow_up_.between(std::min(14, span), span));
  }
  add_concern_updates(concern);
  a_.concerns.push_back(std::move(concern));
}

// The head of service updates the QA team monthly until resolved; about
// one update in seven is missing, as in the reports.
void Builder::add_concern_updates(const Concern& concern) {
  const Child& subject = child(concern.child_id);
  const Id head = *service_of_team(subject.team_id).head_of_service_id;
  const Month last = concern.resolved_on ? Month::of(*concern.resolved_on) : o_.current.prev();
  for (Month m = Month::of(concern.raised_on).next(); m <= last; m = m.next()) {
    if (rng_follow_up_.chance(0.15)) continue;
    a_.concern_updates.push_back(ConcernUpdate{static_cast<Id>(a_.concern_updates.size()) + 1,
                                               concern.id, m,
                                               pick_text(rng_follow_up_, kConcernNotes), head});
  }
}

// Cases of concern raised before the history window and still open after
// more than 12 months (Gloucestershire, July 2022: 7 of 53).
void Builder::build_legacy_concerns() {
  const int n = std::max(1, round_to_int(o_.teams / 11.0));
  const Date today = o_.current.first_day();
  for (int i = 0; i < n; ++i) {
    const Id child_id = static_cast<Id>(rng_follow_up_.below(a_.children.size())) + 1;
    const Date raised = plus_days(o_.current.plus(-rng_follow_up_.between(13, 20)).first_day(),
                                  rng_follow_up_.between(0, 20));
    add_concern(child_id, std::nullopt, raised, today);
  }
}

}  // namespace caseaudit::demo
