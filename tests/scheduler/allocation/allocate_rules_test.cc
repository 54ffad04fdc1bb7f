// One small hand-made authority per rule: the rule holds and the explanation
// or shortfall says so.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "scheduler/allocation/allocate.h"
#include "scheduler/allocation/withdraw.h"
#include "scheduler/errors.h"
#include "tests/scheduler/allocation/fixtures.h"

namespace caseaudit {
namespace {

using testing::AuthorityBuilder;
using testing::hard_rule_violations;
using ::testing::HasSubstr;

const Month kMonth{2027, 3};

const Audit* audit_of(const AllocationResult& result, Id auditor) {
  for (const Audit& audit : result.audits) {
    if (audit.auditor_id == auditor) return &audit;
  }
  return nullptr;
}

AllocationResult allocate(const AuthorityBuilder& b, const Policy& policy = {}) {
  AllocationResult result = allocate_month(b.authority(), kMonth, policy, 7);
  EXPECT_TRUE(hard_rule_violations(b.authority(), kMonth, policy, result).empty());
  return result;
}

TEST(AllocateRules, NeverOwnTeam) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s), c = b.team("Fostering 2", s);
  const Id auditor = b.auditor("Ann Lee", Role::kAdvancedPractitioner, a);
  b.child(a);
  b.child(a);
  const Id other = b.child(c);
  b.moderator("Moe Fox", 3);
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_EQ(result.audits[0].child_id, other);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("is not responsible for Fostering 2"));
  (void)auditor;
}

TEST(AllocateRules, ResponsibilityDerivedFromTeamsAndServices) {
  AuthorityBuilder b;
  const Id s1 = b.service("Safeguarding"), s2 = b.service("Children in Care");
  const Id a = b.team("Assessment 1", s1), f = b.team("Fostering 2", s2);
  const Id manager = b.auditor("Tom Manager", Role::kTeamManager);
  const Id service_manager = b.auditor("Sue Service", Role::kServiceManager);
  b.team_record(a).team_manager_id = manager;
  b.service_record(s2).service_manager_id = service_manager;
  b.child(a);
  b.child(f);
  b.moderator("Moe Fox", 3);
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 2u);
  EXPECT_EQ(b.authority().children[audit_of(result, manager)->child_id - 1].team_id, f);
  EXPECT_EQ(b.authority().children[audit_of(result, service_manager)->child_id - 1].team_id, a);
}

TEST(AllocateRules, OwnTeamOnlyLeavesAuditorWithoutAuditAndSaysWhy) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s);
  const Id auditor = b.auditor("Ann Lee", Role::kPracticeSupervisor, a);
  b.child(a);
  const AllocationResult result = allocate(b);
  EXPECT_TRUE(result.audits.empty());
  ASSERT_EQ(result.shortfalls.auditors_without_audit.size(), 1u);
  EXPECT_EQ(result.shortfalls.auditors_without_audit[0].auditor_id, auditor);
  EXPECT_THAT(result.shortfalls.auditors_without_audit[0].reason,
              HasSubstr("in a team they are responsible for"));
  ASSERT_EQ(result.shortfalls.teams_without_audit.size(), 1u);
  EXPECT_EQ(result.shortfalls.teams_without_audit[0].reason,
            "every available auditor is responsible for it");
}

TEST(AllocateRules, TeamShortfallsSayWhy) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s);
  const Id empty = b.team("Empty", s);
  const Id a = b.team("Assessment 1", s), f = b.team("Fostering 2", s);
  b.auditor("Only", Role::kQaOfficer, home);
  const Id closed = b.child(empty);
  b.child_record(closed).open = false;
  b.child(a);
  b.child(f);
  const AllocationResult result = allocate(b);
  std::map<Id, std::string> reasons;
  for (const TeamShortfall& t : result.shortfalls.teams_without_audit)
    reasons[t.team_id] = t.reason;
  EXPECT_EQ(reasons[empty], "no open child in the team");
  EXPECT_THAT(reasons[a] + reasons[f], HasSubstr("not enough auditors"));
  EXPECT_EQ(reasons.count(home), 1u);
  EXPECT_EQ(reasons[home], "no open child in the team");
}

