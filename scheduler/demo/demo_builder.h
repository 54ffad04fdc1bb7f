// Internal to the demo generator (demo*.cc): the builder that generate_demo_
// authority() runs once, and the helpers its parts share. Not a public
// contract; include demo.h instead.
//
// The builder works in phases (organisation, children, rotas, history,
// follow-up), each in its own file and each drawing from its own PRNG stream,
// so that changing one phase does not shift the numbers the others see.
// Entities are indexed by id - 1 throughout. Not thread-safe; use once.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scheduler/calendar.h"
#include "scheduler/demo/demo.h"
#include "scheduler/demo/prng.h"

namespace caseaudit::demo {

enum Stream : std::uint64_t {
  kChildrenStream = 1,
  kStaffStream,
  kExemptionsStream,
  kPairingsStream,
  kHistoryStream,
  kFollowUpStream,
  kReturnsStream,          // the returns' participation answers and family feedback
  kRunSeedsStream = 1000,  // + the run's index: the seed recorded on each past run
};

inline constexpr char kStaffDomain[] = "authority.example";
inline constexpr char kExternalDomain[] = "moderation-associates.example";
inline constexpr std::uint64_t kCaseReferenceSpace = 9'000'000;  // seven digits from 1000000

inline constexpr std::array<std::string_view, 6> kSingleMonthReasons{
    "Covering a team manager vacancy",   "Annual leave for most of the month",
    "Preparing for a focused visit",     "Final hearing in care proceedings",
    "Leading a serious incident review", "Induction of new social workers"};

inline int round_to_int(double value) { return static_cast<int>(std::lround(value)); }

// Gloucestershire: 3 of 27 moderators bought in, 2 developing new moderators.
inline int externals_for(int moderators) {
  return moderators >= 4 ? std::max(1, round_to_int(moderators * 3.0 / 27.0)) : 0;
}
inline int developing_moderators_for(int moderators) {
  return moderators >= 10 ? std::max(1, round_to_int(moderators * 2.0 / 27.0)) : 0;
}

inline Date plus_days(Date date, int n) {
  return Date{std::chrono::sys_days{date} + std::chrono::days{n}};
}
inline int days_from(Date from, Date to) {
  return (std::chrono::sys_days{to} - std::chrono::sys_days{from}).count();
}
inline int ordinal(Month month) { return month.year() * 12 + month.month() - 1; }

// Pairing periods start in February and August (Gloucestershire since 2021).
inline Month pairing_period(Month month) {
  if (month.month() >= 8) return Month(month.year(), 8);
  if (month.month() >= 2) return Month(month.year(), 2);
  return Month(month.year() - 1, 8);
}

// An index drawn with the given shares (which sum to 1).
template <std::size_t N>
int pick_weighted(Prng& rng, const std::array<double, N>& shares) {
  double u = rng.unit();
  for (std::size_t i = 0; i + 1 < N; ++i) {
    if (u < shares[i]) return static_cast<int>(i);
    u -= shares[i];
  }
  return static_cast<int>(N - 1);
}

template <std::size_t N>
std::string pick_text(Prng& rng, const std::array<std::string_view, N>& texts) {
  return std::string(texts[rng.below(N)]);
}

class Builder {
 public:
  // Precondition: options validated by generate_demo_authority().
  explicit Builder(const DemoOptions& options)
      : o_(options), calendar_(Calendar::england_and_wales()) {}

  Authority build();

 private:
  // Shared helpers (demo.cc).
  Staff& staff(Id id) { return a_.staff[static_cast<std::size_t>(id - 1)]; }
  const Staff& staff(Id id) const { return a_.staff[static_cast<std::size_t>(id - 1)]; }
  const Team& team(Id id) const { return a_.teams[static_cast<std::size_t>(id - 1)]; }
  const Child& child(Id id) const { return a_.children[static_cast<std::size_t>(id - 1)]; }
  const Service& service_of_team(Id team_id) const {
    return a_.services[static_cast<std::size_t>(team(team_id).service_id - 1)];
  }
  Id add_staff(Role role, std::optional<Id> team_id, std::optional<Id> line_manager,
               const char* domain = kStaffDomain);
  void make_auditor(Id id, bool part_time_or_mash);
  Id add_exemption(Id staff_id, ExemptionKind kind, Month first, std::optional<Month> last,
                   std::string reason, std::optional<Id> authorised_by);
  bool exempt_in(Id staff_id, Month month) const;
  bool available_in(Id auditor, Month month) const;
  bool responsible_for(const Staff& s, Id team_id) const;
  bool shares_a_team(const Staff& auditor, const Staff& moderator) const;

