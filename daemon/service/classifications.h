// Classifying Inadequate audits (DOMAIN.md: an audit graded Inadequate
// raises the child as a case of concern). An audit whose grade as it stands
// is Inadequate awaits classification (awaits_classification in
// scheduler/model.h); the rule classification_request asks its moderator and
// the head of service (scheduler/reminders/rules.h), and it stays on the
// coordinator's list until it is classified: category 1, category 2 (each
// raising the case of concern through raise_concern_in), or no concern with
// the reason.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "daemon/service/caller.h"
#include "daemon/service/concerns.h"
#include "daemon/service/context.h"
#include "daemon/service/month_audit_rows.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

// The audits awaiting classification, oldest month first, with their
// child's case reference, team and the names (AuditRow). Reads only.
std::vector<AuditRow> audits_awaiting_classification(const ServiceContext& services);

struct ClassificationDecision {
  Classification classification = Classification::kCategory2;
  std::optional<std::string> reason;  // required for no concern, and only for it
  std::optional<Date> raised_on;      // the concern's day; default: the caller's local day
};

struct ClassifiedAudit {
  AuditRow row;
  std::optional<RaisedConcern> concern;  // set for category 1 and 2
};

// One transaction: classifies the audit. NotFound naming "id"; RuleViolation
// naming "id" when the audit has no grade yet (a concern needs a graded
// audit) or its grade is not Inadequate; Conflict naming "classification"
// when it is already classified; InputError naming "reason" for no concern
// without one, or a category with one (before any read). Category 1 or 2 raises the concern
// (raise_concern_in: its rules, its emails, its "concern.raise" row; a category 2 on a child with
// an open category 1 says so in concern->open_category_1), which classifies the audit; no concern
// stores the reason. Logs "audit.classify". Wakes the reminders after the commit for a category 1.
ClassifiedAudit classify_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                               const ClassificationDecision& decision);

}  // namespace caseaudit::daemon
