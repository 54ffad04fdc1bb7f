// The /v1 resources, one registration function per file (resources_*.cc),
// and add_api_routes() which registers them all. docs/api.md documents every
// route with an example; keep it in step.
#pragma once

#include <date/tz.h>

#include <functional>

#include "daemon/api/api.h"
#include "daemon/monitoring.h"
#include "daemon/service/context.h"
#include "daemon/service/record_json.h"
#include "scheduler/calendar.h"

namespace caseaudit::daemon::api {

// The record JSON of daemon/service/record_json.h, beside the API's own
// to_json overloads (month_audit_rows.h).
using daemon::to_json;
using daemon::to_json_array;

// What resource handlers use besides the request: the Api they are added to
// and the services they call. Both outlive the Api's routes.
struct ApiContext {
  Api& api;
  ServiceContext& services;
  Monitoring monitoring = {};  // serve's jobs and delivery; empty in tests
};

using ResourceHandler = std::function<ApiResponse(const ApiContext&, ApiRequest&)>;

// One route of a resource, as a row of its file's table: a Route whose
// handler is given the context as well as the request.
struct ResourceRoute {
  std::string method;   // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string pattern;  // "/v1/staff/{id}"
  Access access = Access::kRead;
  BodyKind body = BodyKind::kNone;
  std::vector<std::string> query_params;  // the only query parameters accepted
  ResourceHandler handler;
};

// Adds `routes` to context.api, in order. The handlers keep a reference to
// `context`: it must live as long as the Api (daemon/routes.cc and the test
// fixture keep it beside the Api).
void add_routes(const ApiContext& context, std::vector<ResourceRoute> routes);

// The two common rows: a GET that needs a read token or session, and a
// change (POST, PUT, PATCH, DELETE) that needs a write one.
ResourceRoute read_route(std::string pattern, ResourceHandler handler,
                         std::vector<std::string> query_params = {});
ResourceRoute write_route(std::string method, std::string pattern, BodyKind body,
                          ResourceHandler handler, std::vector<std::string> query_params = {});

void add_organisation_routes(ApiContext& context);  // services, teams
void add_staff_routes(ApiContext& context);         // staff, staff CSV import
void add_exemption_routes(ApiContext& context);
void add_children_routes(ApiContext& context);  // children, caseload CSV import
void add_month_routes(ApiContext& context);     // allocation, month audits, month report
void add_audit_routes(ApiContext& context);     // reassign, withdraw, submission, moderation
void add_pairing_routes(ApiContext& context);
void add_action_routes(ApiContext& context);        // actions on audits
void add_concern_routes(ApiContext& context);       // cases of concern
void add_impact_routes(ApiContext& context);        // impact follow-up answers
void add_notification_routes(ApiContext& context);  // outbox, dead letters, resend
void add_change_routes(ApiContext& context);        // GET /v1/changes
void add_metrics_route(ApiContext& context);        // GET /metrics
void add_session_routes(ApiContext& context);       // /v1/session, staff console access
void add_report_routes(ApiContext& context);        // snapshot and quarterly report

void add_api_routes(ApiContext& context);

// The authority's local date at the request's instant. Dates in the API are
// local days: an action completed at 00:30 in London on 1 April was completed
// on 1 April, not on 31 March as UTC would have it.
Date local_today(const ApiContext& context, const ApiRequest& request);

}  // namespace caseaudit::daemon::api
