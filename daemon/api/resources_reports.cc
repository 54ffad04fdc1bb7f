// The leaders' reports: GET /v1/reports/snapshot (the monthly performance
// snapshot) and GET /v1/reports/quarter (the quarterly report's tables), as
// JSON or, with ?format=csv&table=<name>, one table as CSV. Read-only.
// Closed months are read from their frozen figures, their late returns
// shown beside them (scheduler/reporting/month_figures.h).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "daemon/api/csv_export.h"
#include "daemon/api/report_json.h"
#include "daemon/api/resources.h"
#include "scheduler/errors.h"
#include "scheduler/reporting/performance_snapshot.h"
#include "scheduler/reporting/quarter_report.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

constexpr int kLongestPeriodMonths = 24;

// The body as JSON, or with format=csv the table named by ?table= as CSV.
ApiResponse tables_response(const ApiRequest& request, json::object body, std::string_view what,
                            const std::string& qualifier) {
  const std::optional<std::string> table = request.query("table");
  const std::string format = request.query(kFormatParam).value_or("json");
  if (format != "csv") {
    if (table) throw InputError("table: only with format=csv (JSON has every table)", "table");
    return list_response(request, std::move(body), "tables", "");
  }
  const json::object& tables = body.at("tables").as_object();
  std::vector<std::string> names;
  for (const auto& entry : tables) names.push_back(entry.key());
  if (!table || !tables.contains(*table)) {
    throw InputError(
        fmt::format("table: with format=csv, one of {} is required{}", fmt::join(names, ", "),
                    table ? fmt::format(" (got \"{}\")", *table) : ""),
        "table");
  }
  json::object rows{{*table, tables.at(*table)}};
  return list_response(request, std::move(rows), *table,
                       export_filename(fmt::format("{}-{}", what, *table), qualifier));
}

ApiResponse snapshot_route(const ApiContext& context, ApiRequest& request) {
  const std::optional<Month> month = request.query_month("month");
  if (!month) throw InputError("month: required (YYYY-MM)", "month");
  const Date today = local_today(context, request);
  const ReportTargets& targets = context.services.report_targets;
  const PerformanceSnapshot snapshot =
      context.services.store.read_result<PerformanceSnapshot>([&](Transaction& tx) {
        const Period months = snapshot_months(*month);
        const Authority authority = tx.load_report_authority(audit_months_for(months));
        const ReportFigures figures(authority, context.services.allocation.policy(), today, months,
                                    tx.figures().frozen_figures(months.from, months.to));
        return performance_snapshot(figures, *month, targets);
      });
  return tables_response(request, snapshot_json(snapshot, targets.year_start_month), "snapshot",
                         month->to_string());
}

struct RequestedPeriod {
  Period period;
  std::optional<FinancialQuarter> quarter;
};

// ?quarter=YYYY-Qn, or ?from=YYYY-MM&to=YYYY-MM (at most 24 months).
RequestedPeriod requested_period(const ApiRequest& request, int year_start_month) {
  const std::optional<std::string> quarter = request.query("quarter");
  const std::optional<Month> from = request.query_month("from");
  const std::optional<Month> to = request.query_month("to");
  if (quarter) {
    if (from || to) {
      throw InputError("quarter: give either quarter or from and to, not both", "quarter");
    }
    const FinancialQuarter q = parse_quarter(*quarter, "quarter");
    return {q.period(year_start_month), q};
  }
  if (!from) throw InputError("quarter: required (YYYY-Qn), or from and to (YYYY-MM)", "quarter");
  if (!to) throw InputError("to: required with from (YYYY-MM)", "to");
  if (*to < *from) throw InputError("to: must not be before from", "to");
  if (to->minus(*from) >= kLongestPeriodMonths) {
    throw InputError(fmt::format("to: a period of at most {} months", kLongestPeriodMonths), "to");
  }
  const Period period{*from, *to};
  const FinancialQuarter q = quarter_of(*from, year_start_month);
  if (q.period(year_start_month) == period) return {period, q};
  return {period, std::nullopt};
}

ApiResponse quarter_route(const ApiContext& context, ApiRequest& request) {
  const ReportTargets& targets = context.services.report_targets;
  const RequestedPeriod requested = requested_period(request, targets.year_start_month);
  const Period period = requested.period;
  const Date today = local_today(context, request);
  const QuarterReport report =
      context.services.store.read_result<QuarterReport>([&](Transaction& tx) {
        const Period months = quarter_report_months(period);
        const Authority authority = tx.load_report_authority(audit_months_for(months));
        const ReportFigures figures(authority, context.services.allocation.policy(), today, months,
                                    tx.figures().frozen_figures(months.from, months.to));
        return quarter_report(figures, period, context.services.audit_domains,
                              tx.follow_up().impact_responses_for_months(period.from, period.to));
      });
  const std::string qualifier = requested.quarter ? requested.quarter->to_string()
                                                  : requested.period.from.to_string() + "-to-" +
                                                        requested.period.to.to_string();
  return tables_response(request, quarter_report_json(report, targets, requested.quarter),
                         "quarter", qualifier);
}

}  // namespace

void add_report_routes(ApiContext& context) {
  add_routes(context,
             {
                 read_route("/v1/reports/snapshot", snapshot_route, {"month", "format", "table"}),
                 read_route("/v1/reports/quarter", quarter_route,
                            {"quarter", "from", "to", "format", "table"}),
             });
}

}  // namespace caseaudit::daemon::api
