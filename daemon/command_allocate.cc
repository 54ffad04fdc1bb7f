#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <vector>

#include "daemon/allocation_policy.h"
#include "daemon/allocation_report.h"
#include "daemon/command_line.h"
#include "daemon/commands.h"
#include "daemon/exit_codes.h"
#include "daemon/service/allocation_service.h"
#include "daemon/service/months.h"
#include "daemon/wiring.h"
#include "scheduler/calendar.h"

namespace caseaudit::daemon {
namespace {

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

// --pin AUDITOR_EMAIL=CASE_REFERENCE (repeatable), all with one --reason.
std::vector<PinRequest> take_pins(CommandArgs& args) {
  std::vector<std::string> texts;
  while (std::optional<std::string> text = args.take_option("--pin")) texts.push_back(*text);
  std::optional<std::string> reason = args.take_option("--reason");
  if (texts.empty()) {
    if (reason) throw UsageError("allocate: --reason is only for --pin", "reason");
    return {};
  }
  if (!reason || reason->empty()) {
    throw UsageError("allocate: --pin needs --reason TEXT (why the coordinator pinned it)",
                     "reason");
  }
  std::vector<PinRequest> pins;
  for (const std::string& text : texts) {
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
      throw UsageError(
          fmt::format("allocate: --pin: \"{}\" is not AUDITOR_EMAIL=CASE_REFERENCE", text), "pin");
    }
    pins.push_back({.auditor_email = text.substr(0, equals),
                    .case_reference = text.substr(equals + 1),
                    .reason = *reason});
  }
  return pins;
}

// --looped / --not-looped: the month's mode, set before its commit.
std::optional<bool> take_looped(CommandArgs& args) {
  const bool looped = args.take_flag("--looped");
  const bool not_looped = args.take_flag("--not-looped");
  if (looped && not_looped) {
    throw UsageError("allocate: --looped and --not-looped contradict each other", "looped");
  }
  if (looped || not_looped) return looped;
  return std::nullopt;
}

}  // namespace

int run_allocate(CommandContext& context) {
  CommandArgs& args = context.args();
  std::optional<std::string> month_text = args.take_option("--month");
  bool dry_run = args.take_flag("--dry-run");
  bool as_json = args.take_flag("--json");
  const std::optional<std::uint64_t> seed = args.take_unsigned("--seed");
  std::optional<std::string> dimacs = args.take_option("--export-dimacs");
  std::vector<PinRequest> pins = take_pins(args);
  const std::optional<bool> looped = take_looped(args);
  args.expect_no_more();
  if (!month_text) throw UsageError("allocate: --month YYYY-MM is required", "month");
  Month month = Month::parse(*month_text, "--month");

  const Config& config = context.config();
  const SystemClock clock;
  Wiring wiring(config, clock);
  AllocationService& service = wiring.allocation();
  // A commit stores the mode first (change-logged); a dry run only previews it.
  if (looped && !dry_run) {
    set_month_looped(wiring.services(), Caller{.actor = cli_actor(), .at = clock.now()}, month,
                     *looped);
  }
  AllocationOutcome outcome = dry_run ? service.preview(month, seed, pins, looped)
                                      : service.commit(month, seed, cli_actor(), clock.now(), pins);
  std::string dimacs_line;
  if (dimacs) dimacs_line = export_dimacs(service, outcome, *dimacs);
  if (as_json) {
    boost::json::value report = allocation_json(outcome);
    if (dimacs) {
      report.as_object()["dimacs"] = {{"file", *dimacs}, {"flow_cost", outcome.result.flow_cost}};
    }
    context.out() << boost::json::serialize(report) << "\n";
  } else {
    context.out() << allocation_text(outcome) << dimacs_line;
  }
  return kExitOk;
}

}  // namespace caseaudit::daemon
