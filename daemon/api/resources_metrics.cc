// GET /metrics: Prometheus text. The HTTP families come from ApiMetrics; the
// outbox gauges are read from the database at scrape time, so they are true
// across several daemons sharing one PostgreSQL; the job and relay families
// are this process's own (ApiContext::monitoring), absent outside serve.
#include <fmt/format.h>

#include <algorithm>

#include "daemon/api/resources.h"
#include "daemon/background_jobs.h"
#include "notifier/delivery_health.h"

namespace caseaudit::daemon::api {

namespace {

std::string outbox_families(const std::map<OutboxStatus, long long>& counts,
                            const OutboxBacklog& backlog) {
  std::string out =
      "# HELP caseaudit_outbox_messages Notifications in the outbox, by status.\n"
      "# TYPE caseaudit_outbox_messages gauge\n";
  for (const auto& [status, count] : counts) {
    out += fmt::format("caseaudit_outbox_messages{{status=\"{}\"}} {}\n", to_string(status), count);
  }
  auto dead = counts.find(OutboxStatus::kDead);
  out += fmt::format(
      "# HELP caseaudit_outbox_depth Notifications due to be sent now (not those scheduled "
      "for later: see caseaudit_outbox_pending).\n"
      "# TYPE caseaudit_outbox_depth gauge\ncaseaudit_outbox_depth {}\n"
      "# HELP caseaudit_dead_letters Notifications that failed permanently.\n"
      "# TYPE caseaudit_dead_letters gauge\ncaseaudit_dead_letters {}\n",
      backlog.due, dead == counts.end() ? 0 : dead->second);
  return out;
}

// Due: may be sent now; scheduled: waiting for a retry, the send window or a
// lease. A due backlog that grows, or a due message that gets old, means
// delivery is stuck; scheduled mail is normal.
std::string backlog_families(const OutboxBacklog& backlog, Instant now) {
  const long long oldest_age =
      backlog.oldest_due ? std::max<long long>(0, (now - *backlog.oldest_due).count()) : 0;
  return fmt::format(
      "# HELP caseaudit_outbox_pending Pending notifications: due (may be sent now) or "
      "scheduled (a retry, the send window, a lease).\n"
      "# TYPE caseaudit_outbox_pending gauge\n"
      "caseaudit_outbox_pending{{state=\"due\"}} {}\n"
      "caseaudit_outbox_pending{{state=\"scheduled\"}} {}\n"
      "# HELP caseaudit_outbox_oldest_due_age_seconds How long the oldest due notification "
      "has been due; 0 when none is.\n"
      "# TYPE caseaudit_outbox_oldest_due_age_seconds gauge\n"
      "caseaudit_outbox_oldest_due_age_seconds {}\n",
      backlog.due, backlog.scheduled, oldest_age);
}

std::string seconds_since_epoch(Instant at) {
  return std::to_string(at.time_since_epoch().count());
}

// This process's jobs and relay; nothing outside serve.
std::string monitoring_families(const Monitoring& monitoring) {
  std::string out;
  if (monitoring.jobs != nullptr) {
    out +=
        "# HELP caseaudit_job_last_success_timestamp_seconds When each background job last "
        "finished a turn without an error (Unix time).\n"
        "# TYPE caseaudit_job_last_success_timestamp_seconds gauge\n";
    for (const auto& [job, at] : monitoring.jobs->last_successes()) {
      out += fmt::format("caseaudit_job_last_success_timestamp_seconds{{job=\"{}\"}} {}\n",
                         escape_label(job), seconds_since_epoch(at));
    }
  }
  if (monitoring.delivery != nullptr) {
    const auto fault = monitoring.delivery->fault();
    out += fmt::format(
        "# HELP caseaudit_mail_relay_configuration_fault 1 while the relay fails the mail "
        "configuration (refuses TLS, certificate does not verify), else 0.\n"
        "# TYPE caseaudit_mail_relay_configuration_fault gauge\n"
        "caseaudit_mail_relay_configuration_fault {}\n"
        "# HELP caseaudit_mail_configuration_faults_total Sends that failed for a configuration "
        "fault since the process started.\n"
        "# TYPE caseaudit_mail_configuration_faults_total counter\n"
        "caseaudit_mail_configuration_faults_total {}\n",
        fault ? 1 : 0, monitoring.delivery->configuration_faults_total());
  }
  return out;
}

std::string run_families(const std::map<MonthStatus, long long>& counts) {
  std::string out =
      "# HELP caseaudit_allocation_runs Months by allocation state.\n"
      "# TYPE caseaudit_allocation_runs gauge\n";
  for (const auto& [status, count] : counts) {
    out += fmt::format("caseaudit_allocation_runs{{status=\"{}\"}} {}\n", to_string(status), count);
  }
  return out;
}

struct Gauges {
  std::map<OutboxStatus, long long> outbox;
  OutboxBacklog backlog;
  std::map<MonthStatus, long long> runs;
};

ApiResponse metrics_text(const ApiContext& context, ApiRequest&) {
  const Instant now = context.services.clock.now();
  auto gauges = context.services.store.read_result<Gauges>([now](Transaction& tx) {
    return Gauges{tx.outbox().counts(), tx.outbox().backlog(now), tx.allocation().run_counts()};
  });
  return ApiResponse{
      .text = context.api.metrics().render() + outbox_families(gauges.outbox, gauges.backlog) +
              backlog_families(gauges.backlog, now) + run_families(gauges.runs) +
              monitoring_families(context.monitoring) + context.api.metrics().render_sign_ins(),
      .content_type = "text/plain; version=0.0.4; charset=utf-8"};
}

}  // namespace

void add_metrics_route(ApiContext& context) {
  add_routes(context, {
                          read_route("/metrics", metrics_text),
                      });
}

}  // namespace caseaudit::daemon::api
