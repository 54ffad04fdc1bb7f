// The participation answers and family feedback of a test return's JSON body
// when its test is not about them (the service requires them in every
// return): `"{" + grades + ", " + kReturnAnswers + "}"`.
#pragma once

#include <string>

namespace caseaudit::daemon::testing {

inline const std::string kReturnAnswers =
    R"("participation": {"child_seen": "yes", "family": "yes", "worker": "yes", )"
    R"("team_manager": "yes", "iro": "not_applicable"}, "family_feedback": "contacted")";

}  // namespace caseaudit::daemon::testing
