#include "daemon/service/impact.h"

#include <fmt/format.h>

#include "daemon/service/change_log.h"
#include "daemon/service/cycle_common.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"
#include "scheduler/words.h"

namespace caseaudit::daemon {
namespace {

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

void check_answer_text(const NewImpactResponse& response) {
  if (response.what_changed.size() > kMaxWhatChanged) {
    throw RuleViolation(fmt::format("what_changed: {} characters long; at most {} are kept",
                                    response.what_changed.size(), kMaxWhatChanged),
                        "what_changed");
  }
  if (response.answer != ImpactAnswer::kNo && blank(response.what_changed)) {
    throw RuleViolation(
        "what_changed: say what changed for the child, since the audit made a difference (yes "
        "or partly)",
        "what_changed");
  }
}

// The child's team manager, if the team has one.
std::optional<Id> team_manager_of(Transaction& tx, const Audit& audit) {
  const std::optional<Child> child = tx.caseload().find_child(audit.child_id);
  if (!child) return std::nullopt;
  const std::optional<Team> team = tx.organisation().find_team(child->team_id);
  return team ? team->team_manager_id : std::nullopt;
}

void check_who(Transaction& tx, const Audit& audit, Id staff_id) {
  const std::optional<Staff> person = tx.organisation().find_staff(staff_id);
  if (!person) throw NotFound(fmt::format("no staff member {}", staff_id), "staff_id");
  if (staff_id != audit.auditor_id && team_manager_of(tx, audit) != staff_id) {
    throw RuleViolation(fmt::format("{} is neither the audit's auditor nor the team manager of "
                                    "the child's team: only they answer its impact follow-up",
                                    person->name),
                        "staff_id");
  }
  for (const ImpactResponse& existing : tx.follow_up().impact_responses_for_audit(audit.id)) {
    if (existing.staff_id == staff_id) {
      throw Conflict(fmt::format("{} answered the impact follow-up of audit {} on {}", person->name,
                                 audit.id, date_in_words(existing.answered_on)),
                     "staff_id");
    }
  }
}

}  // namespace

ImpactResponse record_impact_response_in(Transaction& tx, const ServiceContext& services,
                                         const Caller& caller, const NewImpactResponse& response) {
  check_answer_text(response);
  const Date today = local_day(services, caller);
  const Date on = response.answered_on.value_or(today);
  if (on > today) {
    throw RuleViolation(fmt::format("answered_on {} is in the future", format_date(on)),
                        "answered_on");
  }
  const std::optional<Audit> audit = tx.allocation().find_audit(response.audit_id);
  if (!audit) throw NotFound(fmt::format("no audit {}", response.audit_id), "audit_id");
  if (audit->status != AuditStatus::kModerated || !audit->moderated_on) {
    throw RuleViolation(fmt::format("audit {} is {}: the impact follow-up asks about a "
                                    "moderated audit",
                                    audit->id, to_string(audit->status)),
                        "audit_id");
  }
  if (on < *audit->moderated_on) {
    throw RuleViolation(fmt::format("answered_on {} is before the audit was moderated ({})",
                                    format_date(on), format_date(*audit->moderated_on)),
                        "answered_on");
  }
  check_who(tx, *audit, response.staff_id);
  ImpactResponse stored{.audit_id = audit->id,
                        .staff_id = response.staff_id,
                        .answer = response.answer,
                        .what_changed = response.what_changed,
                        .answered_on = on};
  stored.id = tx.follow_up().insert_impact_response(stored);
  log_change(tx, caller, "audit.impact_response", "audit", std::to_string(audit->id), nullptr,
             to_json(stored));
  return stored;
}

ImpactResponse record_impact_response(const ServiceContext& services, const Caller& caller,
                                      const NewImpactResponse& response) {
  return services.store.transact_result<ImpactResponse>(
      [&](Transaction& tx) { return record_impact_response_in(tx, services, caller, response); });
}

std::vector<ImpactResponse> impact_responses(const ServiceContext& services, Month first,
                                             Month last) {
  if (last < first) {
    throw RuleViolation(fmt::format("to {} is before from {}", last.to_string(), first.to_string()),
                        "to");
  }
  return services.store.read_result<std::vector<ImpactResponse>>(
      [&](Transaction& tx) { return tx.follow_up().impact_responses_for_months(first, last); });
}

}  // namespace caseaudit::daemon
