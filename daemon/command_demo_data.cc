#include <date/tz.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdint>
#include <ostream>

#include "daemon/command_line.h"
#include "daemon/commands.h"
#include "daemon/database_setup.h"
#include "daemon/exit_codes.h"
#include "scheduler/calendar.h"
#include "scheduler/clock.h"
#include "scheduler/demo/demo.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

// Imports the demo authority unless there is staff already; true if it did.
// The check and the import share one transaction, so two concurrent runs
// cannot both import.
bool import_unless_present(db::Database& database, const DemoOptions& options) {
  return database.store().transact_result<bool>([&options](Transaction& tx) {
    if (!tx.load_authority().staff.empty()) return false;
    db::import_authority(tx, generate_demo_authority(options));
    return true;
  });
}

// The demo is built around this month (its history ends the month before),
// so a daemon started on it allocates the month and chases at once.
Month this_month(const Config& config) {
  const LocalTime now = to_local(SystemClock().now(), date::locate_zone(config.time.zone));
  return Month::of(now.date);
}

}  // namespace

int run_demo_data(CommandContext& context) {
  const std::uint64_t seed = context.args().take_unsigned("--seed").value_or(1);
  const auto month_text = context.args().take_option("--month");
  // m: the demo authority; l: 1,000 auditors (the benchmarks' size L).
  const std::string size = context.args().take_option("--size").value_or("m");
  // Months of past audits (default 12; 60 for the reports' benchmark).
  const std::optional<std::uint64_t> history = context.args().take_unsigned("--history-months");
  context.args().expect_no_more();
  if (size != "m" && size != "l") {
    throw InputError("--size: expected m or l, got \"" + size + "\"", "--size");
  }
  if (history && (*history < 1 || *history > 120)) {
    throw InputError("--history-months: expected 1 to 120", "--history-months");
  }
  DemoOptions options = size == "l" ? demo_size_l(seed) : demo_size_m(seed);
  if (history) options.history_months = static_cast<int>(*history);
  options.current =
      month_text ? Month::parse(*month_text, "--month") : this_month(context.config());
  auto database = open_database(context.config());
  migrate_database(*database);
  if (!import_unless_present(*database, options)) {
    context.out() << "the database already has staff; demo data not loaded "
                     "(existing data kept)\n";
    return kExitOk;
  }
  database->analyze();
  spdlog::info("demo authority (seed {}, current month {}) loaded into {}", seed,
               options.current.to_string(), database->url().redacted());
  context.out() << fmt::format(
      "demo authority (seed {}) loaded: history to {}, {} to be allocated\n", seed,
      options.current.prev().to_string(), options.current.to_string());
  return kExitOk;
}

}  // namespace caseaudit::daemon
