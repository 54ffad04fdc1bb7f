#include "scheduler/reporting/month_figures.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_set>

#include "scheduler/allocation/availability.h"
#include "scheduler/errors.h"
#include "scheduler/words.h"

namespace caseaudit {
namespace {

GradeCounts empty_grades() {
  GradeCounts counts;
  for (Grade g : all_values<Grade>()) counts.counts[g] = 0;
  return counts;
}

void add_grade(GradeCounts& counts, Grade grade) {
  if (counts.counts.empty()) counts = empty_grades();
  ++counts.graded;
  ++counts.counts[grade];
}

void add_grades(GradeCounts& into, const GradeCounts& from) {
  if (into.counts.empty()) into = empty_grades();
  into.graded += from.graded;
  for (const auto& [grade, count] : from.counts) into.counts[grade] += count;
}

// Higher is better; the enumeration lists grades best first.
int rank(Grade grade) { return -static_cast<int>(grade); }

void count_moderation(ModeratorEffect& effect, const Audit& audit) {
  if (audit.status != AuditStatus::kModerated || !audit.overall_grade || !audit.moderated_grade) {
    return;
  }
  ++effect.moderated;
  const int change = rank(*audit.moderated_grade) - rank(*audit.overall_grade);
  ++(change > 0 ? effect.upgraded : change < 0 ? effect.downgraded : effect.unchanged);
}

void count_feedback(FeedbackCounts& counts, const std::optional<FamilyFeedback>& feedback) {
  if (!feedback) {
    ++counts.not_recorded;
    return;
  }
  switch (*feedback) {
    case FamilyFeedback::kContacted:
      ++counts.contacted;
      break;
    case FamilyFeedback::kAttempted:
      ++counts.attempted;
      break;
    case FamilyFeedback::kNone:
      ++counts.none;
      break;
  }
}

LoopedAgreement looped_agreement(const std::vector<const Audit*>& returned) {
  std::map<int, std::vector<Grade>> groups;
  for (const Audit* audit : returned) {
    if (audit->loop_group && audit->overall_grade) {
      groups[*audit->loop_group].push_back(*audit->overall_grade);
    }
  }
  LoopedAgreement looped;
  for (const auto& [group, grades] : groups) {
    if (grades.size() != 2) continue;
    ++looped.pairs;
    ++(grades[0] == grades[1] ? looped.agreed : looped.differed);
  }
  return looped;
}

void count_action(ActionCounts& counts, const Action& action, Date as_of) {
  ++counts.total;
  const bool completed_by_then = action.status == ActionStatus::kCompleted &&
                                 (!action.completed_on || *action.completed_on <= as_of);
  if (completed_by_then) {
    const bool on_time = !action.completed_on || *action.completed_on <= action.due_date;
    ++(on_time ? counts.completed_on_time : counts.completed_late);
  } else {
    ++(action.due_date < as_of ? counts.overdue : counts.not_yet_due);
  }
}

// The sort order of breakdown rows: ids numerically, legal statuses by index.
Id order_of(const BreakdownRow& row, bool legal_status) {
  if (!legal_status) return std::stoll(row.key);
  for (LegalStatus status : all_values<LegalStatus>()) {
    if (to_string(status) == row.key) return static_cast<Id>(status);
  }
  return 0;
}

std::vector<BreakdownRow> merge_rows(const std::vector<BreakdownRow>& a,
                                     const std::vector<BreakdownRow>& b, bool legal_status) {
  std::map<Id, BreakdownRow> rows;
  for (const auto* side : {&a, &b}) {
    for (const BreakdownRow& row : *side) {
      auto [found, inserted] = rows.try_emplace(order_of(row, legal_status), row);
      if (!inserted) add_grades(found->second.grades, row.grades);
    }
  }
  std::vector<BreakdownRow> merged;
  for (auto& [order, row] : rows) merged.push_back(std::move(row));
  return merged;
}

// The authority's lookups the month's figures need.
class Lookups {
 public:
  explicit Lookups(const Authority& authority) {
    for (const Child& child : authority.children) children_.emplace(child.id, &child);
    for (const Team& team : authority.teams) teams_.emplace(team.id, &team);
    for (const Service& service : authority.services) services_.emplace(service.id, &service);
    std::map<std::string, int> named;
    for (const Team& team : authority.teams) ++named[team.name];
    for (const Team& team : authority.teams) {
      std::string name = team.name;
      const auto service = services_.find(team.service_id);
      if (named[team.name] > 1 && service != services_.end()) {
        name += " (" + service->second->name + ")";
      }
      team_names_.emplace(team.id, std::move(name));
    }
  }
  const Child* child(Id id) const {
    const auto found = children_.find(id);
    return found == children_.end() ? nullptr : found->second;
  }
  const Team* team_of(const Audit& audit) const {
    const Child* c = child(audit.child_id);
    const auto found = c ? teams_.find(c->team_id) : teams_.end();
    return found == teams_.end() ? nullptr : found->second;
  }
  std::string service_name(Id id) const {
    const auto found = services_.find(id);
    return found == services_.end() ? std::string() : found->second->name;
  }
  const std::string& team_name(Id id) const { return team_names_.at(id); }

