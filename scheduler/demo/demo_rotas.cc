#include <algorithm>
#include <string>

#include "scheduler/demo/demo_builder.h"

namespace caseaudit::demo {

void Builder::build_standing_exemptions() {
  std::vector<Id> candidates;
  for (Id id : auditors_) {
    const Role role = staff(id).role;
    if (role != Role::kDirector && role != Role::kHeadOfService && role != Role::kServiceManager) {
      candidates.push_back(id);
    }
  }
  rng_exemptions_.shuffle(candidates);
  const std::size_t n =
      std::min(candidates.size(), static_cast<std::size_t>(round_to_int(0.08 * o_.auditors)));
  for (std::size_t k = 0; k < n; ++k) add_standing_exemption(candidates[k], k);
}

// Two in three cover the current month; the rest ended before it.
void Builder::add_standing_exemption(Id auditor, std::size_t k) {
  static constexpr std::array<ExemptionKind, 4> kKinds{
      ExemptionKind::kMaternityLeave, ExemptionKind::kExtendedLeave, ExemptionKind::kSecondment,
      ExemptionKind::kExtendedLeave};
  const ExemptionKind kind = kKinds[k % kKinds.size()];
  const Month now = o_.current;
  Month first = now.plus(-rng_exemptions_.between(1, 8));
  std::optional<Month> last;
  if (k % 3 == 2) {
    first = now.plus(-rng_exemptions_.between(5, 14));
    last = std::min(first.plus(rng_exemptions_.between(1, 3)), now.prev());
  } else if (kind == ExemptionKind::kMaternityLeave) {
    last = std::max(first.plus(rng_exemptions_.between(9, 12)), now);
  } else if (kind == ExemptionKind::kSecondment) {
    last = now.plus(rng_exemptions_.between(1, 6));
  } else if (rng_exemptions_.chance(0.5)) {
    last = now.plus(rng_exemptions_.between(0, 4));
  }
  add_exemption(auditor, kind, first, last, standing_reason(kind), std::nullopt);
}

std::string Builder::standing_reason(ExemptionKind kind) {
  switch (kind) {
    case ExemptionKind::kMaternityLeave:
      return "Maternity leave";
    case ExemptionKind::kSecondment:
      return "Seconded to the practice improvement programme";
    default:
      return "Extended leave (health)";
  }
}

// A few director-authorised single-month exemptions in every month,
// including the current one (Gloucestershire: 10 in July 2022).
void Builder::build_single_month_exemptions() {
  const int per_month = round_to_int(0.04 * o_.auditors);
  for (Month m = o_.current.plus(-o_.history_months); m <= o_.current; m = m.next()) {
    std::vector<Id> candidates;
    for (Id id : auditors_) {
      if (id != director_ && available_in(id, m)) candidates.push_back(id);
    }
    rng_exemptions_.shuffle(candidates);
    const std::size_t n = std::min(candidates.size(), static_cast<std::size_t>(per_month));
    for (std::size_t k = 0; k < n; ++k) {
      add_exemption(candidates[k], ExemptionKind::kSingleMonth, m, m,
                    pick_text(rng_exemptions_, kSingleMonthReasons), director_);
    }
  }
}

// Every period the history touches, up to the one containing the current
// month, so that past audits have their moderators and the no-repeat rule a past.
void Builder::build_pairings() {
  std::vector<std::optional<Id>> previous(a_.staff.size());
  for (Month p = pairing_period(o_.current.plus(-o_.history_months)); p <= o_.current;
       p = p.plus(6)) {
    std::vector<std::optional<Id>> current = pair_period(p, previous);
    pairing_of_period_.emplace_back(p, current);
    previous = std::move(current);
  }
}

// One internal moderator per auditor while capacity lasts (the one with
// most room left), never the previous period's moderator, nor a manager of a
// team the auditor works in. Capacity and load are in half-audits a month, as
// in allocation/pairing.h: a bi-monthly moderator offers half their monthly
// capacity. Auditors left over are unpaired: their audits are moderated
// externally. Returns each auditor's moderator, by staff index.
std::vector<std::optional<Id>> Builder::pair_period(
    Month period, const std::vector<std::optional<Id>>& previous) {
  std::vector<std::optional<Id>> paired(a_.staff.size());
  std::vector<int> remaining(a_.staff.size(), 0);
  for (Id m : internal_moderators_) {
    const Staff& moderator = staff(m);
    const bool monthly = moderator.moderation_rota.cadence == Cadence::kMonthly;
    remaining[static_cast<std::size_t>(m - 1)] = (monthly ? 2 : 1) * moderator.moderator_capacity;
  }
  std::vector<Id> order = auditors_;
  rng_pairings_.shuffle(order);
  std::vector<Id> moderators = internal_moderators_;
  rng_pairings_.shuffle(moderators);
  for (Id auditor : order) {
    const int load = pairing_load(auditor, period);
    const auto prior = previous[static_cast<std::size_t>(auditor - 1)];
    const std::optional<Id> chosen = best_moderator(moderators, auditor, load, prior, remaining);
    if (!chosen) continue;
    remaining[static_cast<std::size_t>(*chosen - 1)] -= load;
    paired[static_cast<std::size_t>(auditor - 1)] = chosen;
    a_.pairings.push_back(Pairing{static_cast<Id>(a_.pairings.size()) + 1, period, auditor, *chosen,
                                  pairing_reason(prior.has_value())});
  }
  return paired;
}

// In half-audits a month: bi-monthly auditors need half a monthly slot.
int Builder::pairing_load(Id auditor, Month period) const {
  for (Id e : exemptions_of_[static_cast<std::size_t>(auditor - 1)]) {
    const Exemption& exemption = a_.exemptions[static_cast<std::size_t>(e - 1)];
    if (is_standing(exemption.kind) && exemption.covers(period)) return 0;
  }
  return staff(auditor).audit_rota.cadence == Cadence::kMonthly ? 2 : 1;
}

std::optional<Id> Builder::best_moderator(const std::vector<Id>& moderators, Id auditor, int load,
                                          std::optional<Id> prior,
                                          const std::vector<int>& remaining) const {
  const Staff& a = staff(auditor);
  std::optional<Id> best;
  int best_remaining = 0;
  for (Id m : moderators) {
    const int left = remaining[static_cast<std::size_t>(m - 1)];
    if (left < load || left == 0 || m == prior) continue;
    if (shares_a_team(a, staff(m))) continue;
    if (!best || left > best_remaining) {
      best = m;
      best_remaining = left;
    }
  }
  return best;
}

std::string Builder::pairing_reason(bool had_prior) {
  std::string reason = "Internal moderator with the most spare capacity";
  if (had_prior) reason += "; differs from the previous period's moderator";
  return reason;
}

std::optional<Id> Builder::paired_moderator(Id auditor, Month month) const {
  const Month p = pairing_period(month);
  for (const auto& [period, pairs] : pairing_of_period_) {
    if (period == p) return pairs[static_cast<std::size_t>(auditor - 1)];
  }
  return std::nullopt;
}

}  // namespace caseaudit::demo
