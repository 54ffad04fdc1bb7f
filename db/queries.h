// The SQL of the store, as named constants. The statements a request runs
// often are NamedQuery constants, kept prepared per session (StatementCache);
// the others are plain text, prepared per use. Written once for both engines:
// only the common subset (RETURNING, ON CONFLICT ... DO, CAST) is used, and
// values are always bound (":name"), never spliced into the text.
//
// The SELECT column lists are read by position in soci_transaction.cc and
// authority_reader.cc; change a list and its reader together. Named queries
// may use the dialect's {{PLACEHOLDERS}} (db/dialect.h); the cache expands them.
#pragma once

#include <string_view>

namespace caseaudit::db {

// A statement the store keeps prepared per pooled session (StatementCache),
// found there by `name`: the constant's own name, so unique by construction.
struct NamedQuery {
  std::string_view name;
  std::string_view text;
};

}  // namespace caseaudit::db

namespace caseaudit::db::sql {

#define CASEAUDIT_NAMED_QUERY(constant, sql_text) \
  constexpr NamedQuery constant { #constant, sql_text }

// PostgreSQL only, and only as a transaction's first statement: every later
// statement sees the snapshot of the first.
constexpr std::string_view kPostgresOneSnapshot = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
// PostgreSQL only: how a read-only transaction plans, sent with its BEGIN
// (Dialect::begin_read(), one message, no round trip of its own). Plan each
// prepared statement once per session, generically, and price an index probe
// as memory or SSD does. With the default plan_cache_mode (auto) the month's
// audit listing was re-planned at every bind (0.65 ms a request, as long as
// running it: fresh statistics made the custom plans look cheap); with the
// default random_page_cost (4, spinning disks) its generic plan scanned every
// child to join the month's few. Write transactions, the due sweep among
// them, plan as PostgreSQL does by default: with the cheap random reads its
// range reads were slower (docs/BENCHMARKS.md, 2026-12-03).
constexpr std::string_view kPostgresBeginRead =
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
    "SET LOCAL plan_cache_mode = force_generic_plan; "
    "SET LOCAL random_page_cost = 1.1";
// PostgreSQL only, inside a transaction: plan each statement for the values
// it is given, for the rest of the transaction. For the reports' month
// ranges, whose best plan depends on how many months they span.
constexpr std::string_view kPostgresPlanForTheValues =
    "SET LOCAL plan_cache_mode = force_custom_plan";
// Both backends: the planner's statistics, after a bulk load.
constexpr std::string_view kAnalyze = "ANALYZE";

// ---- Services and teams ----------------------------------------------------
#define CASEAUDIT_SERVICE_COLUMNS "id, name, service_manager_id, head_of_service_id, director_id"
CASEAUDIT_NAMED_QUERY(kSelectServices,
                      "SELECT " CASEAUDIT_SERVICE_COLUMNS " FROM services ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectServiceById,
                      "SELECT " CASEAUDIT_SERVICE_COLUMNS " FROM services WHERE id = :id");
#undef CASEAUDIT_SERVICE_COLUMNS
constexpr std::string_view kInsertService =
    "INSERT INTO services (name, service_manager_id, head_of_service_id, director_id) "
    "VALUES (:name, :service_manager_id, :head_of_service_id, :director_id) RETURNING id";
constexpr std::string_view kUpdateService =
    "UPDATE services SET name = :name, service_manager_id = :service_manager_id, "
    "head_of_service_id = :head_of_service_id, director_id = :director_id WHERE id = :id "
    "RETURNING id";

#define CASEAUDIT_TEAM_COLUMNS "id, name, service_id, team_manager_id"
CASEAUDIT_NAMED_QUERY(kSelectTeams, "SELECT " CASEAUDIT_TEAM_COLUMNS " FROM teams ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectTeamById,
                      "SELECT " CASEAUDIT_TEAM_COLUMNS " FROM teams WHERE id = :id");
#undef CASEAUDIT_TEAM_COLUMNS
constexpr std::string_view kInsertTeam =
    "INSERT INTO teams (name, service_id, team_manager_id) "
    "VALUES (:name, :service_id, :team_manager_id) RETURNING id";
constexpr std::string_view kUpdateTeam =
    "UPDATE teams SET name = :name, service_id = :service_id, team_manager_id = :team_manager_id "
    "WHERE id = :id RETURNING id";

// ---- Staff -----------------------------------------------------------------
#define CASEAUDIT_STAFF_COLUMNS                                                             \
  "id, name, email, role, fte, team_id, line_manager_id, auditor, audit_cadence, "          \
  "audit_parity, audit_quota, moderator_capacity, external_moderator, moderation_cadence, " \
  "moderation_parity, active"
CASEAUDIT_NAMED_QUERY(kSelectStaffNames, "SELECT id, name FROM staff ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectStaff, "SELECT " CASEAUDIT_STAFF_COLUMNS " FROM staff ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectStaffById,
                      "SELECT " CASEAUDIT_STAFF_COLUMNS " FROM staff WHERE id = :id");
CASEAUDIT_NAMED_QUERY(kSelectStaffByEmail,
                      "SELECT " CASEAUDIT_STAFF_COLUMNS " FROM staff WHERE email = :email");
#undef CASEAUDIT_STAFF_COLUMNS
constexpr std::string_view kInsertStaff =
    "INSERT INTO staff (name, email, role, fte, team_id, line_manager_id, auditor, "
    "audit_cadence, audit_parity, audit_quota, moderator_capacity, external_moderator, "
    "moderation_cadence, moderation_parity, active) VALUES (:name, :email, :role, :fte, "
    ":team_id, :line_manager_id, :auditor, :audit_cadence, :audit_parity, :audit_quota, "
    ":moderator_capacity, :external_moderator, :moderation_cadence, :moderation_parity, "
    ":active) RETURNING id";
CASEAUDIT_NAMED_QUERY(
    kUpdateStaff,
    "UPDATE staff SET name = :name, email = :email, role = :role, fte = :fte, "
    "team_id = :team_id, line_manager_id = :line_manager_id, auditor = :auditor, "
    "audit_cadence = :audit_cadence, audit_parity = :audit_parity, audit_quota = :audit_quota, "
    "moderator_capacity = :moderator_capacity, external_moderator = :external_moderator, "
    "moderation_cadence = :moderation_cadence, moderation_parity = :moderation_parity, "
    "active = :active WHERE id = :id RETURNING id");
constexpr std::string_view kSelectResponsibleTeams =
    "SELECT staff_id, team_id FROM staff_responsible_teams ORDER BY staff_id, team_id";
CASEAUDIT_NAMED_QUERY(
    kSelectResponsibleTeamsOf,
    "SELECT team_id FROM staff_responsible_teams WHERE staff_id = :staff_id ORDER BY team_id");
CASEAUDIT_NAMED_QUERY(
    kInsertResponsibleTeam,
    "INSERT INTO staff_responsible_teams (staff_id, team_id) VALUES (:staff_id, :team_id)");
CASEAUDIT_NAMED_QUERY(kDeleteResponsibleTeams,
                      "DELETE FROM staff_responsible_teams WHERE staff_id = :staff_id");

// ---- Exemptions and children ---------------------------------------------------
#define CASEAUDIT_EXEMPTION_COLUMNS \
  "id, staff_id, kind, first_month, last_month, reason, authorised_by"
constexpr std::string_view kSelectExemptions =
    "SELECT " CASEAUDIT_EXEMPTION_COLUMNS " FROM exemptions ORDER BY id";
CASEAUDIT_NAMED_QUERY(kSelectExemptionById,
                      "SELECT " CASEAUDIT_EXEMPTION_COLUMNS " FROM exemptions WHERE id = :id");
#undef CASEAUDIT_EXEMPTION_COLUMNS
constexpr std::string_view kInsertExemption =
    "INSERT INTO exemptions (staff_id, kind, first_month, last_month, reason, authorised_by) "
    "VALUES (:staff_id, :kind, :first_month, :last_month, :reason, :authorised_by) RETURNING id";
constexpr std::string_view kDeleteExemption = "DELETE FROM exemptions WHERE id = :id RETURNING id";

#define CASEAUDIT_CHILD_COLUMNS                                                                 \
  "id, case_reference, team_id, legal_status, court_proceedings, iro_id, allocated_worker_id, " \
  "open"
constexpr std::string_view kSelectChildren =
    "SELECT " CASEAUDIT_CHILD_COLUMNS " FROM children ORDER BY id";
CASEAUDIT_NAMED_QUERY(kSelectChildByReference,
                      "SELECT " CASEAUDIT_CHILD_COLUMNS
                      " FROM children WHERE case_reference = :case_reference");
CASEAUDIT_NAMED_QUERY(kSelectChildrenAuditedIn,
                      "SELECT " CASEAUDIT_CHILD_COLUMNS
                      " FROM children WHERE id IN "
                      "(SELECT child_id FROM audits WHERE month = :month) ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectChildrenAuditedBetween,
                      "SELECT " CASEAUDIT_CHILD_COLUMNS
                      " FROM children WHERE id IN (SELECT child_id FROM audits "
                      "WHERE month BETWEEN :from_month AND :to_month) ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectChildrenWithConcerns,
                      "SELECT " CASEAUDIT_CHILD_COLUMNS
                      " FROM children WHERE id IN (SELECT child_id FROM concerns) ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectChildById,
                      "SELECT " CASEAUDIT_CHILD_COLUMNS " FROM children WHERE id = :id");
#undef CASEAUDIT_CHILD_COLUMNS
constexpr std::string_view kInsertChild =
    "INSERT INTO children (case_reference, team_id, legal_status, court_proceedings, iro_id, "
    "allocated_worker_id, open) VALUES (:case_reference, :team_id, :legal_status, "
    ":court_proceedings, :iro_id, :allocated_worker_id, :open) RETURNING id";
constexpr std::string_view kUpsertChild =
    "INSERT INTO children (case_reference, team_id, legal_status, court_proceedings, iro_id, "
    "allocated_worker_id, open) VALUES (:case_reference, :team_id, :legal_status, "
    ":court_proceedings, :iro_id, :allocated_worker_id, :open) "
    "ON CONFLICT (case_reference) DO UPDATE SET team_id = excluded.team_id, "
    "legal_status = excluded.legal_status, court_proceedings = excluded.court_proceedings, "
    "iro_id = excluded.iro_id, allocated_worker_id = excluded.allocated_worker_id, "
    "open = excluded.open RETURNING id";

// ---- Allocation ------------------------------------------------------------
#define CASEAUDIT_RUN_COLUMNS "id, month, status, seed, looped"
constexpr std::string_view kSelectRuns =
    "SELECT " CASEAUDIT_RUN_COLUMNS " FROM allocation_runs ORDER BY month";
CASEAUDIT_NAMED_QUERY(kSelectRunByMonth,
                      "SELECT " CASEAUDIT_RUN_COLUMNS " FROM allocation_runs WHERE month = :month");
#undef CASEAUDIT_RUN_COLUMNS
constexpr std::string_view kInsertRun =
    "INSERT INTO allocation_runs (month, status, seed, looped, created_at, updated_at) "
    "VALUES (:month, :status, :seed, :looped, :created_at, :updated_at) RETURNING id";
constexpr std::string_view kUpdateRun =
    "UPDATE allocation_runs SET month = :month, status = :status, seed = :seed, "
    "looped = :looped, updated_at = :updated_at WHERE id = :id RETURNING id";

#define CASEAUDIT_AUDIT_COLUMNS                                                                    \
  "id, month, child_id, auditor_id, moderator_id, needs_external_moderation, loop_group, status, " \
  "due_date, overall_grade, moderated_grade, outcome, submitted_on, moderated_on, explanation, "   \
  "pin_reason, grade_justification, classification, classification_reason, "                       \
  "participation_child_seen, participation_family, participation_worker, "                         \
  "participation_team_manager, participation_iro, family_feedback, moderation_comment, "           \
  "sent_back_reason, meeting_grade"
constexpr std::string_view kSelectAudits =
    "SELECT " CASEAUDIT_AUDIT_COLUMNS " FROM audits ORDER BY id";
CASEAUDIT_NAMED_QUERY(kSelectAuditsInMonth, "SELECT " CASEAUDIT_AUDIT_COLUMNS
                                            " FROM audits WHERE month = :month ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectAuditsBetween,
                      "SELECT " CASEAUDIT_AUDIT_COLUMNS
                      " FROM audits WHERE month BETWEEN :from_month AND :to_month ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectAuditById,
                      "SELECT " CASEAUDIT_AUDIT_COLUMNS " FROM audits WHERE id = :id");
// The audit columns above, then the child's case reference, team and legal
// status, the names of the team, auditor and moderator (NULL when unknown)
// and the domain grades as "grade<US>domain<US>grade<US>domain..." (US the
// unit separator U+001F, which no configured domain holds; NULL when none):
// a month's audit list in one statement.
CASEAUDIT_NAMED_QUERY(
    kSelectAuditListingsInMonth,
    "SELECT a.*, c.case_reference, c.team_id, c.legal_status, t.name, "
    "auditor.name, moderator.name, (SELECT {{STRING_AGG}}(g.grade || "
    "{{UNIT_SEPARATOR}} || g.domain, {{UNIT_SEPARATOR}}) FROM "
    "audit_domain_grades g WHERE g.audit_id = a.id) FROM (SELECT " CASEAUDIT_AUDIT_COLUMNS
    " FROM audits WHERE month = :month) a "
    "LEFT JOIN children c ON c.id = a.child_id "
    "LEFT JOIN teams t ON t.id = c.team_id "
    "LEFT JOIN staff auditor ON auditor.id = a.auditor_id "
    "LEFT JOIN staff moderator ON moderator.id = a.moderator_id ORDER BY a.id");
#undef CASEAUDIT_AUDIT_COLUMNS
CASEAUDIT_NAMED_QUERY(
    kSelectDomainGrades,
    "SELECT audit_id, domain, grade FROM audit_domain_grades ORDER BY audit_id, domain");
CASEAUDIT_NAMED_QUERY(
    kSelectDomainGradesInMonth,
    "SELECT g.audit_id, g.domain, g.grade FROM audit_domain_grades g "
    "JOIN audits a ON a.id = g.audit_id WHERE a.month = :month ORDER BY g.audit_id, g.domain");
CASEAUDIT_NAMED_QUERY(kSelectDomainGradesBetween,
                      "SELECT g.audit_id, g.domain, g.grade FROM audit_domain_grades g "
                      "JOIN audits a ON a.id = g.audit_id "
                      "WHERE a.month BETWEEN :from_month AND :to_month "
                      "ORDER BY g.audit_id, g.domain");
CASEAUDIT_NAMED_QUERY(
    kSelectDomainGradesOf,
    "SELECT audit_id, domain, grade FROM audit_domain_grades WHERE audit_id = :audit_id "
    "ORDER BY domain");
constexpr std::string_view kInsertDomainGrade =
    "INSERT INTO audit_domain_grades (audit_id, domain, grade) VALUES (:audit_id, :domain, :grade)";
constexpr std::string_view kDeleteDomainGrades =
    "DELETE FROM audit_domain_grades WHERE audit_id = :audit_id";
// Slots held by the other live audits of a child / an auditor in a month.
constexpr std::string_view kSelectChildSlots =
    "SELECT child_slot FROM audits WHERE month = :month AND child_id = :child_id "
    "AND child_slot IS NOT NULL AND id <> :id";
constexpr std::string_view kSelectAuditorSlots =
    "SELECT auditor_slot FROM audits WHERE month = :month AND auditor_id = :auditor_id "
    "AND auditor_slot IS NOT NULL AND id <> :id";
constexpr std::string_view kInsertAudit =
    "INSERT INTO audits (month, child_id, auditor_id, moderator_id, needs_external_moderation, "
    "loop_group, status, due_date, overall_grade, moderated_grade, outcome, submitted_on, "
    "moderated_on, explanation, pin_reason, grade_justification, classification, "
    "classification_reason, child_slot, auditor_slot, participation_child_seen, "
    "participation_family, participation_worker, participation_team_manager, "
    "participation_iro, family_feedback, moderation_comment, sent_back_reason, meeting_grade) "
    "VALUES (:month, :child_id, :auditor_id, :moderator_id, :needs_external_moderation, "
    ":loop_group, :status, :due_date, :overall_grade, :moderated_grade, :outcome, "
    ":submitted_on, :moderated_on, :explanation, :pin_reason, :grade_justification, "
    ":classification, :classification_reason, :child_slot, :auditor_slot, "
    ":participation_child_seen, :participation_family, :participation_worker, "
    ":participation_team_manager, :participation_iro, :family_feedback, :moderation_comment, "
    ":sent_back_reason, :meeting_grade) RETURNING id";
constexpr std::string_view kUpdateAudit =
    "UPDATE audits SET month = :month, child_id = :child_id, auditor_id = :auditor_id, "
    "moderator_id = :moderator_id, needs_external_moderation = :needs_external_moderation, "
    "loop_group = :loop_group, status = :status, due_date = :due_date, "
    "overall_grade = :overall_grade, moderated_grade = :moderated_grade, outcome = :outcome, "
    "submitted_on = :submitted_on, moderated_on = :moderated_on, explanation = :explanation, "
    "pin_reason = :pin_reason, grade_justification = :grade_justification, "
    "classification = :classification, classification_reason = :classification_reason, "
    "child_slot = :child_slot, "
    "auditor_slot = :auditor_slot, participation_child_seen = :participation_child_seen, "
    "participation_family = :participation_family, participation_worker = "
    ":participation_worker, participation_team_manager = :participation_team_manager, "
    "participation_iro = :participation_iro, family_feedback = :family_feedback, "
    "moderation_comment = :moderation_comment, sent_back_reason = :sent_back_reason, "
    "meeting_grade = :meeting_grade WHERE id = :id RETURNING id";
constexpr std::string_view kAuditExists = "SELECT id FROM audits WHERE id = :id";

#define CASEAUDIT_PAIRING_COLUMNS "id, period, auditor_id, moderator_id, reason"
constexpr std::string_view kSelectPairings =
    "SELECT " CASEAUDIT_PAIRING_COLUMNS " FROM pairings ORDER BY id";
CASEAUDIT_NAMED_QUERY(kSelectPairingsFor, "SELECT " CASEAUDIT_PAIRING_COLUMNS
                                          " FROM pairings WHERE period = :period ORDER BY id");
#undef CASEAUDIT_PAIRING_COLUMNS
constexpr std::string_view kInsertPairing =
    "INSERT INTO pairings (period, auditor_id, moderator_id, reason) "
    "VALUES (:period, :auditor_id, :moderator_id, :reason) RETURNING id";
constexpr std::string_view kUpdatePairing =
    "UPDATE pairings SET period = :period, auditor_id = :auditor_id, "
    "moderator_id = :moderator_id, reason = :reason WHERE id = :id RETURNING id";

// ---- After the audit ---------------------------------------------------------
#define CASEAUDIT_ACTION_COLUMNS \
  "id, audit_id, description, owner_id, due_date, care_planning, status, completed_on"
constexpr std::string_view kSelectActions =
    "SELECT " CASEAUDIT_ACTION_COLUMNS " FROM actions ORDER BY id";
CASEAUDIT_NAMED_QUERY(kSelectActionById,
                      "SELECT " CASEAUDIT_ACTION_COLUMNS " FROM actions WHERE id = :id");
CASEAUDIT_NAMED_QUERY(kSelectActionsOfAuditsBetween,
                      "SELECT " CASEAUDIT_ACTION_COLUMNS
                      " FROM actions WHERE audit_id IN (SELECT id FROM audits "
                      "WHERE month BETWEEN :from_month AND :to_month) ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectActionsOfAudit,
                      "SELECT " CASEAUDIT_ACTION_COLUMNS
                      " FROM actions WHERE audit_id = :audit_id ORDER BY id");
// The reminder rules' load: open actions that can be due by a date (index
// actions_by_status_due), open concerns (index concerns_by_status).
constexpr std::string_view kSelectOpenActionsDueBy =
    "SELECT " CASEAUDIT_ACTION_COLUMNS
    " FROM actions WHERE status = 'open' AND due_date <= :due_by "
    "ORDER BY id";
#undef CASEAUDIT_ACTION_COLUMNS
constexpr std::string_view kInsertAction =
    "INSERT INTO actions (audit_id, description, owner_id, due_date, care_planning, status, "
    "completed_on) VALUES (:audit_id, :description, :owner_id, :due_date, :care_planning, "
    ":status, :completed_on) RETURNING id";
constexpr std::string_view kUpdateAction =
    "UPDATE actions SET audit_id = :audit_id, description = :description, owner_id = :owner_id, "
    "due_date = :due_date, care_planning = :care_planning, status = :status, "
    "completed_on = :completed_on WHERE id = :id RETURNING id";

#define CASEAUDIT_CONCERN_COLUMNS \
  "id, child_id, audit_id, category, raised_on, status, resolved_on, resolution, resolution_note"
CASEAUDIT_NAMED_QUERY(kSelectConcerns,
                      "SELECT " CASEAUDIT_CONCERN_COLUMNS " FROM concerns ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectConcernById,
                      "SELECT " CASEAUDIT_CONCERN_COLUMNS " FROM concerns WHERE id = :id");
constexpr std::string_view kSelectOpenConcerns =
    "SELECT " CASEAUDIT_CONCERN_COLUMNS " FROM concerns WHERE status = 'open' ORDER BY id";
#undef CASEAUDIT_CONCERN_COLUMNS
constexpr std::string_view kInsertConcern =
    "INSERT INTO concerns (child_id, audit_id, category, raised_on, status, resolved_on, "
    "resolution, resolution_note) VALUES (:child_id, :audit_id, :category, :raised_on, :status, "
    ":resolved_on, :resolution, :resolution_note) RETURNING id";
constexpr std::string_view kUpdateConcern =
    "UPDATE concerns SET child_id = :child_id, audit_id = :audit_id, category = :category, "
    "raised_on = :raised_on, status = :status, resolved_on = :resolved_on, "
    "resolution = :resolution, resolution_note = :resolution_note WHERE id = :id RETURNING id";

#define CASEAUDIT_CONCERN_UPDATE_COLUMNS "id, concern_id, month, note, recorded_by"
CASEAUDIT_NAMED_QUERY(kSelectConcernUpdates, "SELECT " CASEAUDIT_CONCERN_UPDATE_COLUMNS
                                             " FROM concern_updates ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectConcernUpdatesOf, "SELECT " CASEAUDIT_CONCERN_UPDATE_COLUMNS
                                               " FROM concern_updates "
                                               "WHERE concern_id = :concern_id ORDER BY month, id");
#undef CASEAUDIT_CONCERN_UPDATE_COLUMNS
constexpr std::string_view kInsertConcernUpdate =
    "INSERT INTO concern_updates (concern_id, month, note, recorded_by) "
    "VALUES (:concern_id, :month, :note, :recorded_by) RETURNING id";

#define CASEAUDIT_IMPACT_RESPONSE_COLUMNS \
  "r.id, r.audit_id, r.staff_id, r.answer, r.what_changed, r.answered_on"
CASEAUDIT_NAMED_QUERY(kSelectImpactResponsesOfAudit,
                      "SELECT " CASEAUDIT_IMPACT_RESPONSE_COLUMNS
                      " FROM impact_responses r WHERE r.audit_id = :audit_id ORDER BY r.id");
// Through audits_by_month; the answers of an audit by their unique index.
CASEAUDIT_NAMED_QUERY(kSelectImpactResponsesOfMonths,
                      "SELECT " CASEAUDIT_IMPACT_RESPONSE_COLUMNS
                      " FROM impact_responses r JOIN audits a ON a.id = r.audit_id "
                      "WHERE a.month BETWEEN :first AND :last ORDER BY a.month, r.id");
#undef CASEAUDIT_IMPACT_RESPONSE_COLUMNS
constexpr std::string_view kInsertImpactResponse =
    "INSERT INTO impact_responses (audit_id, staff_id, answer, what_changed, answered_on) "
    "VALUES (:audit_id, :staff_id, :answer, :what_changed, :answered_on) RETURNING id";

#define CASEAUDIT_ACTION_UPDATE_COLUMNS                                                     \
  "id, action_id, by_staff_id, note, proposed_due_date, decision, decided_by, decided_at, " \
  "decline_reason, created_at"
CASEAUDIT_NAMED_QUERY(kSelectActionUpdateById, "SELECT " CASEAUDIT_ACTION_UPDATE_COLUMNS
                                               " FROM action_updates WHERE id = :id");
CASEAUDIT_NAMED_QUERY(kSelectActionUpdates,
                      "SELECT " CASEAUDIT_ACTION_UPDATE_COLUMNS " FROM action_updates ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectActionUpdatesOfAction,
                      "SELECT " CASEAUDIT_ACTION_UPDATE_COLUMNS
                      " FROM action_updates WHERE action_id = :action_id ORDER BY id");
CASEAUDIT_NAMED_QUERY(kSelectPendingActionUpdates,
                      "SELECT " CASEAUDIT_ACTION_UPDATE_COLUMNS
                      " FROM action_updates WHERE proposed_due_date IS NOT NULL AND decision IS "
                      "NULL ORDER BY id");
#undef CASEAUDIT_ACTION_UPDATE_COLUMNS
constexpr std::string_view kInsertActionUpdate =
    "INSERT INTO action_updates (action_id, by_staff_id, note, proposed_due_date, created_at) "
    "VALUES (:action_id, :by_staff_id, :note, :proposed_due_date, :created_at) RETURNING id";
constexpr std::string_view kDecideActionUpdate =
    "UPDATE action_updates SET decision = :decision, decided_by = :decided_by, "
    "decided_at = :decided_at, decline_reason = :decline_reason WHERE id = :id RETURNING id";

// ---- Jobs, change log, outbox -------------------------------------------------
// Frozen month figures (db/soci_month_figures.cc).
constexpr std::string_view kInsertMonthFigures =
    "INSERT INTO month_figures (month, schema_version, figures, frozen_at) "
    "VALUES (:month, :schema_version, :figures, :frozen_at)";
constexpr std::string_view kSelectMonthFigures =
    "SELECT month, schema_version, figures FROM month_figures "
    "WHERE month >= :first AND month <= :last ORDER BY month";

constexpr std::string_view kRecordJobRun =
    "INSERT INTO job_runs (job, period, at) VALUES (:job, :period, :at) "
    "ON CONFLICT (job, period) DO NOTHING RETURNING id";
constexpr std::string_view kSelectJobRun =
    "SELECT id FROM job_runs WHERE job = :job AND period = :period";

// The ledger in sets. PostgreSQL, keys bound as text[] literals (codec.h:
// to_text_array): first the keys not yet recorded (an anti-join, read only:
// on a steady-state day nearly every key is recorded already), then those
// inserted in chunks; ON CONFLICT covers a concurrent instance and RETURNING
// names the keys recorded now. The read takes one large chunk: its plan is
// a hash anti-join over the whole ledger, paid once per statement.
constexpr std::string_view kSelectUnrecordedItemsPostgres =
    "SELECT t.item_key FROM unnest(CAST(:item_keys AS TEXT[])) AS t (item_key) "
    "WHERE NOT EXISTS (SELECT 1 FROM notified_items n WHERE n.item_key = t.item_key)";
constexpr std::string_view kRecordNotifiedItemsPostgres =
    "INSERT INTO notified_items (item_key, message_key, at) "
    "SELECT t.item_key, t.message_key, :at "
    "FROM unnest(CAST(:item_keys AS TEXT[]), CAST(:message_keys AS TEXT[])) "
    "AS t (item_key, message_key) "
    "ON CONFLICT (item_key) DO NOTHING RETURNING item_key";
// SQLite: one multi-row INSERT per chunk, kRecordNotifiedItemsRow repeated
// (comma-separated) between head and tail, three bound values per row.
constexpr std::string_view kRecordNotifiedItemsSqliteHead =
    "INSERT INTO notified_items (item_key, message_key, at) VALUES ";
constexpr std::string_view kRecordNotifiedItemsSqliteRow = "(?, ?, ?)";
constexpr std::string_view kRecordNotifiedItemsSqliteTail =
    " ON CONFLICT (item_key) DO NOTHING RETURNING item_key";
// The ledger rows of one rule (a key prefix): substr, not LIKE, so that '_'
// in a rule's name is no wildcard.
constexpr std::string_view kSelectNotifiedItemsByPrefix =
    "SELECT item_key, at FROM notified_items "
    "WHERE substr(item_key, 1, CAST(:length AS INTEGER)) = :prefix";

CASEAUDIT_NAMED_QUERY(
    kInsertChange,
    "INSERT INTO change_log (at, actor, action, record_type, record_id, before_json, "
    "after_json) VALUES (:at, :actor, :action, :record_type, :record_id, :before_json, "
    ":after_json)");
// Filters are switched on by flags, so that one statement serves every
// combination and no value is ever spliced into the SQL.
// Instants are stored as fixed-width UTC text, so text order is time order.
// Ids grow with insertion, so id order is the order the rows were logged.
CASEAUDIT_NAMED_QUERY(
    kSelectChanges,
    "SELECT id, at, actor, action, record_type, record_id, before_json, after_json "
    "FROM change_log WHERE (:any_type = 1 OR record_type = :record_type) "
    "AND (:any_record = 1 OR record_id = :record_id) "
    "AND (:any_since = 1 OR at >= :since) AND (:any_until = 1 OR at < :until) "
    "AND (:any_before = 1 OR id < :before_id) "
    "AND (:any_actor = 1 OR LOWER(actor) LIKE :actor_pattern ESCAPE '\\') "
    "ORDER BY id DESC LIMIT :limit");

constexpr std::string_view kEnqueue =
    "INSERT INTO outbox (dedup_key, rule, recipient_staff_id, recipient_email, recipient_name, "
    "subject, text_body, html_body, message_id, urgent, status, attempts, created_at, "
    "next_attempt_at, sent_at, last_error) VALUES (:dedup_key, :rule, :recipient_staff_id, "
    ":recipient_email, :recipient_name, :subject, :text_body, :html_body, :message_id, "
    ":urgent, :status, :attempts, :created_at, :next_attempt_at, :sent_at, :last_error) "
    "ON CONFLICT (dedup_key) DO NOTHING RETURNING id";
CASEAUDIT_NAMED_QUERY(
    kSelectOutbox,
    "SELECT id, dedup_key, rule, recipient_staff_id, recipient_email, recipient_name, subject, "
    "text_body, html_body, message_id, urgent, status, attempts, created_at, next_attempt_at, "
    "sent_at, last_error FROM outbox WHERE (:any_status = 1 OR status = :status) "
    "ORDER BY next_attempt_at, id");

#define CASEAUDIT_OUTBOX_COLUMNS                                                              \
  "id, dedup_key, rule, recipient_staff_id, recipient_email, recipient_name, subject, "       \
  "text_body, html_body, message_id, urgent, status, attempts, created_at, next_attempt_at, " \
  "sent_at, last_error"
// Claiming: the due ids in order (PostgreSQL locks them and skips rows
// another claimer holds; SQLite has one writer at a time and needs no lock),
// then each is pushed past its lease and read back.
constexpr std::string_view kSelectDueOutboxIds =
    "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= :now "
    "ORDER BY next_attempt_at, id LIMIT :limit {{SKIP_LOCKED}}";
CASEAUDIT_NAMED_QUERY(kClaimOutboxMessage,
                      "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :lease_until "
                      "WHERE id = :id RETURNING " CASEAUDIT_OUTBOX_COLUMNS);
CASEAUDIT_NAMED_QUERY(kSelectOutboxMessage,
                      "SELECT " CASEAUDIT_OUTBOX_COLUMNS " FROM outbox WHERE id = :id");
#undef CASEAUDIT_OUTBOX_COLUMNS
CASEAUDIT_NAMED_QUERY(kCountRunsByStatus,
                      "SELECT status, count(*) FROM allocation_runs GROUP BY status");
// Instants are fixed-width UTC text, so MIN and <= on them are time order.
constexpr std::string_view kOutboxBacklog =
    "SELECT COUNT(CASE WHEN next_attempt_at <= :due_now THEN 1 END), "
    "COUNT(CASE WHEN next_attempt_at > :scheduled_now THEN 1 END), "
    "MIN(CASE WHEN next_attempt_at <= :oldest_now THEN next_attempt_at END) "
    "FROM outbox WHERE status = 'pending'";
CASEAUDIT_NAMED_QUERY(kCountOutboxByStatus, "SELECT status, count(*) FROM outbox GROUP BY status");
constexpr std::string_view kRequeueOutboxMessage =
    "UPDATE outbox SET status = 'pending', next_attempt_at = :at, attempts = 0 WHERE id = :id "
    "RETURNING id";
constexpr std::string_view kMarkOutboxSent =
    "UPDATE outbox SET status = 'sent', sent_at = :at, last_error = '' WHERE id = :id "
    "RETURNING id";
constexpr std::string_view kMarkOutboxRetry =
    "UPDATE outbox SET status = 'pending', next_attempt_at = :next, last_error = :error "
    "WHERE id = :id RETURNING id";
constexpr std::string_view kMarkOutboxDead =
    "UPDATE outbox SET status = 'dead', last_error = :error WHERE id = :id RETURNING id";

// ---- API tokens ------------------------------------------------------------------
#define CASEAUDIT_API_TOKEN_COLUMNS \
  "id, name, role, secret_hash, created_at, expires_at, revoked_at"
constexpr std::string_view kInsertApiToken =
    "INSERT INTO api_tokens (name, role, secret_hash, created_at, expires_at, revoked_at) "
    "VALUES (:name, :role, :secret_hash, :created_at, :expires_at, :revoked_at) RETURNING id";
constexpr std::string_view kSelectApiTokenIdByName = "SELECT id FROM api_tokens WHERE name = :name";
CASEAUDIT_NAMED_QUERY(kSelectApiTokenByHash, "SELECT " CASEAUDIT_API_TOKEN_COLUMNS
                                             " FROM api_tokens WHERE secret_hash = :secret_hash");
CASEAUDIT_NAMED_QUERY(kSelectApiTokens,
                      "SELECT " CASEAUDIT_API_TOKEN_COLUMNS " FROM api_tokens ORDER BY name");
#undef CASEAUDIT_API_TOKEN_COLUMNS
constexpr std::string_view kRevokeApiToken =
    "UPDATE api_tokens SET revoked_at = :at WHERE name = :name AND revoked_at IS NULL "
    "RETURNING id";

// ---- Sign-in for people ---------------------------------------------------------
CASEAUDIT_NAMED_QUERY(kSelectConsoleAccess, "SELECT console_access FROM staff WHERE id = :id");
CASEAUDIT_NAMED_QUERY(kSelectConsoleAccesses,
                      "SELECT id, console_access FROM staff WHERE console_access <> 'none' "
                      "ORDER BY id");
constexpr std::string_view kUpdateConsoleAccess =
    "UPDATE staff SET console_access = :access WHERE id = :id RETURNING id";
#define CASEAUDIT_SIGN_IN_LINK_COLUMNS \
  "id, secret_hash, staff_id, created_at, expires_at, used_at, return_to"
constexpr std::string_view kInsertSignInLink =
    "INSERT INTO sign_in_links (secret_hash, staff_id, created_at, expires_at, used_at, "
    "return_to) VALUES (:secret_hash, :staff_id, :created_at, :expires_at, :used_at, "
    ":return_to) RETURNING id";
CASEAUDIT_NAMED_QUERY(kSelectSignInLinkByHash,
                      "SELECT " CASEAUDIT_SIGN_IN_LINK_COLUMNS
                      " FROM sign_in_links WHERE secret_hash = :secret_hash");
#undef CASEAUDIT_SIGN_IN_LINK_COLUMNS
constexpr std::string_view kMarkSignInLinkUsed =
    "UPDATE sign_in_links SET used_at = :at WHERE id = :id AND used_at IS NULL RETURNING id";
#define CASEAUDIT_SESSION_COLUMNS \
  "id, secret_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at"
constexpr std::string_view kInsertPersonSession =
    "INSERT INTO person_sessions (secret_hash, staff_id, csrf_token, created_at, last_seen_at, "
    "expires_at, revoked_at) VALUES (:secret_hash, :staff_id, :csrf_token, :created_at, "
    ":last_seen_at, :expires_at, :revoked_at) RETURNING id";
CASEAUDIT_NAMED_QUERY(kSelectPersonSessionByHash,
                      "SELECT " CASEAUDIT_SESSION_COLUMNS
                      " FROM person_sessions WHERE secret_hash = :secret_hash");
CASEAUDIT_NAMED_QUERY(kSelectPersonSessionById,
                      "SELECT " CASEAUDIT_SESSION_COLUMNS " FROM person_sessions WHERE id = :id");
CASEAUDIT_NAMED_QUERY(kSelectPersonSessions,
                      "SELECT " CASEAUDIT_SESSION_COLUMNS
                      " FROM person_sessions ORDER BY created_at DESC, id DESC");
#undef CASEAUDIT_SESSION_COLUMNS
CASEAUDIT_NAMED_QUERY(kTouchPersonSession,
                      "UPDATE person_sessions SET last_seen_at = :at "
                      "WHERE id = :id AND last_seen_at < :at_again");
constexpr std::string_view kRevokePersonSession =
    "UPDATE person_sessions SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL "
    "RETURNING id";
constexpr std::string_view kRevokePersonSessionsOf =
    "UPDATE person_sessions SET revoked_at = :at WHERE staff_id = :staff_id "
    "AND revoked_at IS NULL RETURNING id";

// ---- Links in emails (action_links) ----------------------------------------------
#define CASEAUDIT_ACTION_LINK_COLUMNS                                                         \
  "id, secret_hash, staff_id, purpose, record_id, created_at, expires_at, used_at, used_by, " \
  "revoked_at"
constexpr std::string_view kInsertActionLink =
    "INSERT INTO action_links (secret_hash, staff_id, purpose, record_id, created_at, "
    "expires_at) VALUES (:secret_hash, :staff_id, :purpose, :record_id, :created_at, "
    ":expires_at) RETURNING id";
CASEAUDIT_NAMED_QUERY(kSelectActionLinkByHash,
                      "SELECT " CASEAUDIT_ACTION_LINK_COLUMNS
                      " FROM action_links WHERE secret_hash = :secret_hash");
CASEAUDIT_NAMED_QUERY(kSelectActionLinkById,
                      "SELECT " CASEAUDIT_ACTION_LINK_COLUMNS " FROM action_links WHERE id = :id");
#undef CASEAUDIT_ACTION_LINK_COLUMNS
constexpr std::string_view kMarkActionLinkUsed =
    "UPDATE action_links SET used_at = :at, used_by = :used_by WHERE id = :id "
    "AND used_at IS NULL RETURNING id";
constexpr std::string_view kRevokeActionLink =
    "UPDATE action_links SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL "
    "RETURNING id";
constexpr std::string_view kRevokeActionLinksFor =
    "UPDATE action_links SET revoked_at = :at WHERE purpose = :purpose AND record_id = "
    ":record_id AND revoked_at IS NULL AND used_at IS NULL RETURNING id";

// ---- Schema bookkeeping ----------------------------------------------------------
constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr std::string_view kSelectSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kInsertSchemaMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (:version, :name, :applied_at)";
constexpr std::string_view kPing = "SELECT 1";

#undef CASEAUDIT_NAMED_QUERY

}  // namespace caseaudit::db::sql
