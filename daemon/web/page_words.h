// An instant as people write it, for the pages people read (the emailed
// action pages): "Thursday 31 December 2026 at 09:05" in the authority's
// zone. Dates, grades and legal statuses in words are scheduler/words.h's,
// shared with the emails. Pure; never throws.
#pragma once

#include <date/tz.h>

#include <string>

#include "scheduler/clock.h"

namespace caseaudit::daemon::web {

std::string time_in_words(Instant at, const date::time_zone* zone);  // "... 2026 at 09:05"

}  // namespace caseaudit::daemon::web
