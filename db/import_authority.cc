// import_authority: stores a generated Authority in an empty database.
//
// Services and teams name staff as managers while staff belong to teams, and
// staff name their line managers: the cycles are broken by inserting every
// record with its forward references unset, then filling them in by update
// once every id is known.
#include <unordered_map>

#include "db/database.h"
#include "scheduler/errors.h"

namespace caseaudit::db {
namespace {

// Input id -> stored id, for one entity type.
class IdMap {
 public:
  explicit IdMap(std::string_view entity) : entity_(entity) {}
  void add(Id input, Id stored) { ids_[input] = stored; }
  Id at(Id input, std::string_view referrer) const {
    const auto found = ids_.find(input);
    if (found == ids_.end()) {
      throw InputError("import: " + std::string(referrer) + " refers to " + entity_ + " " +
                           std::to_string(input) + ", which is not in the authority",
                       std::string(referrer));
    }
    return found->second;
  }
  std::optional<Id> at(const std::optional<Id>& input, std::string_view referrer) const {
    if (!input) return std::nullopt;
    return at(*input, referrer);
  }

 private:
  std::string entity_;
  std::unordered_map<Id, Id> ids_;
};

struct IdMaps {
  IdMap services{"service"}, teams{"team"}, staff{"staff"}, children{"child"}, audits{"audit"},
      concerns{"concern"};
};

void import_organisation(Transaction& tx, const Authority& a, IdMaps& ids) {
  for (Service service : a.services) {
    const Id input = service.id;
    service.service_manager_id = service.head_of_service_id = service.director_id = std::nullopt;
    ids.services.add(input, tx.organisation().insert_service(service));
  }
  for (Team team : a.teams) {
    const Id input = team.id;
    team.service_id = ids.services.at(team.service_id, "team.service_id");
    team.team_manager_id = std::nullopt;
    ids.teams.add(input, tx.organisation().insert_team(team));
  }
  for (Staff staff : a.staff) {
    const Id input = staff.id;
    staff.team_id = ids.teams.at(staff.team_id, "staff.team_id");
    staff.line_manager_id = std::nullopt;
    for (Id& team : staff.responsible_team_ids) {
      team = ids.teams.at(team, "staff.responsible_team_ids");
    }
    ids.staff.add(input, tx.organisation().insert_staff(staff));
  }
  // Second pass: the references that pointed forward.
  for (Staff staff : a.staff) {
    if (!staff.line_manager_id) continue;
    staff.id = ids.staff.at(staff.id, "staff.id");
    staff.team_id = ids.teams.at(staff.team_id, "staff.team_id");
    staff.line_manager_id = ids.staff.at(staff.line_manager_id, "staff.line_manager_id");
    for (Id& team : staff.responsible_team_ids) {
      team = ids.teams.at(team, "staff.responsible_team_ids");
    }
    tx.organisation().update_staff(staff);
  }
  for (Service service : a.services) {
    service.id = ids.services.at(service.id, "service.id");
    service.service_manager_id =
        ids.staff.at(service.service_manager_id, "service.service_manager_id");
    service.head_of_service_id =
        ids.staff.at(service.head_of_service_id, "service.head_of_service_id");
    service.director_id = ids.staff.at(service.director_id, "service.director_id");
    tx.organisation().update_service(service);
  }
  for (Team team : a.teams) {
    if (!team.team_manager_id) continue;
    team.id = ids.teams.at(team.id, "team.id");
    team.service_id = ids.services.at(team.service_id, "team.service_id");
    team.team_manager_id = ids.staff.at(team.team_manager_id, "team.team_manager_id");
    tx.organisation().update_team(team);
  }
}

void import_people_and_children(Transaction& tx, const Authority& a, IdMaps& ids) {
  for (Exemption exemption : a.exemptions) {
    exemption.staff_id = ids.staff.at(exemption.staff_id, "exemption.staff_id");
    exemption.authorised_by = ids.staff.at(exemption.authorised_by, "exemption.authorised_by");
    tx.organisation().insert_exemption(exemption);
  }
  for (Child child : a.children) {
    const Id input = child.id;
    child.team_id = ids.teams.at(child.team_id, "child.team_id");
    child.iro_id = ids.staff.at(child.iro_id, "child.iro_id");
    child.allocated_worker_id =
        ids.staff.at(child.allocated_worker_id, "child.allocated_worker_id");
    ids.children.add(input, tx.caseload().upsert_child(child));
  }
}

void import_cycle(Transaction& tx, const Authority& a, IdMaps& ids) {
  for (const AllocationRun& run : a.runs) tx.allocation().insert_run(run);
  for (Audit audit : a.audits) {
    const Id input = audit.id;
    audit.child_id = ids.children.at(audit.child_id, "audit.child_id");
    audit.auditor_id = ids.staff.at(audit.auditor_id, "audit.auditor_id");
    audit.moderator_id = ids.staff.at(audit.moderator_id, "audit.moderator_id");
    ids.audits.add(input, tx.allocation().insert_audit(audit));
  }
  for (Pairing pairing : a.pairings) {
    pairing.auditor_id = ids.staff.at(pairing.auditor_id, "pairing.auditor_id");
    pairing.moderator_id = ids.staff.at(pairing.moderator_id, "pairing.moderator_id");
    tx.allocation().insert_pairing(pairing);
  }
  for (Action action : a.actions) {
    action.audit_id = ids.audits.at(action.audit_id, "action.audit_id");
    action.owner_id = ids.staff.at(action.owner_id, "action.owner_id");
    tx.follow_up().insert_action(action);
  }
  for (Concern concern : a.concerns) {
    const Id input = concern.id;
    concern.child_id = ids.children.at(concern.child_id, "concern.child_id");
    concern.audit_id = ids.audits.at(concern.audit_id, "concern.audit_id");
    ids.concerns.add(input, tx.follow_up().insert_concern(concern));
  }
  for (ConcernUpdate update : a.concern_updates) {
    update.concern_id = ids.concerns.at(update.concern_id, "concern_update.concern_id");
    update.recorded_by = ids.staff.at(update.recorded_by, "concern_update.recorded_by");
    tx.follow_up().insert_concern_update(update);
  }
}

}  // namespace

void import_authority(Transaction& tx, const Authority& authority) {
  const Authority existing = tx.load_authority();
  if (!existing.services.empty() || !existing.teams.empty() || !existing.staff.empty() ||
      !existing.children.empty()) {
    throw Conflict("import: the database already holds " + std::to_string(existing.staff.size()) +
                   " staff and " + std::to_string(existing.children.size()) +
                   " children; an authority is imported only into an empty database");
  }
  IdMaps ids;
  import_organisation(tx, authority, ids);
  import_people_and_children(tx, authority, ids);
  import_cycle(tx, authority, ids);
}

}  // namespace caseaudit::db
