// Values as people write them, for the pages people read (the emailed
// action pages): "Thursday 31 December 2026", "Requires improvement",
// "Child in need". Pure functions; never throw.
#pragma once

#include <date/tz.h>

#include <string>

#include "scheduler/clock.h"
#include "scheduler/model.h"

namespace caseaudit::daemon::web {

std::string date_in_words(Date day);                                 // "Thursday 31 December 2026"
std::string time_in_words(Instant at, const date::time_zone* zone);  // "... 2026 at 09:05"
std::string grade_in_words(Grade grade);                             // "Requires improvement"
std::string legal_status_in_words(LegalStatus status);               // "Child protection"

}  // namespace caseaudit::daemon::web
