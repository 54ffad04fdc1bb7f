#include "daemon/service/audits.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "daemon/service/change_log.h"
#include "daemon/service/record_json.h"
#include "scheduler/allocation/reassignment.h"
#include "scheduler/allocation/roster.h"
#include "scheduler/audit_domains.h"
#include "scheduler/errors.h"
#include "scheduler/words.h"

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

// The submission's domains in the configured spelling; RuleViolation naming
// "domain_grades" for a domain not configured, or one given twice.
std::map<std::string, Grade> configured_domains(const std::vector<std::string>& configured,
                                                const std::map<std::string, Grade>& given) {
  std::map<std::string, Grade> domains;
  for (const auto& [name, grade] : given) {
    std::optional<std::string> domain = match_audit_domain(configured, name);
    if (!domain) {
      throw RuleViolation(
          fmt::format("domain_grades: \"{}\" is not an audit domain (the domains: {})", name,
                      fmt::join(configured, ", ")),
          "domain_grades");
    }
    if (!domains.emplace(*domain, grade).second) {
      throw RuleViolation(
          fmt::format("domain_grades: \"{}\" is graded twice (domains compare without case)",
                      *domain),
          "domain_grades");
    }
  }
  return domains;
}

// A day recorded on an audit may not be after `today` (the clock's local day).
void require_not_future(Date day, Date today, const std::string& field) {
  if (day <= today) return;
  throw RuleViolation(fmt::format("{}: {} is in the future (today is {})", field, format_date(day),
                                  format_date(today)),
                      field);
}

// submitted_on: not in the future, nor before the first day of the audit's month.
void check_submitted_on(const Audit& audit, Date submitted_on, Date today) {
  require_not_future(submitted_on, today, "submitted_on");
  if (submitted_on >= audit.month.first_day()) return;
  throw RuleViolation(fmt::format("submitted_on: {} is before the audit's month {} began ({})",
                                  format_date(submitted_on), audit.month.to_string(),
                                  format_date(audit.month.first_day())),
                      "submitted_on");
}

// moderated_on: not in the future, nor before the audit was submitted.
void check_moderated_on(const Audit& audit, Date moderated_on, Date today) {
  require_not_future(moderated_on, today, "moderated_on");
  if (!audit.submitted_on || moderated_on >= *audit.submitted_on) return;
  throw RuleViolation(fmt::format("moderated_on: {} is before the audit was submitted ({})",
                                  format_date(moderated_on), format_date(*audit.submitted_on)),
                      "moderated_on");
}

// The return requires who took part and the family's feedback.
void check_return_answers(const Submission& submission) {
  if (!submission.participation) {
    throw InputError(
        "participation: the return requires the participation answers (child seen or spoken "
        "to, family, social worker, team manager and IRO consulted: yes, no or not applicable)",
        "participation");
  }
  if (!submission.family_feedback) {
    throw InputError(
        "family_feedback: the return requires the family's feedback (contacted, attempted or "
        "none)",
        "family_feedback");
  }
}

bool has_text(const std::optional<std::string>& text) {
  return text && text->find_first_not_of(" \t\r\n") != std::string::npos;
}

// Not meeting the standard needs the reason it is sent back; nothing else has one.
void check_sent_back_reason(const Moderation& moderation) {
  const bool sent_back = moderation.outcome == AuditOutcome::kNotMeetingStandard;
  if (sent_back && !has_text(moderation.sent_back_reason)) {
    throw RuleViolation(
        "sent_back_reason: an audit not meeting the standard is sent back to its auditor with "
        "the reason: say what they must put right",
        "sent_back_reason");
  }
  if (!sent_back && moderation.sent_back_reason) {
    throw RuleViolation(
        "sent_back_reason: only an audit not meeting the standard is sent back with a reason",
        "sent_back_reason");
  }
}

// The other audit of a looped audit's pair, once its auditor has graded it.
std::optional<Audit> graded_pair(Transaction& tx, const Audit& audit) {
  if (!audit.loop_group) return std::nullopt;
  for (const Audit& other : tx.allocation().audits_in(audit.month)) {
    if (other.id != audit.id && other.loop_group == audit.loop_group &&
        other.child_id == audit.child_id && other.overall_grade &&
        (other.status == AuditStatus::kSubmitted || other.status == AuditStatus::kModerated)) {
      return other;
    }
  }
  return std::nullopt;
}

