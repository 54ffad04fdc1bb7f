// FlowNetwork: a min-cost-flow problem as plain data (nodes, arcs with
// capacity and integer cost, node supplies), the one solver the library uses
// (LEMON's NetworkSimplex, chosen by measurement: docs/DEPENDENCIES.md), a
// second one kept for comparison (Boost.Graph successive shortest paths), and
// an export in the DIMACS min-cost-flow format so that an independent solver
// (LEMON's `dimacs-solver`) can check an optimum.
//
// Value type; thread-compatible. Node and arc indexes are dense from 0.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <vector>

namespace caseaudit {

struct FlowArc {
  int from = 0;
  int to = 0;
  std::int64_t capacity = 0;
  std::int64_t cost = 0;
};

struct FlowSolution {
  bool feasible = false;           // every supply could be routed
  std::int64_t total_cost = 0;     // sum of flow * cost
  std::vector<std::int64_t> flow;  // per arc, by arc index
};

class FlowNetwork {
 public:
  int add_node(std::int64_t supply = 0);
  // Precondition: both nodes exist, capacity >= 0 (ProgramError otherwise).
  int add_arc(int from, int to, std::int64_t capacity, std::int64_t cost);
  void add_supply(int node, std::int64_t supply) { supply_[node] += supply; }

  int node_count() const { return static_cast<int>(supply_.size()); }
  int arc_count() const { return static_cast<int>(arcs_.size()); }
  const FlowArc& arc(int index) const { return arcs_[index]; }
  const std::vector<FlowArc>& arcs() const { return arcs_; }
  std::int64_t supply(int node) const { return supply_[node]; }

  // Min-cost flow meeting every supply exactly, by LEMON NetworkSimplex.
  // Deterministic: the same network always gives the same flow.
  FlowSolution solve() const;

  // The same problem by Boost.Graph's successive shortest paths. Precondition:
  // one node with positive supply, one with the opposite demand, all other
  // supplies 0, and nonnegative costs (ProgramError otherwise). Slow on large
  // networks; kept for the benchmark and as a cross-check.
  FlowSolution solve_with_boost() const;

  // DIMACS min-cost-flow format: "p min", "n" (supplies), "a" (lower 0,
  // capacity, cost) lines; nodes numbered from 1.
  void write_dimacs(std::ostream& out) const;

 private:
  std::vector<std::int64_t> supply_;
  std::vector<FlowArc> arcs_;
};

// Sum of flow * cost over the arcs: the cost of any flow on the network.
std::int64_t flow_cost(const FlowNetwork& network, const std::vector<std::int64_t>& flow);

}  // namespace caseaudit
