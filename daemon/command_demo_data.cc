#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdint>
#include <ostream>

#include "daemon/command_line.h"
#include "daemon/commands.h"
#include "daemon/database_setup.h"
#include "daemon/exit_codes.h"
#include "scheduler/demo.h"

namespace auditd::daemon {
namespace {

std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw UsageError(fmt::format("demo-data: --seed: \"{}\" is not a whole number", text));
  }
  return seed;
}

// Imports the demo authority unless there is staff already; true if it did.
// The check and the import share one transaction, so two concurrent runs
// cannot both import.
bool import_unless_present(db::Database& database, std::uint64_t seed) {
  return database.store().transact_result<bool>([seed](Transaction& tx) {
    if (!tx.load_authority().staff.empty()) return false;
    db::import_authority(tx, generate_demo_authority(demo_size_m(seed)));
    return true;
  });
}

}  // namespace

Command demo_data_command() {
  return {
      .name = "demo-data",
      .synopsis = "[--seed N]",
      .summary = "migrate, then load a generated demo authority into an empty database",
      .run =
          [](CommandContext& context) {
            std::uint64_t seed = 1;
            if (auto text = context.args().take_option("--seed")) seed = parse_seed(*text);
            context.args().expect_no_more();
            auto database = open_database(context.config());
            migrate_database(*database);
            if (!import_unless_present(*database, seed)) {
              context.out() << "the database already has staff; demo data not loaded "
                               "(existing data kept)\n";
              return kExitOk;
            }
            spdlog::info("demo authority (seed {}) loaded into {}", seed,
                         database->url().redacted());
            context.out() << fmt::format("demo authority (seed {}) loaded\n", seed);
            return kExitOk;
          },
  };
}

}  // namespace auditd::daemon
