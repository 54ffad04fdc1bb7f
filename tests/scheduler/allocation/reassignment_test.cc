// The reassignment rules (scheduler/allocation/reassignment.h) on one small
// hand-made authority: each rule excludes the person it should with its
// words, the candidates come best first with their reasons, and the advice
// names the smallest change when nobody can take the audit.
#include "scheduler/allocation/reassignment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "scheduler/allocation/roster.h"
#include "tests/scheduler/allocation/fixtures.h"

namespace caseaudit {
namespace {

using testing::AuthorityBuilder;
using ::testing::HasSubstr;

const Month kMonth{2027, 3};  // odd: a bi-monthly "even" auditor is off rota

class ReassignmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Id service = b_.service("Safeguarding");
    child_team_ = b_.team("Assessment 1", service);
    other_team_ = b_.team("Fostering 2", service);
    current_ = b_.auditor("Cara Current", Role::kAdvancedPractitioner, other_team_);
    child_ = b_.child(child_team_);
    other_child_ = b_.child(other_team_);
    audit_id_ = allocated(child_, current_);
  }

  // An allocated audit of kMonth; its id.
  Id allocated(Id child_id, Id auditor_id) {
    b_.audit(kMonth, child_id, auditor_id);
    Audit& audit = b_.mutable_authority().audits.back();
    audit.status = AuditStatus::kAllocated;
    return audit.id;
  }

  const Audit& target() const { return b_.authority().audits.at(audit_id_ - 1); }

  ReassignOptions options(const Policy& policy = {}) const {
    const Roster roster(b_.authority(), kMonth, policy);
    return reassign_options(roster, target());
  }

  std::optional<ReassignRefusal> refusal(Id staff_id, const Policy& policy = {}) const {
    const Roster roster(b_.authority(), kMonth, policy);
    return reassign_refusal(roster, target(), roster.staff(staff_id));
  }

  static const ReassignExclusion* exclusion(const ReassignOptions& options, Id staff_id) {
    for (const ReassignExclusion& e : options.excluded) {
      if (e.staff_id == staff_id) return &e;
    }
    return nullptr;
  }

  AuthorityBuilder b_;
  Id child_team_ = 0, other_team_ = 0, current_ = 0, child_ = 0, other_child_ = 0, audit_id_ = 0;
};

TEST_F(ReassignmentTest, EachRuleExcludesItsPersonInItsWords) {
  const Id own = b_.auditor("Olu Own", Role::kAdvancedPractitioner, child_team_);
  const Id exempt = b_.auditor("Eve Exempt", Role::kAdvancedPractitioner, other_team_);
  b_.exempt(exempt, kMonth, ExemptionKind::kMaternityLeave);
  const Id off_rota = b_.auditor("Ola Rota", Role::kAdvancedPractitioner, other_team_);
  b_.staff(off_rota).audit_rota = {Cadence::kBimonthly, Parity::kEven};
  const Id inactive = b_.auditor("Ian Inactive", Role::kAdvancedPractitioner, other_team_);
  b_.staff(inactive).active = false;
  const Id untrained = b_.auditor("Una Untrained", Role::kSocialWorker, other_team_);
  b_.staff(untrained).auditor = false;
  const Id busy = b_.auditor("Bo Busy", Role::kAdvancedPractitioner, other_team_);
  allocated(other_child_, busy);
  const Id looped = b_.auditor("Lou Looped", Role::kAdvancedPractitioner, other_team_);
  b_.staff(looped).audit_quota = 2;
  allocated(child_, looped);
  const Id iro = b_.auditor("Ira Chair", Role::kIroCpChair, other_team_);
  const Id free = b_.auditor("Fay Free", Role::kAdvancedPractitioner, other_team_);

  const ReassignOptions all = options();
  ASSERT_EQ(all.candidates.size(), 1u);
  EXPECT_EQ(all.candidates[0].staff_id, free);
  EXPECT_EQ(all.candidates[0].team_name, "Fostering 2");
  EXPECT_EQ(all.candidates[0].reason,
            "Fay Free (advanced practitioner) is available in 2027-03, may audit a child of team "
            "Assessment 1 (not their own team) and has 0 of 1 audit this month; has not audited "
            "team Assessment 1 in the last 6 months.");
  EXPECT_FALSE(all.advice);
  EXPECT_EQ(all.excluded.size(), b_.authority().staff.size() - 1);

  const std::vector<std::pair<Id, std::pair<ReassignRule, std::string>>> expected{
      {current_, {ReassignRule::kCurrentAuditor, "Cara Current already audits this child"}},
      {own,
       {ReassignRule::kOwnTeam,
        "Olu Own may not audit a child of team Assessment 1 (not their own team)"}},
      {exempt,
       {ReassignRule::kUnavailable, "Eve Exempt cannot audit in 2027-03: exempt this month"}},
      {off_rota,
       {ReassignRule::kUnavailable,
        "Ola Rota cannot audit in 2027-03: bi-monthly auditor, off rota this month"}},
      {inactive, {ReassignRule::kUnavailable, "Ian Inactive cannot audit in 2027-03: not active"}},
      {untrained,
       {ReassignRule::kUnavailable,
        "Una Untrained cannot audit in 2027-03: not a trained auditor"}},
      {busy,
       {ReassignRule::kAtQuota, "Bo Busy already has 1 audit in 2027-03 (one audit a month)"}},
      {looped,
       {ReassignRule::kAlreadyAuditsChild,
        "Lou Looped already audits child LCS-1001 in 2027-03 (a looped child needs two "
        "auditors)"}},
      {iro,
       {ReassignRule::kOwnTeam,
        "Ira Chair audits only children they oversee as IRO/CP chair, and child LCS-1001 is "
        "not one of them"}},
  };
  for (const auto& [id, rule_and_reason] : expected) {
    const ReassignExclusion* found = exclusion(all, id);
    ASSERT_NE(found, nullptr) << id;
    EXPECT_EQ(found->rule, rule_and_reason.first) << found->reason;
    EXPECT_EQ(found->reason, rule_and_reason.second);
    // The single check says exactly the same.
    const auto refused = refusal(id);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->rule, found->rule);
    EXPECT_EQ(refused->reason, found->reason);
  }
  EXPECT_FALSE(refusal(free));
  // Nearest to eligible first: at quota, then the looped partner, ..., the current auditor last.
  EXPECT_EQ(all.excluded.front().staff_id, busy);
  EXPECT_EQ(all.excluded[1].staff_id, looped);
  EXPECT_EQ(all.excluded.back().staff_id, current_);
}

