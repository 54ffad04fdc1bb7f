// GET /v1/changes: the change log, newest first, filterable and paged.
#include <fmt/format.h>

#include "daemon/api/csv_export.h"
#include "daemon/api/resources.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

constexpr int kMaxLimit = 1000;

ChangeFilter change_filter(const ApiRequest& request, const date::time_zone* zone) {
  ChangeFilter filter;
  filter.record_type = request.query("record_type");
  filter.record_id = request.query("record_id");
  if (filter.record_id && !filter.record_type) {
    throw InputError("record_id needs record_type", "record_id");
  }
  // Dates are the authority's local days: "since 2027-01-04" means from that
  // morning in London, not in UTC.
  if (auto since = request.query_date("since")) filter.since = at_local(*since, 0, 0, zone);
  if (auto until = request.query_date("until")) {
    const Date next_day{std::chrono::sys_days(*until) + std::chrono::days(1)};
    filter.until = at_local(next_day, 0, 0, zone);
  }
  filter.before_id = request.query_id("before_id");
  if (auto actor = request.query("actor")) {
    if (actor->empty()) throw InputError("actor: give some of the person's email or name", "actor");
    filter.actor = std::string(*actor);
  }
  if (auto limit = request.query("limit")) {
    Id value = parse_id(*limit, "limit");
    if (value > kMaxLimit) {
      throw InputError(fmt::format("limit: at most {}", kMaxLimit), "limit");
    }
    filter.limit = static_cast<int>(value);
  }
  return filter;
}

ApiResponse list_changes(const ApiContext& context, ApiRequest& request) {
  ChangeFilter filter = change_filter(request, context.services.zone);
  auto changes = context.services.store.read_result<std::vector<ChangeRecord>>(
      [&](Transaction& tx) { return tx.changes().find(filter); });
  json::object body{{"changes", to_json_array(changes)}};
  // The next page: ?before_id=<the last id> with the same filter.
  body["next_before_id"] = static_cast<int>(changes.size()) == filter.limit
                               ? json::value(changes.back().id)
                               : json::value(nullptr);
  return list_response(request, std::move(body), "changes",
                       export_filename("changes", format_date(local_today(context, request))));
}

}  // namespace

void add_change_routes(ApiContext& context) {
  add_routes(context, {
                          read_route("/v1/changes", list_changes,
                                     {"record_type", "record_id", "since", "until", "before_id",
                                      "actor", "limit", "format"}),
                      });
}

}  // namespace caseaudit::daemon::api
