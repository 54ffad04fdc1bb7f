#include "daemon/service/audits.h"

#include <fmt/format.h>

#include <algorithm>

#include "daemon/service/change_log.h"
#include "daemon/service/record_json.h"
#include "scheduler/allocation/roster.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

// Higher is better; the enumeration lists grades best first.
int rank(Grade grade) { return -static_cast<int>(grade); }

void require_status(const Audit& audit, AuditStatus wanted, std::string_view doing) {
  if (audit.status == wanted) return;
  throw Conflict(
      fmt::format("audit {} is {}: only a{} {} audit can be {}", audit.id, to_string(audit.status),
                  wanted == AuditStatus::kAllocated ? "n" : "", to_string(wanted), doing),
      "status");
}

int live_audits_of(const std::vector<Audit>& audits, Month month, Id auditor_id) {
  return static_cast<int>(std::count_if(audits.begin(), audits.end(), [&](const Audit& a) {
    return a.month == month && a.auditor_id == auditor_id && a.status != AuditStatus::kWithdrawn;
  }));
}

// The allocation's hard rules for one auditor and one child, worded as the
// pins of allocate_month word them; RuleViolation naming "auditor_id".
void check_auditor(const Roster& roster, const Audit& audit, const Staff& auditor) {
  const Month month = roster.month();
  const Child& child = roster.child(audit.child_id);
  auto refuse = [](const std::string& why) { throw RuleViolation(why, "auditor_id"); };
  if (auditor.id == audit.auditor_id) refuse(auditor.name + " already audits this child");
  if (const auto why = roster.unavailable_reason(auditor)) {
    refuse(fmt::format("{} cannot audit in {}: {}", auditor.name, month.to_string(), *why));
  }
  if (!roster.may_audit(auditor, child)) {
    refuse(fmt::format("{} may not audit a child of team {} (not their own team)", auditor.name,
                       roster.team(child.team_id).name));
  }
  const auto& audits = roster.authority().audits;
  if (std::any_of(audits.begin(), audits.end(), [&](const Audit& a) {
        return a.month == month && a.child_id == child.id && a.auditor_id == auditor.id &&
               a.status != AuditStatus::kWithdrawn;
      })) {
    refuse(fmt::format("{} already audits child {} in {} (a looped child needs two auditors)",
                       auditor.name, child.case_reference, month.to_string()));
  }
  const int quota = roster.policy().quota_for(auditor);
  const int live = live_audits_of(audits, month, auditor.id);
  if (live >= quota) {
    refuse(fmt::format("{} already has {} audit{} in {} ({})", auditor.name, live,
                       live == 1 ? "" : "s", month.to_string(),
                       quota == 1 ? "one audit a month" : fmt::format("quota {} a month", quota)));
  }
}

// The new auditor's paired moderator when they may moderate it and have
// capacity left, else the current moderator on the same terms, else none
// (external moderation): as the moderation stage prefers.
std::optional<Id> choose_moderator(const Roster& roster, const Audit& audit, Id auditor_id) {
  const Child& child = roster.child(audit.child_id);
  auto fits = [&](std::optional<Id> id) {
    if (!id || !roster.has_staff(*id)) return false;
    const Staff& moderator = roster.staff(*id);
    if (!roster.may_moderate(moderator, auditor_id, child)) return false;
    const auto& audits = roster.authority().audits;
    const auto load = std::count_if(audits.begin(), audits.end(), [&](const Audit& a) {
      return a.month == audit.month && a.id != audit.id && a.moderator_id == id &&
             a.status != AuditStatus::kWithdrawn;
    });
    return load < roster.moderation_capacity(moderator);
  };
  if (std::optional<Id> paired = roster.paired_moderator(auditor_id); fits(paired)) return paired;
  if (fits(audit.moderator_id)) return audit.moderator_id;
  return std::nullopt;
}

// Writes `after` over `before` with its change-log row; the stored row.
AuditRow update_logged(Transaction& tx, const Caller& caller, std::string_view action,
                       const Audit& before, const Audit& after) {
  tx.allocation().update_audit(after);
  log_change(tx, caller, action, "audit", std::to_string(after.id), to_json(before),
             to_json(after));
  return audit_row(tx, after);
}

}  // namespace

