#include "daemon/api/resources.h"

namespace caseaudit::daemon::api {

Date local_today(const ApiContext& context, const ApiRequest& request) {
  return to_local(request.now(), context.services.zone).date;
}

void add_api_routes(ApiContext& context) {
  add_organisation_routes(context);
  add_staff_routes(context);
  add_exemption_routes(context);
  add_children_routes(context);
  add_month_routes(context);
  add_audit_routes(context);
  add_pairing_routes(context);
  add_action_routes(context);
  add_concern_routes(context);
  add_impact_routes(context);
  add_notification_routes(context);
  add_change_routes(context);
  add_metrics_route(context);
  add_session_routes(context);
  add_report_routes(context);
}

}  // namespace caseaudit::daemon::api
