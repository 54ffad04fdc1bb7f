// caseaudit run-due --at YYYY-MM-DDTHH:MM [--deliver]: runs exactly what is due
// at that local instant (for catch-up and for tests) and prints what it put
// in the outbox. Like the daemon's own runs, it is recorded per day, so it
// never sends what the daemon already sent.
#include <date/tz.h>
#include <fmt/format.h>

#include <ostream>

#include "daemon/command_line.h"
#include "daemon/commands.h"
#include "daemon/exit_codes.h"
#include "daemon/notifications.h"
#include "daemon/wiring.h"

namespace caseaudit::daemon {
namespace {

void print_report(const notifier::DueRunReport& report, std::ostream& out) {
  out << fmt::format("reminders for {}: {} urgent item(s), {} daily item(s)\n",
                     format_date(report.today), report.urgent_items, report.daily_items);
  if (!report.daily_pass_ran) out << "daily pass: " << report.daily_pass_note << "\n";
  for (const OutboxMessage& message : report.enqueued) {
    out << fmt::format("  enqueued {:<28} to {} <{}>: {}\n", message.rule, message.recipient_name,
                       message.recipient_email, message.subject);
  }
}

}  // namespace

int run_run_due(CommandContext& context) {
  const auto at_text = context.args().take_option("--at");
  const bool deliver = context.args().take_flag("--deliver");
  context.args().expect_no_more();
  if (!at_text) throw UsageError("run-due: --at YYYY-MM-DDTHH:MM is required");
  const Config& config = context.config();
  FakeClock clock(Instant{});
  Wiring wiring(config, clock);
  Notifications notifications(config, wiring.store(), clock, wiring.calendar());
  const Instant at = parse_local_instant(*at_text, notifications.zone(), "run-due", "--at");
  clock.set(at);
  print_report(notifications.run_due(at), context.out());
  if (deliver) {
    const auto stats = notifications.deliver(10'000);
    context.out() << fmt::format("delivered: {} sent, {} to retry, {} dead\n", stats.sent,
                                 stats.retried, stats.dead);
  }
  return kExitOk;
}

}  // namespace caseaudit::daemon
