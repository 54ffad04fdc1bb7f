// Availability: who audits and who moderates in a month, from the staff,
// their exemptions and the policy.
#include "scheduler/allocation/availability.h"

#include <gtest/gtest.h>

#include "scheduler/allocation/roster.h"
#include "tests/scheduler/allocation/fixtures.h"

namespace caseaudit {
namespace {

using testing::AuthorityBuilder;

const Month kMarch{2027, 3};  // an odd month

TEST(Availability, GivesTheReasonAnAuditorIsOut) {
  AuthorityBuilder b;
  const Id team = b.team("Team", b.service("Service"));
  const Id available = b.auditor("Available", Role::kSocialWorker, team);
  const Id inactive = b.auditor("Inactive", Role::kSocialWorker, team);
  b.staff(inactive).active = false;
  const Id untrained = b.auditor("Untrained", Role::kSocialWorker, team);
  b.staff(untrained).auditor = false;
  const Id exempt = b.auditor("Exempt", Role::kSocialWorker, team);
  b.exempt(exempt, kMarch);
  const Id off_rota = b.auditor("Off rota", Role::kSocialWorker, team);
  b.staff(off_rota).audit_rota = Rota{.cadence = Cadence::kBimonthly, .parity = Parity::kEven};
  const Id no_quota = b.auditor("No quota", Role::kSocialWorker, team);
  b.staff(no_quota).audit_quota = 0;
  const Authority& a = b.authority();

  const Availability march(a.staff, a.exemptions, kMarch, Policy{});
  EXPECT_EQ(march.available_auditors(), std::vector<Id>{available});
  const auto reason = [&](Id id) { return march.unavailable_reason(b.staff(id)).value_or("-"); };
  EXPECT_EQ(reason(available), "-");
  EXPECT_EQ(reason(inactive), "not active");
  EXPECT_EQ(reason(untrained), "not a trained auditor");
  EXPECT_EQ(reason(exempt), "exempt this month");
  EXPECT_EQ(reason(off_rota), "bi-monthly auditor, off rota this month");
  EXPECT_EQ(reason(no_quota), "audit quota is 0");

  const Availability april(a.staff, a.exemptions, kMarch.next(), Policy{});
  EXPECT_EQ(april.available_auditors(), (std::vector<Id>{available, exempt, off_rota}));
}

TEST(Availability, ModeratingExemptionKeepsModerationCapacity) {
  AuthorityBuilder b;
  const Id moderating = b.moderator("Moderating", 3);
  b.exempt(moderating, kMarch, ExemptionKind::kModerating);
  const Id on_leave = b.moderator("On leave", 3);
  b.exempt(on_leave, kMarch, ExemptionKind::kExtendedLeave);
  const Id external = b.moderator("External", 3);
  b.staff(external).external_moderator = true;
  const Id none = b.moderator("No capacity", 0);
  const Authority& a = b.authority();

  const Availability march(a.staff, a.exemptions, kMarch, Policy{});
  EXPECT_EQ(march.moderators(), std::vector<Id>{moderating});
  EXPECT_EQ(march.moderation_capacity(b.staff(moderating)), 3);
  EXPECT_EQ(march.moderation_capacity(b.staff(on_leave)), 0);
  EXPECT_EQ(march.moderation_capacity(b.staff(external)), 0);
  EXPECT_EQ(march.moderation_capacity(b.staff(none)), 0);
}

TEST(Availability, RosterAnswersAsAvailabilityDoes) {
  AuthorityBuilder b;
  const Id team = b.team("Team", b.service("Service"));
  b.auditor("In", Role::kSocialWorker, team);
  b.exempt(b.auditor("Out", Role::kSocialWorker, team), kMarch);
  b.moderator("Moderator", 2);
  const Authority& a = b.authority();
  const Roster roster(a, kMarch, Policy{});
  const Availability availability(a.staff, a.exemptions, kMarch, Policy{});
  EXPECT_EQ(roster.available_auditors(), availability.available_auditors());
  EXPECT_EQ(roster.moderators(), availability.moderators());
}

}  // namespace
}  // namespace caseaudit
