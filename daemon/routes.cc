#include "daemon/api/resources.h"
#include "daemon/daemon.h"
#include "daemon/health.h"
#include "daemon/web/console_routes.h"

namespace caseaudit::daemon {

AdminApi add_routes(HttpServer& server, Wiring& wiring) {
  add_health_routes(server, database_readiness(wiring.database()));
  AdminApi admin;
  ServiceContext& services = wiring.services();
  admin.api = std::make_unique<api::Api>(server, services.store, services.clock);
  // Handlers keep references to the context: it lives as long as the Api.
  admin.context = std::make_unique<api::ApiContext>(api::ApiContext{
      .api = *admin.api,
      .services = services,
  });
  api::add_api_routes(*admin.context);
  add_console_routes(server, admin.api->metrics());
  return admin;
}

}  // namespace caseaudit::daemon
