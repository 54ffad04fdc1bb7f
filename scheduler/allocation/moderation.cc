#include "scheduler/allocation/moderation.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "scheduler/allocation/explain.h"
#include "scheduler/allocation/team_ranges.h"
#include "scheduler/errors.h"

namespace caseaudit {
namespace {

// Paired moderator first, then any internal moderator, then external; the
// unit costs on a moderator's capacity rise with their load, so loads even out.
constexpr std::int64_t kOtherModerator = 1000;
constexpr std::int64_t kExternal = 100000;

struct Moderator {
  const Staff* staff = nullptr;
  int capacity = 0;
  int used = 0;  // by committed audits, then by the ones assigned here
  int node = -1;
};

// Audits sharing a team and an eligible paired moderator are one flow node;
// audits by someone who is a moderator themselves get a node each, so that
// they can be kept from moderating their own audit.
struct Group {
  int team = 0;
  int paired = -1;  // moderator index, when eligible
  int node = -1;
  int paired_arc = -1, pool_arc = -1, external_arc = -1;
  std::vector<int> direct_arcs;  // own-audit groups only: to each eligible moderator
  std::vector<std::size_t> audits;
};

class ModerationStage {
 public:
  ModerationStage(const Roster& roster, const std::vector<Audit>& committed,
                  std::vector<Audit>& audits)
      : roster_(roster), audits_(audits) {
    for (const Id id : roster.moderators()) {
      index_[id] = static_cast<int>(moderators_.size());
      moderators_.push_back(
          {&roster.staff(id), roster.moderation_capacity(roster.staff(id)), 0, -1});
    }
    for (const Audit& audit : committed) {
      if (audit.needs_external_moderation) ++committed_external_;
      if (!audit.moderator_id) continue;
      const auto it = index_.find(*audit.moderator_id);
      if (it != index_.end()) ++moderators_[it->second].used;
    }
    for (const Team& team : roster.authority().teams) team_ids_.push_back(team.id);
    std::sort(team_ids_.begin(), team_ids_.end());
    for (int i = 0; i < static_cast<int>(team_ids_.size()); ++i) team_index_[team_ids_[i]] = i;
  }

  ModerationOutcome run();

 private:
  void group_audits();
  void build_network();
  void assign(const FlowSolution& solution);
  void explain(Audit& audit, int chosen);
  std::string paired_note(const Audit& audit) const;
  std::string no_internal_reason(const Audit& audit) const;
  ModerationShortfall shortfall() const;