TEST_F(ReassignmentTest, CandidatesComeBestFirstWithWhatSpeaksForThem) {
  const Id recent = b_.auditor("Ann Recent", Role::kAdvancedPractitioner, other_team_);
  b_.audit(kMonth.plus(-2), b_.child(child_team_), recent);  // moderated history
  const Id court = b_.auditor("Zed Court", Role::kCourtConsultant, other_team_);
  const Id plain = b_.auditor("Bea Plain", Role::kAdvancedPractitioner, other_team_);
  b_.child_record(child_).court_proceedings = true;
  const Id head = b_.auditor("Hal Head", Role::kHeadOfService, child_team_);
  Policy policy;
  policy.own_team_by_role[Role::kHeadOfService] = OwnTeamRule::kAllowOwn;

  const ReassignOptions all = options(policy);
  std::vector<Id> order;
  for (const ReassignCandidate& c : all.candidates) order.push_back(c.staff_id);
  // Not back to a recent team first; among those, the court consultant for a court child.
  EXPECT_EQ(order, (std::vector<Id>{court, plain, head, recent}));
  EXPECT_THAT(all.candidates[0].reason,
              HasSubstr("a court consultant, for a child subject to court"));
  EXPECT_THAT(all.candidates[2].reason, HasSubstr("(their role may audit their own teams)"));
  EXPECT_THAT(all.candidates[3].reason,
              HasSubstr("audited team Assessment 1 in 2027-01, within the last 6 months"));
}

TEST_F(ReassignmentTest, AFullMonthAdvisesRaisingAQuotaForThisMonthOnly) {
  const Id busy = b_.auditor("Bo Busy", Role::kAdvancedPractitioner, other_team_);
  allocated(other_child_, busy);
  const Id off_rota = b_.auditor("Ola Rota", Role::kAdvancedPractitioner, other_team_);
  b_.staff(off_rota).audit_rota = {Cadence::kBimonthly, Parity::kEven};
  const ReassignOptions full = options();
  EXPECT_TRUE(full.candidates.empty());
  ASSERT_TRUE(full.advice);
  EXPECT_EQ(*full.advice,
            "Every auditor who may take it already has their audits in 2027-03: raise someone's "
            "quota for this month only, for example Bo Busy's from 1 to 2, then reassign to them "
            "and set the quota back after the month.");
  // Following the advice makes them a candidate.
  b_.staff(busy).audit_quota = 2;
  const ReassignOptions after = options();
  ASSERT_EQ(after.candidates.size(), 1u);
  EXPECT_EQ(after.candidates[0].staff_id, busy);
  EXPECT_FALSE(after.advice);
}

TEST_F(ReassignmentTest, WithNobodyAtQuotaTheAdviceIsTheRotaThenTheExemption) {
  const Id off_rota = b_.auditor("Ola Rota", Role::kAdvancedPractitioner, other_team_);
  b_.staff(off_rota).audit_rota = {Cadence::kBimonthly, Parity::kEven};
  const Id exempt = b_.auditor("Eve Exempt", Role::kAdvancedPractitioner, other_team_);
  b_.exempt(exempt, kMonth);
  ASSERT_TRUE(options().advice);
  EXPECT_THAT(*options().advice,
              HasSubstr("Ola Rota is a bi-monthly auditor off rota this month; changing their "
                        "audit rota"));
  b_.staff(off_rota).active = false;
  ASSERT_TRUE(options().advice);
  EXPECT_THAT(*options().advice, HasSubstr("Eve Exempt is exempt in 2027-03"));
  // Exempt AND off rota is two changes: no single change helps.
  b_.staff(exempt).audit_rota = {Cadence::kBimonthly, Parity::kEven};
  ASSERT_TRUE(options().advice);
  EXPECT_THAT(*options().advice, HasSubstr("Nobody can take it by one change"));
}

TEST_F(ReassignmentTest, OnlyOwnTeamAuditorsLeftMeansNoSingleChange) {
  b_.auditor("Olu Own", Role::kAdvancedPractitioner, child_team_);
  b_.auditor("Oma Own", Role::kTeamManager, child_team_);
  const ReassignOptions none = options();
  EXPECT_TRUE(none.candidates.empty());
  ASSERT_TRUE(none.advice);
  EXPECT_THAT(*none.advice, HasSubstr("2 people may not audit team Assessment 1"));
  EXPECT_THAT(*none.advice, HasSubstr("Withdraw the audit instead"));
}

TEST_F(ReassignmentTest, AWithdrawnAuditHoldsNoQuota) {
  const Id was_busy = b_.auditor("Wes Withdrawn", Role::kAdvancedPractitioner, other_team_);
  const Id withdrawn = allocated(other_child_, was_busy);
  b_.mutable_authority().audits.at(withdrawn - 1).status = AuditStatus::kWithdrawn;
  EXPECT_FALSE(refusal(was_busy));
}

}  // namespace
}  // namespace caseaudit
