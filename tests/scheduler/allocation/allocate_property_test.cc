// Properties over many generated authorities: every hard rule holds, the cost
// is the optimum an independent solver finds on the exported network,
// re-solving with the committed audits adds nothing, and withdrawing moves
// exactly one audit.
#include <gtest/gtest.h>

#include <sstream>

#include "scheduler/allocation/allocate.h"
#include "scheduler/allocation/withdraw.h"
#include "scheduler/demo/demo.h"
#include "tests/scheduler/allocation/fixtures.h"

namespace caseaudit {
namespace {

using testing::hard_rule_violations;
using testing::independent_optimum;

Authority with_committed(Authority a, const AllocationResult& result) {
  Id next = 1;
  for (const Audit& audit : a.audits) next = std::max(next, audit.id + 1);
  for (Audit audit : result.audits) {
    audit.id = next++;
    a.audits.push_back(audit);
  }
  return a;
}

void check_authority(const DemoOptions& options, bool looped, bool check_optimum) {
  SCOPED_TRACE("seed " + std::to_string(options.seed) + (looped ? " looped" : ""));
  const Authority authority = generate_demo_authority(options);
  const Month month = options.current;
  Policy policy;
  policy.looped = looped;
  const AllocationResult result = allocate_month(authority, month, policy, options.seed);
  const auto broken = hard_rule_violations(authority, month, policy, result);
  EXPECT_TRUE(broken.empty()) << broken.front();
  ASSERT_GT(result.audits.size(), 0u);
  EXPECT_EQ(
      result.audits.size(),
      static_cast<std::size_t>(result.shortfalls.moderation.external_needed) + [&] {
        std::size_t internal = 0;
        for (const Audit& a : result.audits) internal += a.moderator_id.has_value();
        return internal;
      }());

  if (check_optimum) {
    std::ostringstream dimacs;
    allocation_network(authority, month, policy, options.seed).write_dimacs(dimacs);
    EXPECT_EQ(independent_optimum(dimacs.str()), result.flow_cost);
    if (options.auditors <= 200) {  // successive shortest paths: too slow beyond M
      EXPECT_EQ(
          allocation_network(authority, month, policy, options.seed).solve_with_boost().total_cost,
          result.flow_cost);
    }
  }

  const Authority committed = with_committed(authority, result);
  const AllocationResult again = allocate_month(committed, month, policy, options.seed);
  EXPECT_TRUE(again.audits.empty());
  // The re-run states the month's moderation shortfall as the first run did.
  EXPECT_EQ(again.shortfalls.moderation.external_needed,
            result.shortfalls.moderation.external_needed);
  EXPECT_EQ(again.shortfalls.moderation.fix, result.shortfalls.moderation.fix);

  // A late exemption of the first audit's auditor: only that audit moves.
  Authority late = committed;
  const Audit& target = late.audits[authority.audits.size()];
  late.exemptions.push_back({static_cast<Id>(late.exemptions.size()) + 1000, target.auditor_id,
                             ExemptionKind::kSingleMonth, month, month, "late", 1});
  const WithdrawResult withdrawn = withdraw_audit(late, month, policy, options.seed, target.id);
  EXPECT_EQ(withdrawn.withdrawn.id, target.id);
  if (withdrawn.replacement) {
    EXPECT_EQ(withdrawn.replacement->child_id, target.child_id);
    EXPECT_EQ(withdrawn.replacement->loop_group, target.loop_group);
    AllocationResult moved;
    moved.audits = {*withdrawn.replacement};
    Authority after = late;
    for (Audit& audit : after.audits) {
      if (audit.id == target.id) audit.status = AuditStatus::kWithdrawn;
    }
    const auto broken_after = hard_rule_violations(after, month, policy, moved);
    EXPECT_TRUE(broken_after.empty()) << broken_after.front();
  }
}

TEST(AllocateProperties, SmallAuthorities) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    check_authority(demo_size_s(seed), seed % 5 == 0, seed % 4 == 0);
    if (HasFailure()) return;
  }
}

TEST(AllocateProperties, MediumAuthorities) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed)
    check_authority(demo_size_m(seed), seed == 4, true);
}

TEST(AllocateProperties, SameSeedSameAllocation) {
  const Authority authority = generate_demo_authority(demo_size_m(9));
  const Month month = demo_size_m(9).current;
  const AllocationResult first = allocate_month(authority, month, Policy{}, 42);
  const AllocationResult second = allocate_month(authority, month, Policy{}, 42);
  EXPECT_EQ(first.audits, second.audits);
}

}  // namespace
}  // namespace caseaudit
