#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <ostream>

#include "daemon/allocation_policy.h"
#include "daemon/allocation_report.h"
#include "daemon/allocation_service.h"
#include "daemon/command_line.h"
#include "daemon/commands.h"
#include "daemon/database_setup.h"
#include "daemon/exit_codes.h"
#include "scheduler/calendar.h"

namespace auditd::daemon {
namespace {

std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw UsageError(fmt::format("allocate: --seed: \"{}\" is not a whole number", text), "seed");
  }
  return seed;
}

// Writes the network and returns a line saying where and what its optimum is.
std::string export_dimacs(const AllocationService& service, const AllocationOutcome& outcome,
                          const std::string& path) {
  FlowNetwork network = service.network(outcome);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (file) network.write_dimacs(file);
  file.close();
  if (!file) throw RuntimeFailure(fmt::format("allocate: --export-dimacs: cannot write {}", path));
  return fmt::format(
      "DIMACS network written to {} ({} nodes, {} arcs); min cost flow {} "
      "(check: dimacs-solver -long {})\n",
      path, network.node_count(), network.arc_count(), outcome.result.flow_cost, path);
}

Instant now() { return SystemClock().now(); }

}  // namespace

Command allocate_command() {
  return {
      .name = "allocate",
      .synopsis = "--month YYYY-MM [--dry-run] [--seed N] [--json] [--export-dimacs FILE]",
      .summary = "allocate a month's audits (ensure mode: adds only what is missing)",
      .run =
          [](CommandContext& context) {
            CommandArgs& args = context.args();
            std::optional<std::string> month_text = args.take_option("--month");
            bool dry_run = args.take_flag("--dry-run");
            bool as_json = args.take_flag("--json");
            std::optional<std::string> seed_text = args.take_option("--seed");
            std::optional<std::string> dimacs = args.take_option("--export-dimacs");
            args.expect_no_more();
            if (!month_text) throw UsageError("allocate: --month YYYY-MM is required", "month");
            Month month = Month::parse(*month_text, "--month");
            std::optional<std::uint64_t> seed;
            if (seed_text) seed = parse_seed(*seed_text);

            const Config& config = context.config();
            auto database = open_database(config);
            migrate_database(*database);
            AllocationService service(database->store(), Calendar::england_and_wales(),
                                      allocation_policy(config.allocation),
                                      pairing_policy(config.pairing));
            AllocationOutcome outcome = dry_run ? service.preview(month, seed)
                                                : service.commit(month, seed, cli_actor(), now());
            std::string dimacs_line;
            if (dimacs) dimacs_line = export_dimacs(service, outcome, *dimacs);
            if (as_json) {
              boost::json::value report = allocation_json(outcome);
              if (dimacs) {
                report.as_object()["dimacs"] = {{"file", *dimacs},
                                                {"flow_cost", outcome.result.flow_cost}};
              }
              context.out() << boost::json::serialize(report) << "\n";
            } else {
              context.out() << allocation_text(outcome) << dimacs_line;
            }
            return kExitOk;
          },
  };
}

}  // namespace auditd::daemon
