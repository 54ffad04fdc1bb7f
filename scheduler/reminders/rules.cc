#include "scheduler/reminders/rules.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "scheduler/reminders/directory.h"
#include "scheduler/words.h"

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
        Date today, const ReminderHistory& history)
      : dir_(authority), calendar_(calendar), policy_(policy), today_(today), history_(history) {
    for (const AllocationRun& run : authority.runs) {
      if (run.status == MonthStatus::kClosed) closed_months_.insert(run.month);
    }
    for (const ConcernUpdate& update : authority.concern_updates) {
      concern_updates_.insert({update.concern_id, update.month});
    }
    const Month this_month = Month::of(today);
    for (const Exemption& exemption : authority.exemptions) {
      const bool away_kind = std::find(policy.away_kinds.begin(), policy.away_kinds.end(),
                                       exemption.kind) != policy.away_kinds.end();
      if (away_kind && exemption.covers(this_month))
        away_.emplace(exemption.staff_id, exemption.kind);
    }
  }

  void audits();
  void loop_meetings();
  void actions();
  void concerns();
  void removals();
  void moderation_changes();
  std::vector<DueItem> take();

 private:
  void emit(DueItem item, std::optional<Id> recipient);
  // Who receives what is addressed to `recipient`: themself, or when they are
  // away the first one up policy.away_redirect who is not; nullopt when
  // nobody is there.
  std::optional<Id> deliver_to(Id recipient) const;
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
  void audit_resubmitted(const Audit& audit, Fields fields, const std::string& team);
  void audit_sent_back(const Audit& audit, Fields fields, const std::string& team);
  void impact_follow_up(const Audit& audit);
  void classification_request(const Audit& audit);
  bool action_reminder_due(const Action& action) const;
  bool action_overdue(const Action& action) const;
  void action_reminder(const Action& action, const Fields& fields);
  void action_escalations(const Action& action, const Fields& fields);
  std::optional<Id> action_rung_holder(const Action& action, Rung rung) const;
  void action_top_rung(const Action& action, const Fields& fields, const EscalationStep& top);
  void concern_raised(const Concern& concern);
  void concern_update_due(const Concern& concern, Month month);
  void concern_long_open(const Concern& concern);
  const Audit* replacement_of(const Audit& withdrawn, std::optional<Id> not_auditor) const;
  void moderation_removed(const Audit& audit, const Audit* current, Id person);
  void moderation_assigned(const Audit& current, const std::set<Id>& told_before);

  Directory dir_;
  const Calendar& calendar_;
  const ReminderPolicy& policy_;
  Date today_;
  const ReminderHistory& history_;
  std::map<Id, ExemptionKind> away_;  // who is away this month, and why
  std::set<Month> closed_months_;
  std::set<std::pair<Id, Month>> concern_updates_;
  std::vector<DueItem> items_;
};

std::optional<Id> Sweep::deliver_to(Id recipient) const {
  Id to = recipient;
  // Bounded by the number of staff, so a loop in bad data cannot hang us.
  for (std::size_t hop = 0; away_.contains(to); ++hop) {
    if (policy_.away_redirect == Rung::kOwner) return to;
    const std::optional<Id> next = dir_.for_staff(to, policy_.away_redirect);
    if (!next || *next == to || hop > dir_.authority().staff.size()) return std::nullopt;
    to = *next;
  }
  return to;
}

void Sweep::emit(DueItem item, std::optional<Id> recipient) {
  if (!recipient) return;
  const std::optional<Id> to = deliver_to(*recipient);
  if (!to) return;
  if (*to != *recipient) {
    item.redirected_from = *recipient;
    item.duty = Duty::kOversee;
    item.flags["to_owner"] = false;  // it is not the reader's own action
    item.fields["away_name"] = dir_.name_of(*recipient);
    item.fields["away_reason"] = in_words(away_.at(*recipient));
  }
  item.recipient_id = *to;
  item.fields["recipient_name"] = dir_.name_of(*to);
  items_.push_back(std::move(item));
}

void Sweep::emit_to_all(const DueItem& item, const std::vector<std::optional<Id>>& recipients) {
  std::set<Id> told;
  for (const auto& recipient : recipients) {
    if (recipient && told.insert(*recipient).second) emit(item, recipient);
  }
}

