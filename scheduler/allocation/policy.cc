#include "scheduler/allocation/policy.h"

#include <algorithm>
#include <string>

#include "scheduler/errors.h"

namespace caseaudit {

int Policy::quota_for(const Staff& staff) const {
  if (staff.audit_quota) return *staff.audit_quota;
  const auto it = quota_by_role.find(staff.role);
  return it == quota_by_role.end() ? default_quota : it->second;
}

OwnTeamRule Policy::own_team_rule(Role role) const {
  const auto it = own_team_by_role.find(role);
  return it == own_team_by_role.end() ? OwnTeamRule::kExcludeOwn : it->second;
}

void Policy::validate() const {
  const auto require = [](bool ok, const std::string& setting, const std::string& rule) {
    if (!ok) throw InputError(setting + " " + rule, setting);
  };
  require(default_quota >= 0, "allocation.default_quota", "must be 0 or more");
  for (const auto& [role, quota] : quota_by_role) {
    require(quota >= 0, "allocation.quota_by_role." + std::string(to_string(role)),
            "must be 0 or more");
  }
  require(team_target >= 1, "allocation.team_target", "must be at least 1");
  require(recency_window_months >= 0, "allocation.recency_window_months", "must be 0 or more");
  require(auditor_team_repeat_months >= 0, "allocation.auditor_team_repeat_months",
          "must be 0 or more");
}

void PairingPolicy::validate() const {
  if (period_months.empty()) {
    throw InputError("pairing.period_months must name at least one month", "pairing.period_months");
  }
  for (const int month : period_months) {
    if (month < 1 || month > 12) {
      throw InputError("pairing.period_months: " + std::to_string(month) + " is not a month 1..12",
                       "pairing.period_months");
    }
  }
}

bool PairingPolicy::is_period_month(Month month) const {
  return std::find(period_months.begin(), period_months.end(), month.month()) !=
         period_months.end();
}

Month PairingPolicy::period_of(Month month) const {
  if (period_months.empty()) throw ProgramError("PairingPolicy: no period months");
  for (int back = 0; back < 12; ++back) {
    const Month candidate = month.plus(-back);
    if (is_period_month(candidate)) return candidate;
  }
  throw ProgramError("PairingPolicy: period months outside 1..12");
}

Month PairingPolicy::previous_period(Month period) const { return period_of(period.prev()); }

}  // namespace caseaudit
