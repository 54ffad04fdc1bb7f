#include "scheduler/allocation/team_ranges.h"

namespace caseaudit {

TeamRanges::TeamRanges(FlowNetwork& network, const std::vector<int>& leaves, Direction direction,
                       std::int64_t capacity)
    : leaves_(static_cast<int>(leaves.size())) {
  while (width_ < leaves_) width_ *= 2;
  node_of_.assign(2 * width_, -1);
  for (int i = 0; i < leaves_; ++i) node_of_[width_ + i] = leaves[i];
  for (int segment = width_ - 1; segment >= 1; --segment) {
    const int left = node_of_[2 * segment], right = node_of_[2 * segment + 1];
    if (left < 0 && right < 0) continue;
    // A segment with a single child is that child: no node, no arc.
    if (left < 0 || right < 0) {
      node_of_[segment] = left < 0 ? right : left;
      continue;
    }
    const int node = network.add_node();
    node_of_[segment] = node;
    for (const int child : {left, right}) {
      if (direction == Direction::kDown) {
        network.add_arc(node, child, capacity, 0);
      } else {
        network.add_arc(child, node, capacity, 0);
      }
    }
  }
}

std::vector<int> TeamRanges::cover_all_but(const std::vector<int>& excluded) const {
  std::vector<int> out;
  int from = 0;
  for (const int skip : excluded) {
    if (from < skip) cover(1, 0, width_, from, skip, out);
    from = skip + 1;
  }
  if (from < leaves_) cover(1, 0, width_, from, leaves_, out);
  return out;
}

void TeamRanges::cover(int segment, int low, int high, int from, int to,
                       std::vector<int>& out) const {
  if (to <= low || high <= from || node_of_[segment] < 0) return;
  if (from <= low && high <= to) {
    out.push_back(node_of_[segment]);
    return;
  }
  const int middle = (low + high) / 2;
  cover(2 * segment, low, middle, from, to, out);
  cover(2 * segment + 1, middle, high, from, to, out);
}

}  // namespace caseaudit
