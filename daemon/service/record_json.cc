#include "daemon/service/record_json.h"

#include <date/date.h>

namespace caseaudit::daemon {
namespace json = boost::json;

namespace {

json::value id_or_null(const std::optional<Id>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}
json::value text_or_null(const std::optional<std::string>& text) {
  return text ? json::value(json::string_view(*text)) : json::value(nullptr);
}
json::value date_or_null(const std::optional<Date>& date) {
  return date ? json::value(format_date(*date)) : json::value(nullptr);
}
json::value month_or_null(const std::optional<Month>& month) {
  return month ? json::value(month->to_string()) : json::value(nullptr);
}
json::value instant_or_null(const std::optional<Instant>& at) {
  return at ? json::value(format_instant_utc(*at)) : json::value(nullptr);
}
template <typename Enum>
json::value enum_or_null(const std::optional<Enum>& value) {
  return value ? json::value(json::string_view(to_string(*value))) : json::value(nullptr);
}
json::string_view name_of(auto value) { return json::string_view(to_string(value)); }

json::object rota(const Rota& r) {
  return {{"cadence", name_of(r.cadence)}, {"parity", name_of(r.parity)}};
}

}  // namespace

std::string format_instant_utc(Instant at) { return date::format("%FT%TZ", at); }

json::value to_json(const Service& s) {
  return json::object{{"id", s.id},
                      {"name", s.name},
                      {"service_manager_id", id_or_null(s.service_manager_id)},
                      {"head_of_service_id", id_or_null(s.head_of_service_id)},
                      {"director_id", id_or_null(s.director_id)}};
}

json::value to_json(const Team& t) {
  return json::object{{"id", t.id},
                      {"name", t.name},
                      {"service_id", t.service_id},
                      {"team_manager_id", id_or_null(t.team_manager_id)}};
}

json::value to_json(const Staff& s) {
  json::array responsible;
  for (Id id : s.responsible_team_ids) responsible.push_back(id);
  return json::object{
      {"id", s.id},
      {"name", s.name},
      {"email", s.email},
      {"role", name_of(s.role)},
      {"fte", s.fte},
      {"team_id", id_or_null(s.team_id)},
      {"line_manager_id", id_or_null(s.line_manager_id)},
      {"responsible_team_ids", std::move(responsible)},
      {"auditor", s.auditor},
      {"audit_rota", rota(s.audit_rota)},
      {"audit_quota", s.audit_quota ? json::value(*s.audit_quota) : json::value(nullptr)},
      {"moderator_capacity", s.moderator_capacity},
      {"external_moderator", s.external_moderator},
      {"moderation_rota", rota(s.moderation_rota)},
      {"active", s.active},
  };
}

json::value to_json(const Exemption& e) {
  return json::object{{"id", e.id},
                      {"staff_id", e.staff_id},
                      {"kind", name_of(e.kind)},
                      {"first_month", e.first_month.to_string()},
                      {"last_month", month_or_null(e.last_month)},
                      {"reason", e.reason},
                      {"authorised_by", id_or_null(e.authorised_by)}};
}

json::value to_json(const Child& c) {
  return json::object{{"id", c.id},
                      {"case_reference", c.case_reference},
                      {"team_id", c.team_id},
                      {"legal_status", name_of(c.legal_status)},
                      {"court_proceedings", c.court_proceedings},
                      {"iro_id", id_or_null(c.iro_id)},
                      {"allocated_worker_id", id_or_null(c.allocated_worker_id)},
                      {"open", c.open}};
}

json::value to_json(const AllocationRun& r) {
  return json::object{{"id", r.id},
                      {"month", r.month.to_string()},
                      {"status", name_of(r.status)},
                      {"seed", r.seed},
                      {"looped", r.looped}};
}

namespace {
json::value participation_json(const std::optional<AuditParticipation>& p) {
  if (!p) return nullptr;
  return json::object{{"child_seen", name_of(p->child_seen)},
                      {"family", name_of(p->family)},
                      {"worker", name_of(p->worker)},
                      {"team_manager", name_of(p->team_manager)},
                      {"iro", name_of(p->iro)}};
}
}  // namespace

namespace {

// The audit's fields in order; with `names`, each name right after its id.
// Built by emplacing into a reserved object: a month's list builds hundreds.
json::object audit_object(const Audit& a, const AuditRowNames* names) {
  json::object o;
  o.reserve(names ? 32 : 26);
  o.emplace("id", a.id);
  o.emplace("month", a.month.to_string());
  o.emplace("child_id", a.child_id);
  if (names) {
    o.emplace("case_reference", names->case_reference);
    o.emplace("legal_status", names->legal_status);
    o.emplace("team_id", names->team_id);
    o.emplace("team_name", names->team_name);
  }
  o.emplace("auditor_id", a.auditor_id);
  if (names) o.emplace("auditor_name", names->auditor_name);
  o.emplace("moderator_id", id_or_null(a.moderator_id));
  if (names) o.emplace("moderator_name", names->moderator_name);
  o.emplace("needs_external_moderation", a.needs_external_moderation);
  o.emplace("loop_group", a.loop_group ? json::value(*a.loop_group) : json::value(nullptr));
  o.emplace("status", name_of(a.status));
  o.emplace("due_date", format_date(a.due_date));
  o.emplace("overall_grade", enum_or_null(a.overall_grade));
  json::object& domains = o.emplace("domain_grades", json::object()).first->value().as_object();
  for (const auto& [domain, grade] : a.domain_grades) domains.emplace(domain, name_of(grade));
  o.emplace("grade_justification", text_or_null(a.grade_justification));
  o.emplace("moderated_grade", enum_or_null(a.moderated_grade));
  o.emplace("outcome", enum_or_null(a.outcome));
  o.emplace("submitted_on", date_or_null(a.submitted_on));
  o.emplace("moderated_on", date_or_null(a.moderated_on));
  o.emplace("explanation", a.explanation);
  o.emplace("pin_reason", text_or_null(a.pin_reason));
  o.emplace("awaits_classification", awaits_classification(a));
  o.emplace("classification", enum_or_null(a.classification));
  o.emplace("classification_reason", text_or_null(a.classification_reason));
  o.emplace("participation", participation_json(a.participation));
  o.emplace("family_feedback", enum_or_null(a.family_feedback));
  o.emplace("moderation_comment", text_or_null(a.moderation_comment));
  o.emplace("sent_back_reason", text_or_null(a.sent_back_reason));
  o.emplace("meeting_grade", enum_or_null(a.meeting_grade));
  return o;
}

}  // namespace

json::value to_json(const Audit& a) { return audit_object(a, nullptr); }

json::object to_json(const Audit& audit, const AuditRowNames& names) {
  return audit_object(audit, &names);
}

json::value to_json(const Pairing& p) {
  return json::object{{"id", p.id},
                      {"period", p.period.to_string()},
                      {"auditor_id", p.auditor_id},
                      {"moderator_id", p.moderator_id},
                      {"reason", p.reason}};
}

json::value to_json(const Action& a) {
  return json::object{{"id", a.id},
                      {"audit_id", a.audit_id},
                      {"description", a.description},
                      {"owner_id", a.owner_id},
                      {"due_date", format_date(a.due_date)},
                      {"care_planning", a.care_planning},
                      {"status", name_of(a.status)},
                      {"completed_on", date_or_null(a.completed_on)}};
}

json::value to_json(const ActionUpdate& u) {
  return json::object{
      {"id", u.id},
      {"action_id", u.action_id},
      {"by_staff_id", u.by_staff_id},
      {"note", u.note},
      {"proposed_due_date", date_or_null(u.proposed_due_date)},
      {"decision", u.decision ? json::value(to_string(*u.decision)) : json::value(nullptr)},
      {"decided_by", u.decided_by ? json::value(*u.decided_by) : json::value(nullptr)},
      {"decided_at",
       u.decided_at ? json::value(format_instant_utc(*u.decided_at)) : json::value(nullptr)},
      {"decline_reason", u.decline_reason ? json::value(*u.decline_reason) : json::value(nullptr)},
      {"created_at", format_instant_utc(u.created_at)}};
}

json::value to_json(const Concern& c) {
  return json::object{
      {"id", c.id},
      {"child_id", c.child_id},
      {"audit_id", id_or_null(c.audit_id)},
      {"category", c.category},
      {"raised_on", format_date(c.raised_on)},
      {"status", name_of(c.status)},
      {"resolved_on", date_or_null(c.resolved_on)},
      {"resolution", c.resolution ? json::value(name_of(*c.resolution)) : json::value(nullptr)},
      {"resolution_note", c.resolution_note}};
}

json::value to_json(const ConcernUpdate& u) {
  return json::object{{"id", u.id},
                      {"concern_id", u.concern_id},
                      {"month", u.month.to_string()},
                      {"note", u.note},
                      {"recorded_by", id_or_null(u.recorded_by)}};
}

json::value to_json(const ImpactResponse& r) {
  return json::object{{"id", r.id},
                      {"audit_id", r.audit_id},
                      {"staff_id", r.staff_id},
                      {"answer", to_string(r.answer)},
                      {"what_changed", r.what_changed},
                      {"answered_on", format_date(r.answered_on)}};
}

json::value to_json(const ChangeRecord& c) {
  auto parsed = [](const std::string& text) {
    if (text.empty()) return json::value(nullptr);
    boost::system::error_code error;
    json::value value = json::parse(text, error);
    return error ? json::value(json::string_view(text)) : value;
  };
  return json::object{{"id", c.id},
                      {"at", format_instant_utc(c.at)},
                      {"actor", c.actor},
                      {"action", c.action},
                      {"record_type", c.record_type},
                      {"record_id", c.record_id},
                      {"before", parsed(c.before_json)},
                      {"after", parsed(c.after_json)}};
}

json::value to_json(const OutboxMessage& m) {
  return json::object{{"id", m.id},
                      {"rule", m.rule},
                      {"dedup_key", m.dedup_key},
                      {"recipient_staff_id", id_or_null(m.recipient_staff_id)},
                      {"recipient_email", m.recipient_email},
                      {"recipient_name", m.recipient_name},
                      {"subject", m.subject},
                      {"message_id", m.message_id},
                      {"urgent", m.urgent},
                      {"status", name_of(m.status)},
                      {"attempts", m.attempts},
                      {"created_at", format_instant_utc(m.created_at)},
                      {"next_attempt_at", format_instant_utc(m.next_attempt_at)},
                      {"sent_at", instant_or_null(m.sent_at)},
                      {"last_error", m.last_error}};
}

json::value to_json(const ApiToken& t) {
  return json::object{{"id", t.id},
                      {"name", t.name},
                      {"role", name_of(t.role)},
                      {"created_at", format_instant_utc(t.created_at)},
                      {"expires_at", instant_or_null(t.expires_at)},
                      {"revoked_at", instant_or_null(t.revoked_at)}};
}

}  // namespace caseaudit::daemon