Fields Sweep::audit_fields(const Audit& audit) const {
  Fields fields{{"month", month_in_words(audit.month)},
                {"due_date", date_in_words(audit.due_date)},
                {"auditor_name", dir_.name_of(audit.auditor_id)}};
  fields["moderator_name"] =
      audit.moderator_id ? dir_.name_of(*audit.moderator_id) : std::string("an external moderator");
  if (const Child* child = dir_.child(audit.child_id)) {
    fields["case_reference"] = child->case_reference;
    fields["team_name"] = dir_.team_name(child->team_id);
    fields["legal_status"] = in_words(child->legal_status);
  }
  return fields;
}

// The name of the team of `audit`'s child, for grouping; empty when unknown.
std::string child_team(const Directory& dir, Id child_id) {
  const Child* child = dir.child(child_id);
  return child != nullptr ? dir.team_name(child->team_id) : std::string();
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
            .duty = Duty::kOwn,
            .team_name = child_team(dir_, audit.child_id),
            .due = audit.due_date,
            .fields = audit_fields(audit),
            .flags = {{"looped", audit.loop_group.has_value()}}},
           audit.auditor_id);
      if (audit.moderator_id) by_moderator[{*audit.moderator_id, audit.month}].push_back(&audit);
    }
    if (audit.status == AuditStatus::kAllocated && month_open(audit.month)) {
      audit_reminders(audit);
      audit_escalations(audit);
    }
    audit_events(audit);
    impact_follow_up(audit);
    classification_request(audit);
  }
  for (const auto& [key, list] : by_moderator) {
    DueItem item{
        .rule = ReminderRule::kModerationList,
        .subject_type = "moderator",
        .subject_id = key.first,
        .period = key.second.to_string(),
        .duty = Duty::kOwn,
        .fields = {{"month", month_in_words(key.second)}, {"count", std::to_string(list.size())}}};
    std::string references;
    for (const Audit* audit : list) {
      Fields row = audit_fields(*audit);
      row["audit_id"] = std::to_string(audit->id);  // for the row's link (DueRunOptions)
      item.rows.push_back(std::move(row));
      item.covers.emplace_back("audit", audit->id);  // moderation_changes() reads them back
      const std::string& reference = item.rows.back()["case_reference"];
      references += (references.empty() ? "" : ", ") + reference;
      if (!item.due || audit->due_date < *item.due) item.due = audit->due_date;
    }
    item.fields["case_references"] = references;
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
        .duty = Duty::kOwn,
        .team_name = child_team(dir_, audit.child_id),
        .due = audit.due_date,
        .fields = fields},
       audit.auditor_id);
}

void Sweep::audit_escalations(const Audit& audit) {
  if (today_ <= audit.due_date) return;
  Fields fields = audit_fields(audit);
  fields["days_late"] = std::to_string(calendar_.working_days_between(audit.due_date, today_));
  // The late audit is the auditor's: a manager sees it under the auditor's team.
  const Staff* auditor = dir_.staff(audit.auditor_id);
  const std::string team =
      auditor != nullptr && auditor->team_id ? dir_.team_name(*auditor->team_id) : std::string();
  for (const EscalationStep& step : policy_.audit_late_ladder) {
    if (calendar_.add_working_days(audit.due_date, step.working_days_after_due) > today_) continue;
    emit({.rule = ReminderRule::kAuditLate,
          .subject_type = "audit",
          .subject_id = audit.id,
          .level = std::string(rung_name(step.rung)),
          .duty = step.rung == Rung::kOwner ? Duty::kOwn : Duty::kOversee,
          .team_name = team,
          .due = audit.due_date,
          .fields = fields},
         dir_.for_staff(audit.auditor_id, step.rung));
  }
}

void Sweep::audit_events(const Audit& audit) {
  const Child* child = dir_.child(audit.child_id);
  if (child == nullptr) return;
  Fields fields = audit_fields(audit);
  if (audit.overall_grade) fields["grade"] = in_words(*audit.overall_grade);
  if (audit.moderated_grade) fields["moderated_grade"] = in_words(*audit.moderated_grade);
  const std::string team = dir_.team_name(child->team_id);
  if (audit.status != AuditStatus::kAllocated &&
      recent(audit.submitted_on, policy_.event_notice_days)) {
    if (audit.sent_back_reason) {
      audit_resubmitted(audit, fields, team);
    } else {
      // The moderator too: the audit is now theirs to moderate.
      std::vector<std::optional<Id>> told = child_stakeholders(*child);
      told.push_back(audit.moderator_id);
      emit_to_all({.rule = ReminderRule::kAuditSubmitted,
                   .subject_type = "audit",
                   .subject_id = audit.id,
                   .team_name = team,
                   .fields = fields,
                   .flags = {{"resubmitted", false}}},
                  told);
    }
  }
  audit_sent_back(audit, fields, team);
  if (audit.status == AuditStatus::kModerated &&
      recent(audit.moderated_on, policy_.event_notice_days)) {
    emit_to_all({.rule = ReminderRule::kAuditModerated,
                 .subject_type = "audit",
                 .subject_id = audit.id,
                 .team_name = team,
                 .fields = fields},
                child_stakeholders(*child));
  }
}

