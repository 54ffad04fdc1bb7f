// Which reminders and escalations are due on a day: a pure function of the
// authority's state, the calendar, the policy and the local date.
//
// Every rule is *level-triggered*: it asks "is this item due by today and
// still relevant?", not "did its day arrive exactly today?". So a daemon that
// was down for a week catches up on its first run, and the caller's
// de-duplication by DueItem::key() (the outbox's unique key) makes running
// the rules any number of times on any number of instances send each item
// once. Items that have gone stale (a reminder for a day already past, a
// notice of an event older than the notice window) are not produced.
//
// Rules (ReminderRule, reminder_rule.h; the names are stable: keys use them):
//   allocation_notice  an auditor's new audit: case reference, team, due date, moderator
//   moderation_list    a moderator's audits for the month, one item per month
//   audit_due          N working days before the due date, while not submitted
//   audit_late         after the due date, up the auditor's ladder, while not submitted
//   audit_submitted    to the allocated worker, team manager, service manager,
//                      head of service and IRO/CP chair of the child, and the
//                      audit's moderator (it is now theirs to moderate)
//                      (once; recorded again after being sent back, the
//                      moderator alone, level "resubmitted", period the day
//                      of that submission)
//   audit_moderated    to the same people but the moderator
//   audit_sent_back    a moderation found it not meeting the standard: its
//                      auditor, with the reason, to record it again (period:
//                      the day of the moderation), while its month is open
//   loop_meeting       both looped audits submitted with different grades
//   action_due         N working days before an open action's due date
//   action_overdue     up the ladder after its due date, then at the top again every
//                      policy.action_repeat_working_days after it was last told
//                      (both with period the due date: a due date moved by an
//                      accepted proposal is reminded of and escalated afresh)
//   concern_raised     category 1 (urgent: head of service and director) or
//                      category 2 (head of service)
//   concern_update     the head of service's monthly update: reminder, then the
//                      director when it is late
//   concern_long_open  open over the policy's months: the director, monthly
//   impact_follow_up   six weeks after completion: the auditor and team manager
//   audit_removed      a person told of an allocation who is no longer its auditor
//                      (reassigned, or withdrawn: a late exemption), while its month is open
//   moderation_removed a moderator told of an audit to moderate (their list, or
//                      a notice of its own) who no longer moderates it (reassigned
//                      with another moderator, or withdrawn), while its month is open;
//                      the one who has it now and was told only of a list without
//                      it hears of it: moderation_list with subject "audit"
//
// One item per (rule, subject, period, recipient) and day: where two rungs of
// a ladder fall to the same person, they hear the higher one only. Items for
// someone away (policy.away_kinds) go to policy.away_redirect above them,
// with fields away_name and away_reason saying why.
//   classification_request  an audit graded Inadequate and not yet classified
//                      (awaits_classification): its moderator and the head of
//                      service, asked to classify it as category 1, 2 or no concern,
//                      within the notice window of its grading
#pragma once

#include <vector>

#include "scheduler/calendar.h"
#include "scheduler/model.h"
#include "scheduler/reminders/due_item.h"
#include "scheduler/reminders/history.h"
#include "scheduler/reminders/policy.h"

namespace caseaudit {

// Items due on `today` (a local date in the authority's time zone), sorted by
// recipient then key. Items whose recipient cannot be resolved (no line
// manager on record, say) are left out; the management chain is the
// coordinator's to keep complete. `history` is what the ledger holds
// (history.h); without it no one is told of a removal and an overdue action's
// top rung is told once, with no repeat.
std::vector<DueItem> due_on(const Authority& authority, const Calendar& calendar,
                            const ReminderPolicy& policy, Date today,
                            const ReminderHistory& history = {});

// The urgent items of due_on(...) (category 1 concerns), in the same order,
// without working out the others: for runs that will send nothing else.
std::vector<DueItem> urgent_due_on(const Authority& authority, const Calendar& calendar,
                                   const ReminderPolicy& policy, Date today);

// The latest due date of an open action that any rule can tell anyone about
// on `today`: actions due later are neither reminded (the reminder comes
// policy.action_due_days_before working days before the due date) nor
// overdue. So due_on over an authority holding only the open actions due on
// or before it (Transaction::load_reminder_authority) gives the same items.
// The policy's working days are converted to calendar days with the same
// `calendar` the rules use (weekends and bank holidays included): the result
// is the furthest due date the action reminder reaches, not an estimate, so
// an action due exactly then is reminded today and one due a day later is not.
Date reminder_horizon(const Calendar& calendar, const ReminderPolicy& policy, Date today);

}  // namespace caseaudit
