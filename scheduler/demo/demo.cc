#include "scheduler/demo/demo.h"

#include <algorithm>
#include <string>

#include "scheduler/demo/demo_builder.h"
#include "scheduler/demo/demo_names.h"
#include "scheduler/errors.h"

namespace caseaudit {
namespace demo {

Authority Builder::build() {
  build_services_and_teams();
  place_children_in_teams();
  build_managers();
  build_auditors();
  draw_legal_statuses();
  build_iros();
  build_moderators();
  build_social_workers();
  // The staff list is complete: index it.
  exemptions_of_.resize(a_.staff.size());
  iro_children_.resize(a_.staff.size());
  build_children();
  build_standing_exemptions();
  build_single_month_exemptions();
  build_pairings();
  build_history();
  build_actions_and_concerns();
  build_legacy_concerns();
  return std::move(a_);
}

Id Builder::add_staff(Role role, std::optional<Id> team_id, std::optional<Id> line_manager,
                      const char* domain) {
  Staff s;
  s.id = static_cast<Id>(a_.staff.size()) + 1;
  const PersonName name = person_name(static_cast<std::uint64_t>(s.id - 1), o_.seed);
  s.name = name.full;
  s.email = name.email_local + "@" + domain;
  s.role = role;
  s.team_id = team_id;
  s.line_manager_id = line_manager;
  a_.staff.push_back(std::move(s));
  return a_.staff.back().id;
}

void Builder::make_auditor(Id id, bool part_time_or_mash) {
  Staff& s = staff(id);
  s.auditor = true;
  auditors_.push_back(id);
  if (part_time_or_mash) {
    s.audit_rota = Rota{Cadence::kBimonthly, rng_staff_.chance(0.5) ? Parity::kOdd : Parity::kEven};
  }
}

Id Builder::add_exemption(Id staff_id, ExemptionKind kind, Month first, std::optional<Month> last,
                          std::string reason, std::optional<Id> authorised_by) {
  Exemption e{static_cast<Id>(a_.exemptions.size()) + 1,
              staff_id,
              kind,
              first,
              last,
              std::move(reason),
              authorised_by};
  exemptions_of_[static_cast<std::size_t>(staff_id - 1)].push_back(e.id);
  a_.exemptions.push_back(std::move(e));
  return a_.exemptions.back().id;
}

bool Builder::exempt_in(Id staff_id, Month month) const {
  for (Id e : exemptions_of_[static_cast<std::size_t>(staff_id - 1)]) {
    if (a_.exemptions[static_cast<std::size_t>(e - 1)].covers(month)) return true;
  }
  return false;
}

bool Builder::available_in(Id auditor, Month month) const {
  const Staff& s = staff(auditor);
  return s.active && s.auditor && s.audit_rota.works_in(month) && !exempt_in(auditor, month);
}

bool Builder::responsible_for(const Staff& s, Id team_id) const {
  if (s.team_id == team_id) return true;
  return std::find(s.responsible_team_ids.begin(), s.responsible_team_ids.end(), team_id) !=
         s.responsible_team_ids.end();
}

bool Builder::shares_a_team(const Staff& auditor, const Staff& moderator) const {
  if (auditor.team_id && responsible_for(moderator, *auditor.team_id)) return true;
  for (Id t : auditor.responsible_team_ids) {
    if (responsible_for(moderator, t)) return true;
  }
  return false;
}

}  // namespace demo

namespace {

using demo::externals_for;
using demo::round_to_int;

void require(bool condition, const std::string& message) {
  if (!condition) throw ProgramError("generate_demo_authority: " + message);
}

void validate(const DemoOptions& o) {
  require(o.services >= 1, "services must be at least 1");
  require(o.teams >= 2 && o.teams >= o.services,
          "teams must be at least 2 and at least the number of services");
  require(o.auditors >= 1, "auditors must be at least 1");
  require(o.moderators >= 1, "moderators must be at least 1");
  require(o.moderation_capacity >= o.moderators - externals_for(o.moderators),
          "moderation_capacity must give every internal moderator at least 1 audit");
  require(o.open_children >= o.teams, "open_children must be at least the number of teams");
  require(static_cast<std::uint64_t>(o.open_children) <= demo::kCaseReferenceSpace,
          "open_children must fit the seven-digit case references");
  require(o.history_months >= 0 && o.history_months <= 120,
          "history_months must be between 0 and 120");
}

DemoOptions scaled(std::uint64_t seed, int services, int teams, int auditors, int children) {
  DemoOptions o;
  o.seed = seed;
  o.services = services;
  o.teams = teams;
  o.auditors = auditors;
  // Gloucestershire: 27 moderators for 80-110 auditors, capacity 0.55 x auditors.
  o.moderators = std::max(4, round_to_int(auditors * 27.0 / 110.0));
  o.moderation_capacity = round_to_int(auditors * 0.55);
  o.open_children = children;
  return o;
}

}  // namespace

DemoOptions demo_size_s(std::uint64_t seed) {
  DemoOptions o = scaled(seed, 3, 10, 30, 1000);
  o.moderators = 8;
  return o;
}

DemoOptions demo_size_m(std::uint64_t seed) {
  DemoOptions o;
  o.seed = seed;
  return o;
}

DemoOptions demo_size_l(std::uint64_t seed) { return scaled(seed, 27, 200, 1000, 50'000); }

DemoOptions demo_size_xl(std::uint64_t seed) { return scaled(seed, 136, 1000, 5000, 250'000); }

Authority generate_demo_authority(const DemoOptions& options) {
  validate(options);
  return demo::Builder(options).build();
}

}  // namespace caseaudit
