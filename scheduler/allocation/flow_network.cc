#include "scheduler/allocation/flow_network.h"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
#include <ostream>

#include "scheduler/errors.h"

namespace caseaudit {

int FlowNetwork::add_node(std::int64_t supply) {
  supply_.push_back(supply);
  return node_count() - 1;
}

int FlowNetwork::add_arc(int from, int to, std::int64_t capacity, std::int64_t cost) {
  if (from < 0 || to < 0 || from >= node_count() || to >= node_count() || capacity < 0) {
    throw ProgramError("FlowNetwork::add_arc: bad node or capacity");
  }
  arcs_.push_back({from, to, capacity, cost});
  return arc_count() - 1;
}

FlowSolution FlowNetwork::solve() const {
  lemon::SmartDigraph graph;
  graph.reserveNode(node_count());
  graph.reserveArc(arc_count());
  for (int i = 0; i < node_count(); ++i) graph.addNode();
  for (const FlowArc& arc : arcs_)
    graph.addArc(graph.nodeFromId(arc.from), graph.nodeFromId(arc.to));
  lemon::SmartDigraph::ArcMap<std::int64_t> capacity(graph), cost(graph);
  lemon::SmartDigraph::NodeMap<std::int64_t> supply(graph);
  for (int i = 0; i < arc_count(); ++i) {
    capacity[graph.arcFromId(i)] = arcs_[i].capacity;
    cost[graph.arcFromId(i)] = arcs_[i].cost;
  }
  for (int i = 0; i < node_count(); ++i) supply[graph.nodeFromId(i)] = supply_[i];

  lemon::NetworkSimplex<lemon::SmartDigraph, std::int64_t, std::int64_t> simplex(graph);
  simplex.upperMap(capacity).costMap(cost).supplyMap(supply);
  FlowSolution solution;
  solution.feasible = simplex.run() == decltype(simplex)::OPTIMAL;
  if (!solution.feasible) return solution;
  solution.flow.resize(arc_count());
  for (int i = 0; i < arc_count(); ++i) solution.flow[i] = simplex.flow(graph.arcFromId(i));
  solution.total_cost = flow_cost(*this, solution.flow);
  return solution;
}

FlowSolution FlowNetwork::solve_with_boost() const {
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using Graph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<
          boost::edge_capacity_t, std::int64_t,
          boost::property<boost::edge_residual_capacity_t, std::int64_t,
                          boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                          boost::property<boost::edge_weight_t, double>>>>>;
  int source = -1, sink = -1;
  for (int i = 0; i < node_count(); ++i) {
    if (supply_[i] > 0 && source < 0) {
      source = i;
    } else if (supply_[i] < 0 && sink < 0) {
      sink = i;
    } else if (supply_[i] != 0) {
      throw ProgramError("solve_with_boost: more than one source or sink");
    }
  }
  if (source < 0 || sink < 0) throw ProgramError("solve_with_boost: no source or sink");

  Graph graph(node_count());
  auto capacity = get(boost::edge_capacity, graph);
  auto reverse = get(boost::edge_reverse, graph);
  auto weight = get(boost::edge_weight, graph);
  std::vector<Traits::edge_descriptor> forward;
  forward.reserve(arcs_.size());
  for (const FlowArc& arc : arcs_) {
    if (arc.cost < 0) throw ProgramError("solve_with_boost: negative cost");
    const auto there = add_edge(arc.from, arc.to, graph).first;
    const auto back = add_edge(arc.to, arc.from, graph).first;
    capacity[there] = arc.capacity;
    capacity[back] = 0;
    weight[there] = static_cast<double>(arc.cost);
    weight[back] = -static_cast<double>(arc.cost);
    reverse[there] = back;
    reverse[back] = there;
    forward.push_back(there);
  }
  // Costs as double: Boost adds the distances of unreachable vertices
  // (numeric max) to the potentials, which overflows a signed integer type;
  // doubles saturate to infinity instead. Costs stay far below 2^53, so exact.
  boost::successive_shortest_path_nonnegative_weights(graph, source, sink);

  auto residual = get(boost::edge_residual_capacity, graph);
  FlowSolution solution;
  solution.flow.resize(arcs_.size());
  std::int64_t routed = 0;
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    solution.flow[i] = capacity[forward[i]] - residual[forward[i]];
    if (arcs_[i].from == source) routed += solution.flow[i];
    if (arcs_[i].to == source) routed -= solution.flow[i];
  }
  solution.feasible = routed == supply_[source];
  solution.total_cost = flow_cost(*this, solution.flow);
  return solution;
}

void FlowNetwork::write_dimacs(std::ostream& out) const {
  out << "c caseaudit min-cost-flow network\n";
  out << "p min " << node_count() << ' ' << arc_count() << '\n';
  for (int i = 0; i < node_count(); ++i) {
    if (supply_[i] != 0) out << "n " << i + 1 << ' ' << supply_[i] << '\n';
  }
  for (const FlowArc& arc : arcs_) {
    out << "a " << arc.from + 1 << ' ' << arc.to + 1 << " 0 " << arc.capacity << ' ' << arc.cost
        << '\n';
  }
}

std::int64_t flow_cost(const FlowNetwork& network, const std::vector<std::int64_t>& flow) {
  std::int64_t total = 0;
  for (int i = 0; i < network.arc_count(); ++i) total += flow[i] * network.arc(i).cost;
  return total;
}

}  // namespace caseaudit
