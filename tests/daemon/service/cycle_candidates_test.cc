// reassignment_candidates (daemon/service/audits.h) against reassign_audit,
// on SQLite and PostgreSQL: every listed candidate is accepted by reassign
// and every excluded person is refused with the very same words; in a full
// month the advice is followed and then works.
#include <gtest/gtest.h>

#include "daemon/service/audits.h"
#include "daemon/service/staff.h"
#include "tests/daemon/service/cycle_service_fixture.h"
#include "tests/daemon/service/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleCandidatesServiceTest : public JanuaryServiceTest {
 protected:
  void SetUp() override {
    JanuaryServiceTest::SetUp();
    if (HasFatalFailure()) return;
    team_ = child(first_.child_id).team_id;
  }

  ReassignOptions candidates() { return reassignment_candidates(services(), first_.id); }

  Id team_ = 0;
};

TEST_P(CycleCandidatesServiceTest, EveryCandidateIsAcceptedAndEveryExclusionRefusedInItsWords) {
  add_auditor(other_team(team_), "Free One");
  add_auditor(other_team(team_), "Free Two");
  add_auditor(team_, "Own Team");
  const ReassignOptions options = candidates();
  ASSERT_GE(options.candidates.size(), 2u);
  ASSERT_FALSE(options.excluded.empty());
  EXPECT_FALSE(options.advice);

  const std::size_t changes = change_count();
  for (const ReassignExclusion& excluded : options.excluded) {
    try {
      reassign_audit(services(), caller(), first_.id, excluded.staff_id, "try");
      ADD_FAILURE() << excluded.name << " was listed as excluded but reassign accepted them";
    } catch (const RuleViolation& refusal) {
      EXPECT_EQ(refusal.field(), "auditor_id");
      EXPECT_EQ(std::string(refusal.what()), excluded.reason);
    }
  }
  EXPECT_EQ(audit(first_.id), first_);
  EXPECT_EQ(change_count(), changes);

  for (const ReassignCandidate& candidate : options.candidates) {
    const AuditRow moved =
        reassign_audit(services(), caller(), first_.id, candidate.staff_id, "cover");
    EXPECT_EQ(moved.audit.auditor_id, candidate.staff_id) << candidate.reason;
    // Back to where it was, so that the next candidate meets the same month.
    reassign_audit(services(), caller(), first_.id, first_.auditor_id, "back");
  }
  EXPECT_EQ(audit(first_.id).auditor_id, first_.auditor_id);
  EXPECT_EQ(change_count(), changes + 2 * options.candidates.size());
}

TEST_P(CycleCandidatesServiceTest, AFullMonthAdvisesAQuotaAndTheAdviceWorks) {
  // A full month: whoever is still free leaves (inactive), so every auditor
  // who may take the audit already has theirs.
  ReassignOptions full = candidates();
  for (const ReassignCandidate& candidate : full.candidates) {
    update_staff(services(), candidate.staff_id, StaffChanges{.active = false}, caller());
  }
  full = candidates();
  ASSERT_TRUE(full.candidates.empty());
  ASSERT_TRUE(full.advice);
  EXPECT_NE(full.advice->find("raise someone's quota for this month only"), std::string::npos)
      << *full.advice;
  // The person the advice names, at quota, is the first excluded one.
  ASSERT_FALSE(full.excluded.empty());
  const ReassignExclusion& nearest = full.excluded.front();
  EXPECT_EQ(nearest.rule, ReassignRule::kAtQuota);
  EXPECT_NE(full.advice->find(nearest.name), std::string::npos) << *full.advice;

  update_staff(services(), nearest.staff_id,
               StaffChanges{.audit_quota = std::optional<std::int64_t>(2)}, caller());
  const ReassignOptions after = candidates();
  ASSERT_EQ(after.candidates.size(), 1u);
  EXPECT_EQ(after.candidates[0].staff_id, nearest.staff_id);
  EXPECT_FALSE(after.advice);
  EXPECT_EQ(reassign_audit(services(), caller(), first_.id, nearest.staff_id, "quota raised")
                .audit.auditor_id,
            nearest.staff_id);
}

TEST_P(CycleCandidatesServiceTest, OnlyAnAllocatedAuditOfAnOpenMonthHasCandidates) {
  expect_refused<NotFound>([&] { reassignment_candidates(services(), 999999); }, "id");
  submit_audit(
      services(), caller(), first_.id,
      answered({.overall = Grade::kGood, .domains = {{"Quality of plans", Grade::kGood}}}));
  expect_refused<Conflict>([&] { candidates(); }, "status", "only an allocated audit");
  const Audit second = audits(kJanuary).back();
  ASSERT_NE(second.id, first_.id);
  allocation_->close_month(kJanuary, "test:setup", kCallerAt);
  expect_refused<Conflict>([&] { reassignment_candidates(services(), second.id); }, "month",
                           "month 2027-01 is closed");
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleCandidatesServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