AuditRow reassign_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                        Id auditor_id, const std::string& reason) {
  return services.store.transact_result<AuditRow>([&](Transaction& tx) {
    const Audit before = require_audit(tx, audit_id);
    require_status(before, AuditStatus::kAllocated, "reassigned");
    require_open_month(tx, before.month);
    const Authority authority = tx.load_authority();
    const Roster roster(authority, before.month, services.allocation.policy());
    if (!roster.has_staff(auditor_id)) {
      throw NotFound(fmt::format("auditor_id: no staff member {}", auditor_id), "auditor_id");
    }
    const Staff& auditor = roster.staff(auditor_id);
    check_auditor(roster, before, auditor);
    Audit after = before;
    after.auditor_id = auditor_id;
    after.moderator_id = choose_moderator(roster, before, auditor_id);
    after.needs_external_moderation = !after.moderator_id;
    after.pin_reason = reason;
    after.explanation += fmt::format("{}Reassigned by the QA coordinator from {} to {}: {}",
                                     before.explanation.empty() ? "" : "\n",
                                     roster.staff(before.auditor_id).name, auditor.name, reason);
    return update_logged(tx, caller, "audit.reassign", before, after);
  });
}

WithdrawOutcome withdraw_allocated_audit(const ServiceContext& services, const Caller& caller,
                                         Id audit_id, const std::string& reason) {
  return services.store.transact_result<WithdrawOutcome>([&](Transaction& tx) {
    require_status(require_audit(tx, audit_id), AuditStatus::kAllocated, "withdrawn");
    return services.allocation.withdraw_in(tx, audit_id, reason, caller.actor, caller.at);
  });
}

void check_grading_rule(const Submission& submission) {
  if (submission.domains.empty()) {
    throw InputError("domain_grades: at least one domain needs a grade", "domain_grades");
  }
  const auto lowest = std::min_element(
      submission.domains.begin(), submission.domains.end(),
      [](const auto& a, const auto& b) { return rank(a.second) < rank(b.second); });
  if (rank(submission.overall) - rank(lowest->second) < 2 || submission.justification) return;
  throw RuleViolation(
      fmt::format("overall_grade: the overall grade may be at most one grade above the lowest "
                  "domain grade unless a justification is given ({} is {} grades above {} in {})",
                  to_string(submission.overall), rank(submission.overall) - rank(lowest->second),
                  to_string(lowest->second), lowest->first),
      "overall_grade");
}

AuditRow submit_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                      const Submission& submission) {
  const Date today = local_day(services, caller);
  return services.store.transact_result<AuditRow>([&](Transaction& tx) {
    const Audit before = require_audit(tx, audit_id);
    require_status(before, AuditStatus::kAllocated, "submitted");
    require_open_month(tx, before.month);
    check_grading_rule(submission);
    Audit after = before;
    after.status = AuditStatus::kSubmitted;
    after.overall_grade = submission.overall;
    after.domain_grades = submission.domains;
    after.grade_justification = submission.justification;
    after.submitted_on = submission.submitted_on.value_or(today);
    return update_logged(tx, caller, "audit.submit", before, after);
  });
}

AuditRow moderate_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                        const Moderation& moderation) {
  if (moderation.outcome != AuditOutcome::kCompletedToStandard &&
      moderation.outcome != AuditOutcome::kNotMeetingStandard) {
    throw InputError(
        "outcome: a moderation's outcome is completed_to_standard or "
        "not_meeting_standard",
        "outcome");
  }
  const Date today = local_day(services, caller);
  return services.store.transact_result<AuditRow>([&](Transaction& tx) {
    const Audit before = require_audit(tx, audit_id);
    require_status(before, AuditStatus::kSubmitted, "moderated");
    Audit after = before;
    after.status = AuditStatus::kModerated;
    after.moderated_grade = moderation.grade;
    after.outcome = moderation.outcome;
    after.moderated_on = moderation.moderated_on.value_or(today);
    return update_logged(tx, caller, "audit.moderate", before, after);
  });
}

}  // namespace caseaudit::daemon
