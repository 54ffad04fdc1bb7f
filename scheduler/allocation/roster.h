// Roster: an Authority indexed for the solvers of one month: who is available,
// who is responsible for which team, who may audit or moderate whom, and the
// audit history the soft goals read.
//
// Holds a reference to the Authority, which must outlive it and not change
// meanwhile. Immutable after construction, so safe to share between threads.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "scheduler/allocation/availability.h"
#include "scheduler/allocation/policy.h"
#include "scheduler/model.h"

namespace caseaudit {

class Roster {
 public:
  Roster(const Authority& authority, Month month, const Policy& policy);

  const Authority& authority() const { return authority_; }
  Month month() const { return month_; }
  const Policy& policy() const { return policy_; }

  // Precondition for the accessors: the id exists (ProgramError otherwise).
  const Staff& staff(Id id) const;
  const Team& team(Id id) const;
  const Child& child(Id id) const;
  bool has_staff(Id id) const { return staff_.count(id) != 0; }
  bool has_child(Id id) const { return children_.count(id) != 0; }

  // Teams the person is directly responsible for: their own team, the
  // responsible_team_ids, teams they manage, and the teams of services they
  // manage or head.
  const std::set<Id>& responsible_teams(Id staff_id) const;
  bool responsible_for(Id staff_id, Id team_id) const;

  // Availability this month, as Availability answers it.
  std::optional<std::string> unavailable_reason(const Staff& staff) const {
    return availability_.unavailable_reason(staff);
  }
  const std::vector<Id>& available_auditors() const { return availability_.available_auditors(); }
  int moderation_capacity(const Staff& staff) const {
    return availability_.moderation_capacity(staff);
  }
  const std::vector<Id>& moderators() const { return availability_.moderators(); }

  // The hard "not your own team" rule, as the role's policy applies it.
  bool may_audit(const Staff& auditor, const Child& child) const;
  // The hard moderation rule: not their own audit, not a child of their team.
  bool may_moderate(const Staff& moderator, Id auditor_id, const Child& child) const;

  // The auditor's moderator in the latest pairing period that started on or
  // before the month, if paired.
  std::optional<Id> paired_moderator(Id auditor_id) const;

  // History before the month (withdrawn audits ignored).
  std::optional<Month> last_audited(Id child_id) const;
  std::optional<Month> last_audit_of_team_by(Id auditor_id, Id team_id) const;
  // Teams the auditor audited within policy.auditor_team_repeat_months.
  std::vector<Id> teams_audited_recently(Id auditor_id) const;

 private:
  void index_responsibility();
  void index_history();

  const Authority& authority_;
  Month month_;
  Policy policy_;
  Availability availability_;
  std::unordered_map<Id, const Staff*> staff_;
  std::unordered_map<Id, const Team*> teams_;
  std::unordered_map<Id, const Child*> children_;
  std::unordered_map<Id, std::set<Id>> responsible_;
  std::unordered_map<Id, Month> child_last_audit_;
  std::unordered_map<Id, std::unordered_map<Id, Month>> auditor_team_last_;
  std::unordered_map<Id, Id> paired_;
};

}  // namespace caseaudit
