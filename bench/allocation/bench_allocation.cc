// bench_allocation: median solve time and peak memory of the monthly
// allocation and the pairing rotation on the generated S, M, L and XL
// authorities, plus LEMON's dimacs-solver and Boost.Graph's successive
// shortest paths on the same exported networks.
//
// Usage: bench_allocation [SIZES] [RUNS]   e.g. bench_allocation S,M,L,XL 5
// Each size runs in its own child process so that its peak RSS is its own.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "scheduler/allocation/allocate.h"
#include "scheduler/allocation/pairing.h"
#include "scheduler/demo/demo.h"

namespace {

using caseaudit::DemoOptions;
using Clock = std::chrono::steady_clock;

double milliseconds(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double median_ms(int runs, const std::function<void()>& work) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    work();
    times.push_back(milliseconds(Clock::now() - start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  pclose(pipe);
  return output;
}

long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

DemoOptions options_for(const std::string& size) {
  if (size == "S") return caseaudit::demo_size_s(1);
  if (size == "M") return caseaudit::demo_size_m(1);
  if (size == "L") return caseaudit::demo_size_l(1);
  return caseaudit::demo_size_xl(1);
}

void bench_size(const std::string& size, int runs) {
  const DemoOptions options = options_for(size);
  const auto generated_at = Clock::now();
  const caseaudit::Authority authority = caseaudit::generate_demo_authority(options);
  const double generate_ms = milliseconds(Clock::now() - generated_at);
  const long rss_before = peak_rss_mib();
  const caseaudit::Policy policy;
  const caseaudit::Month month = options.current;

  caseaudit::AllocationResult result;
  const double solve_ms = median_ms(
      runs, [&] { result = caseaudit::allocate_month(authority, month, policy, options.seed); });
  caseaudit::Policy looped = policy;
  looped.looped = true;
  const double looped_ms =
      median_ms(runs, [&] { caseaudit::allocate_month(authority, month, looped, options.seed); });
  const long rss_after = peak_rss_mib();
  const caseaudit::FlowNetwork network =
      caseaudit::allocation_network(authority, month, policy, options.seed);
  const double simplex_ms = median_ms(runs, [&] { network.solve(); });
  // Boost's successive shortest paths is too slow for XL (see docs/DEPENDENCIES.md).
  const bool small = size == "S" || size == "M";
  const double boost_ms =
      size == "XL" ? -1 : median_ms(small ? runs : 1, [&] { network.solve_with_boost(); });

  const std::string path = "/tmp/bench_allocation_" + size + ".dimacs";
  {
    std::ofstream out(path);
    network.write_dimacs(out);
  }
  // The independent check: LEMON's dimacs-solver as a separate process.
  const std::string command = "dimacs-solver -long " + path + " /dev/null 2>&1";
  std::string report;
  const double dimacs_ms = median_ms(std::min(runs, 3), [&] { report = run(command); });
  const std::string cost_line = "Min flow cost: ";
  const auto at = report.find(cost_line);
  const long long dimacs_cost =
      at == std::string::npos ? -1 : std::atoll(report.c_str() + at + cost_line.size());

  const caseaudit::PairingPolicy pairing_policy;
  const caseaudit::Month period = pairing_policy.period_of(month).plus(6);
  const double pairing_ms = median_ms(runs, [&] {
    caseaudit::rotate_pairings(authority, pairing_policy.period_of(period), pairing_policy, 1);
  });

  std::printf(
      "%-2s auditors=%d teams=%d children=%d | network %d nodes %d arcs | allocate median "
      "%.1f ms (looped month %.1f ms; NetworkSimplex alone %.1f ms; Boost SSP %s; dimacs-solver "
      "process %.1f ms, cost "
      "%lld %s) | "
      "pairing %.1f ms | peak RSS %ld MiB after generation, %ld MiB after solving | audits "
      "%zu, external %d, flow cost %lld | generate %.0f ms\n",
      size.c_str(), options.auditors, options.teams, options.open_children, network.node_count(),
      network.arc_count(), solve_ms, looped_ms, simplex_ms,
      boost_ms < 0 ? "skipped" : (std::to_string(boost_ms) + " ms").c_str(), dimacs_ms, dimacs_cost,
      dimacs_cost == result.flow_cost ? "= ours" : "DIFFERS from ours", pairing_ms, rss_before,
      rss_after, result.audits.size(), result.shortfalls.moderation.external_needed,
      static_cast<long long>(result.flow_cost), generate_ms);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string sizes = argc > 1 ? argv[1] : "S,M,L,XL";
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::size_t from = 0;
  while (from <= sizes.size()) {
    const std::size_t comma = std::min(sizes.find(',', from), sizes.size());
    const std::string size = sizes.substr(from, comma - from);
    from = comma + 1;
    if (size.empty()) continue;
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
      bench_size(size, runs);
      std::_Exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "size %s failed\n", size.c_str());
      return 1;
    }
  }
  return 0;
}
