#include <ostream>

#include "daemon/commands.h"
#include "daemon/config_print.h"
#include "daemon/exit_codes.h"

namespace caseaudit::daemon {

Command check_config_command() {
  return {
      .name = "check-config",
      .synopsis = "",
      .summary = "validate the configuration and print it, secrets redacted",
      .run =
          [](CommandContext& context) {
            context.args().expect_no_more();
            context.out() << render_config(context.config());
            return kExitOk;
          },
  };
}

}  // namespace caseaudit::daemon
