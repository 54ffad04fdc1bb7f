// The operations on one audit of the cycle after its allocation: reassign it
// to another auditor, withdraw it, record its submission (the grades) and its
// moderation.
//
// Each write is one Store transaction holding the change, its change-log row
// (the caller's actor and instant) and nothing else: a refused operation
// throws before anything is written, naming the field and the rule. Errors:
// NotFound "audit N does not exist" naming "id"; Conflict naming "status"
// when the audit is not in the state the operation needs; Conflict "month
// YYYY-MM is closed" naming "month" (require_open_month) for those that
// change a month's allocation or results.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/service/actions.h"
#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "daemon/service/cycle_common.h"
#include "daemon/service/month_audit_rows.h"
#include "scheduler/allocation/reassignment.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

// Gives an allocated audit of an open month to `auditor_id`, with `reason`
// stored as its pin reason and appended to its explanation. The new auditor
// must meet the allocation's hard rules for the month (available, may audit
// the child's team, not already auditing the child, within quota; see
// reassign_refusal): RuleViolation naming "auditor_id" in its words otherwise; NotFound naming
// "auditor_id" for an unknown staff member. The moderator becomes the new
// auditor's paired one when they may and have capacity, else stays when
// they still may, else none (external moderation). Logs "audit.reassign".
AuditRow reassign_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                        Id auditor_id, const std::string& reason);

// Who may take an allocated audit of an open month, with the reason each
// may, and why everyone else may not (scheduler/allocation/reassignment.h:
// the rules reassign_audit enforces, so every candidate is accepted by it and
// every exclusion is its refusal, word for word). Reads only. Errors as
// reassign_audit's for the audit: NotFound naming "id", Conflict naming
// "status" unless allocated, Conflict naming "month" when it is closed.
ReassignOptions reassignment_candidates(const ServiceContext& services, Id audit_id);

// Withdraws an allocated audit (AllocationService::withdraw_in: the child
// goes to another available auditor or back to the pool), checked in the
// same transaction so that a submission in between cannot slip through: a
// submitted audit is a result, not a vacancy (Conflict naming "status").
// Logs "audit.withdraw".
WithdrawOutcome withdraw_allocated_audit(const ServiceContext& services, const Caller& caller,
                                         Id audit_id, const std::string& reason);

// The auditor's return for an audit: grades, who took part, and the actions
// it raises.
struct Submission {
  Grade overall = Grade::kGood;
  std::map<std::string, Grade> domains;             // at least one
  std::optional<std::string> justification;         // why overall is above the grading rule
  std::optional<Date> submitted_on;                 // default: the caller's local day
  std::optional<AuditParticipation> participation;  // required
  std::optional<FamilyFeedback> family_feedback;    // required
  // Created with the submission (their audit_id is ignored: the audit's).
  std::vector<NewAction> actions;
};

// Bradford's grading rule: the overall grade is at most one grade above the
// lowest domain grade unless a justification is given; RuleViolation naming
// "overall_grade" otherwise. InputError naming "domain_grades" when it has
// no grade.
void check_grading_rule(const Submission& submission);

// Records the submission of an allocated audit: status submitted, the
// grades, submitted_on. An audit of a closed month (the close recorded it as
// a nil return) is accepted as a late return: outcome late_return, counted
// beside its month's frozen report figures, never in them
// (scheduler/reporting/month_figures.h). Checks, in this order: the audit
// exists, is allocated, the domains (each one of
// services.audit_domains, matched without case and stored in its configured
// spelling: RuleViolation naming "domain_grades" listing them otherwise, or
// when one is graded twice), the grading rule, then
// submitted_on: RuleViolation naming "submitted_on" when it is after the
// clock's local day (the caller's instant) or before the first day of the
// audit's month (an audit sent back is allocated again: its new return
// clears the moderation's grade, outcome, date and comment; the reason it was
// sent back stays); then the participation answers and family feedback
// (InputError naming "participation" / "family_feedback" when missing: the
// return requires them); then each action as create_action_in does, its
// errors naming "actions[i].<field>" (i from 0). Logs "audit.submit", then
// "action.create" for each action, all in one transaction.
AuditRow submit_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                      const Submission& submission);
// submit_audit inside the caller's transaction `tx` (an emailed link is
// marked used in the same one: daemon/service/action_links.h).
AuditRow submit_audit_in(Transaction& tx, const ServiceContext& services, const Caller& caller,
                         Id audit_id, const Submission& submission);

// The moderator's verdict on a submitted audit: agree, upgrade or downgrade
// (the moderated grade against the auditor's), the outcome and a comment.
struct Moderation {
  Grade grade = Grade::kGood;
  AuditOutcome outcome = AuditOutcome::kCompletedToStandard;  // or kNotMeetingStandard
  std::optional<Date> moderated_on;                           // default: the caller's local day
  std::optional<std::string> comment;
  // Required when the outcome is not meeting the standard: what the auditor
  // must put right.
  std::optional<std::string> sent_back_reason;
  // In a looped month where the two auditors' grades differ: the grade the
  // moderation meeting agreed (required then, refused otherwise).
  std::optional<Grade> meeting_grade;
};

// Records the moderation of a submitted audit. InputError naming "outcome"
// unless it is completed_to_standard or not_meeting_standard (before any
// read); RuleViolation naming "moderated_on" when it is after the clock's
// local day or before the audit's submitted_on; RuleViolation naming
// "sent_back_reason" when the outcome is not meeting the standard and no
// reason is given, or a reason is given with completed_to_standard;
// RuleViolation naming "meeting_grade" when the audit is looped, completes
// to standard and its pair's grade differs without one, or when one is given
// otherwise.
//
// Completed to standard: status moderated, the moderated grade, outcome,
// comment and meeting grade; logs "audit.moderate". Not meeting the
// standard: the audit is sent back to its auditor: status allocated again
// (they record it again: submit_audit), the moderated grade, outcome,
// comment and reason kept until then; Conflict naming "month" when the
// month is closed (it could not be recorded again); logs "audit.send_back".
AuditRow moderate_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                        const Moderation& moderation);
// moderate_audit inside the caller's transaction `tx`.
AuditRow moderate_audit_in(Transaction& tx, const ServiceContext& services, const Caller& caller,
                           Id audit_id, const Moderation& moderation);

}  // namespace caseaudit::daemon
