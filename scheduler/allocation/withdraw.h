// Withdrawing one audit after allocation (typically a late exemption of its
// auditor): the child goes to another available auditor who has no audit this
// month, if one may audit it, or back to the pool. Nothing else moves.
//
// Pure and deterministic; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "scheduler/allocation/policy.h"
#include "scheduler/model.h"

namespace caseaudit {

struct WithdrawResult {
  Audit withdrawn;                   // status kWithdrawn, outcome kExemptedAfterAllocation
  std::optional<Audit> replacement;  // same child (and loop group), a new auditor, id 0
  std::string explanation;           // why re-allocated to whom, or why back to the pool
};

// `audit_id` names an audit of `month` in authority.audits, not withdrawn
// (NotFound otherwise). The snapshot should already hold the auditor's
// exemption; the withdrawn auditor is never chosen again either way.
WithdrawResult withdraw_audit(const Authority& authority, Month month, const Policy& policy,
                              std::uint64_t seed, Id audit_id);

}  // namespace caseaudit
