// Exemptions: a member of staff is not to be allocated audits in some months.
//
// Rules: the person exists; a person's exemptions never overlap; a
// single-month exemption covers exactly one month and is authorised by a
// director; the reason is not empty; last_month is not before first_month.
//
// An exemption can come after its month was allocated. Then the person's
// audits of the covered months that are still only allocated (not yet
// submitted, month not closed) are withdrawn as AllocationService::withdraw
// does: the child goes to another available auditor or back to the pool.
// The exemption, the withdrawals and their change-log rows are one
// transaction, so a failure leaves the person neither exempt nor withdrawn.
// Submitted work is kept and listed so the coordinator can decide.
//
// Deleting an exemption does not re-allocate what it withdrew: the next
// commit of the month adds an audit for the person if they are available.
//
// Errors name the field: InputError (bad value), NotFound (unknown staff or
// exemption), Conflict (overlap, field "first_month"), RuleViolation (a
// single-month rule). When an operation throws, nothing was written.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/allocation/withdraw.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

// An audit the new exemption left in place, and why.
struct KeptAudit {
  Audit audit;
  std::string why;  // "already submitted", "its month is closed"
};

struct ExemptionCreated {
  Exemption exemption;                    // as stored
  std::vector<WithdrawResult> withdrawn;  // ids as stored
  std::vector<KeptAudit> kept;
};

// Stores `draft` (its id ignored; a single-month one without last_month gets
// last_month = first_month) with "exemption.create", then withdraws what it
// covers ("audit.withdraw" rows, as AllocationService::withdraw_in writes).
ExemptionCreated create_exemption(const ServiceContext& context, Exemption draft,
                                  const Caller& caller);

// Deletes exemption `id` (NotFound "id") with "exemption.delete"; returns it.
Exemption delete_exemption(const ServiceContext& context, Id id, const Caller& caller);

}  // namespace caseaudit::daemon
