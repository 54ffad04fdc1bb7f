// GET /v1/classifications and POST /v1/audits/{id}/classification on SQLite
// and PostgreSQL: an Inadequate audit stays on the list, with names beside
// the ids, until classified; every refused request leaves the fingerprint
// as it was.
#include "tests/daemon/api/api_fixture.h"
#include "tests/daemon/api/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class AfterClassificationsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    const std::vector<Audit> january = commit_in_process(kJanuary);
    ASSERT_GE(january.size(), 2u);
    inadequate_ = january[0];
    good_ = january[1];
    submit(inadequate_, "inadequate");
    submit(good_, "good");
  }

  void submit(const Audit& audit, const std::string& grade) {
    auto result =
        post("/v1/audits/" + std::to_string(audit.id) + "/submission",
             R"({"overall_grade": ")" + grade + R"(", "domain_grades": {"Quality of plans": ")" +
                 grade + R"("}, )" + kReturnAnswers + "}");
    ASSERT_EQ(result->status, 200) << result->body;
  }

  httplib::Result classify(const Audit& audit, const std::string& body) {
    return post("/v1/audits/" + std::to_string(audit.id) + "/classification", body);
  }

  json::array awaiting() {
    return body_of(get_as(viewer(), "/v1/classifications")).at("audits").as_array();
  }

  Audit inadequate_, good_;
};

TEST_P(AfterClassificationsTest, TheInadequateAuditIsListedWithNamesUntilClassified) {
  const json::array listed = awaiting();
  ASSERT_EQ(listed.size(), 1u);
  const json::object& row = listed[0].as_object();
  EXPECT_EQ(row.at("id").as_int64(), inadequate_.id);
  EXPECT_EQ(row.at("case_reference").as_string(), child(inadequate_.child_id).case_reference);
  EXPECT_FALSE(row.at("auditor_name").is_null());
  EXPECT_FALSE(row.at("team_name").is_null());
  EXPECT_TRUE(row.at("awaits_classification").as_bool());

  auto classified = classify(inadequate_, R"({"classification": "category_2"})");
  ASSERT_EQ(classified->status, 200) << classified->body;
  const json::value body = body_of(classified);
  EXPECT_EQ(body.at("audit").at("classification").as_string(), "category_2");
  EXPECT_EQ(body.at("concern").at("category").as_int64(), 2);
  EXPECT_EQ(body.at("concern").at("audit_id").as_int64(), inadequate_.id);
  EXPECT_TRUE(awaiting().empty());
  const auto rows = changes_of("audit", std::to_string(inadequate_.id));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].action, "audit.classify");
  EXPECT_EQ(rows[0].actor, "qa-coordinator");
}

TEST_P(AfterClassificationsTest, NoConcernWithTheReason) {
  auto result = classify(inadequate_, R"({"classification": "no_concern",
                                          "reason": "the plan was updated the same week"})");
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_TRUE(body_of(result).at("concern").is_null());
  EXPECT_EQ(body_of(result).at("audit").at("classification_reason").as_string(),
            "the plan was updated the same week");
  EXPECT_TRUE(awaiting().empty());
}

TEST_P(AfterClassificationsTest, RefusedClassificationsNameTheFieldAndChangeNothing) {
  const std::string before = fingerprint();
  expect_error(classify(inadequate_, R"({"classification": "no_concern"})"), 400, "bad_request",
               "reason");
  expect_error(classify(inadequate_, R"({"classification": "category_3"})"), 400, "bad_request",
               "classification");
  expect_error(classify(inadequate_, R"({})"), 400, "bad_request", "classification");
  expect_error(classify(inadequate_, R"({"classification": "category_1", "note": "x"})"), 400,
               "bad_request", "note");
  expect_error(classify(good_, R"({"classification": "category_2"})"), 422, "rule_violation", "id");
  const Audit allocated = audits_in(kJanuary).at(2);
  auto ungraded = classify(allocated, R"({"classification": "category_2"})");
  expect_error(ungraded, 422, "rule_violation", "id");
  EXPECT_THAT(ungraded->body, HasSubstr("a concern needs a graded audit"));
  expect_error(post("/v1/audits/999999/classification", R"({"classification": "category_2"})"), 404,
               "not_found", "id");
  expect_error(
      send_as(viewer(), "POST", "/v1/audits/" + std::to_string(inadequate_.id) + "/classification",
              R"({"classification": "category_2"})", "application/json"),
      403, "forbidden");
  EXPECT_EQ(fingerprint(), before);

  ASSERT_EQ(classify(inadequate_, R"({"classification": "category_1"})")->status, 200);
  const std::string classified = fingerprint();
  expect_error(classify(inadequate_, R"({"classification": "category_2"})"), 409, "conflict",
               "classification");
  EXPECT_EQ(fingerprint(), classified);
}

TEST_P(AfterClassificationsTest, Category2OverAnOpenCategory1SaysSoInTheResponse) {
  in_tx([&](Transaction& tx) {
    return tx.follow_up().insert_concern(
        {.child_id = inadequate_.child_id, .category = 1, .raised_on = parse_date("2027-01-04")});
  });
  auto result = classify(inadequate_, R"({"classification": "category_2"})");
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_THAT(std::string(body_of(result).at("concern").at("open_category_1").as_string()),
              HasSubstr("open category 1 case of concern"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AfterClassificationsTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
