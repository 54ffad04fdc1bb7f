#include "db/migrations.h"

namespace caseaudit::db {
namespace {

// ---- Version 1: the whole domain --------------------------------------------
// Services and teams name staff as managers, and staff belong to teams: the
// cycle is closed by adding staff.team_id after teams exists, which both
// engines allow (PostgreSQL needs the referenced table to exist already).

constexpr std::string_view kCreateStaff = R"sql(
CREATE TABLE staff (
  id {{ID}},
  name TEXT NOT NULL CHECK (length(name) > 0),
  email TEXT NOT NULL UNIQUE CHECK (length(email) > 0),
  role TEXT NOT NULL CHECK (role IN ('social_worker', 'advanced_practitioner',
    'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service',
    'court_consultant', 'qa_officer', 'iro_cp_chair', 'director', 'other')),
  fte DOUBLE PRECISION NOT NULL CHECK (fte > 0 AND fte <= 1),
  line_manager_id BIGINT REFERENCES staff (id),
  auditor INTEGER NOT NULL CHECK ({{BOOL auditor}}),
  audit_cadence TEXT NOT NULL CHECK (audit_cadence IN ('monthly', 'bimonthly')),
  audit_parity TEXT NOT NULL CHECK (audit_parity IN ('odd', 'even')),
  audit_quota INTEGER CHECK (audit_quota IS NULL OR audit_quota >= 0),
  moderator_capacity INTEGER NOT NULL CHECK (moderator_capacity >= 0),
  external_moderator INTEGER NOT NULL CHECK ({{BOOL external_moderator}}),
  moderation_cadence TEXT NOT NULL CHECK (moderation_cadence IN ('monthly', 'bimonthly')),
  moderation_parity TEXT NOT NULL CHECK (moderation_parity IN ('odd', 'even')),
  active INTEGER NOT NULL CHECK ({{BOOL active}})
))sql";

constexpr std::string_view kCreateServices = R"sql(
CREATE TABLE services (
  id {{ID}},
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  service_manager_id BIGINT REFERENCES staff (id),
  head_of_service_id BIGINT REFERENCES staff (id),
  director_id BIGINT REFERENCES staff (id)
))sql";

constexpr std::string_view kCreateTeams = R"sql(
CREATE TABLE teams (
  id {{ID}},
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  service_id BIGINT NOT NULL REFERENCES services (id),
  team_manager_id BIGINT REFERENCES staff (id)
))sql";

constexpr std::string_view kAddStaffTeam = R"sql(
ALTER TABLE staff ADD COLUMN team_id BIGINT REFERENCES teams (id))sql";

constexpr std::string_view kCreateStaffResponsibleTeams = R"sql(
CREATE TABLE staff_responsible_teams (
  staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  team_id BIGINT NOT NULL REFERENCES teams (id),
  PRIMARY KEY (staff_id, team_id)
))sql";

constexpr std::string_view kCreateExemptions = R"sql(
CREATE TABLE exemptions (
  id {{ID}},
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  kind TEXT NOT NULL CHECK (kind IN ('maternity_leave', 'extended_leave', 'moderating',
    'secondment', 'single_month')),
  first_month TEXT NOT NULL CHECK ({{MONTH first_month}}),
  last_month TEXT CHECK ({{MONTH last_month}}),
  reason TEXT NOT NULL,
  authorised_by BIGINT REFERENCES staff (id),
  CONSTRAINT exemptions_month_order CHECK (last_month IS NULL OR last_month >= first_month),
  CONSTRAINT exemptions_single_month_authorised
    CHECK (kind <> 'single_month' OR (authorised_by IS NOT NULL AND last_month IS NOT NULL))
))sql";

constexpr std::string_view kCreateChildren = R"sql(
CREATE TABLE children (
  id {{ID}},
  case_reference TEXT NOT NULL UNIQUE CHECK (length(case_reference) > 0),
  team_id BIGINT NOT NULL REFERENCES teams (id),
  legal_status TEXT NOT NULL CHECK (legal_status IN ('child_in_need', 'child_protection',
    'child_in_care', 'care_leaver', 'disabled_children', 'under_assessment')),
  court_proceedings INTEGER NOT NULL CHECK ({{BOOL court_proceedings}}),
  iro_id BIGINT REFERENCES staff (id),
  allocated_worker_id BIGINT REFERENCES staff (id),
  open INTEGER NOT NULL CHECK ({{BOOL open}})
))sql";

