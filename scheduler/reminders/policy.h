// ReminderPolicy: when each reminder and escalation falls due. Every
// threshold is in working days (England & Wales, see scheduler/calendar.h)
// unless its name says otherwise, and each authority may set its own in the
// config. The defaults are those of the reference reports.
#pragma once

#include <vector>

#include "scheduler/model.h"

namespace caseaudit {

// Who an escalation goes to, resolved from the management chain of the
// subject (see recipients.h).
enum class Rung { kOwner, kLineManager, kTeamManager, kServiceManager, kHeadOfService, kDirector };

struct EscalationStep {
  int working_days_after_due = 0;
  Rung rung = Rung::kOwner;
  friend bool operator==(const EscalationStep&, const EscalationStep&) = default;
};

struct ReminderPolicy {
  // Audits: reminders this many working days before the due date while the
  // audit is not submitted (the latest that has arrived is sent).
  std::vector<int> audit_due_days_before{5, 1};
  // Late or nil return: escalations after the due date.
  std::vector<EscalationStep> audit_late_ladder{{1, Rung::kLineManager}, {5, Rung::kHeadOfService}};
  // Submission and moderation notices are sent for this many calendar days
  // after the event (older events are history, never announced).
  int event_notice_days = 7;

  // Actions from audits.
  int action_due_days_before = 3;
  std::vector<EscalationStep> action_overdue_ladder{
      {1, Rung::kOwner}, {5, Rung::kServiceManager}, {10, Rung::kHeadOfService}};
  // After the last rung, the top rung is told again every this many working
  // days (a week) after it was last told, until the action is completed.
  int action_repeat_working_days = 5;

  // Cases of concern. Category 1 goes at once, alone and outside the send
  // window; category 2 to the head of service within this many working days.
  int concern_category2_within = 1;
  // The head of service's monthly update is due on the last working day of
  // each month after the month raised: a reminder this many working days
  // before, and the director is told when it is this many working days late.
  int concern_update_days_before = 5;
  int concern_update_overdue_after = 5;
  // Cases open longer than this are reported to the director once a month.
  int concern_long_open_months = 12;
  // Raised-notices are sent for this many calendar days after raising.
  int concern_notice_days = 7;

  // Impact follow-up: this many calendar days after the audit was completed
  // (moderated), to the auditor and the team manager; skipped when found
  // later than `impact_follow_up_grace_days` after that.
  int impact_follow_up_days = 42;
  int impact_follow_up_grace_days = 14;
  // The reply is asked for this many working days after the follow-up is sent.
  int impact_follow_up_reply_working_days = 10;

  // People away (an exemption of one of `away_kinds` covering the month):
  // what is addressed to them goes to this rung above them instead, with a
  // note saying why (kOwner: no redirection). When that person is away too,
  // the next rung up theirs, and so on.
  Rung away_redirect = Rung::kLineManager;
  std::vector<ExemptionKind> away_kinds{ExemptionKind::kMaternityLeave,
                                        ExemptionKind::kExtendedLeave, ExemptionKind::kSecondment};

  friend bool operator==(const ReminderPolicy&, const ReminderPolicy&) = default;
};

}  // namespace caseaudit
