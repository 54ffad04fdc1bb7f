// OrganisationRepository: services, teams, staff and exemptions, inside one
// transaction (Transaction::organisation()). insert_* return the new id;
// update_* and delete_* throw NotFound for an unknown id; a unique key the
// data breaks is Conflict, a CHECK or foreign key InputError.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scheduler/model.h"

namespace caseaudit {

// The organisation alone, as most admin reads need it: without the children,
// the allocation history or the follow-up records.
struct Organisation {
  std::vector<Service> services;
  std::vector<Team> teams;
  std::vector<Staff> staff;
  std::vector<Exemption> exemptions;
};

// Who is who, for the names beside ids in a list: every service and team,
// and each staff member's id and name alone (no rota, no responsible teams,
// no exemptions): a fraction of load()'s work.
struct StaffName {
  Id id = 0;
  std::string name;
};
struct OrganisationNames {
  std::vector<Service> services;
  std::vector<Team> teams;
  std::vector<StaffName> staff;
};

class OrganisationRepository {
 public:
  virtual ~OrganisationRepository() = default;

  // Services, teams, staff and exemptions, each by id.
  virtual Organisation load() = 0;
  // Services, teams and staff names, each by id.
  virtual OrganisationNames names() = 0;

  virtual Id insert_service(const Service& service) = 0;
  virtual void update_service(const Service& service) = 0;
  virtual std::optional<Service> find_service(Id id) = 0;
  virtual Id insert_team(const Team& team) = 0;
  virtual void update_team(const Team& team) = 0;
  virtual std::optional<Team> find_team(Id id) = 0;
  virtual Id insert_staff(const Staff& staff) = 0;
  virtual void update_staff(const Staff& staff) = 0;
  virtual std::optional<Staff> find_staff(Id id) = 0;
  // Exactly as stored; callers that identify a person compare without case.
  virtual std::optional<Staff> find_staff_by_email(const std::string& email) = 0;

  virtual Id insert_exemption(const Exemption& exemption) = 0;
  virtual void delete_exemption(Id id) = 0;
  virtual std::optional<Exemption> find_exemption(Id id) = 0;
};

}  // namespace caseaudit