constexpr std::string_view kCreateAllocationRuns = R"sql(
CREATE TABLE allocation_runs (
  id {{ID}},
  month TEXT NOT NULL UNIQUE CHECK ({{MONTH month}}),
  status TEXT NOT NULL CHECK (status IN ('planned', 'allocated', 'closed')),
  seed BIGINT NOT NULL,
  looped INTEGER NOT NULL CHECK ({{BOOL looped}}),
  created_at TEXT NOT NULL CHECK ({{INSTANT created_at}}),
  updated_at TEXT NOT NULL CHECK ({{INSTANT updated_at}})
))sql";

// child_slot and auditor_slot make double allocation impossible even for
// concurrent writers: a live audit holds a numbered slot of its child (two in
// a looped month) and of its auditor in that month, and a withdrawn one holds
// none (NULL never clashes in a UNIQUE constraint, on either engine).
constexpr std::string_view kCreateAudits = R"sql(
CREATE TABLE audits (
  id {{ID}},
  month TEXT NOT NULL CHECK ({{MONTH month}}),
  child_id BIGINT NOT NULL REFERENCES children (id),
  auditor_id BIGINT NOT NULL REFERENCES staff (id),
  moderator_id BIGINT REFERENCES staff (id),
  needs_external_moderation INTEGER NOT NULL CHECK ({{BOOL needs_external_moderation}}),
  loop_group INTEGER,
  status TEXT NOT NULL CHECK (status IN ('allocated', 'submitted', 'moderated', 'withdrawn')),
  due_date TEXT NOT NULL CHECK ({{DATE due_date}}),
  overall_grade TEXT CHECK (overall_grade IN ('outstanding', 'good',
    'requires_improvement', 'inadequate')),
  moderated_grade TEXT CHECK (moderated_grade IN ('outstanding', 'good',
    'requires_improvement', 'inadequate')),
  outcome TEXT CHECK (outcome IN ('completed_to_standard', 'not_meeting_standard',
    'nil_return', 'late_return', 'exempted_after_allocation')),
  submitted_on TEXT CHECK ({{DATE submitted_on}}),
  moderated_on TEXT CHECK ({{DATE moderated_on}}),
  explanation TEXT NOT NULL,
  pin_reason TEXT,
  child_slot INTEGER CHECK (child_slot BETWEEN 1 AND 2),
  auditor_slot INTEGER CHECK (auditor_slot >= 1),
  CONSTRAINT audits_slots_iff_live CHECK ((status = 'withdrawn') =
    (child_slot IS NULL AND auditor_slot IS NULL)),
  CONSTRAINT audits_child_slot UNIQUE (month, child_id, child_slot),
  CONSTRAINT audits_auditor_slot UNIQUE (month, auditor_id, auditor_slot)
))sql";

constexpr std::string_view kCreateAuditDomainGrades = R"sql(
CREATE TABLE audit_domain_grades (
  audit_id BIGINT NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
  domain TEXT NOT NULL CHECK (length(domain) > 0),
  grade TEXT NOT NULL CHECK (grade IN ('outstanding', 'good', 'requires_improvement',
    'inadequate')),
  PRIMARY KEY (audit_id, domain)
))sql";

constexpr std::string_view kCreatePairings = R"sql(
CREATE TABLE pairings (
  id {{ID}},
  period TEXT NOT NULL CHECK ({{MONTH period}}),
  auditor_id BIGINT NOT NULL REFERENCES staff (id),
  moderator_id BIGINT NOT NULL REFERENCES staff (id),
  reason TEXT NOT NULL,
  CONSTRAINT pairings_one_per_auditor UNIQUE (period, auditor_id)
))sql";

constexpr std::string_view kCreateActions = R"sql(
CREATE TABLE actions (
  id {{ID}},
  audit_id BIGINT NOT NULL REFERENCES audits (id),
  description TEXT NOT NULL CHECK (length(description) > 0),
  owner_id BIGINT NOT NULL REFERENCES staff (id),
  due_date TEXT NOT NULL CHECK ({{DATE due_date}}),
  care_planning INTEGER NOT NULL CHECK ({{BOOL care_planning}}),
  status TEXT NOT NULL CHECK (status IN ('open', 'completed')),
  completed_on TEXT CHECK ({{DATE completed_on}}),
  CONSTRAINT actions_completed_dated CHECK ((status = 'completed') = (completed_on IS NOT NULL))
))sql";

