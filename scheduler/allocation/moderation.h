// The moderation stage of the monthly allocation: a second min-cost flow that
// gives each new audit a moderator (docs/allocation.md).
//
// Pure and deterministic; thread-compatible.
#pragma once

#include <cstdint>
#include <vector>

#include "scheduler/allocation/allocate.h"
#include "scheduler/allocation/roster.h"

namespace caseaudit {

struct ModerationOutcome {
  ModerationShortfall shortfall;
  std::int64_t cost = 0;
};

// Sets moderator_id or needs_external_moderation on every audit of `audits`
// and appends "Moderator: ..." to its explanation. The paired moderator while
// they have capacity, else the internal moderator with most spare capacity the
// flow finds, else external. Capacity already used by `committed` (the month's
// audits with a moderator) counts. The shortfall is the month's: the new
// audits left to external moderation plus the committed ones already flagged
// needs_external_moderation, so a re-run or a dry run of a committed month
// states the shortfall its commit did. Precondition: the audits' children and
// auditors exist in the roster.
ModerationOutcome assign_moderators(const Roster& roster, const std::vector<Audit>& committed,
                                    std::vector<Audit>& audits);

}  // namespace caseaudit
