// What the audit-cycle operations (audits, pairings, actions, concerns)
// share: finding an audit and the authority's local day.
#pragma once

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

// The audit, or NotFound "audit N does not exist" naming "id".
Audit require_audit(Transaction& tx, Id id);

// The authority's local day at `caller.at`. Dates in the service are local
// days: an action completed at 00:30 in London on 1 April was completed on
// 1 April, not on 31 March as UTC would have it.
Date local_day(const ServiceContext& services, const Caller& caller);

}  // namespace caseaudit::daemon