constexpr std::string_view kCreateConcerns = R"sql(
CREATE TABLE concerns (
  id {{ID}},
  child_id BIGINT NOT NULL REFERENCES children (id),
  audit_id BIGINT REFERENCES audits (id),
  category INTEGER NOT NULL CHECK (category IN (1, 2)),
  raised_on TEXT NOT NULL CHECK ({{DATE raised_on}}),
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  resolved_on TEXT CHECK ({{DATE resolved_on}}),
  CONSTRAINT concerns_resolved_dated CHECK ((status = 'resolved') = (resolved_on IS NOT NULL))
))sql";

constexpr std::string_view kCreateConcernUpdates = R"sql(
CREATE TABLE concern_updates (
  id {{ID}},
  concern_id BIGINT NOT NULL REFERENCES concerns (id),
  month TEXT NOT NULL CHECK ({{MONTH month}}),
  note TEXT NOT NULL,
  recorded_by BIGINT REFERENCES staff (id),
  CONSTRAINT concern_updates_one_per_month UNIQUE (concern_id, month)
))sql";

constexpr std::string_view kCreateOutbox = R"sql(
CREATE TABLE outbox (
  id {{ID}},
  dedup_key TEXT NOT NULL UNIQUE CHECK (length(dedup_key) > 0),
  rule TEXT NOT NULL,
  recipient_staff_id BIGINT REFERENCES staff (id),
  recipient_email TEXT NOT NULL CHECK (length(recipient_email) > 0),
  recipient_name TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  message_id TEXT NOT NULL,
  urgent INTEGER NOT NULL CHECK ({{BOOL urgent}}),
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  created_at TEXT NOT NULL CHECK ({{INSTANT created_at}}),
  next_attempt_at TEXT NOT NULL CHECK ({{INSTANT next_attempt_at}}),
  sent_at TEXT CHECK ({{INSTANT sent_at}}),
  last_error TEXT NOT NULL
))sql";

constexpr std::string_view kCreateJobRuns = R"sql(
CREATE TABLE job_runs (
  id {{ID}},
  job TEXT NOT NULL CHECK (length(job) > 0),
  period TEXT NOT NULL CHECK (length(period) > 0),
  at TEXT NOT NULL CHECK ({{INSTANT at}}),
  CONSTRAINT job_runs_once UNIQUE (job, period)
))sql";

constexpr std::string_view kCreateChangeLog = R"sql(
CREATE TABLE change_log (
  id {{ID}},
  at TEXT NOT NULL CHECK ({{INSTANT at}}),
  actor TEXT NOT NULL CHECK (length(actor) > 0),
  action TEXT NOT NULL CHECK (length(action) > 0),
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL
))sql";

// A live audit of the same child by the same auditor twice in a month is
// never right, looped or not.
constexpr std::string_view kIndexAuditsLiveChildAuditor = R"sql(
CREATE UNIQUE INDEX audits_live_child_auditor ON audits (month, child_id, auditor_id)
  WHERE status <> 'withdrawn')sql";
constexpr std::string_view kIndexAuditsAuditor = R"sql(
CREATE INDEX audits_by_auditor ON audits (auditor_id, month))sql";
constexpr std::string_view kIndexAuditsChild = R"sql(
CREATE INDEX audits_by_child ON audits (child_id, month))sql";
constexpr std::string_view kIndexChildrenTeam = R"sql(
CREATE INDEX children_by_team ON children (team_id))sql";
constexpr std::string_view kIndexStaffTeam = R"sql(
CREATE INDEX staff_by_team ON staff (team_id))sql";
constexpr std::string_view kIndexTeamsService = R"sql(
CREATE INDEX teams_by_service ON teams (service_id))sql";
constexpr std::string_view kIndexExemptionsStaff = R"sql(
CREATE INDEX exemptions_by_staff ON exemptions (staff_id))sql";
constexpr std::string_view kIndexActionsStatusDue = R"sql(
CREATE INDEX actions_by_status_due ON actions (status, due_date))sql";
constexpr std::string_view kIndexActionsAudit = R"sql(
CREATE INDEX actions_by_audit ON actions (audit_id))sql";
constexpr std::string_view kIndexConcernsChild = R"sql(
CREATE INDEX concerns_by_child ON concerns (child_id))sql";
constexpr std::string_view kIndexConcernsStatus = R"sql(
CREATE INDEX concerns_by_status ON concerns (status, raised_on))sql";
constexpr std::string_view kIndexPairingsModerator = R"sql(
CREATE INDEX pairings_by_moderator ON pairings (period, moderator_id))sql";
constexpr std::string_view kIndexOutboxStatusNext = R"sql(
CREATE INDEX outbox_by_status_next ON outbox (status, next_attempt_at))sql";
constexpr std::string_view kIndexChangeLogTypeAt = R"sql(
CREATE INDEX change_log_by_type_at ON change_log (record_type, at))sql";
constexpr std::string_view kIndexChangeLogAt = R"sql(
CREATE INDEX change_log_by_at ON change_log (at))sql";

