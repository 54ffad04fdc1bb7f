// The /v1 resources, one registration function per file (resources_*.cc),
// and add_api_routes() which registers them all. docs/api.md documents every
// route with an example; keep it in step.
#pragma once

#include <date/tz.h>

#include <functional>

#include "daemon/allocation_service.h"
#include "daemon/api/api.h"
#include "scheduler/calendar.h"

namespace caseaudit::daemon::api {

// What resource handlers use besides the request. Everything outlives the Api.
struct ApiContext {
  Api& api;
  Store& store;
  const Clock& clock;
  const Calendar& calendar;
  const date::time_zone* zone;  // the authority's (Europe/London)
  AllocationService& allocation;
  // Asks the daemon to run the reminder rules (and then delivery) soon,
  // instead of at their next turn: after a write that makes something due at
  // once (a category 1 concern). Thread-safe; returns at once. May be empty
  // (tests), then the next periodic run picks it up.
  std::function<void()> wake_reminders;
  // Enqueues, in `tx`, the urgent (category 1) emails now due, returning how
  // many items it told: called inside the transaction of a write that makes
  // one due, so the emails commit or roll back with it. May be empty (tests),
  // then the woken reminder job sends them.
  std::function<int(Transaction& tx, Instant at)> enqueue_urgent;
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
void add_notification_routes(ApiContext& context);  // outbox, dead letters, resend
void add_change_routes(ApiContext& context);        // GET /v1/changes
void add_metrics_route(ApiContext& context);        // GET /metrics

void add_api_routes(ApiContext& context);

// The authority's local date at the request's instant. Dates in the API are
// local days: an action completed at 00:30 in London on 1 April was completed
// on 1 April, not on 31 March as UTC would have it.
Date local_today(const ApiContext& context, const ApiRequest& request);

}  // namespace caseaudit::daemon::api
