#include "db/soci_transaction.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>

#include "db/codec.h"
#include "db/queries.h"
#include "db/row_mapping.h"
#include "db/soci_errors.h"

namespace caseaudit::db {
namespace {

using soci::into;
using soci::use;

// Storage for the values bound to one statement: SOCI binds by reference, so
// every parameter needs a home that outlives the statement.
struct StaffParams {
  explicit StaffParams(const Staff& s)
      : name(s.name),
        email(s.email),
        role(to_string(s.role)),
        fte(s.fte),
        team_id(to_stored(s.team_id)),
        line_manager_id(to_stored(s.line_manager_id)),
        auditor(s.auditor ? 1 : 0),
        audit_cadence(to_string(s.audit_rota.cadence)),
        audit_parity(to_string(s.audit_rota.parity)),
        audit_quota(s.audit_quota),
        moderator_capacity(s.moderator_capacity),
        external_moderator(s.external_moderator ? 1 : 0),
        moderation_cadence(to_string(s.moderation_rota.cadence)),
        moderation_parity(to_string(s.moderation_rota.parity)),
        active(s.active ? 1 : 0) {}
  std::string name, email, role;
  double fte;
  NullableId team_id, line_manager_id;
  int auditor;
  std::string audit_cadence, audit_parity;
  NullableInt audit_quota;
  int moderator_capacity, external_moderator;
  std::string moderation_cadence, moderation_parity;
  int active;
};

struct AuditParams {
  AuditParams(const Audit& a, std::optional<int> child_slot_value,
              std::optional<int> auditor_slot_value)
      : month(a.month.to_string()),
        child_id(a.child_id),
        auditor_id(a.auditor_id),
        moderator_id(to_stored(a.moderator_id)),
        needs_external_moderation(a.needs_external_moderation ? 1 : 0),
        loop_group(a.loop_group),
        status(to_string(a.status)),
        due_date(format_date(a.due_date)),
        explanation(a.explanation),
        pin_reason(a.pin_reason),
        grade_justification(a.grade_justification),
        child_slot(child_slot_value),
        auditor_slot(auditor_slot_value) {
    if (a.overall_grade) overall_grade.set(std::string(to_string(*a.overall_grade)));
    if (a.moderated_grade) moderated_grade.set(std::string(to_string(*a.moderated_grade)));
    if (a.outcome) outcome.set(std::string(to_string(*a.outcome)));
    if (a.submitted_on) submitted_on.set(format_date(*a.submitted_on));
    if (a.moderated_on) moderated_on.set(format_date(*a.moderated_on));
  }
  std::string month;
  long long child_id, auditor_id;
  NullableId moderator_id;
  int needs_external_moderation;
  NullableInt loop_group;
  std::string status, due_date;
  NullableText overall_grade, moderated_grade, outcome, submitted_on, moderated_on;
  std::string explanation;
  NullableText pin_reason, grade_justification;
  NullableInt child_slot, auditor_slot;
};

struct OutboxParams {
  explicit OutboxParams(const OutboxMessage& m)
      : recipient_staff_id(to_stored(m.recipient_staff_id)),
        urgent(m.urgent ? 1 : 0),
        status(to_string(m.status)),
        created_at(format_instant(m.created_at)),
        next_attempt_at(format_instant(m.next_attempt_at)) {
    if (m.sent_at) sent_at.set(format_instant(*m.sent_at));
  }
  NullableId recipient_staff_id;
  int urgent;
  std::string status, created_at, next_attempt_at;
  NullableText sent_at;
};

// soci::use() keeps a reference to its `name` argument, whose default is a
// temporary that would die with this helper's frame: pass a lasting one.
const std::string kPositional;

template <typename T>
auto use_nullable(Nullable<T>& value) {
  return use(value.value, value.indicator, kPositional);
}

[[noreturn]] void throw_not_found(std::string_view what, Id id) {
  throw NotFound(std::string(what) + " " + std::to_string(id) + " does not exist",
                 std::string(what) + ".id");
}

// Reads every row of a query (parameters already bound) through `read`.
template <typename T, typename Reader>
std::vector<T> read_all(soci::rowset<soci::row> rows, Reader read) {
  std::vector<T> out;
  for (const soci::row& row : rows) out.push_back(read(row));
  return out;
}

// Every row of a cached query (parameters in order) through `read`.
template <typename T, typename Reader, typename... Params>
std::vector<T> read_all(StatementCache& statements, const NamedQuery& query, Reader read,
                        const Params&... params) {
  std::vector<T> out;
  statements.for_each_row(
      query, [&](const soci::row& row) { out.push_back(read(row)); }, params...);
  return out;
}

// The first row of a cached query by key, if any.
template <typename T, typename Reader, typename... Params>
std::optional<T> read_one(StatementCache& statements, const NamedQuery& query, Reader read,
                          const Params&... params) {
  std::vector<T> rows = read_all<T>(statements, query, read, params...);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// The smallest positive number not in `taken`.
int first_free(const std::vector<int>& taken) {
  const std::set<int> used(taken.begin(), taken.end());
  int slot = 1;
  while (used.count(slot) != 0) ++slot;
  return slot;
}

}  // namespace

struct SociTransaction::ChildStatements {
  explicit ChildStatements(soci::session& session)
      : upsert((session.prepare << sql::kUpsertChild, use(case_reference), use(team_id),
                use(legal_status), use(court_proceedings), use_nullable(iro),
                use_nullable(allocated_worker), use(open), into(id))) {}
  std::string case_reference;
  long long team_id = 0;
  std::string legal_status;
  int court_proceedings = 0;
  NullableId iro, allocated_worker;
  int open = 0;
  long long id = 0;
  soci::statement upsert;
};

struct SociTransaction::AuditStatements {
  explicit AuditStatements(soci::session& session)
      : child_slots((session.prepare << sql::kSelectChildSlots, use(month), use(child_id),
                     use(audit_id), into(slot))),
        auditor_slots((session.prepare << sql::kSelectAuditorSlots, use(month), use(auditor_id),
                       use(audit_id), into(slot))),
        insert_grade(
            (session.prepare << sql::kInsertDomainGrade, use(audit_id), use(domain), use(grade))),
        delete_grades((session.prepare << sql::kDeleteDomainGrades, use(audit_id))) {}

