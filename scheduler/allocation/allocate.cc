#include "scheduler/allocation/allocate.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "scheduler/allocation/explain.h"
#include "scheduler/allocation/moderation.h"
#include "scheduler/allocation/roster.h"
#include "scheduler/allocation/status_stage.h"
#include "scheduler/allocation/team_ranges.h"
#include "scheduler/errors.h"
#include "scheduler/mix.h"

namespace caseaudit {
namespace {

// Costs, in priority order. Each weight exceeds what the lower goals can add
// to one audit, so one flow optimises them together while keeping the order.
constexpr std::int64_t kUnallocatedFirst = 100000;  // (1) an auditor left without audit
constexpr std::int64_t kUnallocatedExtra = 50000;   // (1) a quota unit beyond the first unused
constexpr std::int64_t kTeamUpToTarget = 3000;      // (2) 2nd..target audit of a team
constexpr std::int64_t kTeamBeyondTarget = 6000;    // (2) audits beyond the target
constexpr std::int64_t kRecentChild = 400;          // (3) re-audit within the recency window
constexpr std::int64_t kAgeStep = 20;               // (3) per step of "audited more recently"
constexpr std::int64_t kCourtMissed = 10;           // (4) court consultant, no court child
constexpr std::int64_t kRepeatTeam = 2;             // (6) auditor back to a recent team

const Policy& validated(const Policy& policy) {
  policy.validate();
  return policy;
}

struct ChildClass {
  int team = 0;  // team index
  int recency = 0;
  std::int64_t cost = 0;
  bool court = false;
  int node = -1;
  Id owner = 0;  // the IRO/CP chair whose own caseload this is, or 0
  LegalStatus status = LegalStatus::kChildInNeed;
  int group = 0;                       // classes equal but for legal status share a group
  std::size_t next = 0;                // children[next..] are still free
  std::vector<const Child*> children;  // least recently audited first
};

struct AuditorUnits {
  const Staff* staff = nullptr;
  int remaining = 0;  // quota left after committed audits and pins
  int node = -1;
};

// Builds the auditor -> child-class network for one month and turns its
// optimal flow into audits.
class Allocator {
 public:
  Allocator(const Authority& authority, Month month, const Policy& policy, std::uint64_t seed,
            const std::vector<Pin>& pins)
      : roster_(authority, month, validated(policy)), policy_(policy), seed_(seed), month_(month) {
    index_teams();
    read_committed();
    apply_pins(pins);
    read_auditors();
    build_classes();
    build_network();
  }

  const FlowNetwork& network() const { return network_; }
  AllocationResult run();

 private:
  int multiplicity() const { return policy_.looped ? 2 : 1; }
  void index_teams();
  void read_committed();
  void apply_pins(const std::vector<Pin>& pins);
  void read_auditors();
  void compute_status_targets();
  void spread_statuses(std::vector<std::vector<int>>& classes_of_auditor);
  std::int64_t recency_cost(const Child& child, int* bucket) const;
  void build_classes();
  void build_network();
  void add_auditor_arcs(AuditorUnits& units, const TeamRanges& ranges);
  std::vector<std::vector<int>> decompose(const FlowSolution& solution) const;
  void assign_children(const std::vector<std::vector<int>>& classes_of_auditor);
  void assign_looped(ChildClass& child_class, std::vector<const AuditorUnits*>& units);
  void add_loop(const Staff& first, const Staff& second, const Child& child);
  struct Leftover {
    const AuditorUnits* units;
    int child_class;
  };
  void pair_leftovers(std::vector<Leftover>& leftovers);
  // Pairs the two on the first free child of the candidate classes both may audit.
  bool pair_on(const Staff& first, const Staff& second, const std::vector<int>& candidates);
  Audit make_audit(const Staff& auditor, const Child& child) const;
  void explain(Audit& audit);
  void record_shortfalls(AllocationResult& result) const;
  std::string team_shortfall_reason(int team) const;
  std::string auditor_shortfall_reason(const Staff& auditor,
                                       const std::vector<int>& free_teams) const;

