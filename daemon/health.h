// The probes: GET /healthz (the process answers) and GET /readyz (it can do
// its work: the database answers and its schema is this binary's).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "daemon/http_server.h"
#include "notifier/delivery_health.h"

namespace caseaudit::db {
class Database;
}

namespace caseaudit::daemon {

class JobNotes;  // daemon/job_notes.h

struct Readiness {
  bool ready = false;
  std::string reason;  // why not, when !ready
  // Parts that are failing without making the daemon unready (the API still
  // answers), each with what is wrong: {"mail": "the relay does not offer
  // STARTTLS ..."}.
  std::map<std::string, std::string> degraded;
  // What the daemon wants known without being degraded ({"allocation":
  // "nothing to allocate ...: no active staff"}), shown as "detail".
  std::map<std::string, std::string> detail;
};

// Must be thread-safe and never throw; called on every /readyz.
using ReadinessProbe = std::function<Readiness()>;

// Adds /healthz (200 {"status":"ok"}) and /readyz: 200 {"status":"ready"};
// 200 {"status":"degraded","degraded":{PART:REASON}} when a part is failing;
// 503 {"status":"unavailable","reason":...} (with "degraded" when any);
// any of them with "detail":{PART:NOTE} when the jobs left a note.
void add_health_routes(HttpServer& server, ReadinessProbe probe);

// Ready when `database` answers a ping and its schema is at the latest
// version. `database` must outlive the probe.
ReadinessProbe database_readiness(db::Database& database);

// `probe`, with degraded["mail"] set while the relay fails the mail
// configuration (it refuses TLS, ...; see notifier/delivery_health.h).
// `delivery` may be null (then `probe` as it is); it must outlive the probe.
ReadinessProbe with_delivery_health(ReadinessProbe probe, const notifier::DeliveryHealth* delivery);

// `probe`, with detail[PART] set for each of the jobs' notes. `notes` may be
// null (then `probe` as it is); it must outlive the probe.
ReadinessProbe with_job_notes(ReadinessProbe probe, const JobNotes* notes);

}  // namespace caseaudit::daemon
