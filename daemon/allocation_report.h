// How `caseaudit allocate` and `caseaudit pairings rotate` show what they did: a
// readable summary for the QA coordinator, or the same facts as JSON for
// tools (with every audit's explanation).
//
// Pure functions of an outcome; thread-compatible.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "daemon/service/allocation_service.h"

namespace caseaudit::daemon {

// Per team: its audits this month (committed and new), or "no audit: <reason>";
// per moderator: load / capacity this month; the shortfalls in plain words.
std::string allocation_text(const AllocationOutcome& outcome);
boost::json::value allocation_json(const AllocationOutcome& outcome);

// Per moderator: the auditors paired with them; unpaired auditors and the
// smallest fix; "already rotated" when nothing changed.
std::string rotation_text(const RotationOutcome& outcome);
boost::json::value rotation_json(const RotationOutcome& outcome);

}  // namespace caseaudit::daemon
