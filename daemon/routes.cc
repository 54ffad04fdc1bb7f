#include "daemon/api/resources.h"
#include "daemon/daemon.h"
#include "daemon/health.h"

namespace caseaudit::daemon {

AdminApi add_routes(HttpServer& server, Wiring& wiring, Monitoring monitoring) {
  add_health_routes(
      server, with_delivery_health(database_readiness(wiring.database()), monitoring.delivery));
  AdminApi admin;
  ServiceContext& services = wiring.services();
  admin.api = std::make_unique<api::Api>(server, services.store, services.clock);
  // Handlers keep references to the context: it lives as long as the Api.
  admin.context = std::make_unique<api::ApiContext>(api::ApiContext{
      .api = *admin.api,
      .services = services,
      .monitoring = monitoring,
  });
  api::add_api_routes(*admin.context);
  return admin;
}

}  // namespace caseaudit::daemon
