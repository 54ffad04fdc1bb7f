// Services and teams: creating them and changing their fields.
//
// Managers named on a service (service manager, head of service, director)
// or a team (team manager) receive reminders and escalations, so each must be
// an active member of staff. Names are unique among services, and among
// teams.
//
// Every operation runs in one transaction of `context.store` with its
// change-log row (actor and time from `caller`); when it throws, nothing was
// written. Errors name the field: InputError for a bad value, NotFound for
// an unknown id, Conflict for a name already taken, RuleViolation for an
// inactive manager.
#pragma once

#include <optional>
#include <string>

#include "daemon/service/caller.h"
#include "daemon/service/context.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {

// The fields to set; nullopt leaves a field as it is. For the manager ids,
// an inner nullopt clears the manager.
struct ServiceChanges {
  std::optional<std::string> name;  // trimmed, non-empty
  std::optional<std::optional<Id>> service_manager_id;
  std::optional<std::optional<Id>> head_of_service_id;
  std::optional<std::optional<Id>> director_id;
};

struct TeamChanges {
  std::optional<std::string> name;  // trimmed, non-empty
  std::optional<Id> service_id;
  std::optional<std::optional<Id>> team_manager_id;
};

// A new service from `changes`, whose name is required (InputError "name").
// Writes "service.create". Returns the stored service.
Service create_service(const ServiceContext& context, const ServiceChanges& changes,
                       const Caller& caller);
// Applies `changes` to service `id` (NotFound "id"). Writes "service.update"
// unless nothing changes. Returns the service as stored after.
Service update_service(const ServiceContext& context, Id id, const ServiceChanges& changes,
                       const Caller& caller);

// A new team: name and service_id are required (InputError naming them).
// Writes "team.create".
Team create_team(const ServiceContext& context, const TeamChanges& changes, const Caller& caller);
// Applies `changes` to team `id` (NotFound "id"). Writes "team.update"
// unless nothing changes.
Team update_team(const ServiceContext& context, Id id, const TeamChanges& changes,
                 const Caller& caller);

}  // namespace caseaudit::daemon
