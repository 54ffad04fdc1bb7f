#include "tests/scheduler/allocation/fixtures.h"

#include <lemon/capacity_scaling.h>
#include <lemon/dimacs.h>
#include <lemon/smart_graph.h>

#include <map>
#include <set>
#include <sstream>

namespace caseaudit::testing {

Id AuthorityBuilder::service(const std::string& name) {
  const Id id = static_cast<Id>(a_.services.size()) + 1;
  a_.services.push_back({id, name, {}, {}, {}});
  return id;
}

Id AuthorityBuilder::team(const std::string& name, Id service_id) {
  const Id id = static_cast<Id>(a_.teams.size()) + 1;
  a_.teams.push_back({id, name, service_id, {}});
  return id;
}

Id AuthorityBuilder::auditor(const std::string& name, Role role, Id team_id) {
  Staff s;
  s.id = static_cast<Id>(a_.staff.size()) + 1;
  s.name = name;
  s.role = role;
  if (team_id != 0) s.team_id = team_id;
  s.auditor = true;
  a_.staff.push_back(s);
  return s.id;
}

Id AuthorityBuilder::moderator(const std::string& name, int capacity) {
  Staff s;
  s.id = static_cast<Id>(a_.staff.size()) + 1;
  s.name = name;
  s.role = Role::kQaOfficer;
  s.moderator_capacity = capacity;
  a_.staff.push_back(s);
  return s.id;
}

Id AuthorityBuilder::child(Id team_id, LegalStatus status, bool court) {
  Child c;
  c.id = static_cast<Id>(a_.children.size()) + 1;
  c.case_reference = "LCS-" + std::to_string(1000 + c.id);
  c.team_id = team_id;
  c.legal_status = status;
  c.court_proceedings = court;
  a_.children.push_back(c);
  return c.id;
}

void AuthorityBuilder::audit(Month month, Id child_id, Id auditor_id) {
  Audit audit;
  audit.id = static_cast<Id>(a_.audits.size()) + 1;
  audit.month = month;
  audit.child_id = child_id;
  audit.auditor_id = auditor_id;
  audit.status = AuditStatus::kModerated;
  a_.audits.push_back(audit);
}

void AuthorityBuilder::pair(Month period, Id auditor_id, Id moderator_id) {
  a_.pairings.push_back(
      {static_cast<Id>(a_.pairings.size()) + 1, period, auditor_id, moderator_id, "test"});
}

void AuthorityBuilder::exempt(Id staff_id, Month month, ExemptionKind kind) {
  Exemption e;
  e.id = static_cast<Id>(a_.exemptions.size()) + 1;
  e.staff_id = staff_id;
  e.kind = kind;
  e.first_month = month;
  e.last_month = month;
  e.reason = "test";
  a_.exemptions.push_back(e);
}

namespace {

std::set<Id> responsible_teams(const Authority& a, const Staff& s) {
  std::set<Id> teams(s.responsible_team_ids.begin(), s.responsible_team_ids.end());
  if (s.team_id) teams.insert(*s.team_id);
  for (const Team& t : a.teams) {
    if (t.team_manager_id == s.id) teams.insert(t.id);
    for (const Service& v : a.services) {
      if (v.id == t.service_id && (v.service_manager_id == s.id || v.head_of_service_id == s.id)) {
        teams.insert(t.id);
      }
    }
  }
  return teams;
}

bool exempt(const Authority& a, Id id, Month month, bool moderating) {
  for (const Exemption& e : a.exemptions) {
    if (e.staff_id == id && e.covers(month) &&
        !(moderating && e.kind == ExemptionKind::kModerating)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> hard_rule_violations(const Authority& a, Month month, const Policy& policy,
                                              const AllocationResult& result) {
  std::vector<std::string> broken;
  std::map<Id, const Staff*> staff;
  std::map<Id, const Child*> children;
  for (const Staff& s : a.staff) staff[s.id] = &s;
  for (const Child& c : a.children) children[c.id] = &c;
  std::vector<Audit> all;
  for (const Audit& audit : a.audits) {
    if (audit.month == month && audit.status != AuditStatus::kWithdrawn) all.push_back(audit);
  }
  all.insert(all.end(), result.audits.begin(), result.audits.end());
  std::map<Id, int> per_auditor, per_moderator;
  std::map<Id, std::vector<const Audit*>> per_child;
  for (const Audit& audit : all) {
    const std::string at = "audit of child " + std::to_string(audit.child_id) + " by " +
                           std::to_string(audit.auditor_id) + ": ";
    const Staff& auditor = *staff.at(audit.auditor_id);
    const Child& child = *children.at(audit.child_id);
    ++per_auditor[auditor.id];
    per_child[child.id].push_back(&audit);
    if (!auditor.active || !auditor.auditor || exempt(a, auditor.id, month, false) ||
        !auditor.audit_rota.works_in(month)) {
      broken.push_back(at + "auditor not available");
    }
    const OwnTeamRule rule = policy.own_team_rule(auditor.role);
    if (rule == OwnTeamRule::kOwnCaseload && child.iro_id != auditor.id) {
      broken.push_back(at + "own-caseload auditor given a child they are not IRO for");
    }
    if (rule == OwnTeamRule::kExcludeOwn && responsible_teams(a, auditor).count(child.team_id)) {
      broken.push_back(at + "auditor responsible for the child's team");
    }
    if (audit.moderator_id) {
      const Staff& m = *staff.at(*audit.moderator_id);
      ++per_moderator[m.id];
      if (m.id == auditor.id) broken.push_back(at + "moderates own audit");
      if (responsible_teams(a, m).count(child.team_id)) {
        broken.push_back(at + "moderator responsible for the child's team");
      }
    } else if (!audit.needs_external_moderation) {
      broken.push_back(at + "no moderator and not flagged external");
    }
    if (audit.explanation.empty()) broken.push_back(at + "no explanation");
  }
  for (const auto& [id, count] : per_auditor) {
    if (count > policy.quota_for(*staff.at(id))) broken.push_back("auditor over quota");
  }
  for (const auto& [id, count] : per_moderator) {
    const Staff& m = *staff.at(id);
    const int capacity = m.active && !m.external_moderator && m.moderation_rota.works_in(month) &&
                                 !exempt(a, id, month, true)
                             ? m.moderator_capacity
                             : 0;
    if (count > capacity) broken.push_back("moderator " + m.name + " over capacity");
  }
  for (const auto& [id, audits] : per_child) {
    if (!policy.looped) {
      if (audits.size() > 1) broken.push_back("child " + std::to_string(id) + " audited twice");
      continue;
    }
    if (audits.size() != 2 || audits[0]->auditor_id == audits[1]->auditor_id ||
        !audits[0]->loop_group || audits[0]->loop_group != audits[1]->loop_group) {
      broken.push_back("looped child " + std::to_string(id) + " not audited by exactly two");
    }
  }
  return broken;
}

long long independent_optimum(const std::string& dimacs) {
  lemon::SmartDigraph graph;
  lemon::SmartDigraph::ArcMap<long long> lower(graph), capacity(graph), cost(graph);
  lemon::SmartDigraph::NodeMap<long long> supply(graph);
  std::istringstream in(dimacs);
  lemon::readDimacsMin(in, graph, lower, capacity, cost, supply);
  lemon::CapacityScaling<lemon::SmartDigraph, long long, long long> solver(graph);
  solver.lowerMap(lower).upperMap(capacity).costMap(cost).supplyMap(supply);
  if (solver.run() != decltype(solver)::OPTIMAL) return -1;
  return solver.totalCost<long long>();
}

}  // namespace caseaudit::testing
