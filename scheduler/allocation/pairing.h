// Auditor-moderator pairing: who moderates each auditor's audits for the six
// months of a pairing period (Gloucestershire: February and August).
//
// Pure and deterministic; thread-compatible. Loads are counted in half-units
// of expected monthly audits: a monthly auditor is 2, a bi-monthly one 1; a
// moderator's half-capacity is 2 x capacity, or 1 x when bi-monthly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scheduler/allocation/flow_network.h"
#include "scheduler/allocation/policy.h"
#include "scheduler/model.h"

namespace caseaudit {

struct PairingResult {
  Month period;
  std::vector<Pairing> pairings;     // the complete set for the period, id 0 for new ones
  std::vector<Id> unpaired;          // active auditors no moderator could take
  std::vector<std::string> summary;  // shortfalls and the smallest fix, in words
  std::int64_t cost = 0;             // sum of the optimal costs of the flow stages
};

// The rotation on a period month: every active trained auditor gets one
// internal moderator within the moderator's capacity; never the moderator of
// the period just ended, none of the last `avoid_periods` periods while an
// alternative exists; loads as even as the flow can make them. Pairings
// already in the snapshot for `period` are ignored (this replaces them).
// Precondition: policy.is_period_month(period) (ProgramError otherwise);
// a policy failing PairingPolicy::validate throws InputError.
PairingResult rotate_pairings(const Authority& authority, Month period, const PairingPolicy& policy,
                              std::uint64_t seed);

// Mid-period upkeep for `month`: pairings of the current period stay as they
// are unless their auditor left or their moderator can no longer moderate;
// auditors without a valid pairing (joiners, those of a leaving moderator) go
// to the moderator with most spare capacity. Nothing else moves.
PairingResult repair_pairings(const Authority& authority, Month month, const PairingPolicy& policy);

}  // namespace caseaudit
