#include "daemon/api/resources.h"

#include <utility>

namespace caseaudit::daemon::api {

Date local_today(const ApiContext& context, const ApiRequest& request) {
  return to_local(request.now(), context.services.zone).date;
}

void add_routes(const ApiContext& context, std::vector<ResourceRoute> routes) {
  for (ResourceRoute& route : routes) {
    context.api.add({
        .method = std::move(route.method),
        .pattern = std::move(route.pattern),
        .access = route.access,
        .body = route.body,
        .query_params = std::move(route.query_params),
        .handler = [&context, handler = std::move(route.handler)](
                       ApiRequest& request) { return handler(context, request); },
    });
  }
}

ResourceRoute read_route(std::string pattern, ResourceHandler handler,
                         std::vector<std::string> query_params) {
  return {.method = "GET",
          .pattern = std::move(pattern),
          .access = Access::kRead,
          .query_params = std::move(query_params),
          .handler = std::move(handler)};
}

ResourceRoute write_route(std::string method, std::string pattern, BodyKind body,
                          ResourceHandler handler, std::vector<std::string> query_params) {
  return {.method = std::move(method),
          .pattern = std::move(pattern),
          .access = Access::kWrite,
          .body = body,
          .query_params = std::move(query_params),
          .handler = std::move(handler)};
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
