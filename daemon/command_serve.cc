#include <date/tz.h>

#include "daemon/command_line.h"
#include "daemon/commands.h"
#include "daemon/daemon.h"

namespace caseaudit::daemon {

int run_serve(CommandContext& context) {
  const auto now_text = context.args().take_option("--now");
  context.args().expect_no_more();
  std::optional<Instant> start_at;
  if (now_text) {
    start_at = parse_local_instant(*now_text, date::locate_zone(context.config().time.zone),
                                   "serve", "--now");
  }
  Daemon daemon(context.config(), context.config_path(), context.environment(), start_at);
  return daemon.run();
}

}  // namespace caseaudit::daemon
