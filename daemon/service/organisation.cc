#include "daemon/service/organisation.h"

#include <fmt/format.h>

#include "daemon/service/change_log.h"
#include "daemon/service/org_checks.h"
#include "daemon/service/record_json.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {

namespace {

void require_active_manager(Transaction& tx, const std::optional<Id>& id, std::string_view field) {
  if (!id) return;
  const Staff staff = require_staff(tx, *id, field);
  if (!staff.active) {
    throw RuleViolation(
        fmt::format("{}: {} is not active; a manager must be active staff, who can be reminded",
                    field, staff.name),
        std::string(field));
  }
}

template <typename Record>
void require_unique_name(const std::vector<Record>& records, const Record& record) {
  for (const Record& other : records) {
    if (other.id != record.id && other.name == record.name) {
      throw Conflict(fmt::format("name: \"{}\" is already taken (id {})", record.name, other.id),
                     "name");
    }
  }
}

void apply(Transaction& tx, const ServiceChanges& changes, Service& service) {
  if (changes.name) service.name = checked_name(*changes.name, "name");
  for (auto [key, change, target] :
       {std::tuple{"service_manager_id", &changes.service_manager_id, &service.service_manager_id},
        std::tuple{"head_of_service_id", &changes.head_of_service_id, &service.head_of_service_id},
        std::tuple{"director_id", &changes.director_id, &service.director_id}}) {
    if (*change) {
      *target = **change;
      require_active_manager(tx, *target, key);
    }
  }
  require_unique_name(tx.organisation().load().services, service);
}

void apply(Transaction& tx, const TeamChanges& changes, Team& team) {
  if (changes.name) team.name = checked_name(*changes.name, "name");
  if (changes.service_id)
    team.service_id = require_service(tx, *changes.service_id, "service_id").id;
  if (changes.team_manager_id) {
    team.team_manager_id = *changes.team_manager_id;
    require_active_manager(tx, team.team_manager_id, "team_manager_id");
  }
  require_unique_name(tx.organisation().load().teams, team);
}

}  // namespace

Service create_service(const ServiceContext& context, const ServiceChanges& changes,
                       const Caller& caller) {
  if (!changes.name) throw InputError("name is required", "name");
  return context.store.transact_result<Service>([&](Transaction& tx) {
    Service service;
    apply(tx, changes, service);
    service.id = tx.organisation().insert_service(service);
    log_change(tx, caller, "service.create", "service", std::to_string(service.id), nullptr,
               to_json(service));
    return service;
  });
}

Service update_service(const ServiceContext& context, Id id, const ServiceChanges& changes,
                       const Caller& caller) {
  return context.store.transact_result<Service>([&](Transaction& tx) {
    std::optional<Service> before = tx.organisation().find_service(id);
    if (!before) throw NotFound(fmt::format("no service {}", id), "id");
    Service service = *before;
    apply(tx, changes, service);
    if (service == *before) return service;
    tx.organisation().update_service(service);
    log_change(tx, caller, "service.update", "service", std::to_string(id), to_json(*before),
               to_json(service));
    return service;
  });
}

Team create_team(const ServiceContext& context, const TeamChanges& changes, const Caller& caller) {
  if (!changes.name) throw InputError("name is required", "name");
  if (!changes.service_id) throw InputError("service_id is required", "service_id");
  return context.store.transact_result<Team>([&](Transaction& tx) {
    Team team;
    apply(tx, changes, team);
    team.id = tx.organisation().insert_team(team);
    log_change(tx, caller, "team.create", "team", std::to_string(team.id), nullptr, to_json(team));
    return team;
  });
}

Team update_team(const ServiceContext& context, Id id, const TeamChanges& changes,
                 const Caller& caller) {
  return context.store.transact_result<Team>([&](Transaction& tx) {
    std::optional<Team> before = tx.organisation().find_team(id);
    if (!before) throw NotFound(fmt::format("no team {}", id), "id");
    Team team = *before;
    apply(tx, changes, team);
    if (team == *before) return team;
    tx.organisation().update_team(team);
    log_change(tx, caller, "team.update", "team", std::to_string(id), to_json(*before),
               to_json(team));
    return team;
  });
}

}  // namespace caseaudit::daemon
