// The status stage of the monthly allocation (goal 5: legal statuses roughly
// in proportion): a small min-cost flow that re-chooses the legal statuses of
// the audits the first flow placed, within groups of classes that differ
// only in legal status, so that no other goal or rule is touched.
//
// Pure and deterministic; thread-compatible.
#pragma once

#include <map>
#include <vector>

#include "scheduler/model.h"

namespace caseaudit {

// One child class as the status stage sees it.
struct StatusClass {
  int group = 0;  // dense from 0; classes of a group differ only in legal status
  LegalStatus status = LegalStatus::kChildInNeed;
  int size = 0;   // children in the class
  int units = 0;  // audits the first flow put into it
};

// The new number of audits per class. Each group keeps its total; units move
// between a group's classes only in multiples of `multiplicity` (2 in a
// looped month: a child's two audits move together), and a class never gets
// more than multiplicity x size. The k-th child of a status costs k / target,
// target = weights[status] x children this month (convex), which spreads the
// statuses in proportion to `weights` (shares summing to 1) as far as the
// groups allow.
std::vector<int> spread_statuses(const std::vector<StatusClass>& classes,
                                 const std::map<LegalStatus, double>& weights, int multiplicity);

}  // namespace caseaudit