  const Roster& roster_;
  std::vector<Audit>& audits_;
  std::vector<Moderator> moderators_;
  std::unordered_map<Id, int> index_;
  std::vector<Id> team_ids_;
  std::unordered_map<Id, int> team_index_;
  std::vector<Group> groups_;
  FlowNetwork network_;
  int sink_ = -1;
  std::vector<int> pool_;  // per team index
  std::vector<int> moderator_of_node_;
  std::vector<int> chosen_;     // per audit: moderator index or -1 (external)
  int external_ = 0;            // new audits left to external moderation
  int committed_external_ = 0;  // the month's committed audits flagged so already
};

void ModerationStage::group_audits() {
  std::map<std::pair<int, int>, int> shared;
  for (std::size_t i = 0; i < audits_.size(); ++i) {
    const Audit& audit = audits_[i];
    const Child& child = roster_.child(audit.child_id);
    int paired = -1;
    if (const auto m = roster_.paired_moderator(audit.auditor_id)) {
      const auto it = index_.find(*m);
      if (it != index_.end() &&
          roster_.may_moderate(*moderators_[it->second].staff, audit.auditor_id, child)) {
        paired = it->second;
      }
    }
    const int team = team_index_.at(child.team_id);
    if (index_.count(audit.auditor_id) != 0) {
      groups_.push_back({team, paired, -1, -1, -1, -1, {}, {i}});
      continue;
    }
    auto [it, fresh] =
        shared.emplace(std::make_pair(team, paired), static_cast<int>(groups_.size()));
    if (fresh) groups_.push_back({team, paired, -1, -1, -1, -1, {}, {}});
    groups_[it->second].audits.push_back(i);
  }
}

void ModerationStage::build_network() {
  const auto total = static_cast<std::int64_t>(audits_.size());
  const int source = network_.add_node(total);
  sink_ = network_.add_node(-total);
  for (Moderator& m : moderators_) {
    m.node = network_.add_node();
    for (int load = m.used + 1; load <= m.capacity; ++load)
      network_.add_arc(m.node, sink_, 1, load);
  }
  for (std::size_t t = 0; t < team_ids_.size(); ++t) pool_.push_back(network_.add_node());
  TeamRanges ranges(network_, pool_, TeamRanges::Direction::kUp, total);
  for (const Moderator& m : moderators_) {
    if (m.used >= m.capacity) continue;
    std::vector<int> own;
    for (const Id team : roster_.responsible_teams(m.staff->id)) {
      const auto it = team_index_.find(team);
      if (it != team_index_.end()) own.push_back(it->second);
    }
    std::sort(own.begin(), own.end());
    for (const int segment : ranges.cover_all_but(own)) network_.add_arc(segment, m.node, total, 0);
  }
  for (Group& g : groups_) {
    const auto size = static_cast<std::int64_t>(g.audits.size());
    g.node = network_.add_node();
    network_.add_arc(source, g.node, size, 0);
    if (g.paired >= 0) g.paired_arc = network_.add_arc(g.node, moderators_[g.paired].node, size, 0);
    g.external_arc = network_.add_arc(g.node, sink_, size, kExternal);
    const bool own_audit_possible = index_.count(audits_[g.audits.front()].auditor_id) != 0;
    if (!own_audit_possible) {
      g.pool_arc = network_.add_arc(g.node, pool_[g.team], size, kOtherModerator);
      continue;
    }
    const Audit& audit = audits_[g.audits.front()];
    const Child& child = roster_.child(audit.child_id);
    for (int m = 0; m < static_cast<int>(moderators_.size()); ++m) {
      const bool eligible = roster_.may_moderate(*moderators_[m].staff, audit.auditor_id, child);
      g.direct_arcs.push_back(
          eligible ? network_.add_arc(g.node, moderators_[m].node, size, kOtherModerator) : -1);
    }
  }
  moderator_of_node_.assign(network_.node_count(), -1);
  for (int m = 0; m < static_cast<int>(moderators_.size()); ++m) {
    moderator_of_node_[moderators_[m].node] = m;
  }
}

void ModerationStage::assign(const FlowSolution& solution) {
  std::vector<std::int64_t> left = solution.flow;
  std::vector<std::vector<int>> out(network_.node_count());
  for (int i = 0; i < network_.arc_count(); ++i) {
    if (left[i] > 0) out[network_.arc(i).from].push_back(i);
  }
  std::vector<std::size_t> cursor(network_.node_count(), 0);
  // From a pool node up the team ranges to the moderator who took the audit.
  const auto walk = [&](int node) {
    while (moderator_of_node_[node] < 0) {
      auto& next = cursor[node];
      while (next < out[node].size() && left[out[node][next]] == 0) ++next;
      if (next == out[node].size()) throw ProgramError("moderation flow does not decompose");
      --left[out[node][next]];
      node = network_.arc(out[node][next]).to;
    }
    return moderator_of_node_[node];
  };
  chosen_.assign(audits_.size(), -1);
  for (const Group& g : groups_) {
    std::size_t next = 0;
    const auto take = [&](int arc, int moderator) {
      if (arc < 0) return;
      for (std::int64_t n = left[arc]; n > 0; --n, --left[arc]) {
        chosen_[g.audits[next++]] = moderator < 0 ? walk(network_.arc(arc).to) : moderator;
      }
    };
    take(g.paired_arc, g.paired);
    for (std::size_t m = 0; m < g.direct_arcs.size(); ++m)
      take(g.direct_arcs[m], static_cast<int>(m));
    take(g.pool_arc, -1);
    // The rest of the group took the external arc: chosen_ stays -1.
  }
}

std::string ModerationStage::no_internal_reason(const Audit& audit) const {
  const Child& child = roster_.child(audit.child_id);
  for (const Moderator& m : moderators_) {
    if (m.used < m.capacity && !roster_.may_moderate(*m.staff, audit.auditor_id, child)) {
      return "no internal moderator has capacity except those responsible for the child's team "
             "or the auditor themselves";
    }
  }
  return "no internal moderator has capacity";
}

std::string ModerationStage::paired_note(const Audit& audit) const {
  const auto paired = roster_.paired_moderator(audit.auditor_id);
  if (!paired) return "no paired moderator";
  if (!roster_.has_staff(*paired)) return "paired moderator unknown";
  const Staff& staff = roster_.staff(*paired);
  const auto it = index_.find(*paired);
  if (it == index_.end()) return "paired moderator " + staff.name + " is not moderating this month";
  if (*paired == audit.auditor_id) return "paired moderator is the auditor";
  if (roster_.responsible_for(*paired, roster_.child(audit.child_id).team_id)) {
    return "paired moderator " + staff.name + " is responsible for the child's team";
  }
  return "paired moderator " + staff.name + " at capacity";
}

void ModerationStage::explain(Audit& audit, int chosen) {
  std::string why;
  if (chosen < 0) {
    audit.needs_external_moderation = true;
    ++external_;
    why = paired_note(audit) + "; " + no_internal_reason(audit) + ": needs external moderation";
  } else {
    Moderator& m = moderators_[chosen];
    audit.moderator_id = m.staff->id;
    ++m.used;
    const std::string load =
        " (" + std::to_string(m.used) + " of " + std::to_string(m.capacity) + " used)";
    const auto paired = roster_.paired_moderator(audit.auditor_id);
    why = paired && *paired == m.staff->id
              ? "paired moderator " + m.staff->name + load
              : paired_note(audit) + "; " + m.staff->name + " has spare capacity" + load;
  }
  audit.explanation +=
      (audit.explanation.empty() ? "" : " ") + std::string("Moderator: ") + why + ".";
}

ModerationShortfall ModerationStage::shortfall() const {
  ModerationShortfall shortfall;
  const int external = external_ + committed_external_;
  shortfall.external_needed = external;
  for (const Moderator& m : moderators_) {
    if (m.used >= m.capacity) shortfall.moderators_at_capacity.push_back(m.staff->id);
  }
  if (external > 0) {
    const std::string n = std::to_string(external);
    shortfall.fix =
        counted(external, "more moderation") + (external == 1 ? " is" : " are") + " needed: buy " +
        counted(external, "external moderation") + " or raise a moderator's capacity by " + n +
        " (" +
        counted(static_cast<int>(shortfall.moderators_at_capacity.size()), "internal moderator") +
        " at capacity).";
  }
  return shortfall;
}

ModerationOutcome ModerationStage::run() {
  ModerationOutcome outcome;
  if (audits_.empty()) {
    outcome.shortfall = shortfall();
    return outcome;
  }
  group_audits();
  build_network();
  const FlowSolution solution = network_.solve();
  if (!solution.feasible) throw ProgramError("moderation network has no feasible flow");
  outcome.cost = solution.total_cost;
  assign(solution);
  // Internal ones first, so that the external ones can name why with the
  // final loads.
  for (std::size_t i = 0; i < audits_.size(); ++i) {
    if (chosen_[i] >= 0) explain(audits_[i], chosen_[i]);
  }
  for (std::size_t i = 0; i < audits_.size(); ++i) {
    if (chosen_[i] < 0) explain(audits_[i], chosen_[i]);
  }
  outcome.shortfall = shortfall();
  return outcome;
}

}  // namespace

ModerationOutcome assign_moderators(const Roster& roster, const std::vector<Audit>& committed,
                                    std::vector<Audit>& audits) {
  return ModerationStage(roster, committed, audits).run();
}

}  // namespace caseaudit