// In a looped month the meeting's grade is recorded when the two auditors'
// grades differ, and only then.
void check_meeting_grade(Transaction& tx, const Audit& audit, const Moderation& moderation) {
  const std::optional<Audit> pair = graded_pair(tx, audit);
  const bool differ = moderation.outcome == AuditOutcome::kCompletedToStandard && pair &&
                      pair->overall_grade != audit.overall_grade;
  if (differ && !moderation.meeting_grade) {
    throw RuleViolation(
        fmt::format("meeting_grade: the two looped audits of this child differ ({} and {}): "
                    "record the grade the moderation meeting agreed",
                    in_words(*audit.overall_grade), in_words(*pair->overall_grade)),
        "meeting_grade");
  }
  if (!differ && moderation.meeting_grade) {
    throw RuleViolation(
        "meeting_grade: a meeting's grade is recorded only for a looped audit completed to "
        "standard whose pair was graded differently",
        "meeting_grade");
  }
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
    if (auto refused = reassign_refusal(roster, before, auditor)) {
      throw RuleViolation(refused->reason, "auditor_id");
    }
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

ReassignOptions reassignment_candidates(const ServiceContext& services, Id audit_id) {
  return services.store.read_result<ReassignOptions>([&](Transaction& tx) {
    const Audit audit = require_audit(tx, audit_id);
    require_status(audit, AuditStatus::kAllocated, "reassigned");
    require_open_month(tx, audit.month);
    const Authority authority = tx.load_authority();
    return reassign_options(Roster(authority, audit.month, services.allocation.policy()), audit);
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

AuditRow submit_audit_in(Transaction& tx, const ServiceContext& services, const Caller& caller,
                         Id audit_id, const Submission& submission) {
  const Date today = local_day(services, caller);
  const Audit before = require_audit(tx, audit_id);
  require_status(before, AuditStatus::kAllocated, "submitted");
  const std::optional<AllocationRun> run = tx.allocation().find_run(before.month);
  const bool late_return = run && run->status == MonthStatus::kClosed;
  Submission graded = submission;
  graded.domains = configured_domains(services.audit_domains, submission.domains);
  check_grading_rule(graded);
  const Date submitted_on = submission.submitted_on.value_or(today);
  check_submitted_on(before, submitted_on, today);
  check_return_answers(submission);
  Audit after = before;
  after.status = AuditStatus::kSubmitted;
  after.moderated_grade.reset();  // of a moderation that sent it back
  after.outcome = late_return ? std::optional(AuditOutcome::kLateReturn) : std::nullopt;
  after.moderated_on.reset();
  after.moderation_comment.reset();
  after.overall_grade = submission.overall;
  after.domain_grades = graded.domains;
  after.grade_justification = submission.justification;
  after.submitted_on = submitted_on;
  after.participation = submission.participation;
  after.family_feedback = submission.family_feedback;
  AuditRow row = update_logged(tx, caller, "audit.submit", before, after);
  for (std::size_t i = 0; i < submission.actions.size(); ++i) {
    NewAction action = submission.actions[i];
    action.audit_id = audit_id;
    create_action_in(tx, caller, action, fmt::format("actions[{}].", i));
  }
  return row;
}

AuditRow submit_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                      const Submission& submission) {
  return services.store.transact_result<AuditRow>(
      [&](Transaction& tx) { return submit_audit_in(tx, services, caller, audit_id, submission); });
}

AuditRow moderate_audit_in(Transaction& tx, const ServiceContext& services, const Caller& caller,
                           Id audit_id, const Moderation& moderation) {
  if (moderation.outcome != AuditOutcome::kCompletedToStandard &&
      moderation.outcome != AuditOutcome::kNotMeetingStandard) {
    throw InputError(
        "outcome: a moderation's outcome is completed_to_standard or "
        "not_meeting_standard",
        "outcome");
  }
  const Date today = local_day(services, caller);
  const Audit before = require_audit(tx, audit_id);
  require_status(before, AuditStatus::kSubmitted, "moderated");
  const Date moderated_on = moderation.moderated_on.value_or(today);
  check_moderated_on(before, moderated_on, today);
  check_sent_back_reason(moderation);
  check_meeting_grade(tx, before, moderation);
  const bool sent_back = moderation.outcome == AuditOutcome::kNotMeetingStandard;
  if (sent_back) require_open_month(tx, before.month);
  Audit after = before;
  after.status = sent_back ? AuditStatus::kAllocated : AuditStatus::kModerated;
  after.moderated_grade = moderation.grade;
  after.outcome = moderation.outcome;
  after.moderated_on = moderated_on;
  after.moderation_comment = has_text(moderation.comment) ? moderation.comment : std::nullopt;
  after.sent_back_reason = sent_back ? moderation.sent_back_reason : before.sent_back_reason;
  after.meeting_grade = moderation.meeting_grade;
  return update_logged(tx, caller, sent_back ? "audit.send_back" : "audit.moderate", before, after);
}

AuditRow moderate_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                        const Moderation& moderation) {
  return services.store.transact_result<AuditRow>([&](Transaction& tx) {
    return moderate_audit_in(tx, services, caller, audit_id, moderation);
  });
}

}  // namespace caseaudit::daemon
