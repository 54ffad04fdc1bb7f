// SociTransaction as AllocationRepository: runs, audits (with their slots and domain grades) and
// pairings.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {
namespace {

// Adds the audit's columns to `statement` (session << kInsertAudit or
// kUpdateAudit), in the order both name them; the caller adds what follows.
// As always with session <<, the statement runs at the end of the caller's
// full expression.
template <typename Statement>
Statement& use_audit_columns(Statement&& statement, AuditParams& p) {
  return (statement, use(p.month), use(p.child_id), use(p.auditor_id), use_nullable(p.moderator_id),
          use(p.needs_external_moderation), use_nullable(p.loop_group), use(p.status),
          use(p.due_date), use_nullable(p.overall_grade), use_nullable(p.moderated_grade),
          use_nullable(p.outcome), use_nullable(p.submitted_on), use_nullable(p.moderated_on),
          use(p.explanation), use_nullable(p.pin_reason), use_nullable(p.grade_justification),
          use_nullable(p.classification), use_nullable(p.classification_reason),
          use_nullable(p.child_slot), use_nullable(p.auditor_slot),
          use_nullable(p.participation_child_seen), use_nullable(p.participation_family),
          use_nullable(p.participation_worker), use_nullable(p.participation_team_manager),
          use_nullable(p.participation_iro), use_nullable(p.family_feedback),
          use_nullable(p.moderation_comment), use_nullable(p.sent_back_reason),
          use_nullable(p.meeting_grade));
}

}  // namespace

std::optional<AllocationRun> SociTransaction::find_run(Month month) {
  return guarded("find_run", [&] {
    const std::string text = month.to_string();
    return read_one<AllocationRun>(statements_, sql::kSelectRunByMonth, read_run, text);
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
    use_audit_columns(session_ << sql::kInsertAudit, p), into(id);
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
    use_audit_columns(session_ << sql::kUpdateAudit, p), use(id), into(returned);
    replace_domain_grades(audit, audit.id);
  });
}

std::vector<Audit> SociTransaction::audits_in(Month month) {
  return guarded("audits_in", [&] {
    const std::string text = month.to_string();
    std::vector<Audit> audits =
        read_all<Audit>(statements_, sql::kSelectAuditsInMonth, read_audit, text);
    read_domain_grades_into(audits, statements_, sql::kSelectDomainGradesInMonth, text);
    return audits;
  });
}

std::vector<AuditListing> SociTransaction::audit_listings_in(Month month) {
  return guarded("audit_listings_in", [&] {
    return read_all<AuditListing>(statements_, sql::kSelectAuditListingsInMonth, read_audit_listing,
                                  month.to_string());
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

}  // namespace caseaudit::db
