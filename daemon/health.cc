#include "daemon/health.h"

#include <date/date.h>
#include <fmt/format.h>

#include <boost/json.hpp>
#include <exception>

#include "daemon/job_notes.h"
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
          body["status"] = readiness.degraded.empty() ? "ready" : "degraded";
        } else {
          response.status = 503;
          body["status"] = "unavailable";
          body["reason"] = readiness.reason;
        }
        if (!readiness.degraded.empty()) {
          boost::json::object degraded;
          for (const auto& [part, reason] : readiness.degraded) degraded[part] = reason;
          body["degraded"] = std::move(degraded);
        }
        if (!readiness.detail.empty()) {
          boost::json::object detail;
          for (const auto& [part, note] : readiness.detail) detail[part] = note;
          body["detail"] = std::move(detail);
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

ReadinessProbe with_delivery_health(ReadinessProbe probe,
                                    const notifier::DeliveryHealth* delivery) {
  if (delivery == nullptr) return probe;
  return [probe = std::move(probe), delivery]() -> Readiness {
    Readiness readiness = probe();
    if (auto fault = delivery->fault()) {
      readiness.degraded["mail"] = fmt::format("configuration fault since {}: {}",
                                               date::format("%FT%TZ", fault->since), fault->reason);
    }
    return readiness;
  };
}

ReadinessProbe with_job_notes(ReadinessProbe probe, const JobNotes* notes) {
  if (notes == nullptr) return probe;
  return [probe = std::move(probe), notes]() -> Readiness {
    Readiness readiness = probe();
    for (auto& [part, note] : notes->all()) readiness.detail[part] = note;
    return readiness;
  };
}

}  // namespace caseaudit::daemon
