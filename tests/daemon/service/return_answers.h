// The participation answers and family feedback a test return gives when
// its test is not about them (the service requires them in every return).
#pragma once

#include "daemon/service/audits.h"
#include "scheduler/model.h"

namespace caseaudit::daemon::testing {

inline constexpr AuditParticipation kEveryoneTookPart{.child_seen = Participation::kYes,
                                                      .family = Participation::kYes,
                                                      .worker = Participation::kYes,
                                                      .team_manager = Participation::kYes,
                                                      .iro = Participation::kNotApplicable};

// `submission` with everyone taking part and the family contacted.
inline Submission answered(Submission submission) {
  submission.participation = kEveryoneTookPart;
  submission.family_feedback = FamilyFeedback::kContacted;
  return submission;
}

}  // namespace caseaudit::daemon::testing
