// TeamRanges: a segment tree of flow nodes over the teams, so that a node can
// reach "every team except a few" through O(k log n) arcs instead of n: the
// key to keeping the allocation network small at 1,000 teams and 5,000
// auditors (see docs/allocation.md).
//
// Not copyable; the nodes and arcs it adds belong to the FlowNetwork.
#pragma once

#include <cstdint>
#include <vector>

#include "scheduler/allocation/flow_network.h"

namespace caseaudit {

class TeamRanges {
 public:
  enum class Direction {
    kDown,  // flow enters a segment and leaves through any of its leaves
    kUp,    // flow enters at a leaf and leaves through any segment holding it
  };

  // `leaves[i]` is the existing flow node of team index i. Adds the segment
  // nodes and uncosted arcs of capacity `capacity` between them.
  TeamRanges(FlowNetwork& network, const std::vector<int>& leaves, Direction direction,
             std::int64_t capacity);
  TeamRanges(const TeamRanges&) = delete;
  TeamRanges& operator=(const TeamRanges&) = delete;

  // The fewest segment nodes whose leaves are exactly the team indexes not in
  // `excluded` (which must be sorted and unique).
  std::vector<int> cover_all_but(const std::vector<int>& excluded) const;

 private:
  void cover(int segment, int low, int high, int from, int to, std::vector<int>& out) const;

  int leaves_ = 0;
  int width_ = 1;             // a power of two >= leaves_
  std::vector<int> node_of_;  // segment index (1-based heap order) -> flow node or -1
};

}  // namespace caseaudit