TEST(AllocateRules, AllowOwnPolicyForHeadsOfService) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s);
  const Id head = b.auditor("Hana Head", Role::kHeadOfService);
  b.service_record(s).head_of_service_id = head;
  b.child(a);
  Policy policy;
  EXPECT_TRUE(allocate(b, policy).audits.empty());
  policy.own_team_by_role[Role::kHeadOfService] = OwnTeamRule::kAllowOwn;
  const AllocationResult result = allocate(b, policy);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("their role may audit their own teams"));
}

TEST(AllocateRules, IroGetsOnlyOwnCaseload) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s);
  const Id iro = b.auditor("Ivy Iro", Role::kIroCpChair);
  b.child(a);
  b.child(a);
  const Id own = b.child(a, LegalStatus::kChildProtection);
  b.child_record(own).iro_id = iro;
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_EQ(result.audits[0].child_id, own);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("this child's IRO/CP chair"));
}

TEST(AllocateRules, UnavailableAuditorsGetNothing) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s), t2 = b.team("Assessment 2", s);
  const Id exempt = b.auditor("Ed Exempt", Role::kAdvancedPractitioner, a);
  const Id off_rota = b.auditor("Olu Off", Role::kAdvancedPractitioner, a);
  const Id inactive = b.auditor("Ina Gone", Role::kAdvancedPractitioner, a);
  const Id quota_zero = b.auditor("Zed Zero", Role::kAdvancedPractitioner, a);
  const Id available = b.auditor("Ava Able", Role::kAdvancedPractitioner, a);
  b.exempt(exempt, kMonth);
  b.staff(off_rota).audit_rota = {Cadence::kBimonthly, Parity::kEven};  // March is odd
  b.staff(inactive).active = false;
  b.staff(quota_zero).audit_quota = 0;
  for (int i = 0; i < 6; ++i) b.child(t2);
  const AllocationResult result = allocate(b);
  EXPECT_EQ(result.available_auditors, 1);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_EQ(result.audits[0].auditor_id, available);
}

TEST(AllocateRules, QuotaIsRespected) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s), t2 = b.team("Assessment 2", s);
  const Id two = b.auditor("Two Audits", Role::kQaOfficer, a);
  b.staff(two).audit_quota = 2;
  const Id one = b.auditor("One Audit", Role::kQaOfficer, a);
  for (int i = 0; i < 6; ++i) b.child(t2);
  const AllocationResult result = allocate(b);
  int of_two = 0, of_one = 0;
  for (const Audit& audit : result.audits) {
    of_two += audit.auditor_id == two;
    of_one += audit.auditor_id == one;
  }
  EXPECT_EQ(of_two, 2);
  EXPECT_EQ(of_one, 1);
}

TEST(AllocateRules, LoopedMonthAuditsEachChildTwice) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s), f = b.team("Fostering 2", s);
  for (int i = 0; i < 4; ++i) b.auditor("Auditor " + std::to_string(i), Role::kQaOfficer);
  for (int i = 0; i < 5; ++i) b.child(i % 2 ? a : f);
  b.moderator("Moe Fox", 4);
  Policy policy;
  policy.looped = true;
  const AllocationResult result = allocate(b, policy);
  ASSERT_EQ(result.audits.size(), 4u);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("looped month"));
}

TEST(AllocateRules, NeverAuditedChildBeforeRecentlyAudited) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s), f = b.team("Fostering 2", s);
  const Id past = b.auditor("Past Auditor", Role::kQaOfficer, f);
  const Id auditor = b.auditor("Ann Lee", Role::kQaOfficer, f);
  const Id recent = b.child(a), fresh = b.child(a);
  b.audit(kMonth.plus(-2), recent, past);
  b.staff(past).active = false;
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_EQ(result.audits[0].child_id, fresh);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("never audited"));
  (void)auditor;
}

