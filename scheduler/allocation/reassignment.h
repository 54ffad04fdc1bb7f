// Reassignment: who may take an allocated audit instead of its auditor, and
// why everyone else may not. The one statement of the rules the reassign
// operation enforces (daemon/service/audits.h), so that the list of
// candidates a coordinator is shown and the refusal of a reassignment can
// never disagree.
//
// The rules, checked in this order for one staff member and one audit (the
// first that applies is the refusal):
//   kCurrentAuditor      they already audit this child (it is their audit)
//   kUnavailable         inactive, untrained, exempt, off rota or quota 0
//                        this month (Roster::unavailable_reason)
//   kOwnTeam             the role's "not your own team" rule forbids the
//                        child's team (Roster::may_audit)
//   kAlreadyAuditsChild  they hold the other audit of a looped child
//   kAtQuota             their live (not withdrawn) audits this month reach
//                        their quota (Policy::quota_for)
//
// Pure and deterministic; thread-compatible. The Roster (and its Authority)
// must outlive the call; results hold copies, not references.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/allocation/roster.h"
#include "scheduler/model.h"

namespace caseaudit {

enum class ReassignRule {
  kCurrentAuditor,
  kUnavailable,
  kOwnTeam,
  kAlreadyAuditsChild,
  kAtQuota,
};

// "current_auditor", "unavailable", "own_team", "already_audits_child", "at_quota".
std::string_view to_string(ReassignRule rule);

struct ReassignRefusal {
  ReassignRule rule = ReassignRule::kUnavailable;
  std::string reason;  // a sentence naming the person and the rule
};

// Why `person` may not take `audit`, or nothing when they may. `audit` is an
// audit of roster.month() in roster.authority(); its child must exist in the
// roster (ProgramError otherwise).
std::optional<ReassignRefusal> reassign_refusal(const Roster& roster, const Audit& audit,
                                                const Staff& person);

struct ReassignCandidate {
  Id staff_id = 0;
  std::string name;
  std::optional<Id> team_id;
  std::string team_name;  // empty without a team
  std::string reason;     // why they may take it, and what speaks for them
};

struct ReassignExclusion {
  Id staff_id = 0;
  std::string name;
  ReassignRule rule = ReassignRule::kUnavailable;
  std::string reason;  // exactly the refusal reassign_refusal gives
};

struct ReassignOptions {
  // Best first: not sent back to a team they audited within
  // policy.auditor_team_repeat_months, a court consultant for a child in
  // court proceedings, fewer audits this month, then by name.
  std::vector<ReassignCandidate> candidates;
  // Everyone else on the staff list, nearest to eligible first (at quota,
  // already auditing the child, own team, unavailable, the current auditor),
  // then by name.
  std::vector<ReassignExclusion> excluded;
  // Set only when there is no candidate: the smallest change that would make
  // someone eligible, in words (raise a quota, change a rota, lift an
  // exemption), or why no single change would.
  std::optional<std::string> advice;
};

// Every staff member of the roster's authority, judged for `audit` (same
// precondition as reassign_refusal).
ReassignOptions reassign_options(const Roster& roster, const Audit& audit);

}  // namespace caseaudit
