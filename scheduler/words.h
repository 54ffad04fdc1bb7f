// Words: the model's values as people write them in emails and pages.
// "Thursday 31 December 2026", "December 2026", "Requires improvement",
// "Child protection", "Head of service", "Extended leave or absence". The
// wording matches the console's (daemon/console/assets/js/format.js).
//
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "scheduler/model.h"
#include "scheduler/month.h"

namespace caseaudit {

// "Thursday 31 December 2026"
std::string date_in_words(Date date);
// "December 2026"
std::string month_in_words(Month month);
// "Requires improvement"
std::string in_words(Grade grade);
// "Child protection"
std::string in_words(LegalStatus status);
// "Head of service"; "IRO / CP chair"
std::string in_words(Role role);
// "Extended leave or absence"
std::string in_words(ExemptionKind kind);
// "The child is safe", "A plan is in place that meets the child's needs", "Another reason".
std::string in_words(ConcernResolution resolution);

}  // namespace caseaudit