TEST(AllocateRules, RecentlyAuditedChildOnlyWhenNoOther) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s), f = b.team("Fostering 2", s);
  const Id past = b.auditor("Past Auditor", Role::kQaOfficer, f);
  b.auditor("Ann Lee", Role::kQaOfficer, f);
  const Id only = b.child(a);
  b.audit(kMonth.plus(-2), only, past);
  b.staff(past).active = false;
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("within the 12-month recency window"));
}

TEST(AllocateRules, EveryTeamBeforeSecondAudits) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s);
  std::vector<Id> teams;
  for (int i = 0; i < 3; ++i) teams.push_back(b.team("Team " + std::to_string(i), s));
  for (int i = 0; i < 3; ++i) b.auditor("Auditor " + std::to_string(i), Role::kQaOfficer, home);
  for (int i = 0; i < 10; ++i) b.child(teams[0]);  // the big team tempts every auditor
  b.child(teams[1]);
  b.child(teams[2]);
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 3u);
  EXPECT_TRUE(result.shortfalls.teams_without_audit.size() == 1u &&
              result.shortfalls.teams_without_audit[0].team_id == home);
  for (const Audit& audit : result.audits) {
    EXPECT_THAT(audit.explanation, HasSubstr("had no audit yet this month"));
  }
}

TEST(AllocateRules, CourtConsultantGetsCourtChild) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s);
  const Id consultant = b.auditor("Cora Court", Role::kCourtConsultant);
  b.child(a);
  const Id court = b.child(a, LegalStatus::kChildInCare, true);
  b.child(a);
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_EQ(result.audits[0].child_id, court);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("court proceedings"));
  (void)consultant;
}

TEST(AllocateRules, UnderRepresentedLegalStatusPreferred) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s), old = b.team("Old", s);
  const Id past = b.auditor("Past Auditor", Role::kQaOfficer);
  b.auditor("Ann Lee", Role::kQaOfficer);
  for (int i = 0; i < 4; ++i) {
    const Id done = b.child(old);
    b.audit(kMonth.plus(-1 - i), done, past);
  }
  b.child_record(b.child(old)).open = false;
  b.staff(past).active = false;
  b.child(a);
  const Id protection = b.child(a, LegalStatus::kChildProtection);
  b.child(a);
  // Close the audited ones' team: the only free children are in team a.
  for (Child& child : b.mutable_authority().children)
    child.open = child.team_id == a || child.id <= 4;
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_EQ(result.audits[0].child_id, protection);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("child_protection under-represented"));
}

TEST(AllocateRules, LegalStatusesInProportionToTheCaseload) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s);
  for (int t = 0; t < 5; ++t) {
    const Id team = b.team("Team " + std::to_string(t), s);
    for (int i = 0; i < 6; ++i) b.child(team, LegalStatus::kChildInNeed);
    for (int i = 0; i < 3; ++i) b.child(team, LegalStatus::kChildProtection);
  }
  for (int i = 0; i < 9; ++i) b.auditor("Auditor " + std::to_string(i), Role::kQaOfficer, home);
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 9u);
  int protection = 0;
  for (const Audit& audit : result.audits) {
    protection +=
        b.authority().children[audit.child_id - 1].legal_status == LegalStatus::kChildProtection;
  }
  EXPECT_EQ(protection, 3);  // a third of the caseload, a third of the audits
}

TEST(AllocateRules, AuditorNotSentBackToRecentTeam) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s), a = b.team("Assessment 1", s), f = b.team("Fostering 2", s);
  const Id auditor = b.auditor("Ann Lee", Role::kQaOfficer, home);
  const Id done = b.child(a);
  b.audit(kMonth.plus(-3), done, auditor);
  b.child_record(done).open = false;
  b.child(a);
  const Id other = b.child(f);
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_EQ(result.audits[0].child_id, other);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("has not audited Fostering 2"));
}

