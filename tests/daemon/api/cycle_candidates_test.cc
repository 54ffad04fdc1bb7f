// GET /v1/audits/{id}/candidates, served for real on SQLite and PostgreSQL:
// who may take an audit and why; every candidate is accepted by POST
// /v1/audits/{id}/reassign and every excluded person refused with 422 and
// the very same words (changing nothing); a full month gets advice.
#include "tests/daemon/api/cycle_fixture.h"
#include "tests/daemon/api/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleCandidatesTest : public CycleTest {
 protected:
  void SetUp() override {
    CycleTest::SetUp();
    commit_january();
    first_ = audits_in(kJanuary).front();
    team_ = child(first_.child_id).team_id;
  }

  std::string path(const std::string& action) const {
    return "/v1/audits/" + std::to_string(first_.id) + "/" + action;
  }

  json::object candidates() { return viewer_json(path("candidates")).as_object(); }

  httplib::Result reassign(std::int64_t auditor_id, const std::string& reason = "cover") {
    return post(path("reassign"),
                json::serialize(json::object{{"auditor_id", auditor_id}, {"reason", reason}}));
  }

  Audit first_;
  Id team_ = 0;
};

TEST_P(CycleCandidatesTest, CandidatesAreAcceptedAndExclusionsRefusedInTheSameWords) {
  const Id free = add_auditor(other_team(team_), "Free Auditor");
  add_auditor(team_, "Own Team");
  const json::object body = candidates();
  EXPECT_EQ(body.at("audit_id").as_int64(), first_.id);
  EXPECT_TRUE(body.at("advice").is_null());
  const json::array& listed = body.at("candidates").as_array();
  const json::array& excluded = body.at("excluded").as_array();
  ASSERT_FALSE(listed.empty());
  ASSERT_FALSE(excluded.empty());
  bool saw_free = false;
  for (const json::value& c : listed) {
    EXPECT_FALSE(c.at("name").as_string().empty());
    EXPECT_FALSE(c.at("reason").as_string().empty());
    EXPECT_TRUE(c.as_object().contains("team_name"));
    saw_free = saw_free || c.at("staff_id").as_int64() == free;
  }
  EXPECT_TRUE(saw_free);
  bool saw_own_team = false;
  for (const json::value& e : excluded) {
    saw_own_team = saw_own_team || (e.at("name").as_string() == "Own Team" &&
                                    e.at("rule").as_string() == "own_team");
  }
  EXPECT_TRUE(saw_own_team);

  const std::string before = fingerprint();
  for (const json::value& e : excluded) {
    auto refused = reassign(e.at("staff_id").as_int64());
    expect_error(refused, 422, "rule_violation", "auditor_id");
    EXPECT_EQ(body_of(refused).at("error").at("message").as_string(), e.at("reason").as_string());
  }
  EXPECT_EQ(fingerprint(), before);

  for (const json::value& c : listed) {
    auto moved = reassign(c.at("staff_id").as_int64());
    ASSERT_EQ(moved->status, 200) << c.at("name").as_string() << ": " << moved->body;
    EXPECT_EQ(body_of(moved).at("auditor_id").as_int64(), c.at("staff_id").as_int64());
    ASSERT_EQ(reassign(first_.auditor_id, "back")->status, 200);
  }
}

TEST_P(CycleCandidatesTest, AFullMonthSaysWhyAndTheSmallestFix) {
  for (const json::value& c : candidates().at("candidates").as_array()) {
    auto left =
        patch("/v1/staff/" + std::to_string(c.at("staff_id").as_int64()), R"({"active": false})");
    ASSERT_EQ(left->status, 200) << left->body;
  }
  const json::object full = candidates();
  EXPECT_TRUE(full.at("candidates").as_array().empty());
  ASSERT_TRUE(full.at("advice").is_string());
  EXPECT_THAT(std::string(full.at("advice").as_string()),
              HasSubstr("raise someone's quota for this month only"));
  const json::value& nearest = full.at("excluded").as_array().at(0);
  EXPECT_EQ(nearest.at("rule").as_string(), "at_quota");
  EXPECT_THAT(std::string(nearest.at("reason").as_string()), HasSubstr("already has 1 audit"));
}

TEST_P(CycleCandidatesTest, RefusalsNameTheFieldAndChangeNothing) {
  const std::string before = fingerprint();
  expect_error(get("/v1/audits/999999/candidates"), 404, "not_found", "id");
  expect_error(get("/v1/audits/abc/candidates"), 400, "bad_request", "id");
  expect_error(get(path("candidates") + "?auditor_id=3"), 400, "bad_request", "auditor_id");
  auto anonymous = client().Get(path("candidates").c_str());
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(fingerprint(), before);

  ASSERT_EQ(post(path("submission"),
                 R"({"overall_grade": "good", "domain_grades": {"Supervision": "good"}, )" +
                     kReturnAnswers + "}")
                ->status,
            200);
  expect_error(get(path("candidates")), 409, "conflict", "status");
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleCandidatesTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