  Roster roster_;
  Policy policy_;
  std::uint64_t seed_;
  Month month_;
  std::vector<Id> team_ids_;
  std::unordered_map<Id, int> team_index_;
  std::vector<int> team_audits_;  // committed + pinned + new, per team index
  std::unordered_map<Id, int> auditor_audits_;
  std::unordered_set<Id> used_children_;
  std::vector<Audit> committed_;
  std::vector<Audit> audits_;  // new audits: pins, then the flow's
  std::vector<AuditorUnits> auditors_;
  std::map<LegalStatus, double> status_weight_;  // target share of this month's audits
  std::map<LegalStatus, std::string> status_note_;
  std::vector<ChildClass> classes_;
  std::unordered_map<Id, std::vector<int>> owned_classes_;
  std::vector<std::vector<int>> team_classes_;  // class indexes per team index
  int group_count_ = 0;
  FlowNetwork network_;
  int sink_ = -1;
  std::vector<int> team_in_, court_team_;
  std::vector<int> class_of_node_;
  int next_loop_group_ = 1;
  std::vector<int> explained_team_audits_;
  std::unordered_set<Id> unpartnered_;
};

void Allocator::index_teams() {
  for (const Team& team : roster_.authority().teams) team_ids_.push_back(team.id);
  std::sort(team_ids_.begin(), team_ids_.end());
  for (int i = 0; i < static_cast<int>(team_ids_.size()); ++i) team_index_[team_ids_[i]] = i;
  team_audits_.assign(team_ids_.size(), 0);
}

void Allocator::read_committed() {
  for (const Audit& audit : roster_.authority().audits) {
    if (audit.month != month_ || audit.status == AuditStatus::kWithdrawn) continue;
    committed_.push_back(audit);
    ++auditor_audits_[audit.auditor_id];
    used_children_.insert(audit.child_id);
    if (audit.loop_group) next_loop_group_ = std::max(next_loop_group_, *audit.loop_group + 1);
    if (roster_.has_child(audit.child_id)) {
      ++team_audits_[team_index_.at(roster_.child(audit.child_id).team_id)];
    }
  }
}

void Allocator::apply_pins(const std::vector<Pin>& pins) {
  std::unordered_map<Id, int> pins_of_child;
  for (const Pin& pin : pins) ++pins_of_child[pin.child_id];
  std::unordered_map<Id, int> loop_of_child;
  for (const Pin& pin : pins) {
    if (policy_.looped && pins_of_child[pin.child_id] != 2) {
      throw RuleViolation("pin: in a looped month a child is pinned to exactly two auditors",
                          "child_id");
    }
    if (!policy_.looped && pins_of_child[pin.child_id] != 1) {
      throw RuleViolation("pin: a child is pinned to one auditor a month", "child_id");
    }
    if (!roster_.has_staff(pin.auditor_id)) throw NotFound("pin: unknown auditor", "auditor_id");
    if (!roster_.has_child(pin.child_id)) throw NotFound("pin: unknown child", "child_id");
    const Staff& auditor = roster_.staff(pin.auditor_id);
    const Child& child = roster_.child(pin.child_id);
    if (const auto why = roster_.unavailable_reason(auditor)) {
      throw RuleViolation(
          "pin: " + auditor.name + " cannot audit in " + month_.to_string() + ": " + *why,
          "auditor_id");
    }
    if (!roster_.may_audit(auditor, child)) {
      throw RuleViolation("pin: " + auditor.name + " may not audit a child of team " +
                              roster_.team(child.team_id).name + " (their own team)",
                          "child_id");
    }
    const bool second_of_loop = loop_of_child.count(child.id) != 0;
    if (second_of_loop &&
        audits_[static_cast<std::size_t>(loop_of_child[child.id])].auditor_id == auditor.id) {
      throw RuleViolation("pin: a looped child needs two different auditors", "auditor_id");
    }
    if (used_children_.count(child.id) != 0 && !second_of_loop) {
      throw RuleViolation("pin: child " + child.case_reference + " already has an audit this month",
                          "child_id");
    }
    if (auditor_audits_[auditor.id] >= policy_.quota_for(auditor)) {
      throw RuleViolation("pin: " + auditor.name + " has no quota left this month", "auditor_id");
    }
    Audit audit = make_audit(auditor, child);
    audit.pin_reason = pin.reason;
    audit.explanation = "Pinned by the QA coordinator: " + pin.reason;
    if (policy_.looped) {
      if (second_of_loop) {
        audit.loop_group = audits_[static_cast<std::size_t>(loop_of_child[child.id])].loop_group;
      } else {
        audit.loop_group = next_loop_group_++;
        loop_of_child[child.id] = static_cast<int>(audits_.size());
      }
    }
    ++auditor_audits_[auditor.id];
    used_children_.insert(child.id);
    ++team_audits_[team_index_.at(child.team_id)];
    audits_.push_back(std::move(audit));
  }
}

void Allocator::read_auditors() {
  for (const Id id : roster_.available_auditors()) {
    const Staff& staff = roster_.staff(id);
    const int remaining = policy_.quota_for(staff) - auditor_audits_[id];
    if (remaining > 0) auditors_.push_back({&staff, remaining, -1});
  }
  // The seed decides the order among equals: flow ties and child choices.
  std::sort(auditors_.begin(), auditors_.end(), [&](const auto& a, const auto& b) {
    return mix(seed_, a.staff->id) < mix(seed_, b.staff->id);
  });
}

// Each status's target share of this month's audits: what it needs to bring
// the last window's audits plus this month's to the caseload's proportions
// (just the caseload share when there is no history).
void Allocator::compute_status_targets() {
  std::map<LegalStatus, double> caseload, audited;
  double open = 0, recent = 0;
  for (const Child& child : roster_.authority().children) {
    if (!child.open) continue;
    caseload[child.legal_status] += 1;
    open += 1;
  }
  const Month window_start = month_.plus(-policy_.recency_window_months);
  for (const Audit& audit : roster_.authority().audits) {
    if (audit.status == AuditStatus::kWithdrawn || audit.month < window_start ||
        !(audit.month < month_) || !roster_.has_child(audit.child_id)) {
      continue;
    }
    audited[roster_.child(audit.child_id).legal_status] += 1;
    recent += 1;
  }
  double month_audits = 0;
  for (const AuditorUnits& a : auditors_) month_audits += a.remaining;
  double total = 0;
  for (const auto& [status, count] : caseload) {
    const double caseload_share = count / open;
    const double audit_share = recent > 0 ? audited[status] / recent : caseload_share;
    const double ratio = audit_share / caseload_share;
    status_weight_[status] =
        std::max(0.0, caseload_share * (recent + month_audits) - audited[status]);
    total += status_weight_[status];
    if (recent > 0 && ratio < 0.8) {
      status_note_[status] = std::string(to_string(status)) + " under-represented (" +
                             percent(audit_share) + " of the last " +
                             std::to_string(policy_.recency_window_months) + " months' audits, " +
                             percent(caseload_share) + " of the caseload)";
    }
  }
  for (auto& [status, weight] : status_weight_) {
    weight = total > 0 ? weight / total : caseload[status] / open;
  }
}

std::int64_t Allocator::recency_cost(const Child& child, int* bucket) const {
  const auto last = roster_.last_audited(child.id);
  const int window = policy_.recency_window_months;
  if (!last) return *bucket = 0, 0;
  const int age = month_.minus(*last);
  if (age >= 2 * window) return *bucket = 1, kAgeStep;
  if (2 * age >= 3 * window) return *bucket = 2, 2 * kAgeStep;
  if (age >= window) return *bucket = 3, 3 * kAgeStep;
  return *bucket = 4, kRecentChild;
}

void Allocator::build_classes() {
  compute_status_targets();
  std::map<std::tuple<int, int, int, Id>, int> groups;  // team, court, recency, owner
  team_classes_.resize(team_ids_.size());
  using Key = std::tuple<int, int, int, int, Id>;  // team, status, court, recency, IRO owner
  std::map<Key, int> index;
  std::unordered_set<Id> caseload_auditors;
  for (const AuditorUnits& units : auditors_) {
    if (policy_.own_team_rule(units.staff->role) == OwnTeamRule::kOwnCaseload) {
      caseload_auditors.insert(units.staff->id);
    }
  }
  for (const Child& child : roster_.authority().children) {
    if (!child.open || used_children_.count(child.id) != 0) continue;
    const auto team = team_index_.find(child.team_id);
    if (team == team_index_.end()) continue;
    int bucket = 0;
    const std::int64_t cost = recency_cost(child, &bucket);
    const Id owner =
        child.iro_id && caseload_auditors.count(*child.iro_id) != 0 ? *child.iro_id : 0;
    const Key key{team->second, static_cast<int>(child.legal_status), child.court_proceedings,
                  bucket, owner};
    auto [it, fresh] = index.emplace(key, static_cast<int>(classes_.size()));
    if (fresh) {
      const auto group = groups.emplace(
          std::make_tuple(team->second, child.court_proceedings ? 1 : 0, bucket, owner),
          static_cast<int>(groups.size()));
      classes_.push_back({team->second,
                          bucket,
                          cost,
                          child.court_proceedings,
                          -1,
                          owner,
                          child.legal_status,
                          group.first->second,
                          0,
                          {}});
      if (owner != 0) owned_classes_[owner].push_back(it->second);
      team_classes_[team->second].push_back(it->second);
    }
    classes_[it->second].children.push_back(&child);
  }
  group_count_ = static_cast<int>(groups.size());
  // Least recently audited first (never audited before all), ties by seed.
  for (ChildClass& child_class : classes_) {
    std::vector<std::tuple<int, std::uint64_t, const Child*>> order;
    order.reserve(child_class.children.size());
    for (const Child* child : child_class.children) {
      const auto last = roster_.last_audited(child->id);
      const int age_key = last ? 1 + last->year() * 12 + last->month() : 0;
      order.emplace_back(age_key, mix(seed_, child->id), child);
    }
    std::sort(order.begin(), order.end());
    for (std::size_t i = 0; i < order.size(); ++i) child_class.children[i] = std::get<2>(order[i]);
  }
}

void Allocator::build_network() {
  std::int64_t units = 0;
  for (const AuditorUnits& a : auditors_) units += a.remaining;
  const std::int64_t everything = units * multiplicity() + 1;
  const int source = network_.add_node(units);
  const int sink = network_.add_node(-units);
  sink_ = sink;
  const int teams = static_cast<int>(team_ids_.size());
  std::vector<int> team_in(teams), team_out(teams), court_team(teams, -1);
  for (int t = 0; t < teams; ++t) {
    team_in[t] = network_.add_node();
    team_out[t] = network_.add_node();
    const int m = multiplicity();
    const int done = team_audits_[t];
    const int first = std::max(0, m - done);
    const int up_to_target = std::max(0, m * policy_.team_target - std::max(done, m));
    if (first > 0) network_.add_arc(team_out[t], sink, first, 0);
    if (up_to_target > 0) network_.add_arc(team_out[t], sink, up_to_target, kTeamUpToTarget);
    network_.add_arc(team_out[t], sink, everything, kTeamBeyondTarget);
  }
  for (ChildClass& c : classes_) {
    c.node = network_.add_node();
    network_.add_arc(team_in[c.team], c.node, everything, 0);
    const auto size = static_cast<std::int64_t>(c.children.size()) * multiplicity();
    network_.add_arc(c.node, team_out[c.team], size, c.cost);
    if (c.court) {
      if (court_team[c.team] < 0) court_team[c.team] = network_.add_node();
      network_.add_arc(court_team[c.team], c.node, everything, 0);
    }
  }
  court_team_ = std::move(court_team);
  team_in_ = std::move(team_in);
  TeamRanges ranges(network_, team_in_, TeamRanges::Direction::kDown, everything);
  for (AuditorUnits& a : auditors_) {
    a.node = network_.add_node();
    network_.add_arc(source, a.node, a.remaining, 0);
    const bool has_audit = auditor_audits_[a.staff->id] > 0;
    if (!has_audit) network_.add_arc(a.node, sink, 1, kUnallocatedFirst);
    const int extra = has_audit ? a.remaining : a.remaining - 1;
    if (extra > 0) network_.add_arc(a.node, sink, extra, kUnallocatedExtra);
    add_auditor_arcs(a, ranges);
  }
}

void Allocator::add_auditor_arcs(AuditorUnits& a, const TeamRanges& ranges) {
  const Staff& staff = *a.staff;
  const OwnTeamRule rule = policy_.own_team_rule(staff.role);
  const auto recent = [&](int t) {
    return roster_.last_audit_of_team_by(staff.id, team_ids_[t]).has_value();
  };
  const auto add = [&](int to, std::int64_t cost) {
    network_.add_arc(a.node, to, a.remaining, cost);
  };
  if (rule == OwnTeamRule::kOwnCaseload) {
    for (const int k : owned_classes_[staff.id]) {
      add(classes_[k].node, recent(classes_[k].team) ? kRepeatTeam : 0);
    }
    return;
  }
  const bool court = staff.role == Role::kCourtConsultant;
  const std::int64_t missed = court ? kCourtMissed : 0;
  std::vector<int> excluded;
  if (rule == OwnTeamRule::kExcludeOwn) {
    for (const Id team : roster_.responsible_teams(staff.id)) {
      const auto it = team_index_.find(team);
      if (it != team_index_.end()) excluded.push_back(it->second);
    }
  }
  for (const Id team : roster_.teams_audited_recently(staff.id)) {
    const auto it = team_index_.find(team);
    if (it == team_index_.end()) continue;
    if (std::find(excluded.begin(), excluded.end(), it->second) != excluded.end()) continue;
    excluded.push_back(it->second);
    add(team_in_[it->second], kRepeatTeam + missed);
  }
  std::sort(excluded.begin(), excluded.end());
  for (const int segment : ranges.cover_all_but(excluded)) add(segment, missed);
  if (!court) return;
  for (int t = 0; t < static_cast<int>(team_ids_.size()); ++t) {
    if (court_team_[t] < 0) continue;
    if (rule == OwnTeamRule::kExcludeOwn && roster_.responsible_for(staff.id, team_ids_[t])) {
      continue;
    }
    add(court_team_[t], recent(t) ? kRepeatTeam : 0);
  }
}

std::vector<std::vector<int>> Allocator::decompose(const FlowSolution& solution) const {
  std::vector<std::int64_t> left = solution.flow;
  std::vector<std::vector<int>> out(network_.node_count());
  for (int i = 0; i < network_.arc_count(); ++i) {
    if (left[i] > 0) out[network_.arc(i).from].push_back(i);
  }
  std::vector<std::size_t> cursor(network_.node_count(), 0);
  std::vector<std::vector<int>> classes_of(auditors_.size());
  for (std::size_t i = 0; i < auditors_.size(); ++i) {
    for (int unit = 0; unit < auditors_[i].remaining; ++unit) {
      int node = auditors_[i].node;
      while (true) {
        auto& next = cursor[node];
        while (next < out[node].size() && left[out[node][next]] == 0) ++next;
        if (next == out[node].size()) throw ProgramError("allocation flow does not decompose");
        const int arc = out[node][next];
        --left[arc];
        node = network_.arc(arc).to;
        if (node == sink_) break;
        if (class_of_node_[node] >= 0) {
          classes_of[i].push_back(class_of_node_[node]);
          break;
        }
      }
    }
  }
  return classes_of;
}

// Goal (5), in its own stage (status_stage.h): then each group's units are
// dealt out again to its classes by the new counts.
void Allocator::spread_statuses(std::vector<std::vector<int>>& classes_of_auditor) {
  std::vector<StatusClass> view(classes_.size());
  for (std::size_t k = 0; k < classes_.size(); ++k) {
    view[k] = {classes_[k].group, classes_[k].status, static_cast<int>(classes_[k].children.size()),
               0};
  }
  for (const auto& list : classes_of_auditor) {
    for (const int k : list) ++view[k].units;
  }
  const std::vector<int> counts = caseaudit::spread_statuses(view, status_weight_, multiplicity());
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> slots(group_count_);
  for (std::size_t i = 0; i < classes_of_auditor.size(); ++i) {
    for (std::size_t u = 0; u < classes_of_auditor[i].size(); ++u) {
      slots[classes_[classes_of_auditor[i][u]].group].push_back({i, u});
    }
  }
  std::vector<std::vector<int>> wanted(group_count_);  // a class for each slot
  for (std::size_t k = 0; k < classes_.size(); ++k) {
    for (int n = 0; n < counts[k]; ++n) wanted[classes_[k].group].push_back(static_cast<int>(k));
  }
  for (int g = 0; g < group_count_; ++g) {
    if (wanted[g].size() != slots[g].size()) throw ProgramError("status stage lost units");
    for (std::size_t n = 0; n < slots[g].size(); ++n) {
      classes_of_auditor[slots[g][n].first][slots[g][n].second] = wanted[g][n];
    }
  }
}

Audit Allocator::make_audit(const Staff& auditor, const Child& child) const {
  Audit audit;
  audit.month = month_;
  audit.child_id = child.id;
  audit.auditor_id = auditor.id;
  audit.status = AuditStatus::kAllocated;
  audit.due_date = policy_.due_date;
  return audit;
}

void Allocator::assign_children(const std::vector<std::vector<int>>& classes_of_auditor) {
  std::vector<std::vector<const AuditorUnits*>> units(classes_.size());
  for (std::size_t i = 0; i < auditors_.size(); ++i) {
    for (const int k : classes_of_auditor[i]) units[k].push_back(&auditors_[i]);
  }
  std::vector<Leftover> unpaired;
  for (std::size_t k = 0; k < classes_.size(); ++k) {
    ChildClass& c = classes_[k];
    if (!policy_.looped) {
      for (const AuditorUnits* a : units[k]) {
        audits_.push_back(make_audit(*a->staff, *c.children[c.next++]));
      }
      continue;
    }
    assign_looped(c, units[k]);
    for (const AuditorUnits* a : units[k]) unpaired.push_back({a, static_cast<int>(k)});
  }
  pair_leftovers(unpaired);
}

void Allocator::explain(Audit& audit) {
  const Child& child = roster_.child(audit.child_id);
  const Staff& auditor = roster_.staff(audit.auditor_id);
  const Team& team = roster_.team(child.team_id);
  const int window = policy_.recency_window_months;
  std::string why = "Child: ";
  if (const auto last = roster_.last_audited(child.id)) {
    const int age = month_.minus(*last);
    why += "last audited " + last->to_string() + " (" + counted(age, "month") + " ago)";
    if (age < window) {
      why += ", within the " + std::to_string(window) +
             "-month recency window: no other child of the team was free for this auditor";
    }
  } else {
    why += "never audited";
  }
  int& done = explained_team_audits_[team_index_.at(team.id)];
  const int children_done = done / multiplicity();
  if (children_done == 0) {
    why += "; team " + team.name + " had no audit yet this month";
  } else if (children_done < policy_.team_target) {
    why += "; team " + team.name + " had " + counted(children_done, "audit") +
           ", below its target of " + std::to_string(policy_.team_target);
  } else {
    why += "; team " + team.name + " already had its target of " +
           std::to_string(policy_.team_target) + ", but no team below target was open";
  }
  ++done;
  if (const auto note = status_note_.find(child.legal_status); note != status_note_.end()) {
    why += "; " + note->second;
  }
  if (auditor.role == Role::kCourtConsultant) {
    why += child.court_proceedings
               ? "; in court proceedings, as court consultants are given where possible"
               : "; no child in court proceedings was free for this court consultant";
  }
  if (audit.loop_group) {
    why += "; looped month: audited independently by two auditors (loop group " +
           std::to_string(*audit.loop_group) + ")";
  }
  why += ". Auditor: " + auditor.name + " (" + role_words(auditor.role) + ") is available";
  switch (policy_.own_team_rule(auditor.role)) {
    case OwnTeamRule::kOwnCaseload:
      why += " and is this child's IRO/CP chair (own caseload policy)";
      break;
    case OwnTeamRule::kAllowOwn:
      why += roster_.responsible_for(auditor.id, team.id)
                 ? " and their role may audit their own teams"
                 : " and is not responsible for " + team.name;
      break;
    case OwnTeamRule::kExcludeOwn:
      why += " and is not responsible for " + team.name;
      break;
  }
  if (const auto last = roster_.last_audit_of_team_by(auditor.id, team.id)) {
    why += "; audited " + team.name + " in " + last->to_string() +
           ", but no other team was open to them";
  } else {
    why += "; has not audited " + team.name + " in the last " +
           counted(policy_.auditor_team_repeat_months, "month");
  }
  audit.explanation = why + ".";
}

// Pairs the class's units into two different auditors per child; the units
// that could not be paired are left in `units`.
void Allocator::assign_looped(ChildClass& c, std::vector<const AuditorUnits*>& units) {
  std::stable_sort(units.begin(), units.end(),
                   [](const auto* a, const auto* b) { return a->staff->id < b->staff->id; });
  const std::size_t half = units.size() / 2;
  std::vector<const AuditorUnits*> left;
  for (std::size_t i = 0; i < half; ++i) {
    const AuditorUnits* first = units[i];
    const AuditorUnits* second = units[i + half];
    if (first->staff->id == second->staff->id) {
      left.push_back(first);
      left.push_back(second);
      continue;
    }
    add_loop(*first->staff, *second->staff, *c.children[c.next++]);
  }
  if (units.size() % 2 == 1) left.push_back(units.back());
  units = std::move(left);
}

void Allocator::add_loop(const Staff& first, const Staff& second, const Child& child) {
  for (const Staff* auditor : {&first, &second}) {
    Audit audit = make_audit(*auditor, child);
    audit.loop_group = next_loop_group_;
    audits_.push_back(std::move(audit));
  }
  ++next_loop_group_;
}

// In a looped month a class with an odd number of units leaves one auditor
// without a partner: pair such auditors across classes on any free child both
// may audit. Rare, so a plain scan is enough.
void Allocator::pair_leftovers(std::vector<Leftover>& leftovers) {
  // Same team first: their classes are next to each other once sorted.
  std::stable_sort(leftovers.begin(), leftovers.end(), [&](const Leftover& x, const Leftover& y) {
    return classes_[x.child_class].team < classes_[y.child_class].team;
  });
  std::vector<bool> done(leftovers.size(), false);
  for (std::size_t i = 0; i < leftovers.size(); ++i) {
    for (std::size_t j = i + 1; j < leftovers.size() && !done[i]; ++j) {
      const Staff& first = *leftovers[i].units->staff;
      const Staff& second = *leftovers[j].units->staff;
      if (done[j] || first.id == second.id) continue;
      // An odd class always has a free child; try the first's, then the second's.
      done[i] = done[j] =
          pair_on(first, second, {leftovers[i].child_class, leftovers[j].child_class});
    }
  }
  // The few left: any free child both may audit, so that a re-run finds
  // nothing more to pair.
  std::vector<int> every(classes_.size());
  for (std::size_t k = 0; k < classes_.size(); ++k) every[k] = static_cast<int>(k);
  for (std::size_t i = 0; i < leftovers.size(); ++i) {
    for (std::size_t j = i + 1; j < leftovers.size() && !done[i]; ++j) {
      const Staff& first = *leftovers[i].units->staff;
      const Staff& second = *leftovers[j].units->staff;
      if (done[j] || first.id == second.id) continue;
      done[i] = done[j] = pair_on(first, second, every);
    }
    if (!done[i]) unpartnered_.insert(leftovers[i].units->staff->id);
  }
}

bool Allocator::pair_on(const Staff& first, const Staff& second,
                        const std::vector<int>& candidates) {
  for (const int k : candidates) {
    ChildClass& c = classes_[k];
    if (c.next >= c.children.size()) continue;
    const Child& child = *c.children[c.next];
    if (!roster_.may_audit(first, child) || !roster_.may_audit(second, child)) continue;
    ++c.next;
    add_loop(first, second, child);
    return true;
  }
  return false;
}

std::string Allocator::team_shortfall_reason(int t) const {
  const Id team = team_ids_[t];
  bool has_open = false;
  for (const Child& child : roster_.authority().children) {
    if (child.open && child.team_id == team) has_open = true;
  }
  if (!has_open) return "no open child in the team";
  std::vector<const Child*> free;
  for (const int k : team_classes_[t]) {
    if (classes_[k].next < classes_[k].children.size()) {
      free.push_back(classes_[k].children[classes_[k].next]);
    }
  }
  if (free.empty())
    return "no open child eligible: every open child already has an audit this month";
  for (const Id id : roster_.available_auditors()) {
    const Staff& auditor = roster_.staff(id);
    for (const Child* child : free) {
      if (roster_.may_audit(auditor, *child)) {
        return "not enough auditors: every auditor who may audit it was needed for a team with "
               "fewer audits or was already allocated";
      }
    }
  }
  return "every available auditor is responsible for it";
}

std::string Allocator::auditor_shortfall_reason(const Staff& auditor,
                                                const std::vector<int>& free_teams) const {
  if (unpartnered_.count(auditor.id) != 0) {
    return "looped month: no second auditor could be paired with them on a child both may audit";
  }
  if (policy_.own_team_rule(auditor.role) == OwnTeamRule::kOwnCaseload) {
    const auto owned = owned_classes_.find(auditor.id);
    if (owned != owned_classes_.end()) {
      for (const int k : owned->second) {
        if (classes_[k].next < classes_[k].children.size()) {
          return "no child they may audit was left once the other auditors were allocated";
        }
      }
    }
    return "no open child for whom they are the IRO/CP chair is free this month";
  }
  if (free_teams.empty()) return "no child left: every open child already has an audit this month";
  for (const int t : free_teams) {
    if (policy_.own_team_rule(auditor.role) == OwnTeamRule::kAllowOwn ||
        !roster_.responsible_for(auditor.id, team_ids_[t])) {
      return "no child they may audit was left once the other auditors were allocated";
    }
  }
  return "every child still free is in a team they are responsible for";
}

void Allocator::record_shortfalls(AllocationResult& result) const {
  std::vector<int> per_team(team_ids_.size(), 0);
  std::unordered_map<Id, int> per_auditor;
  const auto count = [&](const Audit& audit) {
    ++per_auditor[audit.auditor_id];
    if (roster_.has_child(audit.child_id)) {
      ++per_team[team_index_.at(roster_.child(audit.child_id).team_id)];
    }
  };
  for (const Audit& audit : committed_) count(audit);
  for (const Audit& audit : result.audits) count(audit);
  Shortfalls& shortfalls = result.shortfalls;
  std::vector<int> free_teams;
  for (int t = 0; t < static_cast<int>(team_ids_.size()); ++t) {
    for (const int k : team_classes_[t]) {
      if (classes_[k].next < classes_[k].children.size()) {
        free_teams.push_back(t);
        break;
      }
    }
  }
  int allocated = 0;
  for (const Id id : roster_.available_auditors()) {
    if (per_auditor[id] > 0) {
      ++allocated;
      continue;
    }
    const Staff& auditor = roster_.staff(id);
    shortfalls.auditors_without_audit.push_back(
        {id, auditor_shortfall_reason(auditor, free_teams)});
  }
  for (int t = 0; t < static_cast<int>(team_ids_.size()); ++t) {
    if (per_team[t] == 0)
      shortfalls.teams_without_audit.push_back({team_ids_[t], team_shortfall_reason(t)});
  }
  shortfalls.summary.push_back(
      std::to_string(allocated) + " of " + counted(result.available_auditors, "available auditor") +
      " have an audit in " + month_.to_string() + "; " +
      std::to_string(static_cast<int>(team_ids_.size()) -
                     static_cast<int>(shortfalls.teams_without_audit.size())) +
      " of " + counted(static_cast<int>(team_ids_.size()), "team") + " are covered.");
  for (const TeamShortfall& team : shortfalls.teams_without_audit) {
    shortfalls.summary.push_back("Team " + roster_.team(team.team_id).name +
                                 " has no audit: " + team.reason + ".");
  }
  for (const AuditorShortfall& auditor : shortfalls.auditors_without_audit) {
    shortfalls.summary.push_back(roster_.staff(auditor.auditor_id).name +
                                 " has no audit: " + auditor.reason + ".");
  }
  if (!shortfalls.moderation.fix.empty()) shortfalls.summary.push_back(shortfalls.moderation.fix);
}

AllocationResult Allocator::run() {
  AllocationResult result;
  result.month = month_;
  result.available_auditors = static_cast<int>(roster_.available_auditors().size());
  const FlowSolution solution = network_.solve();
  if (!solution.feasible) throw ProgramError("allocation network has no feasible flow");
  result.flow_cost = solution.total_cost;
  class_of_node_.assign(network_.node_count(), -1);
  for (std::size_t k = 0; k < classes_.size(); ++k) class_of_node_[classes_[k].node] = k;
  std::vector<std::vector<int>> classes_of_auditor = decompose(solution);
  spread_statuses(classes_of_auditor);
  assign_children(classes_of_auditor);
  explained_team_audits_ = team_audits_;
  for (Audit& audit : audits_) {
    if (!audit.pin_reason) explain(audit);
  }
  const ModerationOutcome moderation = assign_moderators(roster_, committed_, audits_);
  result.moderation_cost = moderation.cost;
  result.shortfalls.moderation = moderation.shortfall;
  result.audits = std::move(audits_);
  record_shortfalls(result);
  return result;
}

}  // namespace

AllocationResult allocate_month(const Authority& authority, Month month, const Policy& policy,
                                std::uint64_t seed, const std::vector<Pin>& pins) {
  return Allocator(authority, month, policy, seed, pins).run();
}

FlowNetwork allocation_network(const Authority& authority, Month month, const Policy& policy,
                               std::uint64_t seed, const std::vector<Pin>& pins) {
  return Allocator(authority, month, policy, seed, pins).network();
}

}  // namespace caseaudit
