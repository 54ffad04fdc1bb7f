#include "daemon/service/pairings.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "daemon/service/change_log.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

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

const Staff& staff_or_404(const Authority& authority, Id staff_id, const char* field) {
  const auto found = std::find_if(authority.staff.begin(), authority.staff.end(),
                                  [staff_id](const Staff& x) { return x.id == staff_id; });
  if (found == authority.staff.end()) {
    throw NotFound(fmt::format("{}: no staff member {}", field, staff_id), field);
  }
  return *found;
}

}  // namespace

std::string staff_name(const std::vector<Staff>& staff, Id staff_id) {
  const auto found = std::find_if(staff.begin(), staff.end(),
                                  [staff_id](const Staff& s) { return s.id == staff_id; });
  return found == staff.end() ? fmt::format("staff {}", staff_id) : found->name;
}

NamedPairing change_pairing(const ServiceContext& services, const Caller& caller, Id pairing_id,
                            Id moderator_id, const std::string& reason) {
  return services.store.transact_result<NamedPairing>([&](Transaction& tx) {
    // The store has no find_pairing(id); a manual change is rare enough to
    // read the authority for it (which the capacity check needs anyway).
    const Authority authority = tx.load_authority();
    const auto& pairings = authority.pairings;
    const auto found = std::find_if(pairings.begin(), pairings.end(),
                                    [pairing_id](const Pairing& p) { return p.id == pairing_id; });
    if (found == pairings.end()) {
      throw NotFound(fmt::format("pairing {} does not exist", pairing_id), "id");
    }
    const Staff& moderator = staff_or_404(authority, moderator_id, "moderator_id");
    check_moderator(authority, *found, staff_or_404(authority, found->auditor_id, "auditor_id"),
                    moderator);
    Pairing after = *found;
    after.moderator_id = moderator_id;
    after.reason = reason;
    tx.allocation().update_pairing(after);
    log_change(tx, caller, "pairing.update", "pairing", std::to_string(pairing_id), to_json(*found),
               to_json(after));
    return NamedPairing{.pairing = after,
                        .auditor = staff_name(authority.staff, after.auditor_id),
                        .moderator = staff_name(authority.staff, after.moderator_id)};
  });
}

}  // namespace caseaudit::daemon
