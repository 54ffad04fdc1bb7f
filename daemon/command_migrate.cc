#include <ostream>

#include "daemon/commands.h"
#include "daemon/database_setup.h"
#include "daemon/exit_codes.h"

namespace caseaudit::daemon {

int run_migrate(CommandContext& context) {
  context.args().expect_no_more();
  auto database = open_database(context.config());
  int applied = migrate_database(*database);
  context.out() << "applied " << applied << " migration" << (applied == 1 ? "" : "s")
                << "; schema version " << database->schema_status().current << "\n";
  return kExitOk;
}

}  // namespace caseaudit::daemon
