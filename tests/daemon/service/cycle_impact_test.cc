// daemon/service/impact.h called directly, on SQLite and PostgreSQL: the
// auditor and the child's team manager each answer a moderated audit's impact
// follow-up once, logged; a refused answer names the field and stores
// nothing; the answers are read back by the audits' months.
#include <gtest/gtest.h>

#include "daemon/service/audits.h"
#include "daemon/service/impact.h"
#include "tests/daemon/service/cycle_service_fixture.h"
#include "tests/daemon/service/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleImpactServiceTest : public JanuaryServiceTest {
 protected:
  void SetUp() override {
    JanuaryServiceTest::SetUp();
    if (HasFatalFailure()) return;
    submit_audit(
        services(), caller(), first_.id,
        answered({.overall = Grade::kGood, .domains = {{"Quality of plans", Grade::kGood}}}));
    audit_ = moderate_audit(services(), caller(), first_.id,
                            {.grade = Grade::kGood, .outcome = AuditOutcome::kCompletedToStandard})
                 .audit;
    team_manager_ = in_tx([&](Transaction& tx) {
      const Child child = *tx.caseload().find_child(audit_.child_id);
      return tx.organisation().find_team(child.team_id)->team_manager_id;
    });
    ASSERT_TRUE(team_manager_);
    ASSERT_NE(*team_manager_, audit_.auditor_id);
  }

  std::vector<ImpactResponse> answers() { return impact_responses(services(), kJanuary, kJanuary); }

  Audit audit_;
  std::optional<Id> team_manager_;
};

TEST_P(CycleImpactServiceTest, TheAuditorAndTheTeamManagerEachAnswerOnceLogged) {
  const ImpactResponse auditors =
      record_impact_response(services(), caller(),
                             {.audit_id = audit_.id,
                              .staff_id = audit_.auditor_id,
                              .answer = ImpactAnswer::kYes,
                              .what_changed = "The plan now names who visits weekly"});
  EXPECT_GT(auditors.id, 0);
  EXPECT_EQ(auditors.answered_on, parse_date("2027-01-11"));
  const ImpactResponse managers = record_impact_response(
      services(), caller(),
      {.audit_id = audit_.id, .staff_id = *team_manager_, .answer = ImpactAnswer::kNo});
  EXPECT_EQ(answers(), (std::vector<ImpactResponse>{auditors, managers}));
  EXPECT_TRUE(impact_responses(services(), kJanuary.next(), kJanuary.next()).empty());

  const std::vector<ChangeRecord> rows = changes_of("audit", std::to_string(audit_.id));
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].action, "audit.impact_response");
  EXPECT_EQ(rows[0].actor, "test:coordinator");
  EXPECT_NE(rows[0].after_json.find("\"answer\":\"no\""), std::string::npos);

  const std::string before = fingerprint();
  expect_refused<Conflict>(
      [&] {
        record_impact_response(
            services(), caller(),
            {.audit_id = audit_.id, .staff_id = audit_.auditor_id, .answer = ImpactAnswer::kNo});
      },
      "staff_id", "answered the impact follow-up");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CycleImpactServiceTest, ARefusedAnswerNamesTheFieldAndStoresNothing) {
  const std::string before = fingerprint();
  const NewImpactResponse fine{.audit_id = audit_.id,
                               .staff_id = audit_.auditor_id,
                               .answer = ImpactAnswer::kPartly,
                               .what_changed = "A referral was made"};
  auto refused = [&](auto change, auto error_type, const std::string& field,
                     const std::string& words) {
    NewImpactResponse answer = fine;
    change(answer);
    expect_refused<decltype(error_type)>(
        [&] { record_impact_response(services(), caller(), answer); }, field, words);
  };
  refused([&](NewImpactResponse& a) { a.audit_id = second_.id; }, RuleViolation(""), "audit_id",
          "asks about a moderated audit");
  refused([](NewImpactResponse& a) { a.audit_id = 999999; }, NotFound(""), "audit_id", "");
  refused([](NewImpactResponse& a) { a.staff_id = 999999; }, NotFound(""), "staff_id", "");
  const Id someone_else = in_tx([&](Transaction& tx) {
    for (const Staff& person : tx.organisation().load().staff) {
      if (person.id != audit_.auditor_id && person.id != *team_manager_) return person.id;
    }
    return Id{0};
  });
  refused([&](NewImpactResponse& a) { a.staff_id = someone_else; }, RuleViolation(""), "staff_id",
          "neither the audit's auditor nor the team manager");
  refused([](NewImpactResponse& a) { a.what_changed = "  \n"; }, RuleViolation(""), "what_changed",
          "say what changed");
  refused([](NewImpactResponse& a) { a.what_changed = std::string(kMaxWhatChanged + 1, 'x'); },
          RuleViolation(""), "what_changed", "at most");
  refused([](NewImpactResponse& a) { a.answered_on = parse_date("2027-01-12"); }, RuleViolation(""),
          "answered_on", "in the future");
  refused([](NewImpactResponse& a) { a.answered_on = parse_date("2027-01-01"); }, RuleViolation(""),
          "answered_on", "before the audit was moderated");
  expect_refused<RuleViolation>([&] { impact_responses(services(), kJanuary.next(), kJanuary); },
                                "to", "before from");
  EXPECT_EQ(fingerprint(), before);
  EXPECT_TRUE(answers().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleImpactServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
