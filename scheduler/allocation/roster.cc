#include "scheduler/allocation/roster.h"

#include <algorithm>

#include "scheduler/errors.h"

namespace caseaudit {
namespace {

template <typename T>
void index_by_id(const std::vector<T>& items, std::unordered_map<Id, const T*>& index) {
  index.reserve(items.size());
  for (const T& item : items) index.emplace(item.id, &item);
}

template <typename T>
const T& lookup(const std::unordered_map<Id, const T*>& index, Id id, const char* what) {
  const auto it = index.find(id);
  if (it == index.end()) throw ProgramError(std::string("Roster: unknown ") + what);
  return *it->second;
}

}  // namespace

Roster::Roster(const Authority& authority, Month month, const Policy& policy)
    : authority_(authority),
      month_(month),
      policy_(policy),
      availability_(authority.staff, authority.exemptions, month, policy) {
  index_by_id(authority.staff, staff_);
  index_by_id(authority.teams, teams_);
  index_by_id(authority.children, children_);
  index_responsibility();
  index_history();
}

const Staff& Roster::staff(Id id) const { return lookup(staff_, id, "staff"); }
const Team& Roster::team(Id id) const { return lookup(teams_, id, "team"); }
const Child& Roster::child(Id id) const { return lookup(children_, id, "child"); }

void Roster::index_responsibility() {
  for (const Staff& person : authority_.staff) {
    auto& teams = responsible_[person.id];
    if (person.team_id) teams.insert(*person.team_id);
    teams.insert(person.responsible_team_ids.begin(), person.responsible_team_ids.end());
  }
  std::unordered_map<Id, const Service*> services;
  index_by_id(authority_.services, services);
  for (const Team& team : authority_.teams) {
    if (team.team_manager_id) responsible_[*team.team_manager_id].insert(team.id);
    const auto service = services.find(team.service_id);
    if (service == services.end()) continue;
    for (const auto& manager :
         {service->second->service_manager_id, service->second->head_of_service_id}) {
      if (manager) responsible_[*manager].insert(team.id);
    }
  }
}

void Roster::index_history() {
  const Month repeat_start = month_.plus(-policy_.auditor_team_repeat_months);
  for (const Audit& audit : authority_.audits) {
    if (audit.status == AuditStatus::kWithdrawn || !(audit.month < month_)) continue;
    auto [it, fresh] = child_last_audit_.emplace(audit.child_id, audit.month);
    if (!fresh && it->second < audit.month) it->second = audit.month;
    const auto child = children_.find(audit.child_id);
    if (child == children_.end() || audit.month < repeat_start) continue;
    auto& last = auditor_team_last_[audit.auditor_id];
    auto [team_it, team_fresh] = last.emplace(child->second->team_id, audit.month);
    if (!team_fresh && team_it->second < audit.month) team_it->second = audit.month;
  }
  std::optional<Month> period;
  for (const Pairing& pairing : authority_.pairings) {
    if (pairing.period <= month_ && (!period || *period < pairing.period)) period = pairing.period;
  }
  for (const Pairing& pairing : authority_.pairings) {
    if (period && pairing.period == *period) paired_[pairing.auditor_id] = pairing.moderator_id;
  }
}

const std::set<Id>& Roster::responsible_teams(Id staff_id) const {
  static const std::set<Id> kNone;
  const auto it = responsible_.find(staff_id);
  return it == responsible_.end() ? kNone : it->second;
}

bool Roster::responsible_for(Id staff_id, Id team_id) const {
  return responsible_teams(staff_id).count(team_id) != 0;
}

bool Roster::may_audit(const Staff& auditor, const Child& child) const {
  switch (policy_.own_team_rule(auditor.role)) {
    case OwnTeamRule::kAllowOwn:
      return true;
    case OwnTeamRule::kOwnCaseload:
      return child.iro_id && *child.iro_id == auditor.id;
    case OwnTeamRule::kExcludeOwn:
      break;
  }
  return !responsible_for(auditor.id, child.team_id);
}

bool Roster::may_moderate(const Staff& moderator, Id auditor_id, const Child& child) const {
  return moderator.id != auditor_id && !responsible_for(moderator.id, child.team_id);
}

std::optional<Id> Roster::paired_moderator(Id auditor_id) const {
  const auto it = paired_.find(auditor_id);
  if (it == paired_.end()) return std::nullopt;
  return it->second;
}

std::optional<Month> Roster::last_audited(Id child_id) const {
  const auto it = child_last_audit_.find(child_id);
  if (it == child_last_audit_.end()) return std::nullopt;
  return it->second;
}

std::optional<Month> Roster::last_audit_of_team_by(Id auditor_id, Id team_id) const {
  const auto it = auditor_team_last_.find(auditor_id);
  if (it == auditor_team_last_.end()) return std::nullopt;
  const auto team = it->second.find(team_id);
  if (team == it->second.end()) return std::nullopt;
  return team->second;
}

std::vector<Id> Roster::teams_audited_recently(Id auditor_id) const {
  std::vector<Id> teams;
  const auto it = auditor_team_last_.find(auditor_id);
  if (it == auditor_team_last_.end()) return teams;
  for (const auto& [team, last] : it->second) teams.push_back(team);
  std::sort(teams.begin(), teams.end());
  return teams;
}

}  // namespace caseaudit