// ---- Version 2: the ledger of reminder items ---------------------------------
// One row per reminder item told to its person; a digest message may carry
// several items, hence message_key is not unique. No foreign key to the
// outbox: the item may be recorded before its message is enqueued.
constexpr std::string_view kCreateNotifiedItems = R"sql(
CREATE TABLE notified_items (
  id {{ID}},
  item_key TEXT NOT NULL UNIQUE CHECK (length(item_key) > 0),
  message_key TEXT NOT NULL CHECK (length(message_key) > 0),
  at TEXT NOT NULL CHECK ({{INSTANT at}})
))sql";
constexpr std::string_view kIndexNotifiedItemsMessage = R"sql(
CREATE INDEX notified_items_by_message ON notified_items (message_key))sql";

// ---- Version 3: the HTTP admin API ------------------------------------------
// Bearer tokens: only the secret's hash is kept. Names stay unique even after
// revocation, since the change log names its actors by token name.
constexpr std::string_view kCreateApiTokens = R"sql(
CREATE TABLE api_tokens (
  id {{ID}},
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  role TEXT NOT NULL CHECK (role IN ('coordinator', 'viewer')),
  secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) > 0),
  created_at TEXT NOT NULL CHECK ({{INSTANT created_at}}),
  expires_at TEXT CHECK ({{INSTANT expires_at}}),
  revoked_at TEXT CHECK ({{INSTANT revoked_at}})
))sql";
// Required by the submission rule only when the overall grade is well above
// the lowest domain grade, so nullable; older audits have none.
constexpr std::string_view kAddAuditGradeJustification = R"sql(
ALTER TABLE audits ADD COLUMN grade_justification TEXT)sql";
// The history of one record ("staff", "12"), the API's most common change query.
constexpr std::string_view kIndexChangeLogRecord = R"sql(
CREATE INDEX change_log_by_record ON change_log (record_type, record_id, at))sql";

// ---- Version 4: sign-in for people -------------------------------------------
// A person's console access; "none" signs in to their own items only.
constexpr std::string_view kAddStaffConsoleAccess = R"sql(
ALTER TABLE staff ADD COLUMN console_access TEXT NOT NULL DEFAULT 'none'
  CHECK (console_access IN ('none', 'viewer', 'coordinator')))sql";
// Emailed single-use links: only the token's hash is kept.
constexpr std::string_view kCreateSignInLinks = R"sql(
CREATE TABLE sign_in_links (
  id {{ID}},
  secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) > 0),
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  created_at TEXT NOT NULL CHECK ({{INSTANT created_at}}),
  expires_at TEXT NOT NULL CHECK ({{INSTANT expires_at}}),
  used_at TEXT CHECK ({{INSTANT used_at}}),
  return_to TEXT NOT NULL CHECK (substr(return_to, 1, 1) = '/')
))sql";
// Cookie sessions: only the cookie's hash is kept; the CSRF token as it is
// (the page reads it back, and it is worthless without the cookie).
constexpr std::string_view kCreatePersonSessions = R"sql(
CREATE TABLE person_sessions (
  id {{ID}},
  secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) > 0),
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  csrf_token TEXT NOT NULL CHECK (length(csrf_token) > 0),
  created_at TEXT NOT NULL CHECK ({{INSTANT created_at}}),
  last_seen_at TEXT NOT NULL CHECK ({{INSTANT last_seen_at}}),
  expires_at TEXT NOT NULL CHECK ({{INSTANT expires_at}}),
  revoked_at TEXT CHECK ({{INSTANT revoked_at}})
))sql";
constexpr std::string_view kIndexPersonSessionsStaff = R"sql(
CREATE INDEX person_sessions_by_staff ON person_sessions (staff_id))sql";
constexpr std::string_view kIndexSignInLinksStaff = R"sql(
CREATE INDEX sign_in_links_by_staff ON sign_in_links (staff_id))sql";