// Recorded again after a moderation sent it back: its moderator (only: the
// child's people heard of the first submission and will hear of the
// moderation) is told again, keyed by the day of this submission so that the
// ledger does not hold it back as the first submission's notice.
void Sweep::audit_resubmitted(const Audit& audit, Fields fields, const std::string& team) {
  fields["sent_back_reason"] = *audit.sent_back_reason;
  emit({.rule = ReminderRule::kAuditSubmitted,
        .subject_type = "audit",
        .subject_id = audit.id,
        .level = "resubmitted",
        .period = format_date(*audit.submitted_on),
        .duty = Duty::kOwn,
        .team_name = team,
        .fields = fields,
        .flags = {{"resubmitted", true}}},
       audit.moderator_id);
}

// Sent back by its moderator (not meeting the standard) and not yet recorded
// again: its auditor, with the reason and what to do; keyed by the day of the
// moderation, so that a second sending back is told too.
void Sweep::audit_sent_back(const Audit& audit, Fields fields, const std::string& team) {
  const bool sent_back = audit.status == AuditStatus::kAllocated &&
                         audit.outcome == AuditOutcome::kNotMeetingStandard &&
                         audit.sent_back_reason;
  if (!sent_back || !month_open(audit.month) ||
      !recent(audit.moderated_on, policy_.event_notice_days)) {
    return;
  }
  fields["sent_back_reason"] = *audit.sent_back_reason;
  fields["moderation_comment"] = audit.moderation_comment.value_or("");
  fields["moderated_on"] = date_in_words(*audit.moderated_on);
  // By the due date while it is ahead; "as soon as you can" (empty) after it.
  fields["record_by"] = today_ <= audit.due_date ? date_in_words(audit.due_date) : "";
  emit({.rule = ReminderRule::kAuditSentBack,
        .subject_type = "audit",
        .subject_id = audit.id,
        .period = format_date(*audit.moderated_on),
        .duty = Duty::kOwn,
        .team_name = team,
        .due = audit.due_date,
        .fields = fields},
       audit.auditor_id);
}

