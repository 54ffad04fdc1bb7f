#include "scheduler/reminders/rules.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "scheduler/reminders/directory.h"

namespace caseaudit {
namespace {

using Fields = std::map<std::string, std::string>;

int days_from(Date from, Date to) {
  return static_cast<int>((std::chrono::sys_days(to) - std::chrono::sys_days(from)).count());
}

std::string_view rung_name(Rung rung) {
  switch (rung) {
    case Rung::kOwner:
      return "owner";
    case Rung::kLineManager:
      return "line_manager";
    case Rung::kTeamManager:
      return "team_manager";
    case Rung::kServiceManager:
      return "service_manager";
    case Rung::kHeadOfService:
      return "head_of_service";
    case Rung::kDirector:
      return "director";
  }
  return "unknown";
}

// Everything a rule needs, and where its items go.
class Sweep {
 public:
  Sweep(const Authority& authority, const Calendar& calendar, const ReminderPolicy& policy,
        Date today)
      : dir_(authority), calendar_(calendar), policy_(policy), today_(today) {
    for (const AllocationRun& run : authority.runs) {
      if (run.status == MonthStatus::kClosed) closed_months_.insert(run.month);
    }
    for (const ConcernUpdate& update : authority.concern_updates) {
      concern_updates_.insert({update.concern_id, update.month});
    }
  }

  void audits();
  void loop_meetings();
  void actions();
  void concerns();
  std::vector<DueItem> take();

 private:
  void emit(DueItem item, std::optional<Id> recipient);
  void emit_to_all(const DueItem& item, const std::vector<std::optional<Id>>& recipients);
  Fields audit_fields(const Audit& audit) const;
  Fields concern_fields(const Concern& concern) const;
  bool month_open(Month month) const { return !closed_months_.contains(month); }
  bool recent(const std::optional<Date>& day, int window_days) const {
    return day && days_from(*day, today_) >= 0 && days_from(*day, today_) <= window_days;
  }
  std::vector<std::optional<Id>> child_stakeholders(const Child& child) const;

  void audit_reminders(const Audit& audit);
  void audit_escalations(const Audit& audit);
  void audit_events(const Audit& audit);
  void impact_follow_up(const Audit& audit);
  bool action_reminder_due(const Action& action) const;
  bool action_overdue(const Action& action) const;
  void action_reminder(const Action& action, const Fields& fields);
  void action_escalations(const Action& action, const Fields& fields);
  std::optional<Id> action_rung_holder(const Action& action, Rung rung) const;
  void concern_raised(const Concern& concern);
  void concern_update_due(const Concern& concern, Month month);
  void concern_long_open(const Concern& concern);

