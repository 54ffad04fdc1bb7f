#include <algorithm>
#include <string>

#include "scheduler/demo/demo_builder.h"
#include "scheduler/demo/demo_names.h"

namespace caseaudit::demo {
namespace {

constexpr int kCaseloadPerWorker = 17;
constexpr int kChildrenPerIro = 75;

// Shares of open children by legal status, in LegalStatus declaration order
// (Gloucestershire's 2018 load, with disabled children and assessments added).
constexpr std::array<double, 6> kLegalStatusShares{0.35, 0.15, 0.25, 0.12, 0.06, 0.07};

}  // namespace

void Builder::build_services_and_teams() {
  for (int s = 0; s < o_.services; ++s) {
    a_.services.push_back(Service{s + 1, service_name(s), {}, {}, {}});
  }
  teams_of_service_.resize(static_cast<std::size_t>(o_.services));
  for (int t = 0; t < o_.teams; ++t) {
    // Contiguous blocks, so every service has at least one team.
    const int s = static_cast<int>(static_cast<long long>(t) * o_.services / o_.teams);
    auto& siblings = teams_of_service_[static_cast<std::size_t>(s)];
    const int in_service = static_cast<int>(siblings.size());
    a_.teams.push_back(Team{t + 1, team_name(s, in_service), s + 1, {}});
    siblings.push_back(t + 1);
    if (is_mash_team(s, in_service)) mash_teams_.push_back(t + 1);
  }
}

void Builder::place_children_in_teams() {
  // Teams differ in size (x0.5 to x1.5); every team holds at least one child.
  std::vector<double> cumulative;
  double total = 0;
  for (int t = 0; t < o_.teams; ++t) {
    total += 0.5 + rng_children_.unit();
    cumulative.push_back(total);
  }
  child_team_.reserve(static_cast<std::size_t>(o_.open_children));
  for (int c = 0; c < o_.open_children; ++c) {
    if (c < o_.teams) {
      child_team_.push_back(c + 1);
      continue;
    }
    const double u = rng_children_.unit() * total;
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    const auto t = std::min<std::ptrdiff_t>(it - cumulative.begin(), o_.teams - 1);
    child_team_.push_back(static_cast<Id>(t) + 1);
  }
  rng_children_.shuffle(child_team_);
  children_in_team_.assign(static_cast<std::size_t>(o_.teams), 0);
  for (Id t : child_team_) ++children_in_team_[static_cast<std::size_t>(t - 1)];
}

void Builder::build_managers() {
  director_ = add_staff(Role::kDirector, std::nullopt, std::nullopt);
  for (Service& service : a_.services) {
    const auto& teams = teams_of_service_[static_cast<std::size_t>(service.id - 1)];
    const Id head = add_staff(Role::kHeadOfService, std::nullopt, director_);
    const Id manager = add_staff(Role::kServiceManager, std::nullopt, head);
    staff(head).responsible_team_ids = teams;
    staff(manager).responsible_team_ids = teams;
    service.head_of_service_id = head;
    service.service_manager_id = manager;
    service.director_id = director_;
  }
  for (Team& t : a_.teams) {
    const Id manager =
        add_staff(Role::kTeamManager, t.id, service_of_team(t.id).service_manager_id);
    staff(manager).responsible_team_ids = {t.id};
    t.team_manager_id = manager;
  }
}

// Who audits, by role, in roughly Gloucestershire's proportions; the counts
// always add up to options.auditors exactly.
void Builder::build_auditors() {
  auditors_left_ = o_.auditors;
  std::vector<Id> team_order;
  for (const Team& t : a_.teams) team_order.push_back(t.id);
  rng_staff_.shuffle(team_order);
  build_manager_auditors(team_order);
  build_specialist_auditors();
  build_practitioner_auditors(team_order);
}

// Up to `wanted`, as many as are left of options.auditors.
int Builder::take_auditors(int wanted) {
  const int n = std::clamp(wanted, 0, auditors_left_);
  auditors_left_ -= n;
  return n;
}

void Builder::build_manager_auditors(const std::vector<Id>& team_order) {
  const int team_managers = take_auditors(std::min(o_.teams, round_to_int(0.4 * o_.auditors)));
  for (int i = 0; i < team_managers; ++i) {
    const Id t = team_order[static_cast<std::size_t>(i)];
    make_auditor(*team(t).team_manager_id, is_mash(t));
  }
  const int service_managers = take_auditors(o_.services);
  for (int s = 0; s < service_managers; ++s) {
    make_auditor(*a_.services[static_cast<std::size_t>(s)].service_manager_id, false);
  }
  // Heads of odd-numbered services audit; the others moderate (build_moderators).
  const int heads = take_auditors(o_.services / 2);
  for (int i = 0; i < heads; ++i) {
    make_auditor(*a_.services[static_cast<std::size_t>(2 * i + 1)].head_of_service_id, false);
  }
  if (o_.auditors >= 50 && take_auditors(1) == 1) make_auditor(director_, true);
}

// Court consultants, QA officers and IRO/CP chairs: no team of their own.
void Builder::build_specialist_auditors() {
  const Id court_head = *court_service().head_of_service_id;
  const int court = take_auditors(std::max(1, round_to_int(0.03 * o_.auditors)));
  for (int i = 0; i < court; ++i) {
    const Id id = add_staff(Role::kCourtConsultant, std::nullopt, court_head);
    make_auditor(id, part_time(id));
  }
  const int qa = take_auditors(round_to_int(0.04 * o_.auditors));
  for (int i = 0; i < qa; ++i) {
    const Id id = add_staff(Role::kQaOfficer, std::nullopt, director_);
    make_auditor(id, part_time(id));
  }
  const int iros = take_auditors(std::max(1, round_to_int(0.08 * o_.auditors)));
  for (int i = 0; i < iros; ++i) {
    const Id id = add_staff(Role::kIroCpChair, std::nullopt, director_);
    make_auditor(id, part_time(id));
    iros_.push_back(id);
  }
}

// The rest: advanced practitioners and practice supervisors, spread over the
// teams; those in the MASH or part-time audit every other month.
void Builder::build_practitioner_auditors(const std::vector<Id>& team_order) {
  for (int i = 0; auditors_left_ > 0; ++i, --auditors_left_) {
    const Id t = team_order[static_cast<std::size_t>(i % o_.teams)];
    const Role role = i % 2 == 0 ? Role::kAdvancedPractitioner : Role::kPracticeSupervisor;
    const Id id = add_staff(role, t, team(t).team_manager_id);
    staff(id).responsible_team_ids = {t};
    const bool part_timer = part_time(id);
    make_auditor(id, is_mash(t) || part_timer);
  }
}

bool Builder::is_mash(Id team_id) const {
  return std::find(mash_teams_.begin(), mash_teams_.end(), team_id) != mash_teams_.end();
}

// Part-time staff (0.5 FTE) audit every other month.
bool Builder::part_time(Id id) {
  if (!rng_staff_.chance(0.45)) return false;
  staff(id).fte = 0.5;
  return true;
}

const Service& Builder::court_service() const {
  for (const Service& s : a_.services) {
    if ((s.id - 1) % kServiceKinds == kCourtServiceKind) return s;
  }
  return a_.services.back();
}

void Builder::draw_legal_statuses() {
  child_status_.reserve(child_team_.size());
  for (std::size_t c = 0; c < child_team_.size(); ++c) {
    child_status_.push_back(
        static_cast<LegalStatus>(pick_weighted(rng_children_, kLegalStatusShares)));
  }
}

// Enough IRO/CP chairs (auditors among them) for every child in care or on
// a protection plan, at a caseload of about kChildrenPerIro.
void Builder::build_iros() {
  const auto overseen = std::count_if(child_status_.begin(), child_status_.end(), needs_iro);
  const int wanted = static_cast<int>((overseen + kChildrenPerIro - 1) / kChildrenPerIro);
  while (static_cast<int>(iros_.size()) < wanted) {
    iros_.push_back(add_staff(Role::kIroCpChair, std::nullopt, director_));
  }
}

bool Builder::needs_iro(LegalStatus status) {
  return status == LegalStatus::kChildProtection || status == LegalStatus::kChildInCare;
}

void Builder::build_moderators() {
  const int externals = externals_for(o_.moderators);
  const int internals = o_.moderators - externals;
  for (std::size_t s = 0; s < a_.services.size(); s += 2) {
    if (static_cast<int>(internal_moderators_.size()) == internals) break;
    internal_moderators_.push_back(*a_.services[s].head_of_service_id);
  }
  while (static_cast<int>(internal_moderators_.size()) < internals) {
    internal_moderators_.push_back(add_staff(Role::kQaOfficer, std::nullopt, director_));
  }
  distribute_capacity();
  const int bimonthly = round_to_int(0.2 * internals);
  std::vector<Id> order = internal_moderators_;
  rng_staff_.shuffle(order);
  for (int i = 0; i < bimonthly; ++i) {
    staff(order[static_cast<std::size_t>(i)]).moderation_rota =
        Rota{Cadence::kBimonthly, i % 2 == 0 ? Parity::kOdd : Parity::kEven};
  }
  // Developing new moderators: trained, but moderating nothing this period.
  for (int i = 0; i < developing_moderators_for(o_.moderators); ++i) {
    add_staff(Role::kQaOfficer, std::nullopt, director_);
  }
  for (int i = 0; i < externals; ++i) {
    const Id id = add_staff(Role::kOther, std::nullopt, std::nullopt, kExternalDomain);
    staff(id).external_moderator = true;
    staff(id).moderator_capacity = rng_staff_.between(2, 4);
    external_moderators_.push_back(id);
  }
}

// Internal capacities sum to options.moderation_capacity, mostly 1 to 4 each.
void Builder::distribute_capacity() {
  const int n = static_cast<int>(internal_moderators_.size());
  const int limit = std::max(4, (o_.moderation_capacity + n - 1) / n + 1);
  for (Id m : internal_moderators_) staff(m).moderator_capacity = 1;
  for (int extra = o_.moderation_capacity - n; extra > 0;) {
    Staff& m = staff(rng_staff_.pick(internal_moderators_));
    if (m.moderator_capacity < limit) {
      ++m.moderator_capacity;
      --extra;
    }
  }
}

void Builder::build_social_workers() {
  workers_of_team_.resize(static_cast<std::size_t>(o_.teams));
  for (const Team& t : a_.teams) {
    const int children = children_in_team_[static_cast<std::size_t>(t.id - 1)];
    const int workers = std::max(1, (children + kCaseloadPerWorker - 1) / kCaseloadPerWorker);
    for (int i = 0; i < workers; ++i) {
      const Id id = add_staff(Role::kSocialWorker, t.id, t.team_manager_id);
      if (rng_staff_.chance(0.1)) staff(id).fte = 0.8;
      workers_of_team_[static_cast<std::size_t>(t.id - 1)].push_back(id);
    }
  }
}

void Builder::build_children() {
  const std::uint64_t offset = Prng::derive(o_.seed, kChildrenStream) % kCaseReferenceSpace;
  a_.children.reserve(child_team_.size());
  for (std::size_t c = 0; c < child_team_.size(); ++c) {
    Child child;
    child.id = static_cast<Id>(c) + 1;
    // 7777777 is coprime to 9000000, so distinct children get distinct references.
    const std::uint64_t number = 1'000'000 + (c * 7'777'777 + offset) % kCaseReferenceSpace;
    child.case_reference = "LCS-" + std::to_string(number);
    child.team_id = child_team_[c];
    child.legal_status = child_status_[c];
    child.allocated_worker_id =
        rng_children_.pick(workers_of_team_[static_cast<std::size_t>(child.team_id - 1)]);
    if (needs_iro(child.legal_status)) {
      child.iro_id = rng_children_.pick(iros_);
      child.court_proceedings = rng_children_.chance(0.2);
      iro_children_[static_cast<std::size_t>(*child.iro_id - 1)].push_back(child.id);
    }
    if (child.court_proceedings) court_children_.push_back(child.id);
    a_.children.push_back(std::move(child));
  }
}

}  // namespace caseaudit::demo
