// Helpers for the allocation tests: a builder of small hand-made authorities,
// and an independent checker of the hard rules (it re-derives responsibility
// from the model itself, without the solvers' Roster).
#pragma once

#include <string>
#include <vector>

#include "scheduler/allocation/allocate.h"
#include "scheduler/model.h"

namespace caseaudit::testing {

class AuthorityBuilder {
 public:
  Id service(const std::string& name);
  Id team(const std::string& name, Id service_id);
  // An available monthly auditor of `role` in `team` (0 = no team).
  Id auditor(const std::string& name, Role role, Id team_id = 0);
  // An internal monthly moderator with `capacity`, in no team.
  Id moderator(const std::string& name, int capacity);
  Id child(Id team_id, LegalStatus status = LegalStatus::kChildInNeed, bool court = false);
  void audit(Month month, Id child_id, Id auditor_id);
  void pair(Month period, Id auditor_id, Id moderator_id);
  void exempt(Id staff_id, Month month, ExemptionKind kind = ExemptionKind::kSingleMonth);

  Staff& staff(Id id) { return a_.staff[static_cast<std::size_t>(id - 1)]; }
  Team& team_record(Id id) { return a_.teams[static_cast<std::size_t>(id - 1)]; }
  Service& service_record(Id id) { return a_.services[static_cast<std::size_t>(id - 1)]; }
  Child& child_record(Id id) { return a_.children[static_cast<std::size_t>(id - 1)]; }
  const Authority& authority() const { return a_; }
  Authority& mutable_authority() { return a_; }

 private:
  Authority a_;
};

// Every hard rule broken by `result` (empty when none), in words.
std::vector<std::string> hard_rule_violations(const Authority& authority, Month month,
                                              const Policy& policy, const AllocationResult& result);

// The optimum of the DIMACS min-cost-flow problem in `dimacs`, by LEMON's
// CapacityScaling (a different algorithm from the library's NetworkSimplex).
long long independent_optimum(const std::string& dimacs);

}  // namespace caseaudit::testing