TEST(AllocateRules, PairedModeratorThenSpareThenExternal) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s), a = b.team("Assessment 1", s);
  const Id jane = b.moderator("Jane Smith", 1);
  const Id ahmed = b.moderator("Ahmed Khan", 1);
  std::vector<Id> auditors;
  for (int i = 0; i < 3; ++i) {
    auditors.push_back(b.auditor("Auditor " + std::to_string(i), Role::kQaOfficer, home));
    b.pair(Month{2027, 2}, auditors.back(), jane);
    b.child(a);
  }
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 3u);
  int paired = 0, spare = 0, external = 0;
  for (const Audit& audit : result.audits) {
    if (audit.moderator_id == jane) {
      ++paired;
      EXPECT_THAT(audit.explanation, HasSubstr("paired moderator Jane Smith (1 of 1 used)"));
    } else if (audit.moderator_id == ahmed) {
      ++spare;
      EXPECT_THAT(audit.explanation,
                  HasSubstr("paired moderator Jane Smith at capacity; Ahmed Khan has spare"));
    } else {
      ++external;
      EXPECT_TRUE(audit.needs_external_moderation);
      EXPECT_THAT(audit.explanation, HasSubstr("needs external moderation"));
    }
  }
  EXPECT_EQ(paired, 1);
  EXPECT_EQ(spare, 1);
  EXPECT_EQ(external, 1);
  EXPECT_EQ(result.shortfalls.moderation.external_needed, 1);
  EXPECT_EQ(result.shortfalls.moderation.moderators_at_capacity.size(), 2u);
  EXPECT_THAT(result.shortfalls.moderation.fix,
              HasSubstr("1 more moderation is needed: buy 1 external moderation or raise a "
                        "moderator's capacity by 1"));
}

TEST(AllocateRules, ModeratorLoadsEvenOut) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s), a = b.team("Assessment 1", s);
  const Id first = b.moderator("First", 4), second = b.moderator("Second", 4);
  for (int i = 0; i < 4; ++i) {
    b.auditor("Auditor " + std::to_string(i), Role::kQaOfficer, home);
    b.child(a);
  }
  const AllocationResult result = allocate(b);
  std::map<Id, int> load;
  for (const Audit& audit : result.audits) ++load[audit.moderator_id.value_or(0)];
  EXPECT_EQ(load[first], 2);
  EXPECT_EQ(load[second], 2);
  EXPECT_THAT(result.audits[0].explanation, HasSubstr("no paired moderator;"));
}

TEST(AllocateRules, ModeratorNeverOfOwnTeamNorOwnAudit) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id a = b.team("Assessment 1", s), home = b.team("QA", s);
  const Id manager = b.moderator("Mo Manager", 5);
  b.team_record(a).team_manager_id = manager;
  const Id self = b.auditor("Sam Both", Role::kQaOfficer, home);
  b.staff(self).moderator_capacity = 5;
  b.child(a);
  const AllocationResult result = allocate(b);
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_TRUE(result.audits[0].needs_external_moderation);
}

TEST(AllocateRules, CommittedAuditsAreKeptAndNotDuplicated) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s), a = b.team("Assessment 1", s);
  for (int i = 0; i < 3; ++i) b.auditor("Auditor " + std::to_string(i), Role::kQaOfficer, home);
  for (int i = 0; i < 5; ++i) b.child(a);
  b.moderator("Moe Fox", 5);
  const AllocationResult first = allocate(b);
  ASSERT_EQ(first.audits.size(), 3u);
  Authority committed = b.authority();
  for (Audit audit : first.audits) {
    audit.id = static_cast<Id>(committed.audits.size()) + 100;
    committed.audits.push_back(audit);
  }
  const AllocationResult again = allocate_month(committed, kMonth, Policy{}, 7);
  EXPECT_TRUE(again.audits.empty());
  EXPECT_TRUE(hard_rule_violations(committed, kMonth, Policy{}, again).empty());
}

