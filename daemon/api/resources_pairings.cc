// Auditor-moderator pairings: the period's pairings, the six-monthly rotation
// (preview and commit, AllocationService) and a coordinator's manual change
// (daemon/service/pairings.h).
#include <fmt/format.h>

#include "daemon/allocation_report.h"
#include "daemon/api/csv_export.h"
#include "daemon/api/resources.h"
#include "daemon/service/pairings.h"
#include "daemon/service/record_json.h"
#include "daemon/service/row_names.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

// The first month of the period containing ?period= (any month of it), or
// today's.
Month requested_period(const ApiContext& context, const ApiRequest& request) {
  const Month month =
      request.query_month("period").value_or(Month::of(local_today(context, request)));
  return context.services.allocation.pairing_policy().period_of(month);
}

// "auditor" and "moderator" (the names, kept for existing clients) and the
// same names as "auditor_name" / "moderator_name" beside their ids.
json::object pairing_json(const NamedPairing& named) {
  json::object out = with_names(to_json(named.pairing).as_object(),
                                {{"auditor_id", "auditor_name", json::value(named.auditor)},
                                 {"moderator_id", "moderator_name", json::value(named.moderator)}});
  out["auditor"] = named.auditor;
  out["moderator"] = named.moderator;
  return out;
}

ApiResponse list_pairings(const ApiContext& context, ApiRequest& request) {
  const Month period = requested_period(context, request);
  return context.services.store.read_result<ApiResponse>([&](Transaction& tx) {
    const Organisation organisation = tx.organisation().load();
    json::array pairings;
    for (const Pairing& pairing : tx.allocation().pairings_for(period)) {
      pairings.push_back(
          pairing_json({.pairing = pairing,
                        .auditor = staff_name(organisation.staff, pairing.auditor_id),
                        .moderator = staff_name(organisation.staff, pairing.moderator_id)}));
    }
    return list_response(
        request, json::object{{"period", period.to_string()}, {"pairings", std::move(pairings)}},
        "pairings", export_filename("pairings", period.to_string()));
  });
}

ApiResponse rotate(const ApiContext& context, ApiRequest& request) {
  std::optional<Month> period = request.query_month("period");
  if (!period) throw InputError("period is required (a rotation month, YYYY-MM)", "period");
  const RotationOutcome outcome = context.services.allocation.rotate_pairings(
      *period, request.caller().actor, request.caller().at, request.flag("dry_run"));
  return json_response(rotation_json(outcome));
}

ApiResponse change(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Id moderator_id = fields.required_id("moderator_id");
  const std::string reason = fields.required_text("reason");
  fields.finish();
  return json_response(
      pairing_json(change_pairing(context.services, request.caller(), id, moderator_id, reason)));
}

}  // namespace

void add_pairing_routes(ApiContext& context) {
  add_routes(context, {
                          read_route("/v1/pairings", list_pairings, {"period", "format"}),
                          write_route("POST", "/v1/pairings/rotation", BodyKind::kNone, rotate,
                                      {"period", "dry_run"}),
                          write_route("PATCH", "/v1/pairings/{id}", BodyKind::kJson, change),
                      });
}

}  // namespace caseaudit::daemon::api