// ---- Version 5: classifying Inadequate audits --------------------------------
// How an Inadequate audit was classified (a case of concern of category 1 or
// 2, or no concern with the reason); null while it is not (or not graded
// Inadequate).
constexpr std::string_view kAddAuditClassification = R"sql(
ALTER TABLE audits ADD COLUMN classification TEXT
  CHECK (classification IN ('category_1', 'category_2', 'no_concern')))sql";
constexpr std::string_view kAddAuditClassificationReason = R"sql(
ALTER TABLE audits ADD COLUMN classification_reason TEXT)sql";
// An audit a concern was already raised from was classified by that concern
// (the lower category when there are two): it does not await classification.
constexpr std::string_view kClassifyAuditsWithConcerns = R"sql(
UPDATE audits SET classification = (
  SELECT CASE WHEN min(c.category) = 1 THEN 'category_1' ELSE 'category_2' END
  FROM concerns c WHERE c.audit_id = audits.id)
WHERE EXISTS (SELECT 1 FROM concerns c WHERE c.audit_id = audits.id))sql";
// ---- Version 6: links in emails to act without signing in ------------------
// One person, one record (an audit or an action, by purpose), one purpose;
// only the token's hash is kept. used_at/used_by: the POST that acted.
constexpr std::string_view kCreateActionLinks = R"sql(
CREATE TABLE action_links (
  id {{ID}},
  secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) > 0),
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('record_audit', 'moderate_audit', 'complete_action')),
  record_id BIGINT NOT NULL,
  created_at TEXT NOT NULL CHECK ({{INSTANT created_at}}),
  expires_at TEXT NOT NULL CHECK ({{INSTANT expires_at}}),
  used_at TEXT CHECK ({{INSTANT used_at}}),
  used_by BIGINT REFERENCES staff (id),
  revoked_at TEXT CHECK ({{INSTANT revoked_at}})
))sql";
constexpr std::string_view kIndexActionLinksRecord = R"sql(
CREATE INDEX action_links_by_record ON action_links (purpose, record_id))sql";

// ---- Version 8: action owners' updates and proposed due dates ----------------
// An update carries a note; a proposed due date waits for the coordinator's
// decision (NULL while pending).
constexpr std::string_view kCreateActionUpdates = R"sql(
CREATE TABLE action_updates (
  id {{ID}},
  action_id BIGINT NOT NULL REFERENCES actions (id),
  by_staff_id BIGINT NOT NULL REFERENCES staff (id),
  note TEXT NOT NULL CHECK (length(note) > 0),
  proposed_due_date TEXT CHECK ({{DATE proposed_due_date}}),
  decision TEXT CHECK (decision IS NULL OR decision IN ('accepted', 'declined')),
  decided_by TEXT,
  decided_at TEXT CHECK ({{INSTANT decided_at}}),
  decline_reason TEXT,
  created_at TEXT NOT NULL CHECK ({{INSTANT created_at}})
))sql";
constexpr std::string_view kIndexActionUpdatesAction = R"sql(
CREATE INDEX action_updates_by_action ON action_updates (action_id))sql";

// ---- Version 7: the audit return and its moderation, in full ----------------
// The return's participation answers (null on audits recorded before they
// were asked) and family feedback.
#define CASEAUDIT_PARTICIPATION_COLUMN(column)                   \
  "ALTER TABLE audits ADD COLUMN " column " TEXT CHECK (" column \
  " IN ('yes', 'no', 'not_applicable'))"
constexpr std::string_view kAddAuditChildSeen =
    CASEAUDIT_PARTICIPATION_COLUMN("participation_child_seen");
constexpr std::string_view kAddAuditFamilyConsulted =
    CASEAUDIT_PARTICIPATION_COLUMN("participation_family");
