// The solvers' policies from the configuration's [allocation] and [pairing]
// sections.
#pragma once

#include <string>

#include "daemon/allocation_job.h"
#include "daemon/config.h"
#include "scheduler/allocation/policy.h"

namespace caseaudit::daemon {

// Throws InputError naming the setting when the result fails Policy::validate
// (config reading already rejects what it can).
Policy allocation_policy(const AllocationConfig& config);
PairingPolicy pairing_policy(const PairingConfig& config);
// When AllocationJob commits each month or, in approve mode, sends the
// preview. Throws ConfigError (allocation.qa_team_email) for an address the
// mail transports could not use.
CommitSchedule commit_schedule(const AllocationConfig& config);

// Who the change log names for a change made from the command line:
// "cli:<user>" ($SUDO_USER, else $USER, else $LOGNAME), else "cli".
std::string cli_actor();

}  // namespace caseaudit::daemon
