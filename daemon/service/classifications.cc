#include "daemon/service/classifications.h"

#include <fmt/format.h>

#include <algorithm>

#include "daemon/service/change_log.h"
#include "daemon/service/cycle_common.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

// The audit may be classified: graded, Inadequate as it stands, not yet classified.
void check_classifiable(const Audit& audit) {
  const std::optional<Grade> grade = current_grade(audit);
  if (!grade) {
    throw RuleViolation(fmt::format("audit {} is not graded yet: a concern needs a graded audit "
                                    "(submitted or moderated)",
                                    audit.id),
                        "id");
  }
  if (audit.classification) {
    throw Conflict(fmt::format("audit {} is already classified as {}", audit.id,
                               to_string(*audit.classification)),
                   "classification");
  }
  if (*grade != Grade::kInadequate) {
    throw RuleViolation(fmt::format("audit {} is graded {}: only an Inadequate audit is classified "
                                    "(raise a concern from it with POST /v1/concerns instead)",
                                    audit.id, to_string(*grade)),
                        "id");
  }
}

int category_of(Classification classification) {
  return classification == Classification::kCategory1 ? 1 : 2;
}

}  // namespace

std::vector<AuditRow> audits_awaiting_classification(const ServiceContext& services) {
  return services.store.read_result<std::vector<AuditRow>>([](Transaction& tx) {
    std::vector<Audit> awaiting;
    for (const Audit& audit : tx.load_authority().audits) {
      if (awaits_classification(audit)) awaiting.push_back(audit);
    }
    std::stable_sort(awaiting.begin(), awaiting.end(),
                     [](const Audit& a, const Audit& b) { return a.month < b.month; });
    std::vector<AuditRow> rows;
    for (const Audit& audit : awaiting) rows.push_back(audit_row(tx, audit));
    return rows;
  });
}

ClassifiedAudit classify_audit(const ServiceContext& services, const Caller& caller, Id audit_id,
                               const ClassificationDecision& decision) {
  const bool no_concern = decision.classification == Classification::kNoConcern;
  if (no_concern && (!decision.reason || decision.reason->empty())) {
    throw InputError("reason: no concern needs the reason", "reason");
  }
  if (!no_concern && decision.reason) {
    throw InputError(
        "reason: only no concern takes a reason (a case of concern's notes go in its monthly "
        "updates)",
        "reason");
  }
  ClassifiedAudit classified =
      services.store.transact_result<ClassifiedAudit>([&](Transaction& tx) {
        const Audit before = require_audit(tx, audit_id);
        check_classifiable(before);
        ClassifiedAudit result;
        if (no_concern) {
          Audit after = before;
          after.classification = Classification::kNoConcern;
          after.classification_reason = decision.reason;
          tx.allocation().update_audit(after);
          log_change(tx, caller, "audit.classify", "audit", std::to_string(audit_id),
                     to_json(before), to_json(after));
        } else {
          // Raising it classifies the audit, with its own change-log row.
          result.concern =
              raise_concern_in(services, tx, caller,
                               NewConcern{.audit_id = audit_id,
                                          .category = category_of(decision.classification),
                                          .raised_on = decision.raised_on});
        }
        result.row = audit_row(tx, require_audit(tx, audit_id));
        return result;
      });
  if (decision.classification == Classification::kCategory1 && services.wake_reminders) {
    services.wake_reminders();
  }
  return classified;
}

}  // namespace caseaudit::daemon
