// The leaders' reports as JSON: every table an array of flat row objects
// under "tables", so that ?format=csv&table=<name> gives any one of them as
// a spreadsheet (daemon/api/csv_export.h). Shares are fractions (0.5 = 50%),
// null when their denominator is 0. docs/api.md documents the fields.
#pragma once

#include <boost/json.hpp>

#include "scheduler/reporting/performance_snapshot.h"
#include "scheduler/reporting/quarter_report.h"
#include "scheduler/reporting/report_targets.h"

namespace caseaudit::daemon::api {

boost::json::object snapshot_json(const PerformanceSnapshot& snapshot, int year_start_month);

// `quarter`: the financial quarter the period is, when it is one.
boost::json::object quarter_report_json(const QuarterReport& report, const ReportTargets& targets,
                                        const std::optional<FinancialQuarter>& quarter);

}  // namespace caseaudit::daemon::api