  Directory dir_;
  const Calendar& calendar_;
  const ReminderPolicy& policy_;
  Date today_;
  std::set<Month> closed_months_;
  std::set<std::pair<Id, Month>> concern_updates_;
  std::vector<DueItem> items_;
};

void Sweep::emit(DueItem item, std::optional<Id> recipient) {
  if (!recipient) return;
  item.recipient_id = *recipient;
  item.fields["recipient_name"] = dir_.name_of(*recipient);
  items_.push_back(std::move(item));
}

void Sweep::emit_to_all(const DueItem& item, const std::vector<std::optional<Id>>& recipients) {
  std::set<Id> told;
  for (const auto& recipient : recipients) {
    if (recipient && told.insert(*recipient).second) emit(item, recipient);
  }
}

Fields Sweep::audit_fields(const Audit& audit) const {
  Fields fields{{"month", audit.month.to_string()},
                {"due_date", format_date(audit.due_date)},
                {"auditor_name", dir_.name_of(audit.auditor_id)}};
  fields["moderator_name"] =
      audit.moderator_id ? dir_.name_of(*audit.moderator_id) : std::string("external moderation");
  if (const Child* child = dir_.child(audit.child_id)) {
    fields["case_reference"] = child->case_reference;
    fields["team_name"] = dir_.team_name(child->team_id);
    fields["legal_status"] = std::string(to_string(child->legal_status));
  }
  return fields;
}

std::vector<std::optional<Id>> Sweep::child_stakeholders(const Child& child) const {
  return {child.allocated_worker_id, dir_.for_team(child.team_id, Rung::kTeamManager),
          dir_.for_team(child.team_id, Rung::kServiceManager),
          dir_.for_team(child.team_id, Rung::kHeadOfService), child.iro_id};
}

// ---- Audits -------------------------------------------------------------------

void Sweep::audits() {
  std::map<std::pair<Id, Month>, std::vector<const Audit*>> by_moderator;
  for (const Audit& audit : dir_.authority().audits) {
    if (audit.status == AuditStatus::kWithdrawn) continue;
    const bool live = month_open(audit.month) && today_ <= audit.due_date;
    if (audit.status == AuditStatus::kAllocated && live) {
      emit({.rule = ReminderRule::kAllocationNotice,
            .subject_type = "audit",
            .subject_id = audit.id,
            .period = audit.month.to_string(),
            .fields = audit_fields(audit)},
           audit.auditor_id);
      if (audit.moderator_id) by_moderator[{*audit.moderator_id, audit.month}].push_back(&audit);
    }
    if (audit.status == AuditStatus::kAllocated && month_open(audit.month)) {
      audit_reminders(audit);
      audit_escalations(audit);
    }
    audit_events(audit);
    impact_follow_up(audit);
  }
  for (const auto& [key, list] : by_moderator) {
    DueItem item{
        .rule = ReminderRule::kModerationList,
        .subject_type = "moderator",
        .subject_id = key.first,
        .period = key.second.to_string(),
        .fields = {{"month", key.second.to_string()}, {"count", std::to_string(list.size())}}};
    for (const Audit* audit : list) {
      Fields row = audit_fields(*audit);
      row["audit_id"] = std::to_string(audit->id);  // for the row's link (DueRunOptions)
      item.rows.push_back(std::move(row));
    }
    emit(std::move(item), key.first);
  }
}

void Sweep::audit_reminders(const Audit& audit) {
  if (today_ > audit.due_date) return;
  // Only the nearest reminder whose day has come: after downtime a person is
  // told "due tomorrow", not also "due in five days".
  std::optional<int> nearest;
  for (int days : policy_.audit_due_days_before) {
    if (calendar_.add_working_days(audit.due_date, -days) <= today_ &&
        (!nearest || days < *nearest)) {
      nearest = days;
    }
  }
  if (!nearest) return;
  Fields fields = audit_fields(audit);
  fields["days_left"] = std::to_string(calendar_.working_days_between(today_, audit.due_date));
  emit({.rule = ReminderRule::kAuditDue,
        .subject_type = "audit",
        .subject_id = audit.id,
        .level = std::to_string(*nearest),
        .fields = fields},
       audit.auditor_id);
}

void Sweep::audit_escalations(const Audit& audit) {
  if (today_ <= audit.due_date) return;
  Fields fields = audit_fields(audit);
  fields["days_late"] = std::to_string(calendar_.working_days_between(audit.due_date, today_));
  for (const EscalationStep& step : policy_.audit_late_ladder) {
    if (calendar_.add_working_days(audit.due_date, step.working_days_after_due) > today_) continue;
    emit({.rule = ReminderRule::kAuditLate,
          .subject_type = "audit",
          .subject_id = audit.id,
          .level = std::string(rung_name(step.rung)),
          .fields = fields},
         dir_.for_staff(audit.auditor_id, step.rung));
  }
}

void Sweep::audit_events(const Audit& audit) {
  const Child* child = dir_.child(audit.child_id);
  if (child == nullptr) return;
  Fields fields = audit_fields(audit);
  if (audit.overall_grade) fields["grade"] = std::string(to_string(*audit.overall_grade));
  if (audit.moderated_grade) {
    fields["moderated_grade"] = std::string(to_string(*audit.moderated_grade));
  }
  if (audit.status != AuditStatus::kAllocated &&
      recent(audit.submitted_on, policy_.event_notice_days)) {
    // The moderator too: the audit is now theirs to moderate.
    std::vector<std::optional<Id>> told = child_stakeholders(*child);
    told.push_back(audit.moderator_id);
    emit_to_all({.rule = ReminderRule::kAuditSubmitted,
                 .subject_type = "audit",
                 .subject_id = audit.id,
                 .fields = fields},
                told);
  }
  if (audit.status == AuditStatus::kModerated &&
      recent(audit.moderated_on, policy_.event_notice_days)) {
    emit_to_all({.rule = ReminderRule::kAuditModerated,
                 .subject_type = "audit",
                 .subject_id = audit.id,
                 .fields = fields},
                child_stakeholders(*child));
  }
}

void Sweep::impact_follow_up(const Audit& audit) {
  if (audit.status != AuditStatus::kModerated || !audit.moderated_on) return;
  const int days = days_from(*audit.moderated_on, today_);
  if (days < policy_.impact_follow_up_days ||
      days > policy_.impact_follow_up_days + policy_.impact_follow_up_grace_days) {
    return;
  }
  const Child* child = dir_.child(audit.child_id);
  if (child == nullptr) return;
  Fields fields = audit_fields(audit);
  fields["audit_month"] = audit.month.to_string();
  fields["follow_up_due"] = format_date(Date{std::chrono::sys_days(*audit.moderated_on) +
                                             std::chrono::days(policy_.impact_follow_up_days)});
  emit_to_all({.rule = ReminderRule::kImpactFollowUp,
               .subject_type = "audit",
               .subject_id = audit.id,
               .fields = fields},
              {audit.auditor_id, dir_.for_team(child->team_id, Rung::kTeamManager)});
}

void Sweep::loop_meetings() {
  std::map<std::pair<Month, int>, std::vector<const Audit*>> groups;
  for (const Audit& audit : dir_.authority().audits) {
    if (audit.loop_group && audit.status != AuditStatus::kWithdrawn && month_open(audit.month)) {
      groups[{audit.month, *audit.loop_group}].push_back(&audit);
    }
  }
  for (const auto& [key, pair] : groups) {
    if (pair.size() != 2) continue;
    const Audit& first = *pair[0];
    const Audit& second = *pair[1];
    const bool both_in = first.overall_grade && second.overall_grade &&
                         first.status != AuditStatus::kAllocated &&
                         second.status != AuditStatus::kAllocated;
    if (!both_in || *first.overall_grade == *second.overall_grade) continue;
    Fields fields = audit_fields(first);
    fields["first_auditor"] = dir_.name_of(first.auditor_id);
    fields["second_auditor"] = dir_.name_of(second.auditor_id);
    fields["first_grade"] = std::string(to_string(*first.overall_grade));
    fields["second_grade"] = std::string(to_string(*second.overall_grade));
    emit_to_all({.rule = ReminderRule::kLoopMeeting,
                 .subject_type = "audit",
                 .subject_id = std::min(first.id, second.id),
                 .period = key.first.to_string(),
                 .fields = fields},
                {first.auditor_id, second.auditor_id, first.moderator_id, second.moderator_id});
  }
}

// ---- Actions --------------------------------------------------------------------

void Sweep::actions() {
  for (const Action& action : dir_.authority().actions) {
    if (action.status != ActionStatus::kOpen) continue;
    // Dates first: most open actions are neither due soon nor overdue, and
    // their template fields would be built for nothing.
    if (!action_reminder_due(action) && !action_overdue(action)) continue;
    Fields fields{{"action_description", action.description},
                  {"due_date", format_date(action.due_date)},
                  {"owner_name", dir_.name_of(action.owner_id)}};
    if (const Audit* audit = dir_.audit(action.audit_id)) {
      if (const Child* child = dir_.child(audit->child_id)) {
        fields["case_reference"] = child->case_reference;
        fields["team_name"] = dir_.team_name(child->team_id);
      }
    }
    action_reminder(action, fields);
    action_escalations(action, fields);
  }
}

bool Sweep::action_reminder_due(const Action& action) const {
  return today_ <= action.due_date &&
         calendar_.add_working_days(action.due_date, -policy_.action_due_days_before) <= today_;
}

bool Sweep::action_overdue(const Action& action) const {
  return today_ > action.due_date && !policy_.action_overdue_ladder.empty();
}

void Sweep::action_reminder(const Action& action, const Fields& fields) {
  if (!action_reminder_due(action)) return;
  emit({.rule = ReminderRule::kActionDue,
        .subject_type = "action",
        .subject_id = action.id,
        .level = std::to_string(policy_.action_due_days_before),
        .fields = fields},
       action.owner_id);
}

std::optional<Id> Sweep::action_rung_holder(const Action& action, Rung rung) const {
  if (rung == Rung::kOwner) return action.owner_id;
  // The managers of the child's team, who own the plan; the owner's own
  // chain when the audit or child is unknown.
  if (const Audit* audit = dir_.audit(action.audit_id)) {
    if (const Child* child = dir_.child(audit->child_id)) {
      if (auto holder = dir_.for_team(child->team_id, rung)) return holder;
    }
  }
  return dir_.for_staff(action.owner_id, rung);
}

void Sweep::action_escalations(const Action& action, const Fields& base) {
  if (!action_overdue(action)) return;
  Fields fields = base;
  fields["days_overdue"] = std::to_string(days_from(action.due_date, today_));
  for (const EscalationStep& step : policy_.action_overdue_ladder) {
    if (calendar_.add_working_days(action.due_date, step.working_days_after_due) > today_) continue;
    emit({.rule = ReminderRule::kActionOverdue,
          .subject_type = "action",
          .subject_id = action.id,
          .level = std::string(rung_name(step.rung)),
          .fields = fields},
         action_rung_holder(action, step.rung));
  }
  const EscalationStep& top = policy_.action_overdue_ladder.back();
  const Date top_day = calendar_.add_working_days(action.due_date, top.working_days_after_due);
  if (policy_.action_repeat_working_days <= 0 || top_day > today_) return;
  const int repeat =
      calendar_.working_days_between(top_day, today_) / policy_.action_repeat_working_days;
  if (repeat < 1) return;
  emit({.rule = ReminderRule::kActionOverdue,
        .subject_type = "action",
        .subject_id = action.id,
        .level = std::string(rung_name(top.rung)),
        .period = "repeat-" + std::to_string(repeat),
        .fields = fields},
       action_rung_holder(action, top.rung));
}

// ---- Cases of concern --------------------------------------------------------------

Fields Sweep::concern_fields(const Concern& concern) const {
  Fields fields{{"category", std::to_string(concern.category)},
                {"raised_on", format_date(concern.raised_on)},
                {"days_open", std::to_string(days_from(concern.raised_on, today_))}};
  if (const Child* child = dir_.child(concern.child_id)) {
    fields["case_reference"] = child->case_reference;
    fields["team_name"] = dir_.team_name(child->team_id);
  }
  // Who found it: category 1 emails name the auditor ("the QA team" when the
  // concern was raised without an audit on record).
  const Audit* audit = concern.audit_id ? dir_.audit(*concern.audit_id) : nullptr;
  fields["auditor_name"] = audit != nullptr ? dir_.name_of(audit->auditor_id) : "the QA team";
  return fields;
}

void Sweep::concerns() {
  for (const Concern& concern : dir_.authority().concerns) {
    if (concern.status != ConcernStatus::kOpen) continue;
    concern_raised(concern);
    const Month this_month = Month::of(today_);
    for (Month month : {this_month.prev(), this_month}) {
      if (month > Month::of(concern.raised_on)) concern_update_due(concern, month);
    }
    concern_long_open(concern);
  }
}

void Sweep::concern_raised(const Concern& concern) {
  const Child* child = dir_.child(concern.child_id);
  if (child == nullptr || !recent(concern.raised_on, policy_.concern_notice_days)) return;
  const DueItem item{.rule = ReminderRule::kConcernRaised,
                     .subject_type = "concern",
                     .subject_id = concern.id,
                     .level = std::to_string(concern.category),
                     .urgent = concern.category == 1,
                     .fields = concern_fields(concern)};
  std::vector<std::optional<Id>> recipients{dir_.for_team(child->team_id, Rung::kHeadOfService)};
  if (concern.category == 1) recipients.push_back(dir_.for_team(child->team_id, Rung::kDirector));
  emit_to_all(item, recipients);
}

void Sweep::concern_update_due(const Concern& concern, Month month) {
  if (concern_updates_.contains({concern.id, month})) return;
  const Child* child = dir_.child(concern.child_id);
  if (child == nullptr) return;
  const Date due = calendar_.last_working_day(month);
  Fields fields = concern_fields(concern);
  fields["month"] = month.to_string();
  fields["update_due"] = format_date(due);
  const Date remind_from = calendar_.add_working_days(due, -policy_.concern_update_days_before);
  if (remind_from <= today_ && today_ <= due) {
    emit({.rule = ReminderRule::kConcernUpdate,
          .subject_type = "concern",
          .subject_id = concern.id,
          .level = "reminder",
          .period = month.to_string(),
          .fields = fields},
         dir_.for_team(child->team_id, Rung::kHeadOfService));
  }
  if (auto head = dir_.for_team(child->team_id, Rung::kHeadOfService)) {
    fields["head_of_service_name"] = dir_.name_of(*head);
  }
  if (calendar_.add_working_days(due, policy_.concern_update_overdue_after) <= today_) {
    emit({.rule = ReminderRule::kConcernUpdate,
          .subject_type = "concern",
          .subject_id = concern.id,
          .level = "overdue",
          .period = month.to_string(),
          .fields = fields},
         dir_.for_team(child->team_id, Rung::kDirector));
  }
}

void Sweep::concern_long_open(const Concern& concern) {
  const Month raised = Month::of(concern.raised_on);
  const Month anniversary = raised.plus(policy_.concern_long_open_months);
  const Month now = Month::of(today_);
  const bool over =
      now > anniversary || (now == anniversary && today_.day() >= concern.raised_on.day());
  const Child* child = dir_.child(concern.child_id);
  if (!over || child == nullptr) return;
  Fields fields = concern_fields(concern);
  fields["months_open"] = std::to_string(now.minus(raised));
  emit({.rule = ReminderRule::kConcernLongOpen,
        .subject_type = "concern",
        .subject_id = concern.id,
        .period = now.to_string(),
        .fields = fields},
       dir_.for_team(child->team_id, Rung::kDirector));
}

std::vector<DueItem> Sweep::take() {
  // Each key built once, not twice per comparison; the position breaks ties
  // so the order never depends on the sort's implementation.
  struct Entry {
    Id recipient;
    std::string key;
    std::size_t position;
  };
  std::vector<Entry> order;
  order.reserve(items_.size());
  for (std::size_t i = 0; i < items_.size(); ++i) {
    order.push_back({items_[i].recipient_id, items_[i].key(), i});
  }
  std::sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.recipient, a.key, a.position) < std::tie(b.recipient, b.key, b.position);
  });
  std::vector<DueItem> sorted;
  sorted.reserve(items_.size());
  for (const Entry& entry : order) sorted.push_back(std::move(items_[entry.position]));
  items_.clear();
  return sorted;
}

}  // namespace

std::vector<DueItem> urgent_due_on(const Authority& authority, const Calendar& calendar,
                                   const ReminderPolicy& policy, Date today) {
  // Only the concern rules make urgent items.
  Sweep sweep(authority, calendar, policy, today);
  sweep.concerns();
  std::vector<DueItem> items = sweep.take();
  std::erase_if(items, [](const DueItem& item) { return !item.urgent; });
  return items;
}

Date reminder_horizon(const Calendar& calendar, const ReminderPolicy& policy, Date today) {
  // An action reminder is due when add_working_days(due, -N) <= today <= due:
  // the furthest such due date is the N-th working day after today.
  return calendar.add_working_days(today, std::max(policy.action_due_days_before, 0));
}

std::vector<DueItem> due_on(const Authority& authority, const Calendar& calendar,
                            const ReminderPolicy& policy, Date today) {
  Sweep sweep(authority, calendar, policy, today);
  sweep.audits();
  sweep.loop_meetings();
  sweep.actions();
  sweep.concerns();
  return sweep.take();
}

}  // namespace caseaudit
