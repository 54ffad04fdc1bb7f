// The monthly allocation: which available auditor audits which child, and who
// moderates each audit, for one month.
//
// Pure: reads a snapshot, returns values; no shared state, so calls may run
// concurrently. Deterministic: the same snapshot, month, policy, pins and seed
// always give the same allocation.
//
// Hard rules (never broken): no child from a team the auditor is responsible
// for (as the role's OwnTeamRule says); a child audited at most once a month,
// exactly twice by two auditors in a looped month; no auditor over quota, no
// unavailable auditor; no moderator over capacity, moderating their own audit
// or a child of their own team. Soft goals are optimised together by one
// min-cost flow, legal statuses then spread by a second one among the choices
// the first leaves equal (docs/allocation.md). An impossible month is not an error: the
// result is a partial allocation and its shortfalls, in plain words.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scheduler/allocation/flow_network.h"
#include "scheduler/allocation/policy.h"
#include "scheduler/model.h"

namespace caseaudit {

// A coordinator's fixed choice: this auditor audits this child this month.
struct Pin {
  Id auditor_id = 0;
  Id child_id = 0;
  std::string reason;
};

struct TeamShortfall {
  Id team_id = 0;
  std::string reason;  // e.g. "every available auditor is responsible for it"
};

struct AuditorShortfall {
  Id auditor_id = 0;
  std::string reason;
};

struct ModerationShortfall {
  int external_needed = 0;  // the month's audits (committed and new) needing external moderation
  std::vector<Id> moderators_at_capacity;  // internal moderators with no capacity left
  std::string fix;                         // the smallest fix, in words; empty if none needed
};

struct Shortfalls {
  std::vector<TeamShortfall> teams_without_audit;
  std::vector<AuditorShortfall> auditors_without_audit;
  ModerationShortfall moderation;
  std::vector<std::string> summary;  // one plain sentence per shortfall, for reports and logs
};

struct AllocationResult {
  Month month;
  // The audits to add (id 0, status kAllocated), pins first. Committed audits
  // are not repeated: re-running with them in the snapshot adds nothing.
  std::vector<Audit> audits;
  Shortfalls shortfalls;
  int available_auditors = 0;
  std::int64_t flow_cost = 0;        // optimum of allocation_network(); see write_dimacs
  std::int64_t moderation_cost = 0;  // optimum of the moderation stage
};

// Allocates `month`. The month's committed audits are those in
// authority.audits for `month` not withdrawn: they are kept untouched and
// count against quotas, children, teams and moderator capacity. Pins are
// honoured first. Throws RuleViolation when a pin breaks a hard rule, NotFound
// when it names an unknown auditor or child, InputError for a policy that
// fails Policy::validate. Auditors with a committed audit get more only when
// their quota is above 1.
AllocationResult allocate_month(const Authority& authority, Month month, const Policy& policy,
                                std::uint64_t seed, const std::vector<Pin>& pins = {});

// The auditor-to-child network allocate_month solves (same arguments), for
// export with FlowNetwork::write_dimacs and independent checking.
FlowNetwork allocation_network(const Authority& authority, Month month, const Policy& policy,
                               std::uint64_t seed, const std::vector<Pin>& pins = {});

}  // namespace caseaudit
