#include "daemon/daemon.h"
#include "daemon/health.h"

namespace auditd::daemon {

void add_routes(HttpServer& server, ServiceContext& context) {
  add_health_routes(server, database_readiness(context.database));
}

}  // namespace auditd::daemon
