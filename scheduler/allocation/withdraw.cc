#include "scheduler/allocation/withdraw.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "scheduler/allocation/explain.h"
#include "scheduler/allocation/moderation.h"
#include "scheduler/allocation/roster.h"
#include "scheduler/errors.h"
#include "scheduler/mix.h"

namespace caseaudit {
namespace {

const Audit& find_audit(const Authority& authority, Month month, Id audit_id) {
  for (const Audit& audit : authority.audits) {
    if (audit.id == audit_id && audit.month == month && audit.status != AuditStatus::kWithdrawn) {
      return audit;
    }
  }
  throw NotFound("no audit " + std::to_string(audit_id) + " to withdraw in " + month.to_string(),
                 "audit_id");
}

}  // namespace

WithdrawResult withdraw_audit(const Authority& authority, Month month, const Policy& policy,
                              std::uint64_t seed, Id audit_id) {
  const Audit& target = find_audit(authority, month, audit_id);
  const Roster roster(authority, month, policy);
  WithdrawResult result;
  result.withdrawn = target;
  result.withdrawn.status = AuditStatus::kWithdrawn;
  result.withdrawn.outcome = AuditOutcome::kExemptedAfterAllocation;

  std::vector<Audit> others;
  std::unordered_map<Id, int> audits_of;
  std::vector<Id> loop_partners;
  for (const Audit& audit : authority.audits) {
    if (audit.month != month || audit.status == AuditStatus::kWithdrawn || audit.id == audit_id) {
      continue;
    }
    others.push_back(audit);
    ++audits_of[audit.auditor_id];
    if (target.loop_group && audit.loop_group == target.loop_group) {
      loop_partners.push_back(audit.auditor_id);
    }
  }
  const Child& child = roster.child(target.child_id);
  const Team& team = roster.team(child.team_id);
  // Best candidate: not back to a recent team, court consultant for a court
  // child, then the seed.
  std::optional<std::tuple<int, int, std::uint64_t, Id>> best;
  for (const Id id : roster.available_auditors()) {
    const Staff& auditor = roster.staff(id);
    if (id == target.auditor_id || audits_of[id] > 0 || !roster.may_audit(auditor, child)) continue;
    if (std::find(loop_partners.begin(), loop_partners.end(), id) != loop_partners.end()) continue;
    const int repeat = roster.last_audit_of_team_by(id, team.id) ? 1 : 0;
    const int court = child.court_proceedings && auditor.role == Role::kCourtConsultant ? 0 : 1;
    const auto key = std::make_tuple(repeat, court, mix(seed, static_cast<std::uint64_t>(id)), id);
    if (!best || key < *best) best = key;
  }
  const std::string withdrawn_name =
      roster.has_staff(target.auditor_id) ? roster.staff(target.auditor_id).name : "the auditor";
  if (!best) {
    result.explanation = "Audit withdrawn from " + withdrawn_name + "; child " +
                         child.case_reference +
                         " returns to the pool: no available auditor without an audit may "
                         "audit a child of team " +
                         team.name + ".";
    return result;
  }
  const Staff& auditor = roster.staff(std::get<3>(*best));
  Audit replacement;
  replacement.month = month;
  replacement.child_id = child.id;
  replacement.auditor_id = auditor.id;
  replacement.status = AuditStatus::kAllocated;
  replacement.due_date = target.due_date;
  replacement.loop_group = target.loop_group;
  replacement.explanation =
      "Re-allocated after the audit of " + withdrawn_name +
      " was withdrawn. Auditor: " + auditor.name + " (" + role_words(auditor.role) +
      ") is available, has no audit this month and may audit a child of team " + team.name +
      (std::get<0>(*best) ? ""
                          : "; has not audited it in the last " +
                                counted(policy.auditor_team_repeat_months, "month")) +
      ".";
  std::vector<Audit> one{replacement};
  assign_moderators(roster, others, one);
  result.replacement = one.front();
  result.explanation = result.replacement->explanation;
  return result;
}

}  // namespace caseaudit
