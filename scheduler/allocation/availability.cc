#include "scheduler/allocation/availability.h"

#include <algorithm>

namespace caseaudit {

Availability::Availability(const std::vector<Staff>& staff,
                           const std::vector<Exemption>& exemptions, Month month,
                           const Policy& policy)
    : month_(month), policy_(policy) {
  for (const Exemption& exemption : exemptions) {
    exemptions_[exemption.staff_id].push_back(&exemption);
  }
  for (const Staff& person : staff) {
    if (!unavailable_reason(person)) available_.push_back(person.id);
    if (moderation_capacity(person) > 0) moderators_.push_back(person.id);
  }
  std::sort(available_.begin(), available_.end());
  std::sort(moderators_.begin(), moderators_.end());
}

bool Availability::exempt(Id staff_id, bool for_moderation) const {
  const auto it = exemptions_.find(staff_id);
  if (it == exemptions_.end()) return false;
  for (const Exemption* exemption : it->second) {
    if (!exemption->covers(month_)) continue;
    if (for_moderation && exemption->kind == ExemptionKind::kModerating) continue;
    return true;
  }
  return false;
}

std::optional<std::string> Availability::unavailable_reason(const Staff& staff) const {
  if (!staff.active) return "not active";
  if (!staff.auditor) return "not a trained auditor";
  if (exempt(staff.id, false)) return "exempt this month";
  if (!staff.audit_rota.works_in(month_)) return "bi-monthly auditor, off rota this month";
  if (policy_.quota_for(staff) <= 0) return "audit quota is 0";
  return std::nullopt;
}

int Availability::moderation_capacity(const Staff& staff) const {
  if (!staff.active || staff.external_moderator || staff.moderator_capacity <= 0) return 0;
  if (!staff.moderation_rota.works_in(month_) || exempt(staff.id, true)) return 0;
  return staff.moderator_capacity;
}

}  // namespace caseaudit