 private:
  std::unordered_map<Id, const Child*> children_;
  std::unordered_map<Id, const Team*> teams_;
  std::unordered_map<Id, const Service*> services_;
  std::unordered_map<Id, std::string> team_names_;
};

void add_to_row(std::map<Id, BreakdownRow>& rows, Id order, BreakdownRow row, Grade grade) {
  auto [found, inserted] = rows.try_emplace(order, std::move(row));
  if (inserted) found->second.grades = empty_grades();
  add_grade(found->second.grades, grade);
}

std::vector<BreakdownRow> rows_of(std::map<Id, BreakdownRow>& rows) {
  std::vector<BreakdownRow> result;
  for (auto& [order, row] : rows) result.push_back(std::move(row));
  return result;
}

void add_breakdowns(MonthFigures& figures, const Lookups& lookups,
                    const std::vector<const Audit*>& returned) {
  std::map<Id, BreakdownRow> teams, services, statuses;
  for (const Audit* audit : returned) {
    const auto grade = current_grade(*audit);
    if (!grade) continue;
    if (const Team* team = lookups.team_of(*audit)) {
      add_to_row(teams, team->id, {std::to_string(team->id), team->name, {}}, *grade);
      add_to_row(services, team->service_id,
                 {std::to_string(team->service_id), lookups.service_name(team->service_id), {}},
                 *grade);
    }
    if (const Child* child = lookups.child(audit->child_id)) {
      add_to_row(statuses, static_cast<Id>(child->legal_status),
                 {std::string(to_string(child->legal_status)), in_words(child->legal_status), {}},
                 *grade);
    }
  }
  figures.by_team = rows_of(teams);
  figures.by_service = rows_of(services);
  figures.by_legal_status = rows_of(statuses);
}

void count_returned(MonthFigures& figures, const Lookups& lookups,
                    const std::vector<const Audit*>& returned, const Authority& authority) {
  std::unordered_set<Id> auditors;
  std::set<Id> teams_completed;
  for (const Audit* audit : returned) {
    ++figures.returned;
    figures.returned_audits.push_back(audit->id);
    auditors.insert(audit->auditor_id);
    if (const Team* team = lookups.team_of(*audit)) teams_completed.insert(team->id);
    if (audit->status == AuditStatus::kModerated) ++figures.moderated;
    if (audit->outcome == AuditOutcome::kCompletedToStandard) ++figures.completed_to_standard;
    if (auto grade = current_grade(*audit)) add_grade(figures.grades, *grade);
    for (const auto& [domain, grade] : audit->domain_grades)
      add_grade(figures.domains[domain], grade);
    count_moderation(figures.moderation, *audit);
    count_feedback(figures.family_feedback, audit->family_feedback);
    if (audit->participation) count_participation(figures.participation, *audit->participation);
  }
  std::sort(figures.returned_audits.begin(), figures.returned_audits.end());
  figures.auditors_completed = static_cast<int>(auditors.size());
  for (const Team& team : authority.teams) {
    if (!teams_completed.contains(team.id)) {
      figures.teams_without_completed_audit.push_back({team.id, lookups.team_name(team.id)});
    }
  }
}

std::vector<const Audit*> audits_of(const Authority& authority, Month month) {
  std::vector<const Audit*> audits;
  for (const Audit& audit : authority.audits) {
    if (audit.month == month) audits.push_back(&audit);
  }
  return audits;
}

}  // namespace

MonthFigures count_month_figures(const Authority& authority, Month month, const Policy& policy,
                                 Date as_of) {
  MonthFigures figures{.month = month, .grades = empty_grades()};
  figures.available_auditors =
      static_cast<int>(Availability(authority.staff, authority.exemptions, month, policy)
                           .available_auditors()
                           .size());
  const Lookups lookups(authority);
  std::vector<const Audit*> returned;
  for (const Audit* audit : audits_of(authority, month)) {
    if (is_returned(*audit)) returned.push_back(audit);
  }
  count_returned(figures, lookups, returned, authority);
  figures.looped = looped_agreement(returned);
  add_breakdowns(figures, lookups, returned);

  std::unordered_set<Id> previous_audits;
  for (const Audit* audit : audits_of(authority, month.prev())) {
    if (audit->status != AuditStatus::kWithdrawn) previous_audits.insert(audit->id);
  }
  for (const Action& action : authority.actions) {
    if (previous_audits.contains(action.audit_id)) {
      count_action(figures.previous_month_actions, action, as_of);
    }
  }
  figures.concerns = open_concerns_at(authority, as_of);
  return figures;
}

void add_figures(MonthFigures& into, const MonthFigures& from) {
  into.returned += from.returned;
  into.moderated += from.moderated;
  into.completed_to_standard += from.completed_to_standard;
  add_grades(into.grades, from.grades);
  for (const auto& [domain, grades] : from.domains) add_grades(into.domains[domain], grades);
  into.moderation.moderated += from.moderation.moderated;
  into.moderation.upgraded += from.moderation.upgraded;
  into.moderation.downgraded += from.moderation.downgraded;
  into.moderation.unchanged += from.moderation.unchanged;
  into.looped.pairs += from.looped.pairs;
  into.looped.agreed += from.looped.agreed;
  into.looped.differed += from.looped.differed;
  into.family_feedback.contacted += from.family_feedback.contacted;
  into.family_feedback.attempted += from.family_feedback.attempted;
  into.family_feedback.none += from.family_feedback.none;
  into.family_feedback.not_recorded += from.family_feedback.not_recorded;
  ParticipationCounts& p = into.participation;
  const ParticipationCounts& q = from.participation;
  p.returns += q.returns;
  for (auto answers : {&ParticipationCounts::child_seen, &ParticipationCounts::family,
                       &ParticipationCounts::worker, &ParticipationCounts::team_manager,
                       &ParticipationCounts::iro}) {
    (p.*answers).yes += (q.*answers).yes;
    (p.*answers).no += (q.*answers).no;
    (p.*answers).not_applicable += (q.*answers).not_applicable;
  }
  into.by_team = merge_rows(into.by_team, from.by_team, false);
  into.by_service = merge_rows(into.by_service, from.by_service, false);
  into.by_legal_status = merge_rows(into.by_legal_status, from.by_legal_status, true);
  into.returned_audits.insert(into.returned_audits.end(), from.returned_audits.begin(),
                              from.returned_audits.end());
}

Period audit_months_for(Period months) { return {months.from.prev(), months.to}; }

ReportFigures::ReportFigures(const Authority& authority, const Policy& policy, Date today,
                             Period months, std::map<Month, MonthFigures> frozen)
    : authority_(authority),
      policy_(policy),
      today_(today),
      months_(months),
      frozen_(std::move(frozen)) {}

const MonthFigures& ReportFigures::month(Month month) const {
  if (!months_.contains(month)) {
    throw ProgramError("ReportFigures: " + month.to_string() + " is outside its months " +
                       months_.from.to_string() + " to " + months_.to.to_string());
  }
  if (const auto frozen = frozen_.find(month); frozen != frozen_.end()) return frozen->second;
  auto counted = counted_.find(month);
  if (counted == counted_.end()) {
    const Date as_of = std::min(today_, month.last_day());
    counted = counted_.emplace(month, count_month_figures(authority_, month, policy_, as_of)).first;
  }
  return counted->second;
}

MonthFigures ReportFigures::period(Period period) const {
  MonthFigures sum{.month = period.from, .grades = empty_grades()};
  for (Month m = period.from; m <= period.to; m = m.next()) add_figures(sum, month(m));
  return sum;
}

int ReportFigures::late_returns(Month month) const {
  const auto frozen = frozen_.find(month);
  if (frozen == frozen_.end()) return 0;
  const std::vector<Id>& counted = frozen->second.returned_audits;
  int late = 0;
  for (const Audit& audit : authority_.audits) {
    if (audit.month == month && is_returned(audit) &&
        !std::binary_search(counted.begin(), counted.end(), audit.id)) {
      ++late;
    }
  }
  return late;
}

int ReportFigures::late_returns(Period period) const {
  int late = 0;
  for (Month m = period.from; m <= period.to; m = m.next()) late += late_returns(m);
  return late;
}

std::optional<std::string> late_returns_note(int late_returns, const std::string& what) {
  if (late_returns == 0) return std::nullopt;
  return std::to_string(late_returns) + (late_returns == 1 ? " late return" : " late returns") +
         " since " + what + " closed, not in these figures";
}

}  // namespace caseaudit