void Sweep::classification_request(const Audit& audit) {
  if (!awaits_classification(audit)) return;
  // Asked when the grade comes in (a notice, as the submission's): an old
  // audit never classified stays on the coordinator's list, unmailed.
  const auto graded_on =
      audit.status == AuditStatus::kModerated ? audit.moderated_on : audit.submitted_on;
  if (!recent(graded_on, policy_.event_notice_days)) return;
  const Child* child = dir_.child(audit.child_id);
  if (child == nullptr) return;
  Fields fields = audit_fields(audit);
  fields["graded_by"] = audit.status == AuditStatus::kModerated ? "the moderator" : "the auditor";
  emit_to_all({.rule = ReminderRule::kClassificationRequest,
               .subject_type = "audit",
               .subject_id = audit.id,
               .fields = fields},
              {audit.moderator_id, dir_.for_team(child->team_id, Rung::kHeadOfService)});
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
  fields["audit_month"] = month_in_words(audit.month);
  fields["moderated_on"] = date_in_words(*audit.moderated_on);
  // Sent today, so the reply is asked for a fixed time after today.
  const Date reply_by =
      calendar_.add_working_days(today_, std::max(policy_.impact_follow_up_reply_working_days, 1));
  fields["reply_by"] = date_in_words(reply_by);
  emit_to_all({.rule = ReminderRule::kImpactFollowUp,
               .subject_type = "audit",
               .subject_id = audit.id,
               .duty = Duty::kOwn,
               .team_name = dir_.team_name(child->team_id),
               .due = reply_by,
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
    fields["first_grade"] = in_words(*first.overall_grade);
    fields["second_grade"] = in_words(*second.overall_grade);
    emit_to_all({.rule = ReminderRule::kLoopMeeting,
                 .subject_type = "audit",
                 .subject_id = std::min(first.id, second.id),
                 .period = key.first.to_string(),
                 .duty = Duty::kOwn,
                 .team_name = child_team(dir_, first.child_id),
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
                  {"due_date", date_in_words(action.due_date)},
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
        .period = format_date(action.due_date),
        .duty = Duty::kOwn,
        .team_name = fields.contains("team_name") ? fields.at("team_name") : std::string(),
        .due = action.due_date,
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
  const EscalationStep& top = policy_.action_overdue_ladder.back();
  for (const EscalationStep& step : policy_.action_overdue_ladder) {
    if (calendar_.add_working_days(action.due_date, step.working_days_after_due) > today_) continue;
    if (&step == &top) {
      action_top_rung(action, fields, top);
      continue;
    }
    emit({.rule = ReminderRule::kActionOverdue,
          .subject_type = "action",
          .subject_id = action.id,
          .level = std::string(rung_name(step.rung)),
          .period = format_date(action.due_date),
          .duty = step.rung == Rung::kOwner ? Duty::kOwn : Duty::kOversee,
          .team_name = fields.contains("team_name") ? fields.at("team_name") : std::string(),
          .due = action.due_date,
          .fields = fields,
          .flags = {{"to_owner", step.rung == Rung::kOwner}}},
         action_rung_holder(action, step.rung));
  }
}

// The top rung hears the step once; then again every action_repeat_working_days
// after the last time they heard anything of this action (the ledger's history),
// so a first telling on a late day (a catch-up) does not pull the next one closer.
void Sweep::action_top_rung(const Action& action, const Fields& fields, const EscalationStep& top) {
  const std::optional<Id> holder = action_rung_holder(action, top.rung);
  if (!holder) return;
  DueItem item{.rule = ReminderRule::kActionOverdue,
               .subject_type = "action",
               .subject_id = action.id,
               .level = std::string(rung_name(top.rung)),
               .period = format_date(action.due_date),
               .duty = top.rung == Rung::kOwner ? Duty::kOwn : Duty::kOversee,
               .team_name = fields.contains("team_name") ? fields.at("team_name") : std::string(),
               .due = action.due_date,
               .fields = fields,
               .flags = {{"to_owner", top.rung == Rung::kOwner}}};
  const std::optional<Id> to = deliver_to(*holder);
  std::optional<Date> last = to ? history_.overdue_last_told(action.id, *to) : std::nullopt;
  // Told before the due date moved: the new date's ladder starts afresh.
  if (last && *last <= action.due_date) last.reset();
  if (last) {
    const int interval = policy_.action_repeat_working_days;
    if (interval <= 0 || calendar_.working_days_between(*last, today_) < interval) return;
    item.period = "repeat-" + format_date(today_);
  }
  emit(std::move(item), holder);
}

// ---- Cases of concern --------------------------------------------------------------

Fields Sweep::concern_fields(const Concern& concern) const {
  Fields fields{{"category", std::to_string(concern.category)},
                {"raised_on", date_in_words(concern.raised_on)},
                {"days_open", std::to_string(days_from(concern.raised_on, today_))}};
  if (const Child* child = dir_.child(concern.child_id)) {
    fields["case_reference"] = child->case_reference;
    fields["team_name"] = dir_.team_name(child->team_id);
    fields["legal_status"] = in_words(child->legal_status);
    const auto head = dir_.for_team(child->team_id, Rung::kHeadOfService);
    const auto director = dir_.for_team(child->team_id, Rung::kDirector);
    fields["head_of_service_name"] = head ? dir_.name_of(*head) : "the head of service";
    fields["director_name"] = director ? dir_.name_of(*director) : "the director";
  }
  // Who found it: category 1 emails name the auditor ("the QA team" when the
  // concern was raised without an audit on record).
  const Audit* audit = concern.audit_id ? dir_.audit(*concern.audit_id) : nullptr;
  fields["auditor_name"] = audit != nullptr ? dir_.name_of(audit->auditor_id) : "the QA team";
  // A category 2 on a child with an open category 1 says so (empty when it
  // has none): the first one is still the head of service's to respond to.
  if (concern.category == 2) {
    fields["open_category_1"] = "";
    for (const Concern& other : dir_.authority().concerns) {
      if (other.child_id == concern.child_id && other.category == 1 &&
          other.status == ConcernStatus::kOpen) {
        fields["open_category_1"] =
            "The child also has an open category 1 case of concern, raised on " +
            date_in_words(other.raised_on) + ".";
      }
    }
  }
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
  DueItem item{.rule = ReminderRule::kConcernRaised,
               .subject_type = "concern",
               .subject_id = concern.id,
               .level = std::to_string(concern.category),
               .urgent = concern.category == 1,
               .team_name = dir_.team_name(child->team_id),
               .due = concern.raised_on,
               .fields = concern_fields(concern)};
  // Category 1: a same-day response, by the end of the day it was raised.
  if (concern.category == 1) item.fields["respond_by"] = date_in_words(concern.raised_on);
  const auto head = dir_.for_team(child->team_id, Rung::kHeadOfService);
  DueItem to_head = item;
  to_head.duty = Duty::kOwn;
  to_head.flags["to_head_of_service"] = true;
  emit(std::move(to_head), head);
  if (concern.category != 1) return;
  const auto director = dir_.for_team(child->team_id, Rung::kDirector);
  if (director && director == head) return;
  item.flags["to_head_of_service"] = false;
  emit(std::move(item), director);
}

void Sweep::concern_update_due(const Concern& concern, Month month) {
  if (concern_updates_.contains({concern.id, month})) return;
  const Child* child = dir_.child(concern.child_id);
  if (child == nullptr) return;
  const Date due = calendar_.last_working_day(month);
  Fields fields = concern_fields(concern);
  fields["month"] = month_in_words(month);
  fields["update_due"] = date_in_words(due);
  const std::string team = dir_.team_name(child->team_id);
  const Date remind_from = calendar_.add_working_days(due, -policy_.concern_update_days_before);
  if (remind_from <= today_ && today_ <= due) {
    emit({.rule = ReminderRule::kConcernUpdate,
          .subject_type = "concern",
          .subject_id = concern.id,
          .level = "reminder",
          .period = month.to_string(),
          .duty = Duty::kOwn,
          .team_name = team,
          .due = due,
          .fields = fields},
         dir_.for_team(child->team_id, Rung::kHeadOfService));
  }
  if (calendar_.add_working_days(due, policy_.concern_update_overdue_after) <= today_) {
    emit({.rule = ReminderRule::kConcernUpdate,
          .subject_type = "concern",
          .subject_id = concern.id,
          .level = "overdue",
          .period = month.to_string(),
          .team_name = team,
          .due = due,
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
        .team_name = dir_.team_name(child->team_id),
        .fields = fields},
       dir_.for_team(child->team_id, Rung::kDirector));
}

// ---- Removals -----------------------------------------------------------------------

void Sweep::removals() {
  for (const auto& [audit_id, told] : history_.allocation_told()) {
    const Audit* audit = dir_.audit(audit_id);
    if (audit == nullptr || !month_open(audit->month)) continue;
    for (const Id person : told) {
      const bool withdrawn = audit->status == AuditStatus::kWithdrawn;
      if (!withdrawn && audit->auditor_id == person) continue;
      Fields fields = audit_fields(*audit);
      std::optional<Id> successor;
      if (!withdrawn) successor = audit->auditor_id;
      for (const Audit& other : dir_.authority().audits) {
        if (withdrawn && other.month == audit->month && other.child_id == audit->child_id &&
            other.id != audit->id && other.status != AuditStatus::kWithdrawn &&
            other.auditor_id != person) {
          successor = other.auditor_id;
        }
      }
      if (successor) fields["new_auditor_name"] = dir_.name_of(*successor);
      const auto exemption = std::find_if(
          dir_.authority().exemptions.begin(), dir_.authority().exemptions.end(),
          [&](const Exemption& e) { return e.staff_id == person && e.covers(audit->month); });
      if (withdrawn && exemption != dir_.authority().exemptions.end()) {
        fields["exemption"] = in_words(exemption->kind);
      }
      emit({.rule = ReminderRule::kAuditRemoved,
            .subject_type = "audit",
            .subject_id = audit->id,
            .level = withdrawn ? "withdrawn" : "reassigned",
            .period = audit->month.to_string(),
            .duty = Duty::kOwn,
            .team_name = child_team(dir_, audit->child_id),
            .fields = fields,
            .flags = {{"withdrawn", withdrawn}}},
           person);
    }
  }
}

// ---- Moderators changed ---------------------------------------------------------------

// The audit of the same child and month that replaced `withdrawn` (not
// withdrawn itself, not `not_auditor`'s); nullptr when none did.
const Audit* Sweep::replacement_of(const Audit& withdrawn, std::optional<Id> not_auditor) const {
  const Audit* found = nullptr;
  for (const Audit& other : dir_.authority().audits) {
    if (other.month == withdrawn.month && other.child_id == withdrawn.child_id &&
        other.id != withdrawn.id && other.status != AuditStatus::kWithdrawn &&
        other.auditor_id != not_auditor) {
      found = &other;
    }
  }
  return found;
}

// Whoever was told an audit was theirs to moderate and no longer moderates
// it (reassigned with its auditor; withdrawn) hears so, once, while its month
// is open; a moderator who has it now and was not told (their month's list
// went before) gets a notice of it: the auditor side's audit_removed and
// allocation notice, for moderators.
void Sweep::moderation_changes() {
  for (const auto& [audit_id, told] : history_.moderation_told()) {
    const Audit* audit = dir_.audit(audit_id);
    if (audit == nullptr || !month_open(audit->month)) continue;
    const bool withdrawn = audit->status == AuditStatus::kWithdrawn;
    // Who moderates the child's audit now: this one's, or its replacement's.
    const Audit* current = withdrawn ? replacement_of(*audit, audit->auditor_id) : audit;
    for (const Id person : told) {
      if (current == nullptr || current->moderator_id != person)
        moderation_removed(*audit, current, person);
    }
    if (current != nullptr) moderation_assigned(*current, told);
  }
}

void Sweep::moderation_removed(const Audit& audit, const Audit* current, Id person) {
  const bool withdrawn = audit.status == AuditStatus::kWithdrawn;
  Fields fields = audit_fields(audit);
  if (current != nullptr) {
    fields["new_moderator_name"] = current->moderator_id ? dir_.name_of(*current->moderator_id)
                                                         : std::string("an external moderator");
    fields["new_auditor_name"] = dir_.name_of(current->auditor_id);
  }
  emit({.rule = ReminderRule::kModerationRemoved,
        .subject_type = "audit",
        .subject_id = audit.id,
        .level = withdrawn ? "withdrawn" : "reassigned",
        .period = audit.month.to_string(),
        .duty = Duty::kOwn,
        .team_name = child_team(dir_, audit.child_id),
        .fields = fields,
        .flags = {{"withdrawn", withdrawn}}},
       person);
}

void Sweep::moderation_assigned(const Audit& current, const std::set<Id>& told_before) {
  if (current.status != AuditStatus::kAllocated || !current.moderator_id ||
      today_ > current.due_date) {
    return;
  }
  const Id moderator = *current.moderator_id;
  const std::string month = current.month.to_string();
  const auto now_told = history_.moderation_told().find(current.id);
  const bool told_now =
      now_told != history_.moderation_told().end() && now_told->second.contains(moderator);
  // Not yet sent their month's list: that list will have it.
  if (told_now || !history_.moderation_list_told(moderator, month)) return;
  Fields fields = audit_fields(current);
  std::string before;
  for (const Id person : told_before) {
    if (person != moderator) before += (before.empty() ? "" : " and ") + dir_.name_of(person);
  }
  fields["previous_moderator_name"] = before;
  emit({.rule = ReminderRule::kModerationList,
        .subject_type = "audit",
        .subject_id = current.id,
        .period = month,
        .duty = Duty::kOwn,
        .team_name = child_team(dir_, current.child_id),
        .due = current.due_date,
        .fields = fields},
       moderator);
}

std::vector<DueItem> Sweep::take() {
  // Each key built once, not twice per comparison; the position breaks ties
  // so the order never depends on the sort's implementation.
  struct Entry {
    Id recipient;
    std::string key;
    std::size_t position;
  };
  // One item per (rule, subject, period, recipient): where two rungs fall to
  // one person, the later (higher) one, which the rules emit last, wins.
  std::map<std::tuple<ReminderRule, std::string, Id, std::string, Id>, std::size_t> last;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const DueItem& item = items_[i];
    last[{item.rule, item.subject_type, item.subject_id, item.period, item.recipient_id}] = i;
  }
  std::vector<Entry> order;
  order.reserve(last.size());
  for (const auto& [identity, i] : last)
    order.push_back({items_[i].recipient_id, items_[i].key(), i});
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
  const ReminderHistory no_history;
  Sweep sweep(authority, calendar, policy, today, no_history);
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
                            const ReminderPolicy& policy, Date today,
                            const ReminderHistory& history) {
  Sweep sweep(authority, calendar, policy, today, history);
  sweep.audits();
  sweep.loop_meetings();
  sweep.actions();
  sweep.concerns();
  sweep.removals();
  sweep.moderation_changes();
  return sweep.take();
}

}  // namespace caseaudit
