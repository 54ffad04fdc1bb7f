// A coordinator's manual change of one auditor-moderator pairing (the
// six-monthly rotation and the mid-period repair are AllocationService's).
#pragma once

#include <string>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

// A pairing with its people's names (for showing it).
struct NamedPairing {
  Pairing pairing;
  std::string auditor;  // the name, or "staff N" when gone
  std::string moderator;
};

// Gives pairing `pairing_id` the moderator `moderator_id`, with `reason`
// stored on it, in one transaction with its change-log row
// "pairing.update". NotFound naming "id" for an unknown pairing and
// "moderator_id" / "auditor_id" for unknown staff. The moderator must be able
// to take the auditor, else RuleViolation naming "moderator_id" in words:
// not the auditor, active, an internal moderator, and within capacity for
// the period (monthly auditors count 2 half-units, bi-monthly 1; a moderator
// holds 2 x capacity, 1 x when moderating bi-monthly: the rotation's own
// measure, scheduler/allocation/pairing.h).
NamedPairing change_pairing(const ServiceContext& services, const Caller& caller, Id pairing_id,
                            Id moderator_id, const std::string& reason);

// The name of `staff_id` among `staff`, or "staff N".
std::string staff_name(const std::vector<Staff>& staff, Id staff_id);

}  // namespace caseaudit::daemon
