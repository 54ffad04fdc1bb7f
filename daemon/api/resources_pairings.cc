// Auditor-moderator pairings: the period's pairings, the six-monthly rotation
// (preview and commit) and a coordinator's manual change.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "daemon/allocation_report.h"
#include "daemon/api/cycle_common.h"
#include "daemon/service/record_json.h"
#include "daemon/api/resources.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

// The first month of the period containing ?period= (any month of it), or
// today's.
Month requested_period(const ApiContext& context, const ApiRequest& request) {
  const Month month =
      request.query_month("period").value_or(Month::of(local_today(context, request)));
  return context.services.allocation.pairing_policy().period_of(month);
}

std::string name_of(const std::vector<Staff>& staff, Id staff_id) {
  const auto found = std::find_if(staff.begin(), staff.end(),
                                  [staff_id](const Staff& s) { return s.id == staff_id; });
  return found == staff.end() ? fmt::format("staff {}", staff_id) : found->name;
}

json::object pairing_json(const Pairing& pairing, const std::vector<Staff>& staff) {
  json::object out = to_json(pairing).as_object();
  out["auditor"] = name_of(staff, pairing.auditor_id);
  out["moderator"] = name_of(staff, pairing.moderator_id);
  return out;
}

ApiResponse list_pairings(const ApiContext& context, ApiRequest& request) {
  const Month period = requested_period(context, request);
  return context.services.store.read_result<ApiResponse>([&](Transaction& tx) {
    const Organisation organisation = tx.organisation().load();
    json::array pairings;
    for (const Pairing& pairing : tx.allocation().pairings_for(period)) {
      pairings.push_back(pairing_json(pairing, organisation.staff));
    }
    return json_response(
        json::object{{"period", period.to_string()}, {"pairings", std::move(pairings)}});
  });
}

ApiResponse rotate(const ApiContext& context, ApiRequest& request) {
  std::optional<Month> period = request.query_month("period");
  if (!period) throw InputError("period is required (a rotation month, YYYY-MM)", "period");
  const RotationOutcome outcome = context.services.allocation.rotate_pairings(
      *period, request.token().name, request.now(), request.flag("dry_run"));
  return json_response(rotation_json(outcome));
}

// Monthly auditors count 2 half-units, bi-monthly ones 1; a moderator holds
// 2 x capacity, 1 x when moderating bi-monthly: the rotation's own measure
// (scheduler/allocation/pairing.h).
int auditor_half_load(const Staff& auditor) {
  return auditor.audit_rota.cadence == Cadence::kMonthly ? 2 : 1;
}
int moderator_half_capacity(const Staff& moderator) {
  return moderator.moderator_capacity *
         (moderator.moderation_rota.cadence == Cadence::kMonthly ? 2 : 1);
}

// A pairing's moderator must be able to take the auditor: RuleViolation
// naming "moderator_id" in words otherwise.
void check_moderator(const Authority& authority, const Pairing& pairing, const Staff& auditor,
                     const Staff& moderator) {
  auto refuse = [](const std::string& why) { throw RuleViolation(why, "moderator_id"); };
  if (moderator.id == auditor.id) refuse(moderator.name + " cannot moderate their own audits");
  if (!moderator.active) refuse(moderator.name + " is not active");
  if (moderator.external_moderator || moderator.moderator_capacity <= 0) {
    refuse(moderator.name + " is not an internal moderator (no moderation capacity)");
  }
  std::unordered_map<Id, const Staff*> staff;
  for (const Staff& s : authority.staff) staff.emplace(s.id, &s);
  int load = auditor_half_load(auditor);
  for (const Pairing& other : authority.pairings) {
    if (other.period != pairing.period || other.moderator_id != moderator.id ||
        other.auditor_id == pairing.auditor_id) {
      continue;
    }
    if (auto found = staff.find(other.auditor_id); found != staff.end()) {
      load += auditor_half_load(*found->second);
    }
  }
  if (load > moderator_half_capacity(moderator)) {
    refuse(fmt::format(
        "{}'s paired auditors would exceed their capacity ({} audits a month; {} half-audits "
        "paired with this one, of {})",
        moderator.name, moderator.moderator_capacity, load, moderator_half_capacity(moderator)));
  }
}

ApiResponse change_pairing(const ApiContext& context, ApiRequest& request) {
  const Id id = request.path_id("id");
  JsonFields fields = request.json();
  const Id moderator_id = fields.required_id("moderator_id");
  const std::string reason = fields.required_text("reason");
  fields.finish();
  return context.services.store.transact_result<ApiResponse>([&](Transaction& tx) {
    // The store has no find_pairing(id); a manual change is rare enough to
    // read the authority for it (which the capacity check needs anyway).
    const Authority authority = tx.load_authority();
    const auto& pairings = authority.pairings;
    const auto found = std::find_if(pairings.begin(), pairings.end(),
                                    [id](const Pairing& p) { return p.id == id; });
    if (found == pairings.end()) {
      throw NotFound(fmt::format("pairing {} does not exist", id), "id");
    }
    auto staff = [&](Id staff_id, const char* field) -> const Staff& {
      const auto s = std::find_if(authority.staff.begin(), authority.staff.end(),
                                  [staff_id](const Staff& x) { return x.id == staff_id; });
      if (s == authority.staff.end()) {
        throw NotFound(fmt::format("{}: no staff member {}", field, staff_id), field);
      }
      return *s;
    };
    const Staff& moderator = staff(moderator_id, "moderator_id");
    check_moderator(authority, *found, staff(found->auditor_id, "auditor_id"), moderator);
    Pairing after = *found;
    after.moderator_id = moderator_id;
    after.reason = reason;
    tx.allocation().update_pairing(after);
    request.log_change(tx, "pairing.update", "pairing", std::to_string(id), to_json(*found),
                       to_json(after));
    return json_response(pairing_json(after, authority.staff));
  });
}

}  // namespace

void add_pairing_routes(ApiContext& context) {
  // Handlers hold a copy of the context (references and a function): the
  // caller's ApiContext need not outlive the routes.
  context.api.add({
      .method = "GET",
      .pattern = "/v1/pairings",
      .access = Access::kRead,
      .query_params = {"period"},
      .handler = [context](ApiRequest& request) { return list_pairings(context, request); },
  });
  context.api.add({
      .method = "POST",
      .pattern = "/v1/pairings/rotation",
      .access = Access::kWrite,
      .query_params = {"period", "dry_run"},
      .handler = [context](ApiRequest& request) { return rotate(context, request); },
  });
  context.api.add({
      .method = "PATCH",
      .pattern = "/v1/pairings/{id}",
      .access = Access::kWrite,
      .body = BodyKind::kJson,
      .handler = [context](ApiRequest& request) { return change_pairing(context, request); },
  });
}

}  // namespace caseaudit::daemon::api
