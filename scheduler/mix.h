// SplitMix64 (Steele, Lea and Flood, 2014; Vigna's reference splitmix64.c),
// the one definition of it in caseaudit: the solvers break ties with mix(),
// and the demo generator's Prng is seeded through splitmix64_next().
//
// Everything here is fixed by its specification, so a seed gives the same
// numbers on every platform and standard library (allocations recorded with
// a seed can be reproduced). Not for cryptographic use. Pure, constexpr,
// thread-safe.
#pragma once

#include <cstdint>

namespace caseaudit {

// SplitMix64's increment: 2^64 divided by the golden ratio, odd.
inline constexpr std::uint64_t kSplitMix64Gamma = 0x9E3779B97F4A7C15ULL;

// SplitMix64's output function: a bijection of 64-bit words in which every
// input bit affects every output bit.
constexpr std::uint64_t splitmix64_finalize(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// One step of the SplitMix64 generator: advances `state` by the gamma and
// returns the next output. From state 0 the outputs are 0xE220A8397B1DCDAF,
// 0x6E789E6AA1B965F4, ...
constexpr std::uint64_t splitmix64_next(std::uint64_t& state) {
  state += kSplitMix64Gamma;
  return splitmix64_finalize(state);
}

// A seeded pseudo-random key for `value`, for ordering items reproducibly:
// sorting by mix(seed, id) gives an order that looks random, is the same for
// the same seed everywhere, and changes with the seed. It is the (value+1)-th
// output of SplitMix64 started from state `seed`, so distinct values under
// one seed never collide.
constexpr std::uint64_t mix(std::uint64_t seed, std::uint64_t value) {
  return splitmix64_finalize(seed + kSplitMix64Gamma * (value + 1));
}

}  // namespace caseaudit
