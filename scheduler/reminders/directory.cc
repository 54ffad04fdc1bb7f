#include "scheduler/reminders/directory.h"

namespace caseaudit {
namespace {

template <typename T>
void index(const std::vector<T>& records, std::unordered_map<Id, const T*>& map) {
  map.reserve(records.size());
  for (const T& record : records) map.emplace(record.id, &record);
}

Role role_of(Rung rung) {
  switch (rung) {
    case Rung::kTeamManager:
      return Role::kTeamManager;
    case Rung::kServiceManager:
      return Role::kServiceManager;
    case Rung::kHeadOfService:
      return Role::kHeadOfService;
    default:
      return Role::kDirector;
  }
}

}  // namespace

Directory::Directory(const Authority& authority) : authority_(authority) {
  index(authority.staff, staff_);
  index(authority.teams, teams_);
  index(authority.services, services_);
  index(authority.children, children_);
  index(authority.audits, audits_);
}

std::optional<Id> Directory::for_team(Id team_id, Rung rung) const {
  const Team* found = team(team_id);
  if (found == nullptr) return std::nullopt;
  if (rung == Rung::kTeamManager) return found->team_manager_id;
  const Service* owner = service(found->service_id);
  if (owner == nullptr) return std::nullopt;
  switch (rung) {
    case Rung::kServiceManager:
      return owner->service_manager_id;
    case Rung::kHeadOfService:
      return owner->head_of_service_id;
    case Rung::kDirector:
      return owner->director_id;
    default:
      return std::nullopt;
  }
}

std::optional<Id> Directory::for_staff(Id staff_id, Rung rung) const {
  const Staff* person = staff(staff_id);
  if (person == nullptr) return std::nullopt;
  if (rung == Rung::kOwner) return staff_id;
  if (rung == Rung::kLineManager) return person->line_manager_id;
  if (person->team_id) {
    if (auto holder = for_team(*person->team_id, rung); holder && *holder != staff_id) {
      return holder;
    }
  }
  return up_the_line(staff_id, role_of(rung));
}

std::optional<Id> Directory::up_the_line(Id staff_id, Role role) const {
  const Staff* person = staff(staff_id);
  // Bounded by the number of staff, so a cycle in bad data cannot hang us.
  for (std::size_t step = 0; person != nullptr && step < staff_.size(); ++step) {
    if (!person->line_manager_id) return std::nullopt;
    person = staff(*person->line_manager_id);
    if (person != nullptr && person->role == role) return person->id;
  }
  return std::nullopt;
}

std::string Directory::name_of(Id staff_id) const {
  const Staff* person = staff(staff_id);
  return person != nullptr ? person->name : "staff #" + std::to_string(staff_id);
}

std::string Directory::team_name(Id team_id) const {
  const Team* found = team(team_id);
  return found != nullptr ? found->name : "team #" + std::to_string(team_id);
}

}  // namespace caseaudit
