#include "scheduler/allocation/pairing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "scheduler/demo/demo.h"
#include "tests/scheduler/allocation/fixtures.h"

namespace caseaudit {
namespace {

using testing::AuthorityBuilder;
using ::testing::HasSubstr;

const Month kFebruary{2027, 2};

// Half-units of expected monthly audits per moderator must fit the capacity.
void expect_within_capacity(const Authority& a, const PairingResult& result) {
  std::map<Id, int> load;
  std::map<Id, const Staff*> staff;
  for (const Staff& s : a.staff) staff[s.id] = &s;
  for (const Pairing& p : result.pairings) {
    load[p.moderator_id] += staff.at(p.auditor_id)->audit_rota.cadence == Cadence::kMonthly ? 2 : 1;
  }
  for (const auto& [id, half] : load) {
    const Staff& m = *staff.at(id);
    const int capacity =
        m.moderator_capacity * (m.moderation_rota.cadence == Cadence::kMonthly ? 2 : 1);
    EXPECT_LE(half, capacity) << m.name;
    EXPECT_FALSE(m.external_moderator);
  }
}

TEST(Pairing, EveryAuditorPairedEvenlyWithinCapacity) {
  AuthorityBuilder b;
  const Id s = b.service("S");
  const Id t = b.team("T", s);
  for (int i = 0; i < 6; ++i) b.auditor("Auditor " + std::to_string(i), Role::kQaOfficer, t);
  for (int i = 0; i < 3; ++i) b.moderator("Moderator " + std::to_string(i), 4);
  const PairingResult result = rotate_pairings(b.authority(), kFebruary, PairingPolicy{}, 1);
  ASSERT_EQ(result.pairings.size(), 6u);
  EXPECT_TRUE(result.unpaired.empty());
  std::map<Id, int> per_moderator;
  for (const Pairing& p : result.pairings) ++per_moderator[p.moderator_id];
  for (const auto& [id, count] : per_moderator) EXPECT_EQ(count, 2);
  expect_within_capacity(b.authority(), result);
  EXPECT_THAT(result.pairings[0].reason, HasSubstr("not paired in the recent periods"));
}

TEST(Pairing, BimonthlyAuditorCountsHalfAndShortfallIsWorded) {
  AuthorityBuilder b;
  const Id s = b.service("S");
  const Id t = b.team("T", s);
  const Id odd = b.auditor("Odd", Role::kQaOfficer, t),
           even = b.auditor("Even", Role::kQaOfficer, t);
  b.staff(odd).audit_rota = {Cadence::kBimonthly, Parity::kOdd};
  b.staff(even).audit_rota = {Cadence::kBimonthly, Parity::kEven};
  b.auditor("Monthly", Role::kQaOfficer, t);
  const Id m = b.moderator("Moderator", 2);  // 4 half-units: 2 + 1 + 1
  PairingResult result = rotate_pairings(b.authority(), kFebruary, PairingPolicy{}, 1);
  ASSERT_EQ(result.pairings.size(), 3u);
  for (const Pairing& p : result.pairings) EXPECT_EQ(p.moderator_id, m);
  expect_within_capacity(b.authority(), result);
  // One more monthly auditor: monthly auditors are paired first, so the two
  // bi-monthly ones (one expected audit a month together) are left over.
  b.auditor("Monthly 2", Role::kQaOfficer, t);
  result = rotate_pairings(b.authority(), kFebruary, PairingPolicy{}, 1);
  ASSERT_EQ(result.pairings.size(), 2u);
  ASSERT_EQ(result.unpaired.size(), 2u);
  EXPECT_THAT(result.summary.back(),
              HasSubstr("2 auditors have no paired moderator (1 expected audits a month)"));
  expect_within_capacity(b.authority(), result);
}

TEST(Pairing, NeverTheModeratorOfThePeriodJustEnded) {
  AuthorityBuilder b;
  const Id s = b.service("S");
  const Id t = b.team("T", s);
  const Id auditor = b.auditor("Ann", Role::kQaOfficer, t);
  const Id previous = b.moderator("Previous", 5);
  b.pair(Month{2026, 8}, auditor, previous);
  PairingResult result = rotate_pairings(b.authority(), kFebruary, PairingPolicy{}, 1);
  EXPECT_TRUE(result.pairings.empty());  // the only moderator is the one just ended
  const Id other = b.moderator("Other", 5);
  result = rotate_pairings(b.authority(), kFebruary, PairingPolicy{}, 1);
  ASSERT_EQ(result.pairings.size(), 1u);
  EXPECT_EQ(result.pairings[0].moderator_id, other);
}

// Appends a rotation to the snapshot, as the daemon would store it.
void store(Authority& a, const PairingResult& result) {
  for (Pairing p : result.pairings) {
    p.id = static_cast<Id>(a.pairings.size()) + 1;
    a.pairings.push_back(p);
  }
}

TEST(Pairing, FiveRotationsNeverRepeatWhileAlternativesExist) {
  AuthorityBuilder b;
  const Id s = b.service("S");
  const Id t = b.team("T", s);
  for (int i = 0; i < 12; ++i) b.auditor("Auditor " + std::to_string(i), Role::kQaOfficer, t);
  for (int i = 0; i < 5; ++i) b.moderator("Moderator " + std::to_string(i), 4);
  Authority a = b.authority();
  const PairingPolicy policy;
  Month period = kFebruary;
  std::map<Id, std::vector<Id>> history;
  for (int rotation = 0; rotation < 5; ++rotation, period = period.plus(6)) {
    const PairingResult result = rotate_pairings(a, period, policy, 11);
    ASSERT_EQ(result.pairings.size(), 12u);
    expect_within_capacity(a, result);
    for (const Pairing& p : result.pairings) {
      auto& past = history[p.auditor_id];
      for (std::size_t back = 1; back <= 2 && back <= past.size(); ++back) {
        EXPECT_NE(past[past.size() - back], p.moderator_id) << "rotation " << rotation;
      }
      past.push_back(p.moderator_id);
    }
    store(a, result);
  }
}

TEST(Pairing, RotationsOnTheDemoAuthorityKeepTheHardRules) {
  const DemoOptions options = demo_size_m(5);
  Authority a = generate_demo_authority(options);
  const PairingPolicy policy;
  Month period = policy.period_of(options.current).plus(6);
  if (!policy.is_period_month(period)) period = policy.period_of(period);
  std::map<Id, Id> previous;
  for (const Pairing& p : a.pairings) {
    if (p.period == policy.previous_period(period)) previous[p.auditor_id] = p.moderator_id;
  }
  for (int rotation = 0; rotation < 5; ++rotation) {
    const PairingResult result = rotate_pairings(a, period, policy, 3);
    expect_within_capacity(a, result);
    EXPECT_FALSE(result.pairings.empty());
    for (const Pairing& p : result.pairings) {
      const auto it = previous.find(p.auditor_id);
      if (it != previous.end()) {
        EXPECT_NE(it->second, p.moderator_id);
      }
    }
    previous.clear();
    for (const Pairing& p : result.pairings) previous[p.auditor_id] = p.moderator_id;
    store(a, result);
    period = period.plus(6);
  }
}

TEST(Pairing, RepairMovesOnlyJoinersAndAuditorsOfALeavingModerator) {
  AuthorityBuilder b;
  const Id s = b.service("S");
  const Id t = b.team("T", s);
  std::vector<Id> auditors;
  for (int i = 0; i < 4; ++i)
    auditors.push_back(b.auditor("A" + std::to_string(i), Role::kQaOfficer, t));
  const Id stays = b.moderator("Stays", 3), leaves = b.moderator("Leaves", 3);
  const Id roomy = b.moderator("Roomy", 4);
  b.pair(kFebruary, auditors[0], stays);
  b.pair(kFebruary, auditors[1], stays);
  b.pair(kFebruary, auditors[2], leaves);
  b.staff(leaves).active = false;
  const Id joiner = auditors[3];
  const PairingResult result = repair_pairings(b.authority(), Month{2027, 4}, PairingPolicy{});
  ASSERT_EQ(result.pairings.size(), 4u);
  std::map<Id, const Pairing*> by_auditor;
  for (const Pairing& p : result.pairings) by_auditor[p.auditor_id] = &p;
  EXPECT_EQ(by_auditor[auditors[0]]->moderator_id, stays);
  EXPECT_EQ(by_auditor[auditors[0]]->reason, "test");  // untouched
  EXPECT_EQ(by_auditor[auditors[1]]->moderator_id, stays);
  EXPECT_EQ(by_auditor[auditors[2]]->moderator_id, roomy);
  EXPECT_THAT(by_auditor[auditors[2]]->reason, HasSubstr("previous moderator can no longer"));
  EXPECT_EQ(by_auditor[joiner]->moderator_id, roomy);
  EXPECT_THAT(by_auditor[joiner]->reason, HasSubstr("joined mid-period"));
}

}  // namespace
}  // namespace caseaudit
