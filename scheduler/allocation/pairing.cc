#include "scheduler/allocation/pairing.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "scheduler/allocation/explain.h"
#include "scheduler/allocation/team_ranges.h"
#include "scheduler/errors.h"
#include "scheduler/mix.h"

namespace caseaudit {
namespace {

constexpr std::int64_t kRecentPair = 10000;  // a pairing of the last periods again
constexpr std::int64_t kUnpaired = 1000000;

int auditor_half_load(const Staff& auditor) {
  return auditor.audit_rota.cadence == Cadence::kMonthly ? 2 : 1;
}

bool exempt_in(const Authority& authority, Id staff_id, Month month) {
  for (const Exemption& exemption : authority.exemptions) {
    if (exemption.staff_id == staff_id && exemption.kind != ExemptionKind::kModerating &&
        exemption.covers(month)) {
      return true;
    }
  }
  return false;
}

struct PairModerator {
  const Staff* staff = nullptr;
  int half_capacity = 0;
  int half_used = 0;
};

// The people and history one pairing period works with.
class PairingBook {
 public:
  PairingBook(const Authority& authority, Month period, const PairingPolicy& policy)
      : authority_(authority), period_(period) {
    for (const Staff& s : authority.staff) {
      if (s.active && s.auditor) auditors_.push_back(&s);
      if (s.active && !s.external_moderator && s.moderator_capacity > 0 &&
          !exempt_in(authority, s.id, period)) {
        const int per_month = s.moderation_rota.cadence == Cadence::kMonthly ? 2 : 1;
        moderators_.push_back({&s, s.moderator_capacity * per_month, 0});
      }
    }
    std::sort(auditors_.begin(), auditors_.end(), [](auto* a, auto* b) { return a->id < b->id; });
    std::sort(moderators_.begin(), moderators_.end(),
              [](const auto& a, const auto& b) { return a.staff->id < b.staff->id; });
    Month earlier = period;
    for (int back = 1; back <= std::max(1, policy.avoid_periods); ++back) {
      earlier = policy.previous_period(earlier);
      for (const Pairing& p : authority.pairings) {
        if (p.period == earlier) recent_[{p.auditor_id, p.moderator_id}] = back;
      }
    }
    for (std::size_t m = 0; m < moderators_.size(); ++m) index_[moderators_[m].staff->id] = m;
  }