  std::vector<int> slots(soci::statement& statement) {
    std::vector<int> taken;
    statement.execute();
    while (statement.fetch()) taken.push_back(slot);
    return taken;
  }

  std::string month;
  long long child_id = 0, auditor_id = 0, audit_id = 0;
  int slot = 0;
  std::string domain, grade;
  soci::statement child_slots, auditor_slots, insert_grade, delete_grades;
};

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

// ---- Load -------------------------------------------------------------------

void SociTransaction::one_snapshot_if_first(bool first_statement) {
  // On PostgreSQL the default isolation gives each statement its own
  // snapshot; ask for one snapshot for the whole transaction when still possible.
  if (dialect_.is_postgresql() && first_statement && !one_snapshot_) {
    session_ << sql::kPostgresOneSnapshot;
  }
}

void SociTransaction::load_organisation_into(Authority& a) {
  a.services = read_all<Service>(session_.prepare << sql::kSelectServices, read_service);
  a.teams = read_all<Team>(session_.prepare << sql::kSelectTeams, read_team);
  a.staff = read_all<Staff>(session_.prepare << sql::kSelectStaff, read_staff);
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
    std::unordered_map<Id, std::size_t> audit_index;
    for (std::size_t i = 0; i < a.audits.size(); ++i) audit_index[a.audits[i].id] = i;
    soci::rowset<soci::row> grades = session_.prepare << sql::kSelectDomainGrades;
    for (const soci::row& row : grades) {
      const RowReader r(row, "audit_domain_grades");
      a.audits[audit_index.at(r.id(0))].domain_grades[r.text(1)] =
          parse_grade(r.text(2), "audit_domain_grades.grade");
    }
    a.pairings = read_all<Pairing>(session_.prepare << sql::kSelectPairings, read_pairing);
    if (actions_due_by) {
      const std::string due_by = format_date(*actions_due_by);
      a.actions = read_all<Action>((session_.prepare << sql::kSelectOpenActionsDueBy, use(due_by)),
                                   read_action);
      a.concerns = read_all<Concern>(session_.prepare << sql::kSelectOpenConcerns, read_concern);
    } else {
      a.actions = read_all<Action>(session_.prepare << sql::kSelectActions, read_action);
      a.concerns = read_all<Concern>(session_.prepare << sql::kSelectConcerns, read_concern);
    }
    a.concern_updates = read_all<ConcernUpdate>(session_.prepare << sql::kSelectConcernUpdates,
                                                read_concern_update);
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

// ---- Organisation -----------------------------------------------------------

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
  return guarded("find_staff", [&]() -> std::optional<Staff> {
    long long id = staff_id;
    std::vector<Staff> found = read_all<Staff>(statements_, sql::kSelectStaffById, read_staff, id);
    if (found.empty()) return std::nullopt;
    found.front().responsible_team_ids = responsible_teams_of(found.front().id);
    return found.front();
  });
}

std::optional<Staff> SociTransaction::find_staff_by_email(const std::string& email) {
  return guarded("find_staff_by_email", [&]() -> std::optional<Staff> {
    std::vector<Staff> found =
        read_all<Staff>(statements_, sql::kSelectStaffByEmail, read_staff, email);
    if (found.empty()) return std::nullopt;
    found.front().responsible_team_ids = responsible_teams_of(found.front().id);
    return found.front();
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

Id SociTransaction::upsert_child(const Child& c) {
  return guarded("upsert_child", [&] {
    ChildStatements& st = child_statements();
    st.case_reference = c.case_reference;
    st.team_id = c.team_id;
    st.legal_status = to_string(c.legal_status);
    st.court_proceedings = c.court_proceedings ? 1 : 0;
    st.iro.set(to_stored(c.iro_id));
    st.allocated_worker.set(to_stored(c.allocated_worker_id));
    st.open = c.open ? 1 : 0;
    st.upsert.execute(true);
    return Id{st.id};
  });
}

std::optional<Child> SociTransaction::find_child_by_reference(const std::string& reference) {
  return guarded("find_child_by_reference", [&]() -> std::optional<Child> {
    std::vector<Child> found =
        read_all<Child>(statements_, sql::kSelectChildByReference, read_child, reference);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

std::optional<Child> SociTransaction::find_child(Id child_id) {
  return guarded("find_child", [&] {
    long long id = child_id;
    return read_one<Child>(statements_, sql::kSelectChildById, read_child, id);
  });
}

std::vector<Child> SociTransaction::children_audited_in(Month month) {
  return guarded("children_audited_in", [&] {
    const std::string text = month.to_string();
    return read_all<Child>(statements_, sql::kSelectChildrenAuditedIn, read_child, text);
  });
}

// ---- Allocation -------------------------------------------------------------

std::optional<AllocationRun> SociTransaction::find_run(Month month) {
  return guarded("find_run", [&]() -> std::optional<AllocationRun> {
    const std::string text = month.to_string();
    std::vector<AllocationRun> found =
        read_all<AllocationRun>(statements_, sql::kSelectRunByMonth, read_run, text);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

Id SociTransaction::insert_run(const AllocationRun& run) {
  return guarded("insert_run", [&] {
    const std::string month = run.month.to_string(), status(to_string(run.status)),
                      now = format_instant(clock_.now());
    // The seed is a full 64-bit value; stored bit for bit in a signed column.
    long long seed = static_cast<long long>(run.seed), id = 0;
    int looped = run.looped ? 1 : 0;
    session_ << sql::kInsertRun, use(month), use(status), use(seed), use(looped), use(now),
        use(now), into(id);
    return Id{id};
  });
}

void SociTransaction::update_run(const AllocationRun& run) {
  guarded("update_run", [&] {
    const std::string month = run.month.to_string(), status(to_string(run.status)),
                      now = format_instant(clock_.now());
    long long seed = static_cast<long long>(run.seed), id = run.id, returned = 0;
    int looped = run.looped ? 1 : 0;
    session_ << sql::kUpdateRun, use(month), use(status), use(seed), use(looped), use(now), use(id),
        into(returned);
    if (!session_.got_data()) throw_not_found("allocation run", run.id);
  });
}

SociTransaction::Slots SociTransaction::slots_for(const Audit& audit, Id audit_id) {
  if (audit.status == AuditStatus::kWithdrawn) return {};
  AuditStatements& st = audit_statements();
  const std::string month = audit.month.to_string();
  st.month = month;
  st.child_id = audit.child_id;
  st.auditor_id = audit.auditor_id;
  st.audit_id = audit_id;
  const std::vector<int> child_taken = st.slots(st.child_slots);
  const std::vector<int> auditor_taken = st.slots(st.auditor_slots);
  // A child has one live audit a month, or two when the month is looped.
  const int child_limit = audit.loop_group ? 2 : 1;
  const int child_slot = first_free(child_taken);
  if (child_slot > child_limit || (!audit.loop_group && !child_taken.empty())) {
    throw Conflict("child " + std::to_string(audit.child_id) + " already has " +
                       std::to_string(child_taken.size()) + " live audit(s) in " + month,
                   "audit.child_id");
  }
  return Slots{child_slot, first_free(auditor_taken)};
}

void SociTransaction::replace_domain_grades(const Audit& audit, Id audit_id) {
  AuditStatements& st = audit_statements();
  st.audit_id = audit_id;
  st.delete_grades.execute(true);
  for (const auto& [domain, grade] : audit.domain_grades) {
    st.domain = domain;
    st.grade = to_string(grade);
    st.insert_grade.execute(true);
  }
}

Id SociTransaction::insert_audit(const Audit& audit) {
  return guarded("insert_audit", [&] {
    const Slots slots = slots_for(audit, 0);
    AuditParams p(audit, slots.child, slots.auditor);
    long long id = 0;
    session_ << sql::kInsertAudit, use(p.month), use(p.child_id), use(p.auditor_id),
        use_nullable(p.moderator_id), use(p.needs_external_moderation), use_nullable(p.loop_group),
        use(p.status), use(p.due_date), use_nullable(p.overall_grade),
        use_nullable(p.moderated_grade), use_nullable(p.outcome), use_nullable(p.submitted_on),
        use_nullable(p.moderated_on), use(p.explanation), use_nullable(p.pin_reason),
        use_nullable(p.grade_justification), use_nullable(p.child_slot),
        use_nullable(p.auditor_slot), into(id);
    replace_domain_grades(audit, id);
    return Id{id};
  });
}

void SociTransaction::update_audit(const Audit& audit) {
  guarded("update_audit", [&] {
    long long id = audit.id, returned = 0;
    session_ << sql::kAuditExists, use(id), into(returned);
    if (!session_.got_data()) throw_not_found("audit", audit.id);
    const Slots slots = slots_for(audit, audit.id);
    AuditParams p(audit, slots.child, slots.auditor);
    session_ << sql::kUpdateAudit, use(p.month), use(p.child_id), use(p.auditor_id),
        use_nullable(p.moderator_id), use(p.needs_external_moderation), use_nullable(p.loop_group),
        use(p.status), use(p.due_date), use_nullable(p.overall_grade),
        use_nullable(p.moderated_grade), use_nullable(p.outcome), use_nullable(p.submitted_on),
        use_nullable(p.moderated_on), use(p.explanation), use_nullable(p.pin_reason),
        use_nullable(p.grade_justification), use_nullable(p.child_slot),
        use_nullable(p.auditor_slot), use(id), into(returned);
    replace_domain_grades(audit, audit.id);
  });
}

std::vector<Audit> SociTransaction::audits_in(Month month) {
  return guarded("audits_in", [&] {
    const std::string text = month.to_string();
    std::vector<Audit> audits =
        read_all<Audit>(statements_, sql::kSelectAuditsInMonth, read_audit, text);
    std::unordered_map<Id, std::size_t> index;
    for (std::size_t i = 0; i < audits.size(); ++i) index[audits[i].id] = i;
    statements_.for_each_row(
        sql::kSelectDomainGradesInMonth,
        [&](const soci::row& row) {
          const RowReader r(row, "audit_domain_grades");
          audits[index.at(r.id(0))].domain_grades[r.text(1)] =
              parse_grade(r.text(2), "audit_domain_grades.grade");
        },
        text);
    return audits;
  });
}

std::optional<Audit> SociTransaction::find_audit(Id audit_id) {
  return guarded("find_audit", [&] {
    long long id = audit_id;
    std::optional<Audit> audit =
        read_one<Audit>(statements_, sql::kSelectAuditById, read_audit, id);
    if (!audit) return audit;
    statements_.for_each_row(
        sql::kSelectDomainGradesOf,
        [&](const soci::row& row) {
          const RowReader r(row, "audit_domain_grades");
          audit->domain_grades[r.text(1)] = parse_grade(r.text(2), "audit_domain_grades.grade");
        },
        id);
    return audit;
  });
}

Id SociTransaction::insert_pairing(const Pairing& pairing) {
  return guarded("insert_pairing", [&] {
    const std::string period = pairing.period.to_string();
    long long auditor = pairing.auditor_id, moderator = pairing.moderator_id, id = 0;
    session_ << sql::kInsertPairing, use(period), use(auditor), use(moderator), use(pairing.reason),
        into(id);
    return Id{id};
  });
}

void SociTransaction::update_pairing(const Pairing& pairing) {
  guarded("update_pairing", [&] {
    const std::string period = pairing.period.to_string();
    long long auditor = pairing.auditor_id, moderator = pairing.moderator_id, id = pairing.id,
              returned = 0;
    session_ << sql::kUpdatePairing, use(period), use(auditor), use(moderator), use(pairing.reason),
        use(id), into(returned);
    if (!session_.got_data()) throw_not_found("pairing", pairing.id);
  });
}

std::vector<Pairing> SociTransaction::pairings_for(Month period) {
  return guarded("pairings_for", [&] {
    const std::string text = period.to_string();
    return read_all<Pairing>(statements_, sql::kSelectPairingsFor, read_pairing, text);
  });
}

// ---- After the audit ----------------------------------------------------------

Id SociTransaction::insert_action(const Action& a) {
  return guarded("insert_action", [&] {
    long long audit_id = a.audit_id, owner_id = a.owner_id, id = 0;
    const std::string due = format_date(a.due_date), status(to_string(a.status));
    int care_planning = a.care_planning ? 1 : 0;
    NullableText completed;
    if (a.completed_on) completed.set(format_date(*a.completed_on));
    session_ << sql::kInsertAction, use(audit_id), use(a.description), use(owner_id), use(due),
        use(care_planning), use(status), use_nullable(completed), into(id);
    return Id{id};
  });
}

void SociTransaction::update_action(const Action& a) {
  guarded("update_action", [&] {
    long long audit_id = a.audit_id, owner_id = a.owner_id, id = a.id, returned = 0;
    const std::string due = format_date(a.due_date), status(to_string(a.status));
    int care_planning = a.care_planning ? 1 : 0;
    NullableText completed;
    if (a.completed_on) completed.set(format_date(*a.completed_on));
    session_ << sql::kUpdateAction, use(audit_id), use(a.description), use(owner_id), use(due),
        use(care_planning), use(status), use_nullable(completed), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("action", a.id);
  });
}

Id SociTransaction::insert_concern(const Concern& c) {
  return guarded("insert_concern", [&] {
    long long child_id = c.child_id, id = 0;
    NullableId audit_id(to_stored(c.audit_id));
    const std::string raised = format_date(c.raised_on), status(to_string(c.status));
    NullableText resolved;
    if (c.resolved_on) resolved.set(format_date(*c.resolved_on));
    session_ << sql::kInsertConcern, use(child_id), use_nullable(audit_id), use(c.category),
        use(raised), use(status), use_nullable(resolved), into(id);
    return Id{id};
  });
}

void SociTransaction::update_concern(const Concern& c) {
  guarded("update_concern", [&] {
    long long child_id = c.child_id, id = c.id, returned = 0;
    NullableId audit_id(to_stored(c.audit_id));
    const std::string raised = format_date(c.raised_on), status(to_string(c.status));
    NullableText resolved;
    if (c.resolved_on) resolved.set(format_date(*c.resolved_on));
    session_ << sql::kUpdateConcern, use(child_id), use_nullable(audit_id), use(c.category),
        use(raised), use(status), use_nullable(resolved), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("concern", c.id);
  });
}

Id SociTransaction::insert_concern_update(const ConcernUpdate& u) {
  return guarded("insert_concern_update", [&] {
    long long concern_id = u.concern_id, id = 0;
    const std::string month = u.month.to_string();
    NullableId recorded_by(to_stored(u.recorded_by));
    session_ << sql::kInsertConcernUpdate, use(concern_id), use(month), use(u.note),
        use_nullable(recorded_by), into(id);
    return Id{id};
  });
}

std::optional<Action> SociTransaction::find_action(Id action_id) {
  return guarded("find_action", [&] {
    long long id = action_id;
    return read_one<Action>(statements_, sql::kSelectActionById, read_action, id);
  });
}

std::vector<Action> SociTransaction::actions_for_audit(Id audit_id) {
  return guarded("actions_for_audit", [&] {
    long long id = audit_id;
    return read_all<Action>(statements_, sql::kSelectActionsOfAudit, read_action, id);
  });
}

std::optional<Concern> SociTransaction::find_concern(Id concern_id) {
  return guarded("find_concern", [&] {
    long long id = concern_id;
    return read_one<Concern>(statements_, sql::kSelectConcernById, read_concern, id);
  });
}

std::vector<ConcernUpdate> SociTransaction::concern_updates_for(Id concern_id) {
  return guarded("concern_updates_for", [&] {
    long long id = concern_id;
    return read_all<ConcernUpdate>(statements_, sql::kSelectConcernUpdatesOf, read_concern_update,
                                   id);
  });
}

// ---- API tokens -------------------------------------------------------------------

Id SociTransaction::insert(const ApiToken& t) {
  return guarded("insert_api_token", [&] {
    long long id = 0;
    // Checked first so that the caller learns which name clashes; the UNIQUE
    // constraint still stops a concurrent insert of the same name.
    session_ << sql::kSelectApiTokenIdByName, use(t.name), into(id);
    if (session_.got_data()) {
      throw Conflict("an API token named \"" + t.name + "\" already exists", "api_token.name");
    }
    const std::string role(to_string(t.role)), created = format_instant(t.created_at);
    NullableText expires, revoked;
    if (t.expires_at) expires.set(format_instant(*t.expires_at));
    if (t.revoked_at) revoked.set(format_instant(*t.revoked_at));
    session_ << sql::kInsertApiToken, use(t.name), use(role), use(t.secret_hash), use(created),
        use_nullable(expires), use_nullable(revoked), into(id);
    return Id{id};
  });
}

std::optional<ApiToken> SociTransaction::find_by_hash(const std::string& secret_hash) {
  return guarded("find_api_token_by_hash", [&] {
    return read_one<ApiToken>(statements_, sql::kSelectApiTokenByHash, read_api_token, secret_hash);
  });
}

std::vector<ApiToken> SociTransaction::all() {
  return guarded("api_tokens", [&] {
    return read_all<ApiToken>(statements_, sql::kSelectApiTokens, read_api_token);
  });
}

bool SociTransaction::revoke(const std::string& name, Instant at) {
  return guarded("revoke_api_token", [&] {
    const std::string at_text = format_instant(at);
    long long id = 0;
    session_ << sql::kRevokeApiToken, use(at_text), use(name), into(id);
    return session_.got_data();
  });
}

// ---- Jobs, change log, outbox -----------------------------------------------------

bool SociTransaction::record_run(const std::string& job, const std::string& period, Instant at) {
  return guarded("record_job_run", [&] {
    const std::string at_text = format_instant(at);
    long long id = 0;
    session_ << sql::kRecordJobRun, use(job), use(period), use(at_text), into(id);
    return session_.got_data();
  });
}

bool SociTransaction::ran(const std::string& job, const std::string& period) {
  return guarded("job_ran", [&] {
    long long id = 0;
    session_ << sql::kSelectJobRun, use(job), use(period), into(id);
    return session_.got_data();
  });
}

void SociTransaction::log(const ChangeRecord& c) {
  guarded("log_change", [&] {
    const std::string at = format_instant(c.at);
    statements_.execute(sql::kInsertChange, at, c.actor, c.action, c.record_type, c.record_id,
                        c.before_json, c.after_json);
  });
}

std::vector<ChangeRecord> SociTransaction::find(const ChangeFilter& f) {
  return guarded("changes", [&] {
    int any_type = f.record_type ? 0 : 1, any_record = f.record_id ? 0 : 1,
        any_since = f.since ? 0 : 1, any_until = f.until ? 0 : 1, any_before = f.before_id ? 0 : 1;
    const std::string type = f.record_type.value_or(std::string{});
    const std::string record = f.record_id.value_or(std::string{});
    const std::string since = f.since ? format_instant(*f.since) : std::string{};
    const std::string until = f.until ? format_instant(*f.until) : std::string{};
    long long before = f.before_id.value_or(0);
    // PostgreSQL rejects a negative LIMIT and SQLite reads it as "no limit":
    // treat it as zero on both.
    long long limit = std::max(f.limit, 0);
    return read_all<ChangeRecord>(statements_, sql::kSelectChanges, read_change, any_type, type,
                                  any_record, record, any_since, since, any_until, until,
                                  any_before, before, limit);
  });
}

bool SociTransaction::enqueue(const OutboxMessage& m) {
  return guarded("enqueue", [&] {
    OutboxParams p(m);
    long long id = 0;
    session_ << sql::kEnqueue, use(m.dedup_key), use(m.rule), use_nullable(p.recipient_staff_id),
        use(m.recipient_email), use(m.recipient_name), use(m.subject), use(m.text_body),
        use(m.html_body), use(m.message_id), use(p.urgent), use(p.status), use(m.attempts),
        use(p.created_at), use(p.next_attempt_at), use_nullable(p.sent_at), use(m.last_error),
        into(id);
    return session_.got_data();
  });
}

std::vector<bool> SociTransaction::record(const std::vector<NotifiedItem>& items, Instant at) {
  return guarded("record_notified_items", [&] {
    std::vector<bool> fresh(items.size(), false);
    // The first occurrence of each key; a repeat within the batch stays false.
    std::unordered_map<std::string_view, std::size_t> first;
    std::vector<std::size_t> unique;
    first.reserve(items.size());
    unique.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (first.emplace(items[i].item_key, i).second) unique.push_back(i);
    }
    if (dialect_.is_postgresql()) unique = unrecorded_postgresql(items, unique);
    const std::string at_text = format_instant(at);
    const std::size_t chunk =
        dialect_.is_postgresql() ? kLedgerChunkPostgresql : kLedgerChunkSqlite;
    for (std::size_t begin = 0; begin < unique.size(); begin += chunk) {
      const std::span<const std::size_t> part(unique.data() + begin,
                                              std::min(chunk, unique.size() - begin));
      const std::vector<std::string> recorded = dialect_.is_postgresql()
                                                    ? record_chunk_postgresql(items, part, at_text)
                                                    : record_chunk_sqlite(items, part, at_text);
      for (const std::string& key : recorded) fresh[first.at(key)] = true;
    }
    return fresh;
  });
}

std::vector<std::size_t> SociTransaction::unrecorded_postgresql(
    const std::vector<NotifiedItem>& items, const std::vector<std::size_t>& unique) {
  std::vector<std::size_t> unrecorded;
  for (std::size_t begin = 0; begin < unique.size(); begin += kLedgerReadChunkPostgresql) {
    const std::size_t end = std::min(unique.size(), begin + kLedgerReadChunkPostgresql);
    std::vector<std::string> keys;
    keys.reserve(end - begin);
    std::unordered_map<std::string_view, std::size_t> position;
    position.reserve(end - begin);
    for (std::size_t n = begin; n < end; ++n) {
      keys.push_back(items[unique[n]].item_key);
      position.emplace(items[unique[n]].item_key, unique[n]);
    }
    const std::string key_array = to_text_array(keys);
    std::vector<std::size_t> found;
    soci::rowset<soci::row> rows =
        (session_.prepare << sql::kSelectUnrecordedItemsPostgres, use(key_array));
    for (const soci::row& row : rows) {
      found.push_back(position.at(RowReader(row, "notified_items").text(0)));
    }
    std::sort(found.begin(), found.end());  // keep the batch's order for the writes
    unrecorded.insert(unrecorded.end(), found.begin(), found.end());
  }
  return unrecorded;
}

std::vector<std::string> SociTransaction::record_chunk_postgresql(
    const std::vector<NotifiedItem>& items, std::span<const std::size_t> part,
    const std::string& at_text) {
  std::vector<std::string> keys, messages;
  keys.reserve(part.size());
  messages.reserve(part.size());
  for (std::size_t i : part) {
    keys.push_back(items[i].item_key);
    messages.push_back(items[i].message_key);
  }
  const std::string key_array = to_text_array(keys), message_array = to_text_array(messages);
  std::vector<std::string> recorded;
  soci::rowset<soci::row> rows = (session_.prepare << sql::kRecordNotifiedItemsPostgres,
                                  use(at_text), use(key_array), use(message_array));
  for (const soci::row& row : rows) recorded.push_back(RowReader(row, "notified_items").text(0));
  return recorded;
}

std::vector<std::string> SociTransaction::record_chunk_sqlite(
    const std::vector<NotifiedItem>& items, std::span<const std::size_t> part,
    const std::string& at_text) {
  std::string text(sql::kRecordNotifiedItemsSqliteHead);
  for (std::size_t n = 0; n < part.size(); ++n) {
    if (n > 0) text += ", ";
    text += sql::kRecordNotifiedItemsSqliteRow;
  }
  text += sql::kRecordNotifiedItemsSqliteTail;
  soci::details::prepare_temp_type statement = (session_.prepare << text);
  for (std::size_t i : part) {
    statement, use(items[i].item_key, kPositional), use(items[i].message_key, kPositional),
        use(at_text, kPositional);
  }
  std::vector<std::string> recorded;
  soci::rowset<soci::row> rows(statement);
  for (const soci::row& row : rows) recorded.push_back(RowReader(row, "notified_items").text(0));
  return recorded;
}

std::vector<OutboxMessage> SociTransaction::messages(std::optional<OutboxStatus> status) {
  return guarded("outbox", [&] {
    int any_status = status ? 0 : 1;
    const std::string status_text = status ? std::string(to_string(*status)) : std::string{};
    return read_all<OutboxMessage>(statements_, sql::kSelectOutbox, read_outbox_message, any_status,
                                   status_text);
  });
}

std::optional<OutboxMessage> SociTransaction::find(Id message_id) {
  return guarded("find_outbox_message", [&] {
    long long id = message_id;
    return read_one<OutboxMessage>(statements_, sql::kSelectOutboxMessage, read_outbox_message, id);
  });
}

std::map<OutboxStatus, long long> SociTransaction::counts() {
  return guarded("outbox_counts", [&] {
    std::map<OutboxStatus, long long> counts;
    for (OutboxStatus status : all_values<OutboxStatus>()) counts[status] = 0;
    statements_.for_each_row(sql::kCountOutboxByStatus, [&](const soci::row& row) {
      const RowReader r(row, "outbox");
      counts[parse_outbox_status(r.text(0), "outbox.status")] = r.integer(1);
    });
    return counts;
  });
}

std::map<MonthStatus, long long> SociTransaction::run_counts() {
  return guarded("allocation_run_counts", [&] {
    std::map<MonthStatus, long long> counts;
    for (MonthStatus status : all_values<MonthStatus>()) counts[status] = 0;
    statements_.for_each_row(sql::kCountRunsByStatus, [&](const soci::row& row) {
      const RowReader r(row, "allocation_runs");
      counts[parse_month_status(r.text(0), "allocation_runs.status")] = r.integer(1);
    });
    return counts;
  });
}

void SociTransaction::requeue(Id message_id, Instant at) {
  guarded("requeue_outbox_message", [&] {
    const std::string at_text = format_instant(at);
    long long id = message_id, returned = 0;
    session_ << sql::kRequeueOutboxMessage, use(at_text), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("outbox message", message_id);
  });
}

std::vector<OutboxMessage> SociTransaction::claim_due(Instant now, int limit,
                                                      std::chrono::seconds lease) {
  return guarded("claim_due_outbox", [&] {
    const std::string now_text = format_instant(now), lease_until = format_instant(now + lease);
    const std::string select_due = dialect_.expand(sql::kSelectDueOutboxIds);
    std::vector<long long> due;
    soci::rowset<soci::row> rows = (session_.prepare << select_due, use(now_text), use(limit));
    for (const soci::row& row : rows) due.push_back(RowReader(row, "outbox").integer(0));
    std::vector<OutboxMessage> claimed;
    for (long long id : due) {
      std::vector<OutboxMessage> one = read_all<OutboxMessage>(
          statements_, sql::kClaimOutboxMessage, read_outbox_message, lease_until, id);
      claimed.insert(claimed.end(), one.begin(), one.end());
    }
    return claimed;
  });
}

void SociTransaction::mark_sent(Id message_id, Instant at) {
  guarded("mark_outbox_sent", [&] {
    const std::string at_text = format_instant(at);
    long long id = message_id, returned = 0;
    session_ << sql::kMarkOutboxSent, use(at_text), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("outbox message", message_id);
  });
}

void SociTransaction::mark_retry(Id message_id, Instant next, const std::string& error) {
  guarded("mark_outbox_retry", [&] {
    const std::string next_text = format_instant(next);
    long long id = message_id, returned = 0;
    session_ << sql::kMarkOutboxRetry, use(next_text), use(error), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("outbox message", message_id);
  });
}

void SociTransaction::mark_dead(Id message_id, const std::string& error) {
  guarded("mark_outbox_dead", [&] {
    long long id = message_id, returned = 0;
    session_ << sql::kMarkOutboxDead, use(error), use(id), into(returned);
    if (!session_.got_data()) throw_not_found("outbox message", message_id);
  });
}

}  // namespace caseaudit::db
