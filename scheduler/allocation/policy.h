// Policy: the per-authority settings the allocation and pairing solvers obey.
//
// Plain values with documented defaults; the daemon fills them from its
// configuration so that an authority can change policy without a rebuild.
// Thread-compatible.
#pragma once

#include <map>
#include <vector>

#include "scheduler/model.h"
#include "scheduler/month.h"

namespace caseaudit {

// How the "not your own team" rule applies to a role.
enum class OwnTeamRule {
  kExcludeOwn,   // never a child of a team the auditor is responsible for
  kAllowOwn,     // own teams allowed (Bradford: heads of service, service managers)
  kOwnCaseload,  // only children the auditor is the IRO/CP chair of (Gloucestershire)
};

struct Policy {
  int default_quota = 1;              // audits a month when neither staff nor role sets one
  std::map<Role, int> quota_by_role;  // overrides default_quota; Staff::audit_quota wins
  // Roles not listed use kExcludeOwn. IRO/CP chairs default to their own caseload.
  std::map<Role, OwnTeamRule> own_team_by_role{{Role::kIroCpChair, OwnTeamRule::kOwnCaseload}};
  int team_target = 2;                 // audits per team per month (stretch target)
  int recency_window_months = 12;      // no child re-audited within it where avoidable
  int auditor_team_repeat_months = 6;  // an auditor not sent back to a team within it
  bool looped = false;                 // looped month: every child audited twice
  Date due_date{};                     // due date of the month's audits (set by the calendar)

  // Staff::audit_quota, else quota_by_role, else default_quota.
  int quota_for(const Staff& staff) const;
  OwnTeamRule own_team_rule(Role role) const;
  // Throws InputError naming the setting ("allocation.team_target") when a
  // value makes no sense: quotas < 0, team target < 1, windows < 0.
  void validate() const;
};

struct PairingPolicy {
  std::vector<int> period_months{2, 8};  // months (1..12) in which pairings rotate
  int avoid_periods = 2;  // none of the last N periods' pairings while an alternative exists

  // Throws InputError when period_months is empty or holds a value outside 1..12.
  void validate() const;
  bool is_period_month(Month month) const;
  // The first month of the pairing period containing `month`.
  // Precondition: period_months not empty, values in 1..12 (ProgramError otherwise).
  Month period_of(Month month) const;
  // The first month of the period before the one starting at `period`.
  Month previous_period(Month period) const;
};

}  // namespace caseaudit