constexpr std::string_view kAddAuditWorkerConsulted =
    CASEAUDIT_PARTICIPATION_COLUMN("participation_worker");
constexpr std::string_view kAddAuditTeamManagerConsulted =
    CASEAUDIT_PARTICIPATION_COLUMN("participation_team_manager");
constexpr std::string_view kAddAuditIroConsulted =
    CASEAUDIT_PARTICIPATION_COLUMN("participation_iro");
#undef CASEAUDIT_PARTICIPATION_COLUMN
constexpr std::string_view kAddAuditFamilyFeedback = R"sql(
ALTER TABLE audits ADD COLUMN family_feedback TEXT
  CHECK (family_feedback IN ('contacted', 'attempted', 'none')))sql";
// The moderator's comment; why an audit not meeting the standard was sent
// back; in a looped month, the grade the moderation meeting agreed.
constexpr std::string_view kAddAuditModerationComment = R"sql(
ALTER TABLE audits ADD COLUMN moderation_comment TEXT)sql";
constexpr std::string_view kAddAuditSentBackReason = R"sql(
ALTER TABLE audits ADD COLUMN sent_back_reason TEXT)sql";
constexpr std::string_view kAddAuditMeetingGrade = R"sql(
ALTER TABLE audits ADD COLUMN meeting_grade TEXT CHECK (meeting_grade IN ('outstanding', 'good',
  'requires_improvement', 'inadequate')))sql";
// ---- Version 7 (continued): the impact follow-up's answers; why a concern
// was resolved (NULL for those resolved before); action_links without its list of
// purposes (a table CHECK cannot be altered on SQLite, so each new purpose
// would rebuild the table: parse_link_purpose is the list).
constexpr std::string_view kCreateImpactResponses = R"sql(
CREATE TABLE impact_responses (
  id {{ID}},
  audit_id BIGINT NOT NULL REFERENCES audits (id),
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  answer TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no')),
  what_changed TEXT NOT NULL,
  answered_on TEXT NOT NULL CHECK ({{DATE answered_on}}),
  CONSTRAINT impact_responses_one_per_person UNIQUE (audit_id, staff_id)
))sql";
constexpr std::string_view kAddConcernResolution = R"sql(
ALTER TABLE concerns ADD COLUMN resolution TEXT
  CHECK (resolution IS NULL OR resolution IN ('child_safe', 'plan_in_place', 'other')))sql";
constexpr std::string_view kAddConcernResolutionNote =
    "ALTER TABLE concerns ADD COLUMN resolution_note TEXT NOT NULL DEFAULT ''";
constexpr std::string_view kCreateActionLinksAnyPurpose = R"sql(
CREATE TABLE action_links_v7 (
  id {{ID}},
  secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) > 0),
  staff_id BIGINT NOT NULL REFERENCES staff (id),
  purpose TEXT NOT NULL CHECK (length(purpose) > 0),
  record_id BIGINT NOT NULL,
  created_at TEXT NOT NULL CHECK ({{INSTANT created_at}}),
  expires_at TEXT NOT NULL CHECK ({{INSTANT expires_at}}),
  used_at TEXT CHECK ({{INSTANT used_at}}),
  used_by BIGINT REFERENCES staff (id),
  revoked_at TEXT CHECK ({{INSTANT revoked_at}})
))sql";
constexpr std::string_view kCopyActionLinks = R"sql(
INSERT INTO action_links_v7 (id, secret_hash, staff_id, purpose, record_id, created_at,
  expires_at, used_at, used_by, revoked_at)
SELECT id, secret_hash, staff_id, purpose, record_id, created_at, expires_at, used_at, used_by,
  revoked_at FROM action_links)sql";
constexpr std::string_view kDropActionLinks = "DROP TABLE action_links";
constexpr std::string_view kRenameActionLinks =
    "ALTER TABLE action_links_v7 RENAME TO action_links";
constexpr std::string_view kSyncActionLinkIds = "{{SYNC_ID action_links}}";

// Version 9: the report figures of closed months, frozen in the close's
// transaction (scheduler/store/month_figures_repository.h): one row a
// month, the figures as JSON in the layout of `schema_version`.
constexpr std::string_view kCreateMonthFigures = R"sql(
CREATE TABLE month_figures (
  month TEXT PRIMARY KEY CHECK ({{MONTH month}}) REFERENCES allocation_runs (month),
  schema_version INTEGER NOT NULL CHECK (schema_version > 0),
  figures TEXT NOT NULL CHECK (length(figures) > 0),
  frozen_at TEXT NOT NULL CHECK ({{INSTANT frozen_at}})
))sql";

