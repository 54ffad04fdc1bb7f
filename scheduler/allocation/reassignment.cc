#include "scheduler/allocation/reassignment.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "scheduler/allocation/explain.h"

namespace caseaudit {
namespace {

// The month's live (not withdrawn) audits, as the rules read them.
struct MonthLoad {
  std::unordered_map<Id, int> live;       // auditor -> live audits this month
  std::unordered_set<Id> auditing_child;  // auditors of a live audit of the child
  int of(Id staff_id) const {
    const auto it = live.find(staff_id);
    return it == live.end() ? 0 : it->second;
  }
};

MonthLoad month_load(const Roster& roster, const Audit& audit) {
  MonthLoad load;
  for (const Audit& other : roster.authority().audits) {
    if (other.month != roster.month() || other.status == AuditStatus::kWithdrawn) continue;
    ++load.live[other.auditor_id];
    if (other.child_id == audit.child_id) load.auditing_child.insert(other.auditor_id);
  }
  return load;
}

std::string quota_words(int quota) {
  return quota == 1 ? "one audit a month" : "quota " + std::to_string(quota) + " a month";
}

std::string own_team_refusal(const Roster& roster, const Staff& person, const Child& child) {
  if (roster.policy().own_team_rule(person.role) == OwnTeamRule::kOwnCaseload) {
    return person.name + " audits only children they oversee as IRO/CP chair, and child " +
           child.case_reference + " is not one of them";
  }
  return person.name + " may not audit a child of team " + roster.team(child.team_id).name +
         " (not their own team)";
}

std::optional<ReassignRefusal> refusal(const Roster& roster, const Audit& audit,
                                       const Staff& person, const MonthLoad& load) {
  const std::string month = roster.month().to_string();
  const Child& child = roster.child(audit.child_id);
  if (person.id == audit.auditor_id) {
    return ReassignRefusal{ReassignRule::kCurrentAuditor,
                           person.name + " already audits this child"};
  }
  if (const auto why = roster.unavailable_reason(person)) {
    return ReassignRefusal{ReassignRule::kUnavailable,
                           person.name + " cannot audit in " + month + ": " + *why};
  }
  if (!roster.may_audit(person, child)) {
    return ReassignRefusal{ReassignRule::kOwnTeam, own_team_refusal(roster, person, child)};
  }
  if (load.auditing_child.count(person.id) != 0) {
    return ReassignRefusal{ReassignRule::kAlreadyAuditsChild,
                           person.name + " already audits child " + child.case_reference + " in " +
                               month + " (a looped child needs two auditors)"};
  }
  const int quota = roster.policy().quota_for(person);
  const int live = load.of(person.id);
  if (live >= quota) {
    return ReassignRefusal{ReassignRule::kAtQuota, person.name + " already has " +
                                                       std::to_string(live) + " audit" +
                                                       (live == 1 ? "" : "s") + " in " + month +
                                                       " (" + quota_words(quota) + ")"};
  }
  return std::nullopt;
}

// 0 = nearest to eligible; the order `excluded` is listed in.
int distance(ReassignRule rule) {
  switch (rule) {
    case ReassignRule::kAtQuota:
      return 0;
    case ReassignRule::kAlreadyAuditsChild:
      return 1;
    case ReassignRule::kOwnTeam:
      return 2;
    case ReassignRule::kUnavailable:
      return 3;
    case ReassignRule::kCurrentAuditor:
      break;
  }
  return 4;
}

std::string candidate_reason(const Roster& roster, const Staff& person, const Child& child,
                             int live) {
  const Team& team = roster.team(child.team_id);
  const int window = roster.policy().auditor_team_repeat_months;
  std::string why = person.name + " (" + role_words(person.role) + ") is available in " +
                    roster.month().to_string() + ", may audit a child of team " + team.name;
  switch (roster.policy().own_team_rule(person.role)) {
    case OwnTeamRule::kOwnCaseload:
      why += " as the child's IRO/CP chair";
      break;
    case OwnTeamRule::kAllowOwn:
      if (roster.responsible_for(person.id, team.id)) {
        why += " (their role may audit their own teams)";
        break;
      }
      [[fallthrough]];
    case OwnTeamRule::kExcludeOwn:
      why += " (not their own team)";
      break;
  }
  why += " and has " + std::to_string(live) + " of " +
         counted(roster.policy().quota_for(person), "audit") + " this month";
  if (const auto last = roster.last_audit_of_team_by(person.id, team.id)) {
    why += "; audited team " + team.name + " in " + last->to_string() + ", within the last " +
           counted(window, "month");
  } else {
    why += "; has not audited team " + team.name + " in the last " + counted(window, "month");
  }
  if (child.court_proceedings && person.role == Role::kCourtConsultant) {
    why += "; a court consultant, for a child subject to court proceedings";
  }
  return why + ".";
}

// The one change that would make `person` eligible, when one would.
enum class Fix { kNone, kRaiseQuota, kChangeRota, kLiftExemption };

struct Remedy {
  Fix fix = Fix::kNone;
  const Staff* person = nullptr;
  int live = 0;
};

Fix single_fix(const Roster& roster, const Child& child, const Staff& person, const MonthLoad& load,
               bool exempt) {
  if (!person.active || !person.auditor || !roster.may_audit(person, child) ||
      load.auditing_child.count(person.id) != 0) {
    return Fix::kNone;
  }
  const bool on_rota = person.audit_rota.works_in(roster.month());
  const bool room = load.of(person.id) < roster.policy().quota_for(person);
  if (!exempt && on_rota) return room ? Fix::kNone : Fix::kRaiseQuota;
  if (!room) return Fix::kNone;
  if (!exempt) return Fix::kChangeRota;
  return on_rota ? Fix::kLiftExemption : Fix::kNone;
}

std::string advice_for(const Roster& roster, const Remedy& remedy, int alike) {
  const std::string month = roster.month().to_string();
  const Staff& person = *remedy.person;
  const std::string others = alike > 1
                                 ? " (" + std::to_string(alike - 1) + " other" +
                                       (alike == 2 ? " is" : "s are") + " in the same position)"
                                 : "";
  switch (remedy.fix) {
    case Fix::kRaiseQuota: {
      const int quota = roster.policy().quota_for(person);
      return "Every auditor who may take it already has their audits in " + month +
             ": raise someone's quota for this month only, for example " + person.name +
             "'s from " + std::to_string(quota) + " to " + std::to_string(remedy.live + 1) +
             others + ", then reassign to them and set the quota back after the month.";
    }
    case Fix::kChangeRota:
      return "Nobody on rota in " + month + " may take it: " + person.name +
             " is a bi-monthly auditor off rota this month" + others +
             "; changing their audit rota (to monthly, or to the other months) would make them "
             "eligible.";
    case Fix::kLiftExemption:
      return "Nobody who is free may take it: " + person.name + " is exempt in " + month + others +
             "; if they are back, ending that exemption would make them eligible (a late "
             "exemption needs a director's authorisation, lifting one does not).";
    case Fix::kNone:
      break;
  }
  return {};
}

std::string team_name(const Roster& roster, std::optional<Id> team_id) {
  if (!team_id) return {};
  for (const Team& team : roster.authority().teams) {
    if (team.id == *team_id) return team.name;
  }
  return {};
}

std::string people(int count) {
  return count == 1 ? "1 person" : std::to_string(count) + " people";
}

std::string no_single_change(const Roster& roster, const Child& child,
                             const std::vector<ReassignExclusion>& excluded) {
  std::unordered_map<ReassignRule, int> by_rule;
  for (const ReassignExclusion& exclusion : excluded) ++by_rule[exclusion.rule];
  const std::string& team = roster.team(child.team_id).name;
  return "Nobody can take it by one change: " + people(by_rule[ReassignRule::kOwnTeam]) +
         " may not audit team " + team + ", " + people(by_rule[ReassignRule::kUnavailable]) +
         " cannot audit this month for more than one reason or at all (inactive or untrained), " +
         people(by_rule[ReassignRule::kAlreadyAuditsChild]) +
         " already audit the child. Withdraw the audit instead (the child goes to another "
         "auditor or back to the pool), or add a trained auditor from outside team " +
         team + ".";
}

std::optional<std::string> advice(const Roster& roster, const Child& child,
                                  const std::vector<ReassignExclusion>& excluded,
                                  const MonthLoad& load) {
  std::unordered_set<Id> exempt;
  for (const Exemption& exemption : roster.authority().exemptions) {
    if (exemption.covers(roster.month())) exempt.insert(exemption.staff_id);
  }
  std::optional<Remedy> best;
  int alike = 0;
  for (const ReassignExclusion& exclusion : excluded) {
    const Staff& person = roster.staff(exclusion.staff_id);
    const Fix fix = single_fix(roster, child, person, load, exempt.count(person.id) != 0);
    if (fix == Fix::kNone) continue;
    if (best && fix == best->fix) ++alike;
    if (!best || fix < best->fix) {
      best = Remedy{fix, &person, load.of(person.id)};
      alike = 1;
    }
  }
  if (!best) return no_single_change(roster, child, excluded);
  return advice_for(roster, *best, alike);
}

}  // namespace

std::string_view to_string(ReassignRule rule) {
  switch (rule) {
    case ReassignRule::kCurrentAuditor:
      return "current_auditor";
    case ReassignRule::kUnavailable:
      return "unavailable";
    case ReassignRule::kOwnTeam:
      return "own_team";
    case ReassignRule::kAlreadyAuditsChild:
      return "already_audits_child";
    case ReassignRule::kAtQuota:
      return "at_quota";
  }
  return "unknown";
}

std::optional<ReassignRefusal> reassign_refusal(const Roster& roster, const Audit& audit,
                                                const Staff& person) {
  return refusal(roster, audit, person, month_load(roster, audit));
}

ReassignOptions reassign_options(const Roster& roster, const Audit& audit) {
  const MonthLoad load = month_load(roster, audit);
  const Child& child = roster.child(audit.child_id);
  ReassignOptions options;
  using Key = std::tuple<int, int, int, std::string, Id>;
  std::vector<std::pair<Key, ReassignCandidate>> ranked;
  for (const Staff& person : roster.authority().staff) {
    if (auto refused = refusal(roster, audit, person, load)) {
      options.excluded.push_back(
          {person.id, person.name, refused->rule, std::move(refused->reason)});
      continue;
    }
    const int live = load.of(person.id);
    const int repeat = roster.last_audit_of_team_by(person.id, child.team_id) ? 1 : 0;
    const int court = child.court_proceedings && person.role == Role::kCourtConsultant ? 0 : 1;
    ranked.emplace_back(
        Key{repeat, court, live, person.name, person.id},
        ReassignCandidate{person.id, person.name, person.team_id, team_name(roster, person.team_id),
                          candidate_reason(roster, person, child, live)});
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, candidate] : ranked) options.candidates.push_back(std::move(candidate));
  std::sort(options.excluded.begin(), options.excluded.end(),
            [](const ReassignExclusion& a, const ReassignExclusion& b) {
              return std::make_tuple(distance(a.rule), std::cref(a.name), a.staff_id) <
                     std::make_tuple(distance(b.rule), std::cref(b.name), b.staff_id);
            });
  if (options.candidates.empty()) options.advice = advice(roster, child, options.excluded, load);
  return options;
}

}  // namespace caseaudit
