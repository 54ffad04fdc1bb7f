#include "scheduler/allocation/status_stage.h"

#include <gtest/gtest.h>

namespace caseaudit {
namespace {

constexpr auto kNeed = LegalStatus::kChildInNeed;
constexpr auto kProtection = LegalStatus::kChildProtection;

TEST(StatusStage, SpreadsInProportionWithinAGroup) {
  const std::vector<StatusClass> classes{{0, kNeed, 10, 10}, {0, kProtection, 10, 0}};
  EXPECT_EQ(spread_statuses(classes, {{kNeed, 0.7}, {kProtection, 0.3}}, 1),
            (std::vector<int>{7, 3}));
}

TEST(StatusStage, NeverMovesUnitsBetweenGroupsNorBeyondAClass) {
  // Group 0 has only children in need; group 1 has 2 children in protection.
  const std::vector<StatusClass> classes{
      {0, kNeed, 10, 4}, {1, kNeed, 10, 6}, {1, kProtection, 2, 0}};
  EXPECT_EQ(spread_statuses(classes, {{kNeed, 0.5}, {kProtection, 0.5}}, 1),
            (std::vector<int>{4, 4, 2}));
}

TEST(StatusStage, LoopedUnitsMoveInPairsAndOddOnesStay) {
  // 5 units: two children audited twice plus one odd unit that stays put.
  const std::vector<StatusClass> classes{{0, kNeed, 10, 5}, {0, kProtection, 10, 0}};
  EXPECT_EQ(spread_statuses(classes, {{kNeed, 0.5}, {kProtection, 0.5}}, 2),
            (std::vector<int>{3, 2}));
}

}  // namespace
}  // namespace caseaudit
