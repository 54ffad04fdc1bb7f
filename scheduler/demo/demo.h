// A deterministic generator of realistic authorities, used by `caseaudit
// demo-data`, the property tests and the benchmarks.
//
// The same options always give the same Authority (same ids, same values), on
// every platform: it uses its own seeded PRNG, never std::random_device nor
// distribution classes whose output the standard leaves unspecified.
//
// Ids are assigned densely from 1 per entity type, and references between
// entities use those ids, so the result is self-consistent before storage.
#pragma once

#include <cstdint>

#include "scheduler/model.h"

namespace caseaudit {

struct DemoOptions {
  std::uint64_t seed = 1;
  // Defaults model the reference reports (Gloucestershire / Herefordshire):
  int services = 6;
  int teams = 44;
  int auditors = 110;            // trained staff who audit
  int moderators = 27;           // of whom a few are external
  int moderation_capacity = 58;  // total audits a month across internal moderators
  int open_children = 4500;
  int history_months = 12;  // months of past audits before `current`
  Month current{2027, 1};   // the first month without audits
};

// Named sizes for benchmarks and property tests.
DemoOptions demo_size_s(std::uint64_t seed);   // 30 auditors, 10 teams, 1,000 children
DemoOptions demo_size_m(std::uint64_t seed);   // the demo authority (defaults)
DemoOptions demo_size_l(std::uint64_t seed);   // 1,000 auditors, 200 teams, 50,000 children
DemoOptions demo_size_xl(std::uint64_t seed);  // 5,000 auditors, 1,000 teams, 250,000 children

// Precondition: sizes positive and mutually possible (ProgramError otherwise).
Authority generate_demo_authority(const DemoOptions& options);

}  // namespace caseaudit
