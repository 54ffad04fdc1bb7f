// The probes: GET /healthz (the process answers) and GET /readyz (it can do
// its work: the database answers and its schema is this binary's).
#pragma once

#include <functional>
#include <string>

#include "daemon/http_server.h"

namespace caseaudit::db {
class Database;
}

namespace caseaudit::daemon {

struct Readiness {
  bool ready = false;
  std::string reason;  // why not, when !ready
};

// Must be thread-safe and never throw; called on every /readyz.
using ReadinessProbe = std::function<Readiness()>;

// Adds /healthz (200 {"status":"ok"}) and /readyz (200 {"status":"ready"} or
// 503 {"status":"unavailable","reason":...}).
void add_health_routes(HttpServer& server, ReadinessProbe probe);

// Ready when `database` answers a ping and its schema is at the latest
// version. `database` must outlive the probe.
ReadinessProbe database_readiness(db::Database& database);

}  // namespace caseaudit::daemon