  // 0: never paired in the recent periods; 1: the period just ended; n: n periods ago.
  int periods_since(Id auditor, Id moderator) const {
    const auto it = recent_.find({auditor, moderator});
    return it == recent_.end() ? 0 : it->second;
  }
  std::optional<std::size_t> moderator_index(Id id) const {
    const auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

  const Authority& authority_;
  Month period_;
  std::vector<const Staff*> auditors_;
  std::vector<PairModerator> moderators_;
  std::map<std::pair<Id, Id>, int> recent_;
  std::unordered_map<Id, std::size_t> index_;
};

std::string pairing_reason(const PairingBook& book, const Staff& auditor,
                           const PairModerator& moderator) {
  const int since = book.periods_since(auditor.id, moderator.staff->id);
  std::string why = "rotation " + book.period_.to_string() + ": " + moderator.staff->name +
                    " takes " + (auditor_half_load(auditor) == 2 ? "a monthly" : "a bi-monthly") +
                    " auditor (load " + std::to_string(moderator.half_used) + " of " +
                    std::to_string(moderator.half_capacity) + " half-audits a month)";
  why += since == 0
             ? "; not paired in the recent periods"
             : "; paired " + counted(since, "period") + " ago, but no other moderator had capacity";
  return why;
}

// One flow stage: the auditors of one cadence to the moderators' remaining
// half-capacity, with convex costs that even the loads out.
std::int64_t pair_stage(PairingBook& book, const std::vector<const Staff*>& auditors, int half,
                        std::uint64_t seed, PairingResult& result) {
  if (auditors.empty() || book.moderators_.empty()) {
    for (const Staff* a : auditors) result.unpaired.push_back(a->id);
    return 0;
  }
  FlowNetwork network;
  const auto total = static_cast<std::int64_t>(auditors.size());
  const int source = network.add_node(total);
  const int sink = network.add_node(-total);
  std::vector<int> leaves;
  for (const PairModerator& m : book.moderators_) {
    const int node = network.add_node();
    leaves.push_back(node);
    const int slots = (m.half_capacity - m.half_used) / half;
    for (int k = 1; k <= slots; ++k) {
      // Cost of the half-units this auditor adds on top of the current load.
      const std::int64_t before = m.half_used + (k - 1) * half;
      network.add_arc(node, sink, 1, half * before + half * (half + 1) / 2);
    }
  }
  TeamRanges ranges(network, leaves, TeamRanges::Direction::kDown, total);
  std::vector<const Staff*> order = auditors;
  std::sort(order.begin(), order.end(),
            [&](auto* a, auto* b) { return mix(seed, a->id) < mix(seed, b->id); });
  std::vector<std::vector<std::pair<int, int>>> arcs(order.size());  // (arc, moderator or -1)
  for (std::size_t i = 0; i < order.size(); ++i) {
    const int node = network.add_node();
    network.add_arc(source, node, 1, 0);
    arcs[i].push_back({network.add_arc(node, sink, 1, kUnpaired), -1});
    std::vector<int> excluded;
    for (std::size_t m = 0; m < book.moderators_.size(); ++m) {
      const Id id = book.moderators_[m].staff->id;
      const int since = book.periods_since(order[i]->id, id);
      if (id == order[i]->id || since == 1) {
        excluded.push_back(static_cast<int>(m));
      } else if (since > 1) {
        excluded.push_back(static_cast<int>(m));
        arcs[i].push_back({network.add_arc(node, leaves[m], 1, kRecentPair), static_cast<int>(m)});
      }
    }
    for (const int segment : ranges.cover_all_but(excluded)) {
      arcs[i].push_back({network.add_arc(node, segment, 1, 0), -2});
    }
  }
  const FlowSolution solution = network.solve();
  if (!solution.feasible) throw ProgramError("pairing network has no feasible flow");
  std::vector<std::int64_t> left = solution.flow;
  std::vector<std::vector<int>> out(network.node_count());
  for (int a = 0; a < network.arc_count(); ++a) {
    if (left[a] > 0) out[network.arc(a).from].push_back(a);
  }
  std::unordered_map<int, int> moderator_of_leaf;
  for (std::size_t m = 0; m < leaves.size(); ++m)
    moderator_of_leaf[leaves[m]] = static_cast<int>(m);
  for (std::size_t i = 0; i < order.size(); ++i) {
    int chosen = -1;
    for (const auto& [arc, target] : arcs[i]) {
      if (left[arc] == 0) continue;
      --left[arc];
      if (target == -1) break;
      int node = network.arc(arc).to;
      while (!moderator_of_leaf.count(node)) {  // down the ranges to one moderator
        const auto next =
            std::find_if(out[node].begin(), out[node].end(), [&](int a) { return left[a] > 0; });
        if (next == out[node].end()) throw ProgramError("pairing flow does not decompose");
        --left[*next];
        node = network.arc(*next).to;
      }
      chosen = moderator_of_leaf[node];
      break;
    }
    if (chosen < 0) {
      result.unpaired.push_back(order[i]->id);
      continue;
    }
    PairModerator& m = book.moderators_[chosen];
    m.half_used += half;
    result.pairings.push_back(
        {0, book.period_, order[i]->id, m.staff->id, pairing_reason(book, *order[i], m)});
  }
  return solution.total_cost;
}

void summarise(const PairingBook& book, PairingResult& result) {
  std::sort(result.pairings.begin(), result.pairings.end(),
            [](const Pairing& a, const Pairing& b) { return a.auditor_id < b.auditor_id; });
  std::sort(result.unpaired.begin(), result.unpaired.end());
  int half_short = 0;
  for (const Id id : result.unpaired) {
    for (const Staff* a : book.auditors_) {
      if (a->id == id) half_short += auditor_half_load(*a);
    }
  }
  result.summary.push_back(counted(static_cast<int>(result.pairings.size()), "auditor") +
                           " paired with " +
                           counted(static_cast<int>(book.moderators_.size()), "moderator") +
                           " for the period from " + book.period_.to_string() + ".");
  if (!result.unpaired.empty()) {
    const std::string audits = half_short % 2 == 0 ? std::to_string(half_short / 2)
                                                   : std::to_string(half_short / 2) + ".5";
    result.summary.push_back(
        counted(static_cast<int>(result.unpaired.size()), "auditor") +
        " have no paired moderator (" + audits +
        " expected audits a month): raise moderators' capacity by " +
        std::to_string((half_short + 1) / 2) +
        " a month, or their audits go to any moderator with spare capacity, else to external "
        "moderation.");
  }
}

}  // namespace

PairingResult rotate_pairings(const Authority& authority, Month period, const PairingPolicy& policy,
                              std::uint64_t seed) {
  policy.validate();
  if (!policy.is_period_month(period)) {
    throw ProgramError("rotate_pairings: " + period.to_string() + " is not a period month");
  }
  PairingBook book(authority, period, policy);
  PairingResult result;
  result.period = period;
  std::vector<const Staff*> monthly, bimonthly;
  for (const Staff* a : book.auditors_) {
    (auditor_half_load(*a) == 2 ? monthly : bimonthly).push_back(a);
  }
  // Monthly auditors first: they need two half-units from one moderator, which
  // a flow in half-units could split; the bi-monthly ones then fill the rest.
  result.cost += pair_stage(book, monthly, 2, seed, result);
  result.cost += pair_stage(book, bimonthly, 1, seed, result);
  summarise(book, result);
  return result;
}

PairingResult repair_pairings(const Authority& authority, Month month,
                              const PairingPolicy& policy) {
  policy.validate();
  const Month period = policy.period_of(month);
  PairingBook book(authority, period, policy);
  PairingResult result;
  result.period = period;
  std::unordered_map<Id, Id> left_by;  // auditor -> moderator who can no longer moderate
  std::unordered_map<Id, bool> kept;
  for (const Pairing& p : authority.pairings) {
    if (p.period != period) continue;
    const auto auditor = std::find_if(book.auditors_.begin(), book.auditors_.end(),
                                      [&](const Staff* a) { return a->id == p.auditor_id; });
    if (auditor == book.auditors_.end()) continue;  // the auditor left: the pairing ends
    const auto m = book.moderator_index(p.moderator_id);
    if (!m) {
      left_by[p.auditor_id] = p.moderator_id;
      continue;
    }
    book.moderators_[*m].half_used += auditor_half_load(**auditor);
    result.pairings.push_back(p);
    kept[p.auditor_id] = true;
  }
  for (const Staff* auditor : book.auditors_) {
    if (kept.count(auditor->id) != 0) continue;
    const int half = auditor_half_load(*auditor);
    std::optional<std::tuple<int, int, Id, std::size_t>> best;  // (recent, -spare, id, index)
    for (std::size_t m = 0; m < book.moderators_.size(); ++m) {
      const PairModerator& mod = book.moderators_[m];
      const int spare = mod.half_capacity - mod.half_used;
      const int since = book.periods_since(auditor->id, mod.staff->id);
      if (spare < half || mod.staff->id == auditor->id || since == 1) continue;
      const auto key = std::make_tuple(since > 1 ? 1 : 0, -spare, mod.staff->id, m);
      if (!best || key < *best) best = key;
    }
    if (!best) {
      result.unpaired.push_back(auditor->id);
      continue;
    }
    PairModerator& mod = book.moderators_[std::get<3>(*best)];
    const auto gone = left_by.find(auditor->id);
    const std::string why = (gone == left_by.end() ? std::string("joined mid-period")
                                                   : "previous moderator can no longer moderate") +
                            ": " + mod.staff->name + " has the most spare capacity (" +
                            std::to_string(mod.half_capacity - mod.half_used) + " of " +
                            std::to_string(mod.half_capacity) + " half-audits a month free)";
    mod.half_used += half;
    result.pairings.push_back({0, period, auditor->id, mod.staff->id, why});
  }
  summarise(book, result);
  return result;
}

}  // namespace caseaudit
