#include "daemon/commands.h"
#include "daemon/daemon.h"

namespace auditd::daemon {

Command serve_command() {
  return {
      .name = "serve",
      .synopsis = "",
      .summary = "run the daemon (the default): migrate, serve HTTP, run the schedule",
      .run =
          [](CommandContext& context) {
            context.args().expect_no_more();
            Daemon daemon(context.config(), context.config_path(), context.environment());
            return daemon.run();
          },
  };
}

}  // namespace auditd::daemon
