// Exemptions: GET /v1/exemptions, POST /v1/exemptions, DELETE
// /v1/exemptions/{id}. docs/api/organisation.md.
//
// An exemption can come after its month was allocated. Then the person's
// audits of the covered months that are still only allocated (not yet
// submitted) are withdrawn as AllocationService::withdraw does: the child
// goes to another available auditor or back to the pool. The exemption, the
// withdrawals and their change-log rows are one transaction, so a failure
// leaves the person neither exempt nor withdrawn. Submitted work is kept:
// the response lists it so the coordinator can decide.
//
// Deleting an exemption does not re-allocate what it withdrew: the next
// commit of the month adds an audit for the person if they are available.
#include <fmt/format.h>

#include <algorithm>

#include "daemon/service/record_json.h"
#include "daemon/api/org_checks.h"
#include "daemon/api/resources.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

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

// Reads the body into an exemption, checking what needs no database.
Exemption read_exemption(JsonFields& fields) {
  Exemption e;
  e.staff_id = fields.required_integer("staff_id");
  e.kind = parse_exemption_kind(fields.required_string("kind"), "kind");
  std::optional<Month> first = fields.month("first_month");
  if (!first) throw InputError("first_month is required", "first_month");
  e.first_month = *first;
  e.last_month = fields.nullable_month("last_month").value_or(std::nullopt);
  // Kept exactly as typed: it is the coordinator's words, not a key.
  e.reason = fields.required_string("reason");
  checked_name(e.reason, "reason");
  e.authorised_by = fields.nullable_integer("authorised_by").value_or(std::nullopt);
  fields.finish();
  if (e.kind == ExemptionKind::kSingleMonth) {
    if (!e.authorised_by) {
      throw InputError(
          "authorised_by: a single-month exemption needs the director who authorised "
          "it",
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
  return e;
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
json::object withdraw_covered(const ApiContext& context, Transaction& tx, const ApiRequest& request,
                              const Exemption& e) {
  const Authority before = tx.load_authority();
  json::array withdrawn, kept;
  for (const Audit& audit : before.audits) {
    if (audit.auditor_id != e.staff_id || !e.covers(audit.month)) continue;
    if (audit.status == AuditStatus::kWithdrawn) continue;
    auto run = std::find_if(before.runs.begin(), before.runs.end(),
                            [&](const AllocationRun& r) { return r.month == audit.month; });
    const bool closed = run != before.runs.end() && run->status == MonthStatus::kClosed;
    if (audit.status != AuditStatus::kAllocated || closed) {
      kept.push_back(json::object{{"audit", to_json(audit)},
                                  {"why", closed ? "its month is closed" : "already submitted"}});
      continue;
    }
    const std::string reason =
        fmt::format("exemption {} ({}): {}", e.id, to_string(e.kind), e.reason);
    WithdrawOutcome outcome =
        context.services.allocation.withdraw_in(tx, audit.id, reason, request.token().name, request.now());
    withdrawn.push_back(json::object{{"audit", to_json(outcome.result.withdrawn)},
                                     {"replacement", to_json(outcome.result.replacement)},
                                     {"explanation", outcome.result.explanation}});
  }
  return json::object{{"withdrawn", std::move(withdrawn)}, {"kept", std::move(kept)}};
}

ApiResponse create_exemption(const ApiContext& context, ApiRequest& request) {
  JsonFields fields = request.json();
  Exemption exemption = read_exemption(fields);
  json::object body;
  context.services.store.transact([&](Transaction& tx) {
    exemption.id = 0;
    check_against_store(tx, exemption);
    exemption.id = tx.organisation().insert_exemption(exemption);
    request.log_change(tx, "exemption.create", "exemption", std::to_string(exemption.id), nullptr,
                       to_json(exemption));
    body = withdraw_covered(context, tx, request, exemption);
  });
  body["exemption"] = to_json(exemption);
  return json_response(std::move(body), 201);
}

ApiResponse list_exemptions(const ApiContext& context, const ApiRequest& request) {
  const std::optional<Month> month = request.query_month("month");
  const std::optional<Id> staff_id = request.query_id("staff_id");
  auto exemptions = context.services.store.read_result<std::vector<Exemption>>([&](Transaction& tx) {
    if (staff_id) require_staff(tx, *staff_id, "staff_id");
    return tx.organisation().load().exemptions;
  });
  std::erase_if(exemptions, [&](const Exemption& e) {
    return (month && !e.covers(*month)) || (staff_id && e.staff_id != *staff_id);
  });
  return json_response(json::object{{"exemptions", to_json_array(exemptions)}});
}

ApiResponse delete_exemption(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  Exemption exemption;
  context.services.store.transact([&](Transaction& tx) {
    std::optional<Exemption> found = tx.organisation().find_exemption(id);
    if (!found) throw NotFound(fmt::format("no exemption {}", id), "id");
    exemption = *found;
    tx.organisation().delete_exemption(id);
    request.log_change(tx, "exemption.delete", "exemption", std::to_string(id), to_json(exemption),
                       nullptr);
  });
  return json_response(json::object{{"deleted", to_json(exemption)}});
}

}  // namespace

void add_exemption_routes(ApiContext& context) {
  Api& api = context.api;
  api.add({.method = "GET",
           .pattern = "/v1/exemptions",
           .access = Access::kRead,
           .query_params = {"month", "staff_id"},
           .handler = [&context](ApiRequest& r) { return list_exemptions(context, r); }});
  api.add({.method = "POST",
           .pattern = "/v1/exemptions",
           .access = Access::kWrite,
           .body = BodyKind::kJson,
           .handler = [&context](ApiRequest& r) { return create_exemption(context, r); }});
  api.add({.method = "DELETE",
           .pattern = "/v1/exemptions/{id}",
           .access = Access::kWrite,
           .handler = [&context](ApiRequest& r) { return delete_exemption(context, r); }});
}

}  // namespace caseaudit::daemon::api
