// What the audit-cycle resources (months, audits, pairings) share.
#pragma once

#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon::api {

// The audit, or NotFound naming "id".
Audit require_audit(Transaction& tx, Id id);

}  // namespace caseaudit::daemon::api
