// GET /metrics: Prometheus text. The HTTP families come from ApiMetrics; the
// outbox gauges are read from the database at scrape time, so they are true
// across several daemons sharing one PostgreSQL.
#include <fmt/format.h>

#include "daemon/api/resources.h"

namespace caseaudit::daemon::api {

namespace {

std::string outbox_families(const std::map<OutboxStatus, long long>& counts) {
  std::string out =
      "# HELP caseaudit_outbox_messages Notifications in the outbox, by status.\n"
      "# TYPE caseaudit_outbox_messages gauge\n";
  for (const auto& [status, count] : counts) {
    out += fmt::format("caseaudit_outbox_messages{{status=\"{}\"}} {}\n", to_string(status), count);
  }
  auto dead = counts.find(OutboxStatus::kDead);
  auto pending = counts.find(OutboxStatus::kPending);
  out += fmt::format(
      "# HELP caseaudit_outbox_depth Notifications waiting to be sent.\n"
      "# TYPE caseaudit_outbox_depth gauge\ncaseaudit_outbox_depth {}\n"
      "# HELP caseaudit_dead_letters Notifications that failed permanently.\n"
      "# TYPE caseaudit_dead_letters gauge\ncaseaudit_dead_letters {}\n",
      pending == counts.end() ? 0 : pending->second, dead == counts.end() ? 0 : dead->second);
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
  std::map<MonthStatus, long long> runs;
};

}  // namespace

void add_metrics_route(ApiContext& context) {
  context.api.add({
      .method = "GET",
      .pattern = "/metrics",
      .access = Access::kRead,
      .handler =
          [&context](ApiRequest&) {
            auto gauges = context.services.store.read_result<Gauges>([](Transaction& tx) {
              return Gauges{tx.outbox().counts(), tx.allocation().run_counts()};
            });
            return ApiResponse{.text = context.api.metrics().render() +
                                       outbox_families(gauges.outbox) + run_families(gauges.runs) +
                                       context.api.metrics().render_sign_ins(),
                               .content_type = "text/plain; version=0.0.4; charset=utf-8"};
          },
  });
}

}  // namespace caseaudit::daemon::api
