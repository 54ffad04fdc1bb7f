// The impact follow-up's answers: some weeks after an audit is moderated the
// auditor and the child's team manager are asked (rule impact_follow_up)
// whether the audit made a difference for the child: yes, partly or no, and
// what changed. The quarterly report counts the answers (issue 12).
//
// Each person answers once per audit. The answer comes from the emailed link
// (daemon/service/action_links.h, as that person) or from a coordinator
// keying it in for them through the API (as the token). Either way one
// transaction stores it with its change-log row "audit.impact_response"; a
// refused answer throws before anything is written, naming the field and the
// rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

// The longest "what changed" kept, in bytes.
inline constexpr std::size_t kMaxWhatChanged = 4000;

struct NewImpactResponse {
  Id audit_id = 0;
  Id staff_id = 0;  // who answers: the audit's auditor or the child's team manager
  ImpactAnswer answer = ImpactAnswer::kNo;
  std::string what_changed;         // required (not blank) for yes and partly
  std::optional<Date> answered_on;  // default: the caller's local day
};

// Stores the answer. NotFound naming "audit_id" / "staff_id"; RuleViolation
// naming "audit_id" unless the audit is moderated, "staff_id" unless they
// are its auditor or the team manager of the child's team, "what_changed"
// when blank for yes or partly or longer than kMaxWhatChanged,
// "answered_on" in the future or before the audit was moderated; Conflict
// naming "staff_id" when that person has answered already.
ImpactResponse record_impact_response(const ServiceContext& services, const Caller& caller,
                                      const NewImpactResponse& response);
// The same inside the caller's transaction (the emailed link's).
ImpactResponse record_impact_response_in(Transaction& tx, const ServiceContext& services,
                                         const Caller& caller, const NewImpactResponse& response);

// The answers about the audits of months `first` to `last`; RuleViolation
// naming "to" when `last` is before `first`.
std::vector<ImpactResponse> impact_responses(const ServiceContext& services, Month first,
                                             Month last);

}  // namespace caseaudit::daemon