TEST(AllocateRules, PinsAreHonouredAndChecked) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s), a = b.team("Assessment 1", s);
  const Id auditor = b.auditor("Ann Lee", Role::kQaOfficer, home);
  b.child(a);
  const Id pinned = b.child(a);
  const Id own = b.child(home);
  b.moderator("Moe Fox", 5);
  const AllocationResult result =
      allocate_month(b.authority(), kMonth, Policy{}, 7, {{auditor, pinned, "follow-up"}});
  ASSERT_EQ(result.audits.size(), 1u);
  EXPECT_EQ(result.audits[0].child_id, pinned);
  EXPECT_EQ(result.audits[0].pin_reason, "follow-up");
  EXPECT_THROW(allocate_month(b.authority(), kMonth, Policy{}, 7, {{auditor, own, "x"}}),
               RuleViolation);
}

TEST(AllocateRules, LoopedPinsComeInPairs) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s), a = b.team("Assessment 1", s);
  const Id first = b.auditor("First", Role::kQaOfficer, home);
  const Id second = b.auditor("Second", Role::kQaOfficer, home);
  const Id pinned = b.child(a);
  b.child(a);
  Policy policy;
  policy.looped = true;
  EXPECT_THROW(allocate_month(b.authority(), kMonth, policy, 7, {{first, pinned, "x"}}),
               RuleViolation);
  const AllocationResult result = allocate_month(
      b.authority(), kMonth, policy, 7, {{first, pinned, "loop"}, {second, pinned, "loop"}});
  EXPECT_TRUE(hard_rule_violations(b.authority(), kMonth, policy, result).empty());
  ASSERT_EQ(result.audits.size(), 2u);
  EXPECT_EQ(result.audits[0].loop_group, result.audits[1].loop_group);
}

TEST(AllocateRules, NonsensePolicyIsRejectedNamingTheSetting) {
  AuthorityBuilder b;
  Policy policy;
  policy.team_target = 0;
  try {
    allocate_month(b.authority(), kMonth, policy, 1);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.field(), "allocation.team_target");
  }
}

TEST(AllocateRules, WithdrawReallocatesToAnAuditorWithoutAudit) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s), a = b.team("Assessment 1", s);
  const Id first = b.auditor("First", Role::kQaOfficer, home);
  b.auditor("Second", Role::kQaOfficer, home);
  b.child(a);
  b.moderator("Moe Fox", 5);
  Authority authority = b.authority();
  const AllocationResult result = allocate_month(authority, kMonth, Policy{}, 3);
  ASSERT_EQ(result.audits.size(), 1u);
  Audit committed = result.audits[0];
  committed.id = 50;
  authority.audits.push_back(committed);
  const Id late = committed.auditor_id;
  authority.exemptions.push_back({1, late, ExemptionKind::kSingleMonth, kMonth, kMonth, "ill", 1});
  const WithdrawResult withdrawn = withdraw_audit(authority, kMonth, Policy{}, 3, 50);
  EXPECT_EQ(withdrawn.withdrawn.status, AuditStatus::kWithdrawn);
  ASSERT_TRUE(withdrawn.replacement.has_value());
  EXPECT_NE(withdrawn.replacement->auditor_id, late);
  EXPECT_EQ(withdrawn.replacement->child_id, committed.child_id);
  EXPECT_THAT(withdrawn.explanation, HasSubstr("Re-allocated after the audit of"));
  (void)first;
}

TEST(AllocateRules, WithdrawReturnsChildToPoolWhenNobodyEligible) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  const Id home = b.team("QA", s), a = b.team("Assessment 1", s);
  b.auditor("Only", Role::kQaOfficer, home);
  b.auditor("Own Team", Role::kQaOfficer, a);
  b.child(a);
  Authority authority = b.authority();
  const AllocationResult result = allocate_month(authority, kMonth, Policy{}, 3);
  ASSERT_EQ(result.audits.size(), 1u);
  Audit committed = result.audits[0];
  committed.id = 9;
  authority.audits.push_back(committed);
  const WithdrawResult withdrawn = withdraw_audit(authority, kMonth, Policy{}, 3, 9);
  EXPECT_FALSE(withdrawn.replacement.has_value());
  EXPECT_THAT(withdrawn.explanation, HasSubstr("returns to the pool"));
  EXPECT_THROW(withdraw_audit(authority, kMonth, Policy{}, 3, 404), NotFound);
}

