// The impact follow-up's answers through the API (daemon/api/resources_impact.cc):
// a coordinator keys in the auditor's and the team manager's answers, reads
// them for a period with their counts; every refusal names the field and
// changes nothing.
#include "tests/daemon/api/api_fixture.h"
#include "tests/daemon/api/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class AfterImpactTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    const std::vector<Audit> january = commit_in_process(Month{2027, 1});
    ASSERT_GE(january.size(), 2u);
    const std::string path = "/v1/audits/" + std::to_string(january[0].id);
    ASSERT_EQ(post(path + "/submission",
                   R"({"overall_grade": "good", "domain_grades": {"Quality of plans": "good"}, )" +
                       kReturnAnswers + "}")
                  ->status,
              200);
    ASSERT_EQ(post(path + "/moderation",
                   R"({"moderated_grade": "good", "outcome": "completed_to_standard"})")
                  ->status,
              200);
    audit_ = audit(january[0].id);
    allocated_ = january[1];
    team_manager_ = in_tx([&](Transaction& tx) {
                      const Child child = *tx.caseload().find_child(audit_.child_id);
                      return tx.organisation().find_team(child.team_id)->team_manager_id;
                    }).value_or(0);
    ASSERT_NE(team_manager_, 0);
  }

  httplib::Result answer(Id audit_id, const json::object& body) {
    return post("/v1/audits/" + std::to_string(audit_id) + "/impact", json::serialize(body));
  }

  Audit audit_, allocated_;
  Id team_manager_ = 0;
};

TEST_P(AfterImpactTest, ACoordinatorKeysInAnswersAndReadsThemWithTheirCounts) {
  auto auditors = answer(audit_.id, {{"staff_id", audit_.auditor_id},
                                     {"answer", "partly"},
                                     {"what_changed", "The plan was updated"}});
  ASSERT_EQ(auditors->status, 201) << auditors->body;
  EXPECT_EQ(body_of(auditors).at("answered_on").as_string(), "2027-01-11");
  auto managers = answer(audit_.id, {{"staff_id", team_manager_}, {"answer", "no"}});
  ASSERT_EQ(managers->status, 201) << managers->body;

  auto listed = get("/v1/impact-responses?from=2027-01&to=2027-03");
  ASSERT_EQ(listed->status, 200) << listed->body;
  const json::value body = body_of(listed);
  EXPECT_EQ(body.at("counts"), json::parse(R"({"yes": 0, "partly": 1, "no": 1})"));
  const json::array& responses = body.at("responses").as_array();
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].at("staff_id").as_int64(), audit_.auditor_id);
  EXPECT_EQ(responses[0].at("what_changed").as_string(), "The plan was updated");
  EXPECT_EQ(body_of(get_as(viewer(), "/v1/impact-responses?from=2027-02&to=2027-02"))
                .at("responses")
                .as_array()
                .size(),
            0u);
  // The quarterly report counts them.
  auto quarter = get("/v1/reports/quarter?from=2027-01&to=2027-01");
  ASSERT_EQ(quarter->status, 200) << quarter->body;
  EXPECT_EQ(body_of(quarter).at("tables").at("impact").at(0).at("partly").as_int64(), 1);
  EXPECT_EQ(body_of(quarter).at("tables").at("impact").at(0).at("no").as_int64(), 1);
  EXPECT_EQ(body_of(quarter).at("tables").at("impact").at(0).at("audits").as_int64(), 1);
  EXPECT_EQ(body_of(get("/v1/reports/quarter?from=2027-02&to=2027-02"))
                .at("tables")
                .at("impact")
                .at(0)
                .at("audits")
                .as_int64(),
            0);
  const auto log = in_tx([&](Transaction& tx) {
    return tx.changes().find(
        ChangeFilter{.record_type = "audit", .record_id = std::to_string(audit_.id)});
  });
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].action, "audit.impact_response");
}

TEST_P(AfterImpactTest, RefusedAnswersNameTheFieldAndChangeNothing) {
  ASSERT_EQ(answer(audit_.id, {{"staff_id", audit_.auditor_id}, {"answer", "no"}})->status, 201);
  const std::string before = fingerprint();
  expect_error(answer(audit_.id, {{"staff_id", audit_.auditor_id}, {"answer", "no"}}), 409,
               "conflict", "staff_id");
  expect_error(answer(audit_.id, {{"staff_id", team_manager_}, {"answer", "maybe"}}), 400,
               "bad_request", "answer");
  expect_error(answer(audit_.id, {{"staff_id", team_manager_}, {"answer", "yes"}}), 422,
               "rule_violation", "what_changed");
  expect_error(answer(allocated_.id, {{"staff_id", allocated_.auditor_id}, {"answer", "no"}}), 422,
               "rule_violation", "audit_id");
  expect_error(answer(999999, {{"staff_id", team_manager_}, {"answer", "no"}}), 404, "not_found",
               "audit_id");
  expect_error(answer(audit_.id, {{"answer", "no"}}), 400, "bad_request", "staff_id");
  expect_error(
      answer(audit_.id, {{"staff_id", team_manager_}, {"answer", "no"}, {"colour", "red"}}), 400,
      "bad_request", "colour");
  expect_error(send_as(viewer(), "POST", "/v1/audits/" + std::to_string(audit_.id) + "/impact",
                       R"({"staff_id": 1, "answer": "no"})", "application/json"),
               403, "forbidden");
  expect_error(get("/v1/impact-responses?from=2027-01"), 400, "bad_request", "to");
  expect_error(get("/v1/impact-responses?from=2027-03&to=2027-01"), 422, "rule_violation", "to");
  EXPECT_EQ(fingerprint(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, AfterImpactTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
