#include "db/row_mapping.h"

#include "db/codec.h"
#include "scheduler/errors.h"

namespace caseaudit::db {
namespace {

template <typename Enum>
std::optional<Enum> optional_enum(const RowReader& r, std::size_t column,
                                  Enum (*parse)(std::string_view, std::string_view),
                                  std::string_view field) {
  const std::optional<std::string> text = r.optional_text(column);
  if (!text) return std::nullopt;
  return parse(*text, field);
}

}  // namespace

Service read_service(const soci::row& row) {
  const RowReader r(row, "services");
  return Service{.id = r.id(0),
                 .name = r.text(1),
                 .service_manager_id = r.optional_id(2),
                 .head_of_service_id = r.optional_id(3),
                 .director_id = r.optional_id(4)};
}

Team read_team(const soci::row& row) {
  const RowReader r(row, "teams");
  return Team{
      .id = r.id(0), .name = r.text(1), .service_id = r.id(2), .team_manager_id = r.optional_id(3)};
}

Staff read_staff(const soci::row& row) {
  const RowReader r(row, "staff");
  Staff staff;
  staff.id = r.id(0);
  staff.name = r.text(1);
  staff.email = r.text(2);
  staff.role = parse_role(r.text(3), "staff.role");
  staff.fte = r.real(4);
  staff.team_id = r.optional_id(5);
  staff.line_manager_id = r.optional_id(6);
  staff.auditor = r.boolean(7);
  staff.audit_rota = Rota{parse_cadence(r.text(8), "staff.audit_cadence"),
                          parse_parity(r.text(9), "staff.audit_parity")};
  const std::optional<std::int64_t> quota = r.optional_integer(10);
  if (quota) staff.audit_quota = static_cast<int>(*quota);
  staff.moderator_capacity = static_cast<int>(r.integer(11));
  staff.external_moderator = r.boolean(12);
  staff.moderation_rota = Rota{parse_cadence(r.text(13), "staff.moderation_cadence"),
                               parse_parity(r.text(14), "staff.moderation_parity")};
  staff.active = r.boolean(15);
  return staff;
}

Exemption read_exemption(const soci::row& row) {
  const RowReader r(row, "exemptions");
  return Exemption{.id = r.id(0),
                   .staff_id = r.id(1),
                   .kind = parse_exemption_kind(r.text(2), "exemptions.kind"),
                   .first_month = r.month(3),
                   .last_month = r.optional_month(4),
                   .reason = r.text(5),
                   .authorised_by = r.optional_id(6)};
}

Child read_child(const soci::row& row) {
  const RowReader r(row, "children");
  return Child{.id = r.id(0),
               .case_reference = r.text(1),
               .team_id = r.id(2),
               .legal_status = parse_legal_status(r.text(3), "children.legal_status"),
               .court_proceedings = r.boolean(4),
               .iro_id = r.optional_id(5),
               .allocated_worker_id = r.optional_id(6),
               .open = r.boolean(7)};
}

AllocationRun read_run(const soci::row& row) {
  const RowReader r(row, "allocation_runs");
  return AllocationRun{.id = r.id(0),
                       .month = r.month(1),
                       .status = parse_month_status(r.text(2), "allocation_runs.status"),
                       .seed = static_cast<std::uint64_t>(r.integer(3)),
                       .looped = r.boolean(4)};
}

Audit read_audit(const soci::row& row) {
  const RowReader r(row, "audits");
  Audit audit;
  audit.id = r.id(0);
  audit.month = r.month(1);
  audit.child_id = r.id(2);
  audit.auditor_id = r.id(3);
  audit.moderator_id = r.optional_id(4);
  audit.needs_external_moderation = r.boolean(5);
  const std::optional<std::int64_t> loop_group = r.optional_integer(6);
  if (loop_group) audit.loop_group = static_cast<int>(*loop_group);
  audit.status = parse_audit_status(r.text(7), "audits.status");
  audit.due_date = r.date(8);
  audit.overall_grade = optional_enum(r, 9, &parse_grade, "audits.overall_grade");
  audit.moderated_grade = optional_enum(r, 10, &parse_grade, "audits.moderated_grade");
  audit.outcome = optional_enum(r, 11, &parse_audit_outcome, "audits.outcome");
  audit.submitted_on = r.optional_date(12);
  audit.moderated_on = r.optional_date(13);
  audit.explanation = r.text(14);
  audit.pin_reason = r.optional_text(15);
  audit.grade_justification = r.optional_text(16);
  audit.classification = optional_enum(r, 17, &parse_classification, "audits.classification");
  audit.classification_reason = r.optional_text(18);
  const std::optional<Participation> child_seen =
      optional_enum(r, 19, &parse_participation, "audits.participation_child_seen");
  if (child_seen) {
    audit.participation = AuditParticipation{
        .child_seen = *child_seen,
        .family = parse_participation(r.text(20), "audits.participation_family"),
        .worker = parse_participation(r.text(21), "audits.participation_worker"),
        .team_manager = parse_participation(r.text(22), "audits.participation_team_manager"),
        .iro = parse_participation(r.text(23), "audits.participation_iro")};
  }
  audit.family_feedback = optional_enum(r, 24, &parse_family_feedback, "audits.family_feedback");
  audit.moderation_comment = r.optional_text(25);
  audit.sent_back_reason = r.optional_text(26);
  audit.meeting_grade = optional_enum(r, 27, &parse_grade, "audits.meeting_grade");
  return audit;
}

namespace {

// "grade<US>domain<US>grade<US>domain..." (kSelectAuditListingsInMonth).
std::map<std::string, Grade> split_domain_grades(std::string_view joined) {
  std::map<std::string, Grade> grades;
  constexpr char kSeparator = '\x1f';
  while (!joined.empty()) {
    const std::size_t after_grade = joined.find(kSeparator);
    if (after_grade == std::string_view::npos) {
      throw ProgramError("audit_domain_grades: a grade without its domain in a listing");
    }
    const std::string_view grade = joined.substr(0, after_grade);
    joined.remove_prefix(after_grade + 1);
    const std::size_t after_domain = joined.find(kSeparator);
    grades[std::string(joined.substr(0, after_domain))] =
        parse_grade(grade, "audit_domain_grades.grade");
    joined.remove_prefix(after_domain == std::string_view::npos ? joined.size() : after_domain + 1);
  }
  return grades;
}

}  // namespace

AuditListing read_audit_listing(const soci::row& row) {
  constexpr std::size_t kFirst = 28;  // after the audit's own columns
  const RowReader r(row, "audits");
  AuditListing listing{
      .audit = read_audit(row),
      .case_reference = r.optional_text(kFirst),
      .team_id = r.optional_id(kFirst + 1),
      .legal_status = optional_enum(r, kFirst + 2, &parse_legal_status, "children.legal_status"),
      .team_name = r.optional_text(kFirst + 3),
      .auditor_name = r.optional_text(kFirst + 4),
      .moderator_name = r.optional_text(kFirst + 5)};
  if (const std::optional<std::string> grades = r.optional_text(kFirst + 6)) {
    listing.audit.domain_grades = split_domain_grades(*grades);
  }
  return listing;
}

Pairing read_pairing(const soci::row& row) {
  const RowReader r(row, "pairings");
  return Pairing{.id = r.id(0),
                 .period = r.month(1),
                 .auditor_id = r.id(2),
                 .moderator_id = r.id(3),
                 .reason = r.text(4)};
}

Action read_action(const soci::row& row) {
  const RowReader r(row, "actions");
  return Action{.id = r.id(0),
                .audit_id = r.id(1),
                .description = r.text(2),
                .owner_id = r.id(3),
                .due_date = r.date(4),
                .care_planning = r.boolean(5),
                .status = parse_action_status(r.text(6), "actions.status"),
                .completed_on = r.optional_date(7)};
}

static std::optional<ConcernResolution> optional_resolution(
    const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return parse_concern_resolution(*text, "concerns.resolution");
}

Concern read_concern(const soci::row& row) {
  const RowReader r(row, "concerns");
  return Concern{.id = r.id(0),
                 .child_id = r.id(1),
                 .audit_id = r.optional_id(2),
                 .category = static_cast<int>(r.integer(3)),
                 .raised_on = r.date(4),
                 .status = parse_concern_status(r.text(5), "concerns.status"),
                 .resolved_on = r.optional_date(6),
                 .resolution = optional_resolution(r.optional_text(7)),
                 .resolution_note = r.text(8)};
}

ImpactResponse read_impact_response(const soci::row& row) {
  const RowReader r(row, "impact_responses");
  return ImpactResponse{.id = r.id(0),
                        .audit_id = r.id(1),
                        .staff_id = r.id(2),
                        .answer = parse_impact_answer(r.text(3), "impact_responses.answer"),
                        .what_changed = r.text(4),
                        .answered_on = r.date(5)};
}

ActionUpdate read_action_update(const soci::row& row) {
  const RowReader r(row, "action_updates");
  const std::optional<std::string> decision = r.optional_text(5);
  return ActionUpdate{.id = r.id(0),
                      .action_id = r.id(1),
                      .by_staff_id = r.id(2),
                      .note = r.text(3),
                      .proposed_due_date = r.optional_date(4),
                      .decision = decision ? std::optional(parse_action_update_decision(
                                                 *decision, "action_updates.decision"))
                                           : std::nullopt,
                      .decided_by = r.optional_text(6),
                      .decided_at = r.optional_instant(7),
                      .decline_reason = r.optional_text(8),
                      .created_at = r.instant(9)};
}

ConcernUpdate read_concern_update(const soci::row& row) {
  const RowReader r(row, "concern_updates");
  return ConcernUpdate{.id = r.id(0),
                       .concern_id = r.id(1),
                       .month = r.month(2),
                       .note = r.text(3),
                       .recorded_by = r.optional_id(4)};
}

ChangeRecord read_change(const soci::row& row) {
  const RowReader r(row, "change_log");
  return ChangeRecord{.id = r.id(0),
                      .at = r.instant(1),
                      .actor = r.text(2),
                      .action = r.text(3),
                      .record_type = r.text(4),
                      .record_id = r.text(5),
                      .before_json = r.text(6),
                      .after_json = r.text(7)};
}

ApiToken read_api_token(const soci::row& row) {
  const RowReader r(row, "api_tokens");
  return ApiToken{.id = r.id(0),
                  .name = r.text(1),
                  .role = parse_api_role(r.text(2), "api_tokens.role"),
                  .secret_hash = r.text(3),
                  .created_at = r.instant(4),
                  .expires_at = r.optional_instant(5),
                  .revoked_at = r.optional_instant(6)};
}

SignInLink read_sign_in_link(const soci::row& row) {
  const RowReader r(row, "sign_in_links");
  return SignInLink{.id = r.id(0),
                    .secret_hash = r.text(1),
                    .staff_id = r.id(2),
                    .created_at = r.instant(3),
                    .expires_at = r.instant(4),
                    .used_at = r.optional_instant(5),
                    .return_to = r.text(6)};
}

PersonSession read_person_session(const soci::row& row) {
  const RowReader r(row, "person_sessions");
  return PersonSession{.id = r.id(0),
                       .secret_hash = r.text(1),
                       .staff_id = r.id(2),
                       .csrf_token = r.text(3),
                       .created_at = r.instant(4),
                       .last_seen_at = r.instant(5),
                       .expires_at = r.instant(6),
                       .revoked_at = r.optional_instant(7)};
}

OutboxMessage read_outbox_message(const soci::row& row) {
  const RowReader r(row, "outbox");
  OutboxMessage message;
  message.id = r.id(0);
  message.dedup_key = r.text(1);
  message.rule = r.text(2);
  message.recipient_staff_id = r.optional_id(3);
  message.recipient_email = r.text(4);
  message.recipient_name = r.text(5);
  message.subject = r.text(6);
  message.text_body = r.text(7);
  message.html_body = r.text(8);
  message.message_id = r.text(9);
  message.urgent = r.boolean(10);
  message.status = parse_outbox_status(r.text(11), "outbox.status");
  message.attempts = static_cast<int>(r.integer(12));
  message.created_at = r.instant(13);
  message.next_attempt_at = r.instant(14);
  message.sent_at = r.optional_instant(15);
  message.last_error = r.text(16);
  return message;
}

ActionLink read_action_link(const soci::row& row) {
  const RowReader r(row, "action_links");
  return ActionLink{.id = r.id(0),
                    .secret_hash = r.text(1),
                    .staff_id = r.id(2),
                    .purpose = parse_link_purpose(r.text(3), "action_links.purpose"),
                    .record_id = r.id(4),
                    .created_at = r.instant(5),
                    .expires_at = r.instant(6),
                    .used_at = r.optional_instant(7),
                    .used_by = r.optional_id(8),
                    .revoked_at = r.optional_instant(9)};
}

}  // namespace caseaudit::db
