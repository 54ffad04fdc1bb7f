#include <fmt/format.h>

#include <ostream>

#include "daemon/commands.h"
#include "daemon/exit_codes.h"
#include "daemon/version.h"
#include "db/database.h"

namespace caseaudit::daemon {

int run_version(CommandContext& context) {
  context.args().expect_no_more();
  context.out() << fmt::format("caseaudit {} (database schema {})\n", kVersion,
                               db::latest_schema_version());
  return kExitOk;
}

}  // namespace caseaudit::daemon
