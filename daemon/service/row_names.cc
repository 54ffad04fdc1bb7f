#include "daemon/service/row_names.h"

#include <vector>

namespace caseaudit::daemon {
namespace json = boost::json;

namespace {

template <typename Map, typename Name>
json::value name_or_null(const Map& map, std::optional<Id> id, Name name) {
  if (!id) return nullptr;
  const auto it = map.find(*id);
  if (it == map.end()) return nullptr;
  return json::value(name(it->second));
}

}  // namespace

RowNames::RowNames(const Organisation& organisation)
    : RowNames(organisation.services, organisation.teams, organisation.staff) {}

RowNames::RowNames(const OrganisationNames& names) : RowNames(names.services, names.teams, {}) {
  staff_.reserve(names.staff.size());
  for (const StaffName& person : names.staff) staff_.emplace(person.id, person.name);
}

RowNames::RowNames(const std::vector<Service>& services, const std::vector<Team>& teams,
                   const std::vector<Staff>& staff) {
  staff_.reserve(staff.size());
  for (const Staff& person : staff) staff_.emplace(person.id, person.name);
  for (const Team& team : teams) teams_.emplace(team.id, TeamEntry{team.name, team.service_id});
  for (const Service& service : services) {
    services_.emplace(service.id, ServiceEntry{service.name, service.head_of_service_id});
  }
}

RowNames RowNames::read(Transaction& tx) { return RowNames(tx.organisation().names()); }

json::value RowNames::staff(std::optional<Id> id) const {
  return name_or_null(staff_, id, [](const std::string& name) { return name; });
}

json::value RowNames::team(std::optional<Id> id) const {
  return name_or_null(teams_, id, [](const TeamEntry& team) { return team.name; });
}

json::value RowNames::service(std::optional<Id> id) const {
  return name_or_null(services_, id, [](const ServiceEntry& service) { return service.name; });
}

std::optional<Id> RowNames::service_of(Id team_id) const {
  const auto it = teams_.find(team_id);
  if (it == teams_.end()) return std::nullopt;
  return it->second.service_id;
}

std::optional<Id> RowNames::head_of_service_of(Id team_id) const {
  const std::optional<Id> service_id = service_of(team_id);
  if (!service_id) return std::nullopt;
  const auto it = services_.find(*service_id);
  if (it == services_.end()) return std::nullopt;
  return it->second.head_of_service_id;
}

json::object with_names(const json::object& row, std::initializer_list<NamedField> fields) {
  json::object out;
  out.reserve(row.size() + fields.size());
  std::vector<bool> placed(fields.size(), false);
  auto place_after = [&](std::string_view key) {
    std::size_t i = 0;
    for (const NamedField& named : fields) {
      if (!placed[i] && named.after == key) {
        out[named.field] = named.value;
        placed[i] = true;
      }
      ++i;
    }
  };
  for (const auto& [key, value] : row) {
    bool replaced = false;
    for (const NamedField& named : fields) replaced = replaced || named.field == key;
    if (replaced) continue;
    out[key] = value;
    place_after(key);
  }
  std::size_t i = 0;
  for (const NamedField& named : fields) {
    if (!placed[i++]) out[named.field] = named.value;
  }
  return out;
}

}  // namespace caseaudit::daemon
