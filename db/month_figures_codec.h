// MonthFigures as the JSON text stored in month_figures.figures, in the
// layout of MonthFigures::kSchemaVersion: one member per field, counts as
// integers, grades and legal statuses by their stored names. Round-trips:
// parse_month_figures(format_month_figures(f)) == f.
#pragma once

#include <string>
#include <string_view>

#include "scheduler/reporting/month_figures.h"

namespace caseaudit::db {

std::string format_month_figures(const MonthFigures& figures);
// Throws RuntimeFailure naming the month for text that is not the layout.
MonthFigures parse_month_figures(std::string_view text);

}  // namespace caseaudit::db
