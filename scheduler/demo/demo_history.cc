#include <algorithm>
#include <string>

#include "scheduler/audit_domains.h"
#include "scheduler/demo/demo_builder.h"

namespace caseaudit::demo {
namespace {

// Auditors' overall grades, outstanding to inadequate. Moderators downgrade
// more often than they upgrade, so after moderation about half are good or
// better and about 9% inadequate (Herefordshire Q1 2024; Gloucestershire's
// targets).
constexpr std::array<double, 4> kGradeShares{0.03, 0.48, 0.42, 0.07};

constexpr int kNotRecentlyAuditedMonths = 12;

Grade grade_from_rank(int rank) { return static_cast<Grade>(std::clamp(rank, 0, 3)); }

}  // namespace

void Builder::build_history() {
  last_audited_.assign(a_.children.size(), -1000);
  last_team_of_auditor_.assign(a_.staff.size(), 0);
  for (Month m = o_.current.plus(-o_.history_months); m < o_.current; m = m.next()) {
    a_.runs.push_back(AllocationRun{static_cast<Id>(a_.runs.size()) + 1, m, MonthStatus::kClosed,
                                    Prng::derive(o_.seed, kRunSeedsStream + a_.runs.size()),
                                    false});
    build_month(m);
  }
}

void Builder::build_month(Month m) {
  std::vector<Id> order;
  for (Id id : auditors_) {
    if (available_in(id, m)) order.push_back(id);
  }
  rng_history_.shuffle(order);
  moderated_this_month_.assign(a_.staff.size(), 0);
  for (Id auditor : order) {
    std::string why;
    const std::optional<Id> child_id = choose_child(auditor, m, why);
    if (child_id) add_history_audit(auditor, *child_id, m, why);
  }
}

std::optional<Id> Builder::choose_child(Id auditor, Month m, std::string& why) {
  const Staff& a = staff(auditor);
  if (a.role == Role::kIroCpChair) {
    if (auto c = try_children(iro_children_[static_cast<std::size_t>(auditor - 1)], a, m, 16)) {
      why = "IRO/CP chair given a child they already oversee";
      return c;
    }
  }
  if (a.role == Role::kCourtConsultant) {
    if (auto c = try_children(court_children_, a, m, 16)) {
      why = "Court consultant given a child subject to court proceedings";
      return c;
    }
  }
  for (int attempt = 0; attempt < 96; ++attempt) {
    const Id c = static_cast<Id>(rng_history_.below(a_.children.size())) + 1;
    if (eligible(a, c, m, attempt < 48)) {
      why = "Child from a team outside the auditor's responsibility" +
            std::string(attempt < 48 ? ", not audited in the last 12 months" : "");
      return c;
    }
  }
  return std::nullopt;
}

std::optional<Id> Builder::try_children(const std::vector<Id>& pool, const Staff& a, Month m,
                                        int tries) {
  if (pool.empty()) return std::nullopt;
  for (int attempt = 0; attempt < tries; ++attempt) {
    const Id c = rng_history_.pick(pool);
    if (eligible(a, c, m, attempt < tries / 2)) return c;
  }
  return std::nullopt;
}

// Never the auditor's own team, never twice in a month; `strict` also asks
// for a child not audited recently and a team other than last month's.
bool Builder::eligible(const Staff& a, Id child_id, Month m, bool strict) const {
  const Child& c = child(child_id);
  const int since = ordinal(m) - last_audited_[static_cast<std::size_t>(child_id - 1)];
  if (!c.open || since == 0 || responsible_for(a, c.team_id)) return false;
  if (!strict) return true;
  return since >= kNotRecentlyAuditedMonths &&
         last_team_of_auditor_[static_cast<std::size_t>(a.id - 1)] != c.team_id;
}

void Builder::add_history_audit(Id auditor, Id child_id, Month m, const std::string& why) {
  last_audited_[static_cast<std::size_t>(child_id - 1)] = ordinal(m);
  last_team_of_auditor_[static_cast<std::size_t>(auditor - 1)] = child(child_id).team_id;
  Audit audit;
  audit.id = static_cast<Id>(a_.audits.size()) + 1;
  audit.month = m;
  audit.child_id = child_id;
  audit.auditor_id = auditor;
  audit.due_date = calendar_.last_working_day(m);
  audit.explanation = why + "; " + assign_moderator(audit);
  settle(audit);
  a_.audits.push_back(std::move(audit));
}

// What became of an allocated audit, in roughly Gloucestershire's shares:
// 4% exempted after allocation, 8% nil returns, 3% not to standard, 6% late.
void Builder::settle(Audit& audit) {
  const double u = rng_history_.unit();
  if (u < 0.04) {
    audit.status = AuditStatus::kWithdrawn;
    audit.outcome = AuditOutcome::kExemptedAfterAllocation;
    add_exemption(audit.auditor_id, ExemptionKind::kSingleMonth, audit.month, audit.month,
                  "After allocation: " + pick_text(rng_history_, kSingleMonthReasons), director_);
  } else if (u < 0.12) {
    audit.status = AuditStatus::kAllocated;  // never returned
    audit.outcome = AuditOutcome::kNilReturn;
  } else {
    audit.status = AuditStatus::kModerated;
    audit.outcome = u < 0.15   ? AuditOutcome::kNotMeetingStandard
                    : u < 0.21 ? AuditOutcome::kLateReturn
                               : AuditOutcome::kCompletedToStandard;
    grade(audit);
    answer_return(audit);
    date_returns(audit);
    if (!audit.moderator_id) {  // no moderator at all: submitted, awaiting moderation
      audit.status = AuditStatus::kSubmitted;
      audit.moderated_grade.reset();
      audit.moderated_on.reset();
    }
  }
}

// The paired moderator when they moderate this month and have room, else
// bought-in external moderation. Returns why, for the audit's explanation.
std::string Builder::assign_moderator(Audit& audit) {
  const std::optional<Id> paired = paired_moderator(audit.auditor_id, audit.month);
  if (paired && has_room(*paired, audit.month)) {
    take_slot(audit, *paired);
    return "moderated by the paired moderator";
  }
  audit.needs_external_moderation = true;
  for (Id m : external_moderators_) {
    if (has_room(m, audit.month)) {
      take_slot(audit, m);
      return paired ? "external moderation: the paired moderator has no room this month"
                    : "external moderation: the auditor is unpaired (internal capacity is short)";
    }
  }
  if (!external_moderators_.empty()) audit.moderator_id = rng_history_.pick(external_moderators_);
  return "external moderation bought beyond the agreed capacity";
}

bool Builder::has_room(Id moderator, Month m) const {
  const Staff& s = staff(moderator);
  return s.moderation_rota.works_in(m) &&
         moderated_this_month_[static_cast<std::size_t>(moderator - 1)] < s.moderator_capacity;
}

void Builder::take_slot(Audit& audit, Id moderator) {
  ++moderated_this_month_[static_cast<std::size_t>(moderator - 1)];
  audit.moderator_id = moderator;
  audit.needs_external_moderation = staff(moderator).external_moderator;
}

// Returned in the last ten days before the due date, or up to two weeks
// after it when late; moderated within ten days, before the current month.
void Builder::date_returns(Audit& audit) {
  const Date latest = plus_days(o_.current.first_day(), -1);
  const Date submitted = audit.outcome == AuditOutcome::kLateReturn
                             ? plus_days(audit.due_date, rng_history_.between(1, 14))
                             : plus_days(audit.due_date, -rng_history_.between(0, 10));
  audit.submitted_on = std::min(submitted, latest);
  audit.moderated_on =
      std::min(plus_days(*audit.submitted_on, rng_history_.between(1, 10)), latest);
}

// Domains sit at the overall grade or one step either side, so the overall
// grade is never more than one above the lowest domain (Bradford's rule).
void Builder::grade(Audit& audit) {
  const int overall = pick_weighted(rng_history_, kGradeShares);
  audit.overall_grade = grade_from_rank(overall);
  for (const std::string& domain : default_audit_domains()) {
    const double u = rng_history_.unit();
    const int step = u < 0.2 ? -1 : (u < 0.45 ? 1 : 0);
    audit.domain_grades.emplace(std::string(domain), grade_from_rank(overall + step));
  }
  // The moderator effect: about 12% of grades change (Gloucestershire aims for 10-15%).
  const double u = rng_history_.unit();
  const int change = u < 0.07 ? 1 : (u < 0.12 ? -1 : 0);
  audit.moderated_grade = grade_from_rank(overall + change);
}

// The return's participation answers and family feedback, near the shares
// the reference reports give (003_: child 78%, family 70%, worker and
// manager around 90%, against targets of 80/80/95/95/95%). The IRO or CP
// chair takes part only for a child in care or on a protection plan.
void Builder::answer_return(Audit& audit) {
  const auto answer = [this](double yes, double not_applicable) {
    const double u = rng_returns_.unit();
    if (u < not_applicable) return Participation::kNotApplicable;
    return u < not_applicable + yes ? Participation::kYes : Participation::kNo;
  };
  const LegalStatus status = child(audit.child_id).legal_status;
  const bool has_iro =
      status == LegalStatus::kChildInCare || status == LegalStatus::kChildProtection;
  AuditParticipation p;
  p.child_seen = answer(0.74, 0.05);
  p.family = answer(0.66, 0.06);
  p.worker = answer(0.91, 0.0);
  p.team_manager = answer(0.86, 0.0);
  p.iro = has_iro ? answer(0.90, 0.0) : Participation::kNotApplicable;
  audit.participation = p;
  const double u = rng_returns_.unit();
  audit.family_feedback = u < 0.55   ? FamilyFeedback::kContacted
                          : u < 0.80 ? FamilyFeedback::kAttempted
                                     : FamilyFeedback::kNone;
}

}  // namespace caseaudit::demo
