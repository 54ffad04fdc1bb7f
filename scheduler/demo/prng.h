// Prng: a small seeded pseudo-random generator whose output is fixed by its
// specification (xoshiro256**, seeded through splitmix64 of scheduler/mix.h),
// so that anything generated from a seed is identical on every platform and
// standard library.
// The std:: distributions are deliberately avoided: their output is
// implementation-defined. Not for cryptographic use. Thread-compatible.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "scheduler/errors.h"
#include "scheduler/mix.h"

namespace caseaudit {

class Prng {
 public:
  explicit Prng(std::uint64_t seed) {
    for (auto& word : state_) word = splitmix64_next(seed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound), without modulo bias. Precondition: bound > 0.
  std::uint64_t below(std::uint64_t bound) {
    if (bound == 0) throw ProgramError("Prng::below: bound must be positive");
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t value = next();
      if (value >= threshold) return value % bound;
    }
  }

  // Uniform in [low, high]. Precondition: low <= high.
  int between(int low, int high) {
    if (low > high) throw ProgramError("Prng::between: empty range");
    return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low) + 1));
  }

  // Uniform in [0, 1), with 53 random bits (exact on every IEEE-754 platform).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  bool chance(double probability) { return unit() < probability; }

  // Precondition: !items.empty().
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

  // Fisher-Yates, so the permutation depends only on the seed.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

  // A seed for an independent stream, so that one part of a generator can
  // change without shifting the numbers every other part sees.
  static std::uint64_t derive(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t mixed = seed ^ (stream * kSplitMix64Gamma);
    return splitmix64_next(mixed);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

}  // namespace caseaudit
