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
