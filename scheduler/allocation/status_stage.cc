#include "scheduler/allocation/status_stage.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "scheduler/allocation/flow_network.h"
#include "scheduler/errors.h"

namespace caseaudit {
namespace {

constexpr double kStatusScale = 1000;  // cost of a status's target-th child
constexpr std::int64_t kMostArcsPerStatus = 200;

}  // namespace

std::vector<int> spread_statuses(const std::vector<StatusClass>& classes,
                                 const std::map<LegalStatus, double>& weights, int multiplicity) {
  const int m = multiplicity;
  std::vector<int> result(classes.size(), 0);
  int groups = 0;
  std::int64_t children = 0;
  for (const StatusClass& c : classes) {
    groups = std::max(groups, c.group + 1);
    children += c.units / m;
  }
  if (children == 0) {
    for (std::size_t k = 0; k < classes.size(); ++k) result[k] = classes[k].units;
    return result;
  }
  FlowNetwork network;
  const int source = network.add_node(children);
  const int sink = network.add_node(-children);
  std::vector<std::int64_t> supply(groups, 0);
  for (const StatusClass& c : classes) supply[c.group] += c.units / m;
  std::vector<int> group_node(groups, -1);
  for (int g = 0; g < groups; ++g) {
    if (supply[g] == 0) continue;  // nothing to re-choose
    group_node[g] = network.add_node();
    network.add_arc(source, group_node[g], supply[g], 0);
  }
  std::map<LegalStatus, int> status_node;
  std::map<LegalStatus, std::int64_t> status_room;
  std::vector<int> arc_of(classes.size(), -1);
  for (std::size_t k = 0; k < classes.size(); ++k) {
    const StatusClass& c = classes[k];
    if (group_node[c.group] < 0) continue;
    if (!status_node.count(c.status)) status_node[c.status] = network.add_node();
    const std::int64_t room = c.size - c.units % m;  // children not held by an odd unit
    arc_of[k] = network.add_arc(group_node[c.group], status_node[c.status], room, 0);
    status_room[c.status] += room;
  }
  // Unit arcs up to kMostArcsPerStatus a status, then steps of several units
  // at the cost of their middle unit: still convex, and small at XL.
  const std::int64_t step = std::max<std::int64_t>(1, children / kMostArcsPerStatus);
  for (const auto& [status, node] : status_node) {
    const auto weight = weights.find(status);
    const double share = weight == weights.end() ? 0 : weight->second;
    const double target = std::max(0.25, share * static_cast<double>(children));
    const std::int64_t most = std::min(status_room[status], children);
    for (std::int64_t from = 0; from < most; from += step) {
      const std::int64_t width = std::min(step, most - from);
      const double middle = static_cast<double>(from) + static_cast<double>(width + 1) / 2;
      network.add_arc(node, sink, width, std::llround(kStatusScale * middle / target));
    }
  }
  const FlowSolution solution = network.solve();
  if (!solution.feasible) throw ProgramError("status network has no feasible flow");
  for (std::size_t k = 0; k < classes.size(); ++k) {
    const auto moved = arc_of[k] < 0 ? 0 : static_cast<int>(solution.flow[arc_of[k]]);
    result[k] = classes[k].units % m + m * moved;
  }
  return result;
}

}  // namespace caseaudit