// ---- Version 10: at most one proposed due date pending per action -------------
// Earlier versions let an owner propose again while a proposal waited; the
// older of two pending ones is declined as superseded by the later one.
constexpr std::string_view kDeclineSupersededProposals = R"sql(
UPDATE action_updates SET decision = 'declined', decided_by = 'migration 10',
  decline_reason = 'superseded by a later proposal',
  decided_at = (SELECT max(later.created_at) FROM action_updates later
                WHERE later.action_id = action_updates.action_id AND later.id > action_updates.id
                  AND later.proposed_due_date IS NOT NULL AND later.decision IS NULL)
WHERE proposed_due_date IS NOT NULL AND decision IS NULL
  AND EXISTS (SELECT 1 FROM action_updates later
              WHERE later.action_id = action_updates.action_id AND later.id > action_updates.id
                AND later.proposed_due_date IS NOT NULL AND later.decision IS NULL))sql";
constexpr std::string_view kIndexActionUpdatesOnePending = R"sql(
CREATE UNIQUE INDEX action_updates_one_pending ON action_updates (action_id)
WHERE proposed_due_date IS NOT NULL AND decision IS NULL)sql";

const std::vector<Migration>& all() {
  static const std::vector<Migration> list{
      {1,
       "domain",
       {kCreateStaff,
        kCreateServices,
        kCreateTeams,
        kAddStaffTeam,
        kCreateStaffResponsibleTeams,
        kCreateExemptions,
        kCreateChildren,
        kCreateAllocationRuns,
        kCreateAudits,
        kCreateAuditDomainGrades,
        kCreatePairings,
        kCreateActions,
        kCreateConcerns,
        kCreateConcernUpdates,
        kCreateOutbox,
        kCreateJobRuns,
        kCreateChangeLog,
        kIndexAuditsLiveChildAuditor,
        kIndexAuditsAuditor,
        kIndexAuditsChild,
        kIndexChildrenTeam,
        kIndexStaffTeam,
        kIndexTeamsService,
        kIndexExemptionsStaff,
        kIndexActionsStatusDue,
        kIndexActionsAudit,
        kIndexConcernsChild,
        kIndexConcernsStatus,
        kIndexPairingsModerator,
        kIndexOutboxStatusNext,
        kIndexChangeLogTypeAt,
        kIndexChangeLogAt}},
      {2, "notified_items", {kCreateNotifiedItems, kIndexNotifiedItemsMessage}},
      {3, "admin_api", {kCreateApiTokens, kAddAuditGradeJustification, kIndexChangeLogRecord}},
      {4,
       "sign_in",
       {kAddStaffConsoleAccess, kCreateSignInLinks, kCreatePersonSessions,
        kIndexPersonSessionsStaff, kIndexSignInLinksStaff}},
      {5,
       "audit_classification",
       {kAddAuditClassification, kAddAuditClassificationReason, kClassifyAuditsWithConcerns}},
      {6, "action_links", {kCreateActionLinks, kIndexActionLinksRecord}},
      {7,
       "audit_return_and_follow_up",
       {kAddAuditChildSeen, kAddAuditFamilyConsulted, kAddAuditWorkerConsulted,
        kAddAuditTeamManagerConsulted, kAddAuditIroConsulted, kAddAuditFamilyFeedback,
        kAddAuditModerationComment, kAddAuditSentBackReason, kAddAuditMeetingGrade,
        kCreateImpactResponses, kAddConcernResolution, kAddConcernResolutionNote,
        kCreateActionLinksAnyPurpose, kCopyActionLinks, kDropActionLinks, kRenameActionLinks,
        kIndexActionLinksRecord, kSyncActionLinkIds}},
      {8, "action_updates", {kCreateActionUpdates, kIndexActionUpdatesAction}},
      {9, "month_figures", {kCreateMonthFigures}},
      {10, "one_pending_proposal", {kDeclineSupersededProposals, kIndexActionUpdatesOnePending}},
  };
  return list;
}

}  // namespace

std::span<const Migration> migrations() { return all(); }

}  // namespace caseaudit::db