TEST(AllocateRules, DimacsExportHasTheSameOptimum) {
  AuthorityBuilder b;
  const Id s = b.service("Safeguarding");
  std::vector<Id> teams;
  for (int i = 0; i < 5; ++i) teams.push_back(b.team("Team " + std::to_string(i), s));
  for (int i = 0; i < 8; ++i)
    b.auditor("Auditor " + std::to_string(i), Role::kQaOfficer, teams[i % 5]);
  for (int i = 0; i < 30; ++i) b.child(teams[i % 5], static_cast<LegalStatus>(i % 6), i % 7 == 0);
  const AllocationResult result = allocate(b);
  std::ostringstream dimacs;
  allocation_network(b.authority(), kMonth, Policy{}, 7).write_dimacs(dimacs);
  EXPECT_THAT(dimacs.str(), HasSubstr("p min "));
  EXPECT_EQ(testing::independent_optimum(dimacs.str()), result.flow_cost);
  EXPECT_EQ(allocation_network(b.authority(), kMonth, Policy{}, 7).solve_with_boost().total_cost,
            result.flow_cost);
}

// Gloucestershire, July 2022: 80 auditors, 8 exempt, 20 bi-monthly off this
// month; 27 moderators; 44 teams.
Authority gloucestershire(int moderation_capacity) {
  AuthorityBuilder b;
  std::vector<Id> services, teams;
  for (int i = 0; i < 6; ++i) services.push_back(b.service("Service " + std::to_string(i)));
  for (int i = 0; i < 44; ++i) {
    teams.push_back(b.team("Team " + std::to_string(i), services[static_cast<std::size_t>(i % 6)]));
  }
  for (int i = 0; i < 80; ++i) {
    const Id id = b.auditor("Auditor " + std::to_string(i), Role::kAdvancedPractitioner,
                            teams[static_cast<std::size_t>(i % 44)]);
    if (i < 8) b.exempt(id, kMonth, ExemptionKind::kExtendedLeave);
    if (i >= 8 && i < 28) b.staff(id).audit_rota = {Cadence::kBimonthly, Parity::kEven};
  }
  for (int i = 0; i < 27; ++i) {
    const Id id = b.moderator("Moderator " + std::to_string(i), 0);
    b.staff(id).responsible_team_ids = {teams[static_cast<std::size_t>(i)]};
  }
  for (int i = 0; i < moderation_capacity; ++i) b.staff(81 + i % 27).moderator_capacity += 1;
  for (int i = 0; i < 4500; ++i) {
    b.child(teams[static_cast<std::size_t>(i % 44)], static_cast<LegalStatus>(i % 6), i % 9 == 0);
  }
  return b.authority();
}

TEST(AllocateScenario, GloucestershireJuly2022) {
  const Authority authority = gloucestershire(58);
  const AllocationResult result = allocate_month(authority, kMonth, Policy{}, 2022);
  EXPECT_TRUE(hard_rule_violations(authority, kMonth, Policy{}, result).empty());
  EXPECT_EQ(result.available_auditors, 52);
  EXPECT_EQ(result.audits.size(), 52u);
  EXPECT_TRUE(result.shortfalls.teams_without_audit.empty());
  EXPECT_EQ(result.shortfalls.moderation.external_needed, 0);  // 52 audits, capacity 58
}

TEST(AllocateScenario, ShortModerationIsCountedAndExplained) {
  const Authority authority = gloucestershire(46);
  const AllocationResult result = allocate_month(authority, kMonth, Policy{}, 2022);
  EXPECT_TRUE(hard_rule_violations(authority, kMonth, Policy{}, result).empty());
  EXPECT_EQ(result.audits.size(), 52u);
  EXPECT_EQ(result.shortfalls.moderation.external_needed, 6);
  EXPECT_EQ(result.shortfalls.moderation.moderators_at_capacity.size(), 27u);
  EXPECT_THAT(result.shortfalls.moderation.fix,
              HasSubstr("6 more moderations are needed: buy 6 external moderations"));
}

}  // namespace
}  // namespace caseaudit
