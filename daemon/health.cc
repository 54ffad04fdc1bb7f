#include "daemon/health.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <exception>

#include "db/database.h"

namespace caseaudit::daemon {

void add_health_routes(HttpServer& server, ReadinessProbe probe) {
  server.router().Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"status":"ok"})", "application/json");
  });
  server.router().Get(
      "/readyz", [probe = std::move(probe)](const httplib::Request&, httplib::Response& response) {
        Readiness readiness = probe();
        boost::json::object body;
        if (readiness.ready) {
          body["status"] = "ready";
        } else {
          response.status = 503;
          body["status"] = "unavailable";
          body["reason"] = readiness.reason;
        }
        response.set_content(boost::json::serialize(body), "application/json");
      });
}

ReadinessProbe database_readiness(db::Database& database) {
  return [&database]() -> Readiness {
    if (!database.ping()) return {false, "database not answering"};
    try {
      db::SchemaStatus schema = database.schema_status();
      if (schema.current != schema.latest) {
        return {false, fmt::format("database schema is version {}, this caseaudit needs {}",
                                   schema.current, schema.latest)};
      }
    } catch (const std::exception& error) {
      return {false, fmt::format("cannot read the schema version: {}", error.what())};
    }
    return {true, {}};
  };
}

}  // namespace caseaudit::daemon
