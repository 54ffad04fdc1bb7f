// Internal to db/: what the files implementing SociTransaction's
// repositories (db/soci_transaction.cc and db/soci_<repository>.cc) share:
// the bound-parameter structs, the row readers over the statement cache, and
// the per-transaction statement bundles. Include it only from those files.
#pragma once

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
#include "db/soci_transaction.h"

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
        classification_reason(a.classification_reason),
        child_slot(child_slot_value),
        auditor_slot(auditor_slot_value),
        moderation_comment(a.moderation_comment),
        sent_back_reason(a.sent_back_reason) {
    if (a.overall_grade) overall_grade.set(std::string(to_string(*a.overall_grade)));
    if (a.moderated_grade) moderated_grade.set(std::string(to_string(*a.moderated_grade)));
    if (a.outcome) outcome.set(std::string(to_string(*a.outcome)));
    if (a.submitted_on) submitted_on.set(format_date(*a.submitted_on));
    if (a.moderated_on) moderated_on.set(format_date(*a.moderated_on));
    if (a.classification) classification.set(std::string(to_string(*a.classification)));
    if (a.participation) {
      participation_child_seen.set(std::string(to_string(a.participation->child_seen)));
      participation_family.set(std::string(to_string(a.participation->family)));
      participation_worker.set(std::string(to_string(a.participation->worker)));
      participation_team_manager.set(std::string(to_string(a.participation->team_manager)));
      participation_iro.set(std::string(to_string(a.participation->iro)));
    }
    if (a.family_feedback) family_feedback.set(std::string(to_string(*a.family_feedback)));
    if (a.meeting_grade) meeting_grade.set(std::string(to_string(*a.meeting_grade)));
  }
  std::string month;
  long long child_id, auditor_id;
  NullableId moderator_id;
  int needs_external_moderation;
  NullableInt loop_group;
  std::string status, due_date;
  NullableText overall_grade, moderated_grade, outcome, submitted_on, moderated_on;
  std::string explanation;
  NullableText pin_reason, grade_justification, classification, classification_reason;
  NullableInt child_slot, auditor_slot;
  NullableText participation_child_seen, participation_family, participation_worker,
      participation_team_manager, participation_iro, family_feedback;
  NullableText moderation_comment, sent_back_reason, meeting_grade;
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

[[noreturn]] inline void throw_not_found(std::string_view what, Id id) {
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

// Reads the rows (audit_id, domain, grade) of a cached query into the domain
// grades of `audits`; every audit_id must be one of theirs (ProgramError
// otherwise: the query and the audits disagree).
template <typename... Params>
void read_domain_grades_into(std::vector<Audit>& audits, StatementCache& statements,
                             const NamedQuery& query, const Params&... params) {
  std::unordered_map<Id, std::size_t> index;
  for (std::size_t i = 0; i < audits.size(); ++i) index[audits[i].id] = i;
  statements.for_each_row(
      query,
      [&](const soci::row& row) {
        const RowReader r(row, "audit_domain_grades");
        const auto audit = index.find(r.id(0));
        if (audit == index.end()) throw ProgramError("domain grades of an audit not read");
        audits[audit->second].domain_grades[r.text(1)] =
            parse_grade(r.text(2), "audit_domain_grades.grade");
      },
      params...);
}

// The smallest positive number not in `taken`.
inline int first_free(const std::vector<int>& taken) {
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

}  // namespace caseaudit::db
