// caseaudit close-month --month YYYY-MM: ends a month's cycle. Audits still not
// submitted become nil returns; the month takes no more allocation and its
// reminders stop.
#include <fmt/format.h>

#include <ostream>

#include "daemon/allocation_policy.h"
#include "daemon/command_line.h"
#include "daemon/commands.h"
#include "daemon/exit_codes.h"
#include "daemon/service/allocation_service.h"
#include "daemon/wiring.h"

namespace caseaudit::daemon {

int run_close_month(CommandContext& context) {
  const auto month_text = context.args().take_option("--month");
  context.args().expect_no_more();
  if (!month_text) throw UsageError("close-month: --month YYYY-MM is required");
  const Month month = Month::parse(*month_text, "--month");
  const Config& config = context.config();
  const SystemClock clock;
  Wiring wiring(config, clock);
  AllocationService& service = wiring.allocation();
  const CloseOutcome outcome = service.close_month(month, cli_actor(), clock.now());
  if (outcome.already_closed) {
    context.out() << fmt::format("{} was already closed; nothing changed\n", month.to_string());
  } else {
    context.out() << fmt::format("closed {}: {} unsubmitted audit(s) recorded as nil returns\n",
                                 month.to_string(), outcome.nil_returns);
  }
  return kExitOk;
}

}  // namespace caseaudit::daemon
