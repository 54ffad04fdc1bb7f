// The part of the authority the quarterly report reads: the organisation
// (services, teams, staff, exemptions), and for each month of `months` its
// audits and the children audited in it; no actions, concerns or pairings.
// One query a month instead of load_authority()'s whole history: at size L
// with five years of history, loading everything was most of the report's
// time (docs/BENCHMARKS.md).
//
// Reads only, in the caller's transaction.
#pragma once

#include "scheduler/model.h"
#include "scheduler/reporting/financial_quarter.h"
#include "scheduler/store.h"

namespace caseaudit::daemon {

Authority quarter_report_authority(Transaction& tx, Period months);

}  // namespace caseaudit::daemon
