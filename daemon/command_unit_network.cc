#include <ostream>

#include "daemon/commands.h"
#include "daemon/exit_codes.h"
#include "daemon/network_allowlist.h"

namespace caseaudit::daemon {

int run_unit_network(CommandContext& context) {
  context.args().expect_no_more();
  const Config& config = context.config();
  context.out() << render_network_dropin(network_allowlist(config), config.source.string());
  return kExitOk;
}

}  // namespace caseaudit::daemon
