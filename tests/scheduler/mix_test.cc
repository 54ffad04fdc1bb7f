#include "scheduler/mix.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>

namespace caseaudit {
namespace {

// The reference outputs of Vigna's splitmix64.c: the solvers' tie-breaking
// and the demo generator depend on these exact numbers.
TEST(MixTest, SplitMix64MatchesTheReferenceOutputs) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64_next(state), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(splitmix64_next(state), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(splitmix64_next(state), 0x06C45D188009454FULL);
  EXPECT_EQ(state, 3 * kSplitMix64Gamma);
  state = 1234567;
  EXPECT_EQ(splitmix64_next(state), 6457827717110365317ULL);
}

TEST(MixTest, MixIsTheValuePlusOnethOutputOfSplitMix64FromTheSeed) {
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 0xFFFFFFFFFFFFFFFFULL}) {
    std::uint64_t state = seed;
    for (std::uint64_t value = 0; value < 100; ++value) {
      EXPECT_EQ(mix(seed, value), splitmix64_next(state)) << seed << " " << value;
    }
  }
  static_assert(mix(0, 0) == 0xE220A8397B1DCDAFULL);
}

TEST(MixTest, DistinctValuesUnderOneSeedNeverCollide) {
  std::set<std::uint64_t> keys;
  for (std::uint64_t value = 0; value < 10000; ++value) keys.insert(mix(7, value));
  EXPECT_EQ(keys.size(), 10000u);
  EXPECT_NE(mix(7, 1), mix(8, 1));
}

}  // namespace
}  // namespace caseaudit
