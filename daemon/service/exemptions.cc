#include "daemon/service/exemptions.h"

#include <fmt/format.h>

#include <algorithm>

#include "daemon/service/change_log.h"
#include "daemon/service/org_checks.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {

namespace {

bool overlaps(const Exemption& a, const Exemption& b) {
  const bool a_ends_before_b = a.last_month && *a.last_month < b.first_month;
  const bool b_ends_before_a = b.last_month && *b.last_month < a.first_month;
  return !a_ends_before_b && !b_ends_before_a;
}

std::string months_of(const Exemption& e) {
  if (!e.last_month) return e.first_month.to_string() + " onwards";
  if (*e.last_month == e.first_month) return e.first_month.to_string();
  return e.first_month.to_string() + " to " + e.last_month->to_string();
}

// The rules that need no database; fills in a single month's last_month.
void check_draft(Exemption& e) {
  checked_name(e.reason, "reason");
  if (e.kind == ExemptionKind::kSingleMonth) {
    if (!e.authorised_by) {
      throw InputError(
          "authorised_by: a single-month exemption needs the director who authorised it",
          "authorised_by");
    }
    if (!e.last_month) e.last_month = e.first_month;
    if (*e.last_month != e.first_month) {
      throw RuleViolation(
          "last_month: a single-month exemption covers one month; use a standing "
          "kind or one exemption per month",
          "last_month");
    }
  }
  if (e.last_month && *e.last_month < e.first_month) {
    throw InputError("last_month: must not be before first_month", "last_month");
  }
}

void check_against_store(Transaction& tx, const Exemption& e) {
  require_staff(tx, e.staff_id, "staff_id");
  if (e.authorised_by) {
    const Staff authoriser = require_staff(tx, *e.authorised_by, "authorised_by");
    if (e.kind == ExemptionKind::kSingleMonth && authoriser.role != Role::kDirector) {
      throw RuleViolation(fmt::format("authorised_by: a single-month exemption must be authorised "
                                      "by a director; {} is {}",
                                      authoriser.name, to_string(authoriser.role)),
                          "authorised_by");
    }
  }
  for (const Exemption& other : tx.organisation().load().exemptions) {
    if (other.staff_id == e.staff_id && overlaps(other, e)) {
      throw Conflict(fmt::format("first_month: staff member {} already has exemption {} ({}, {})",
                                 e.staff_id, other.id, to_string(other.kind), months_of(other)),
                     "first_month");
    }
  }
}

// Withdraws the person's allocated audits in the covered months of runs not
// yet closed; lists submitted ones as kept.
void withdraw_covered(const ServiceContext& context, Transaction& tx, const Caller& caller,
                      ExemptionCreated& created) {
  const Exemption& e = created.exemption;
  const Authority before = tx.load_authority();
  for (const Audit& audit : before.audits) {
    if (audit.auditor_id != e.staff_id || !e.covers(audit.month)) continue;
    if (audit.status == AuditStatus::kWithdrawn) continue;
    auto run = std::find_if(before.runs.begin(), before.runs.end(),
                            [&](const AllocationRun& r) { return r.month == audit.month; });
    const bool closed = run != before.runs.end() && run->status == MonthStatus::kClosed;
    if (audit.status != AuditStatus::kAllocated || closed) {
      created.kept.push_back({audit, closed ? "its month is closed" : "already submitted"});
      continue;
    }
    const std::string reason =
        fmt::format("exemption {} ({}): {}", e.id, to_string(e.kind), e.reason);
    created.withdrawn.push_back(
        context.allocation.withdraw_in(tx, audit.id, reason, caller.actor, caller.at).result);
  }
}

}  // namespace

ExemptionCreated create_exemption(const ServiceContext& context, Exemption draft,
                                  const Caller& caller) {
  check_draft(draft);
  return context.store.transact_result<ExemptionCreated>([&](Transaction& tx) {
    ExemptionCreated created{.exemption = draft};
    created.exemption.id = 0;
    check_against_store(tx, created.exemption);
    created.exemption.id = tx.organisation().insert_exemption(created.exemption);
    log_change(tx, caller, "exemption.create", "exemption", std::to_string(created.exemption.id),
               nullptr, to_json(created.exemption));
    withdraw_covered(context, tx, caller, created);
    return created;
  });
}

Exemption delete_exemption(const ServiceContext& context, Id id, const Caller& caller) {
  return context.store.transact_result<Exemption>([&](Transaction& tx) {
    std::optional<Exemption> found = tx.organisation().find_exemption(id);
    if (!found) throw NotFound(fmt::format("no exemption {}", id), "id");
    tx.organisation().delete_exemption(id);
    log_change(tx, caller, "exemption.delete", "exemption", std::to_string(id), to_json(*found),
               nullptr);
    return *found;
  });
}

}  // namespace caseaudit::daemon