  // Organisation and children (demo_organisation.cc).
  void build_services_and_teams();
  void place_children_in_teams();
  void build_managers();
  void build_auditors();
  int take_auditors(int wanted);
  void build_manager_auditors(const std::vector<Id>& team_order);
  void build_specialist_auditors();
  void build_practitioner_auditors(const std::vector<Id>& team_order);
  bool is_mash(Id team_id) const;
  bool part_time(Id id);
  const Service& court_service() const;
  void draw_legal_statuses();
  void build_iros();
  static bool needs_iro(LegalStatus status);
  void build_moderators();
  void distribute_capacity();
  void build_social_workers();
  void build_children();

  // Exemptions and pairings (demo_rotas.cc).
  void build_standing_exemptions();
  void add_standing_exemption(Id auditor, std::size_t k);
  static std::string standing_reason(ExemptionKind kind);
  void build_single_month_exemptions();
  void build_pairings();
  std::vector<std::optional<Id>> pair_period(Month period,
                                             const std::vector<std::optional<Id>>& previous);
  int pairing_load(Id auditor, Month period) const;
  std::optional<Id> best_moderator(const std::vector<Id>& moderators, Id auditor, int load,
                                   std::optional<Id> prior,
                                   const std::vector<int>& remaining) const;
  static std::string pairing_reason(bool had_prior);
  std::optional<Id> paired_moderator(Id auditor, Month month) const;

  // Runs and audits (demo_history.cc).
  void build_history();
  void build_month(Month m);
  std::optional<Id> choose_child(Id auditor, Month m, std::string& why);
  std::optional<Id> try_children(const std::vector<Id>& pool, const Staff& a, Month m, int tries);
  bool eligible(const Staff& a, Id child_id, Month m, bool strict) const;
  void add_history_audit(Id auditor, Id child_id, Month m, const std::string& why);
  void settle(Audit& audit);
  std::string assign_moderator(Audit& audit);
  bool has_room(Id moderator, Month m) const;
  void take_slot(Audit& audit, Id moderator);
  void date_returns(Audit& audit);
  void grade(Audit& audit);
  void answer_return(Audit& audit);

  // Actions and cases of concern (demo_follow_up.cc).
  void build_actions_and_concerns();
  void add_action(const Audit& audit, Date today);
  void add_concern(Id child_id, std::optional<Id> audit_id, Date raised, Date today);
  void add_concern_updates(const Concern& concern);
  void build_legacy_concerns();

  const DemoOptions o_;
  const Calendar& calendar_;
  Authority a_;
  Prng rng_children_{Prng::derive(o_.seed, kChildrenStream)};
  Prng rng_staff_{Prng::derive(o_.seed, kStaffStream)};
  Prng rng_exemptions_{Prng::derive(o_.seed, kExemptionsStream)};
  Prng rng_pairings_{Prng::derive(o_.seed, kPairingsStream)};
  Prng rng_history_{Prng::derive(o_.seed, kHistoryStream)};
  Prng rng_follow_up_{Prng::derive(o_.seed, kFollowUpStream)};
  // Its own stream, so that answering the returns moves no other figure.
  Prng rng_returns_{Prng::derive(o_.seed, kReturnsStream)};

  Id director_ = 0;
  int auditors_left_ = 0;  // while build_auditors() runs
  std::vector<std::vector<Id>> teams_of_service_;
  std::vector<Id> mash_teams_;
  std::vector<Id> child_team_;  // by child index
  std::vector<LegalStatus> child_status_;
  std::vector<int> children_in_team_;
  std::vector<std::vector<Id>> workers_of_team_;
  std::vector<Id> auditors_;
  std::vector<Id> iros_;
  std::vector<Id> internal_moderators_;
  std::vector<Id> external_moderators_;
  std::vector<std::vector<Id>> exemptions_of_;  // by staff index
  std::vector<std::vector<Id>> iro_children_;   // by staff index
  std::vector<Id> court_children_;
  std::vector<std::pair<Month, std::vector<std::optional<Id>>>> pairing_of_period_;
  std::vector<int> last_audited_;          // month ordinal, by child index
  std::vector<Id> last_team_of_auditor_;   // by staff index
  std::vector<int> moderated_this_month_;  // by staff index
};

}  // namespace caseaudit::demo
