#include <fmt/format.h>

#include <boost/json.hpp>
#include <ostream>

#include "daemon/allocation_policy.h"
#include "daemon/allocation_report.h"
#include "daemon/command_line.h"
#include "daemon/commands.h"
#include "daemon/exit_codes.h"
#include "daemon/service/allocation_service.h"
#include "daemon/wiring.h"
#include "scheduler/calendar.h"

namespace caseaudit::daemon {

int run_pairings_rotate(CommandContext& context) {
  CommandArgs& args = context.args();
  std::optional<std::string> period_text = args.take_option("--period");
  bool dry_run = args.take_flag("--dry-run");
  bool as_json = args.take_flag("--json");
  args.expect_no_more();
  if (!period_text) {
    throw UsageError("pairings rotate: --period YYYY-MM is required", "period");
  }
  const Config& config = context.config();
  PairingPolicy policy = pairing_policy(config.pairing);
  Month period = rotation_period(policy, Month::parse(*period_text, "--period"), "--period");
  const SystemClock clock;
  Wiring wiring(config, clock);
  RotationOutcome outcome =
      wiring.allocation().rotate_pairings(period, cli_actor(), clock.now(), dry_run);
  if (as_json) {
    context.out() << boost::json::serialize(rotation_json(outcome)) << "\n";
  } else {
    context.out() << rotation_text(outcome);
  }
  return kExitOk;
}

}  // namespace caseaudit::daemon
