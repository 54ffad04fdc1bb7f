#include <ostream>

#include "daemon/commands.h"
#include "daemon/exit_codes.h"
#include "daemon/network_allowlist.h"

namespace caseaudit::daemon {

Command unit_network_command() {
  return {
      .name = "unit-network",
      .synopsis = "",
      .summary =
          "print the systemd drop-in that lets the unit reach the configured database and "
          "SMTP hosts (IPAddressAllow=)",
      .run =
          [](CommandContext& context) {
            context.args().expect_no_more();
            const Config& config = context.config();
            context.out() << render_network_dropin(network_allowlist(config),
                                                   config.source.string());
            return kExitOk;
          },
  };
}

}  // namespace caseaudit::daemon
