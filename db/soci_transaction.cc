// SociTransaction's core: construction, the one-snapshot rule and the
// whole-authority loads. Each repository's methods are in
// db/soci_<repository>.cc.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

SociTransaction::SociTransaction(soci::session& session, StatementCache& statements,
                                 const Dialect& dialect, const Clock& clock, bool read_only)
    : session_(session),
      statements_(statements),
      dialect_(dialect),
      clock_(clock),
      one_snapshot_(read_only && dialect.is_postgresql()) {}

SociTransaction::~SociTransaction() = default;

SociTransaction::ChildStatements& SociTransaction::child_statements() {
  if (!child_statements_) child_statements_ = std::make_unique<ChildStatements>(session_);
  return *child_statements_;
}

SociTransaction::AuditStatements& SociTransaction::audit_statements() {
  if (!audit_statements_) audit_statements_ = std::make_unique<AuditStatements>(session_);
  return *audit_statements_;
}

void SociTransaction::one_snapshot_if_first(bool first_statement) {
  // On PostgreSQL the default isolation gives each statement its own
  // snapshot; ask for one snapshot for the whole transaction when still possible.
  if (dialect_.is_postgresql() && first_statement && !one_snapshot_) {
    session_ << sql::kPostgresOneSnapshot;
  }
}

void SociTransaction::load_organisation_into(Authority& a) {
  a.services = read_all<Service>(statements_, sql::kSelectServices, read_service);
  a.teams = read_all<Team>(statements_, sql::kSelectTeams, read_team);
  a.staff = read_all<Staff>(statements_, sql::kSelectStaff, read_staff);
  std::unordered_map<Id, std::size_t> staff_index;
  for (std::size_t i = 0; i < a.staff.size(); ++i) staff_index[a.staff[i].id] = i;
  soci::rowset<soci::row> responsible = session_.prepare << sql::kSelectResponsibleTeams;
  for (const soci::row& row : responsible) {
    const RowReader r(row, "staff_responsible_teams");
    a.staff[staff_index.at(r.id(0))].responsible_team_ids.push_back(r.id(1));
  }
  a.exemptions = read_all<Exemption>(session_.prepare << sql::kSelectExemptions, read_exemption);
}

Authority SociTransaction::load_authority() {
  return load_snapshot("load_authority", std::nullopt);
}

Authority SociTransaction::load_reminder_authority(Date actions_due_by) {
  return load_snapshot("load_reminder_authority", actions_due_by);
}

Authority SociTransaction::load_snapshot(std::string_view operation,
                                         std::optional<Date> actions_due_by) {
  const bool first_statement = !used_;
  return guarded(operation, [&] {
    one_snapshot_if_first(first_statement);
    Authority a;
    load_organisation_into(a);
    a.children = read_all<Child>(session_.prepare << sql::kSelectChildren, read_child);
    a.runs = read_all<AllocationRun>(session_.prepare << sql::kSelectRuns, read_run);
    a.audits = read_all<Audit>(session_.prepare << sql::kSelectAudits, read_audit);
    read_domain_grades_into(a.audits, statements_, sql::kSelectDomainGrades);
    a.pairings = read_all<Pairing>(session_.prepare << sql::kSelectPairings, read_pairing);
    if (actions_due_by) {
      const std::string due_by = format_date(*actions_due_by);
      a.actions = read_all<Action>((session_.prepare << sql::kSelectOpenActionsDueBy, use(due_by)),
                                   read_action);
      a.concerns = read_all<Concern>(session_.prepare << sql::kSelectOpenConcerns, read_concern);
    } else {
      a.actions = read_all<Action>(session_.prepare << sql::kSelectActions, read_action);
      a.concerns = read_all<Concern>(statements_, sql::kSelectConcerns, read_concern);
    }
    a.concern_updates =
        read_all<ConcernUpdate>(statements_, sql::kSelectConcernUpdates, read_concern_update);
    return a;
  });
}

Authority SociTransaction::load_report_authority(Period months) {
  const bool first_statement = !used_;
  return guarded("load_report_authority", [&] {
    one_snapshot_if_first(first_statement);
    if (dialect_.is_postgresql()) session_ << sql::kPostgresPlanForTheValues;
    const std::string from = months.from.to_string(), to = months.to.to_string();
    Authority a;
    load_organisation_into(a);
    a.children =
        read_all<Child>(statements_, sql::kSelectChildrenAuditedBetween, read_child, from, to);
    a.audits = read_all<Audit>(statements_, sql::kSelectAuditsBetween, read_audit, from, to);
    read_domain_grades_into(a.audits, statements_, sql::kSelectDomainGradesBetween, from, to);
    a.actions =
        read_all<Action>(statements_, sql::kSelectActionsOfAuditsBetween, read_action, from, to);
    a.concerns = read_all<Concern>(statements_, sql::kSelectConcerns, read_concern);
    return a;
  });
}

Organisation SociTransaction::load() {
  const bool first_statement = !used_;
  return guarded("load_organisation", [&] {
    one_snapshot_if_first(first_statement);
    Authority a;
    load_organisation_into(a);
    return Organisation{.services = std::move(a.services),
                        .teams = std::move(a.teams),
                        .staff = std::move(a.staff),
                        .exemptions = std::move(a.exemptions)};
  });
}

OrganisationNames SociTransaction::names() {
  const bool first_statement = !used_;
  return guarded("organisation_names", [&] {
    one_snapshot_if_first(first_statement);
    OrganisationNames names;
    names.services = read_all<Service>(statements_, sql::kSelectServices, read_service);
    names.teams = read_all<Team>(statements_, sql::kSelectTeams, read_team);
    statements_.for_each_row(sql::kSelectStaffNames, [&](const soci::row& row) {
      const RowReader r(row, "staff");
      names.staff.push_back(StaffName{.id = r.id(0), .name = r.text(1)});
    });
    return names;
  });
}

}  // namespace caseaudit::db
