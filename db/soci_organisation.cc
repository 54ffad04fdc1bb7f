// SociTransaction as OrganisationRepository: services, teams, staff and exemptions.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

Id SociTransaction::insert_service(const Service& s) {
  return guarded("insert_service", [&] {
    NullableId service_manager(to_stored(s.service_manager_id));
    NullableId head_of_service(to_stored(s.head_of_service_id));
    NullableId director(to_stored(s.director_id));
    long long id = 0;
    session_ << sql::kInsertService, use(s.name), use_nullable(service_manager),
        use_nullable(head_of_service), use_nullable(director), into(id);
    return Id{id};
  });
}

void SociTransaction::update_service(const Service& s) {
  guarded("update_service", [&] {
    NullableId service_manager(to_stored(s.service_manager_id));
    NullableId head_of_service(to_stored(s.head_of_service_id));
    NullableId director(to_stored(s.director_id));
    long long id = s.id, returned = 0;
    session_ << sql::kUpdateService, use(s.name), use_nullable(service_manager),
        use_nullable(head_of_service), use_nullable(director), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("service", s.id);
  });
}

Id SociTransaction::insert_team(const Team& t) {
  return guarded("insert_team", [&] {
    NullableId manager(to_stored(t.team_manager_id));
    long long service_id = t.service_id, id = 0;
    session_ << sql::kInsertTeam, use(t.name), use(service_id), use_nullable(manager), into(id);
    return Id{id};
  });
}

void SociTransaction::update_team(const Team& t) {
  guarded("update_team", [&] {
    NullableId manager(to_stored(t.team_manager_id));
    long long service_id = t.service_id, id = t.id, returned = 0;
    session_ << sql::kUpdateTeam, use(t.name), use(service_id), use_nullable(manager), use(id),
        into(returned);
    if (!session_.got_data()) throw_not_found("team", t.id);
  });
}

Id SociTransaction::insert_staff(const Staff& staff) {
  return guarded("insert_staff", [&] {
    StaffParams p(staff);
    long long id = 0;
    session_ << sql::kInsertStaff, use(p.name), use(p.email), use(p.role), use(p.fte),
        use_nullable(p.team_id), use_nullable(p.line_manager_id), use(p.auditor),
        use(p.audit_cadence), use(p.audit_parity), use_nullable(p.audit_quota),
        use(p.moderator_capacity), use(p.external_moderator), use(p.moderation_cadence),
        use(p.moderation_parity), use(p.active), into(id);
    replace_responsible_teams(staff, id);
    return Id{id};
  });
}

void SociTransaction::update_staff(const Staff& staff) {
  guarded("update_staff", [&] {
    StaffParams p(staff);
    long long id = staff.id;
    bool updated = false;
    statements_.for_each_row(
        sql::kUpdateStaff, [&](const soci::row&) { updated = true; }, p.name, p.email, p.role,
        p.fte, p.team_id, p.line_manager_id, p.auditor, p.audit_cadence, p.audit_parity,
        p.audit_quota, p.moderator_capacity, p.external_moderator, p.moderation_cadence,
        p.moderation_parity, p.active, id);
    if (!updated) throw_not_found("staff", staff.id);
    replace_responsible_teams(staff, staff.id);
  });
}

void SociTransaction::replace_responsible_teams(const Staff& staff, Id staff_id) {
  long long id = staff_id;
  statements_.execute(sql::kDeleteResponsibleTeams, id);
  // A set: the same team listed twice is one responsibility, not a clash.
  const std::set<Id> teams(staff.responsible_team_ids.begin(), staff.responsible_team_ids.end());
  for (Id team : teams) {
    long long team_id = team;
    statements_.execute(sql::kInsertResponsibleTeam, id, team_id);
  }
}

std::vector<Id> SociTransaction::responsible_teams_of(Id staff_id) {
  long long id = staff_id;
  return read_all<Id>(
      statements_, sql::kSelectResponsibleTeamsOf,
      [](const soci::row& row) { return RowReader(row, "staff_responsible_teams").id(0); }, id);
}

std::optional<Staff> SociTransaction::find_staff(Id staff_id) {
  return guarded("find_staff", [&] {
    long long id = staff_id;
    std::optional<Staff> found =
        read_one<Staff>(statements_, sql::kSelectStaffById, read_staff, id);
    if (found) found->responsible_team_ids = responsible_teams_of(found->id);
    return found;
  });
}

std::optional<Staff> SociTransaction::find_staff_by_email(const std::string& email) {
  return guarded("find_staff_by_email", [&] {
    std::optional<Staff> found =
        read_one<Staff>(statements_, sql::kSelectStaffByEmail, read_staff, email);
    if (found) found->responsible_team_ids = responsible_teams_of(found->id);
    return found;
  });
}

std::optional<Service> SociTransaction::find_service(Id service_id) {
  return guarded("find_service", [&] {
    long long id = service_id;
    return read_one<Service>(statements_, sql::kSelectServiceById, read_service, id);
  });
}

std::optional<Team> SociTransaction::find_team(Id team_id) {
  return guarded("find_team", [&] {
    long long id = team_id;
    return read_one<Team>(statements_, sql::kSelectTeamById, read_team, id);
  });
}

Id SociTransaction::insert_exemption(const Exemption& e) {
  return guarded("insert_exemption", [&] {
    long long staff_id = e.staff_id, id = 0;
    const std::string kind(to_string(e.kind)), first = e.first_month.to_string();
    NullableText last;
    if (e.last_month) last.set(e.last_month->to_string());
    NullableId authorised_by(to_stored(e.authorised_by));
    session_ << sql::kInsertExemption, use(staff_id), use(kind), use(first), use_nullable(last),
        use(e.reason), use_nullable(authorised_by), into(id);
    return Id{id};
  });
}

void SociTransaction::delete_exemption(Id exemption_id) {
  guarded("delete_exemption", [&] {
    long long id = exemption_id, returned = 0;
    session_ << sql::kDeleteExemption, use(id), into(returned);
    if (!session_.got_data()) throw_not_found("exemption", exemption_id);
  });
}

std::optional<Exemption> SociTransaction::find_exemption(Id exemption_id) {
  return guarded("find_exemption", [&] {
    long long id = exemption_id;
    return read_one<Exemption>(statements_, sql::kSelectExemptionById, read_exemption, id);
  });
}

}  // namespace caseaudit::db
