#include "daemon/api/resources.h"
#include "daemon/daemon.h"
#include "daemon/health.h"

namespace caseaudit::daemon {

AdminApi add_routes(HttpServer& server, ServiceContext& context) {
  add_health_routes(server, database_readiness(context.database));
  AdminApi admin;
  admin.api = std::make_unique<api::Api>(server, context.database.store(), context.clock);
  // Handlers keep references to the context: it lives as long as the Api.
  admin.context = std::make_unique<api::ApiContext>(api::ApiContext{
      .api = *admin.api,
      .store = context.database.store(),
      .clock = context.clock,
      .calendar = context.calendar,
      .zone = context.zone,
      .allocation = context.allocation,
      .wake_reminders = context.wake_reminders,
      .enqueue_urgent = context.enqueue_urgent,
  });
  api::add_api_routes(*admin.context);
  return admin;
}

}  // namespace caseaudit::daemon
