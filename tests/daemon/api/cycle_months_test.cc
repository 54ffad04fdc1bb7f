// /v1/months/{month}: allocation preview and commit, the run's status, the
// month's audits and the month report, on SQLite and PostgreSQL.
#include <set>

#include "scheduler/allocation/roster.h"
#include "tests/daemon/api/cycle_fixture.h"
#include "tests/daemon/api/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class CycleMonthsTest : public CycleTest {};

TEST_P(CycleMonthsTest, PreviewExplainsAndWritesNothing) {
  const std::string before = fingerprint();
  auto result = post("/v1/months/2027-01/allocation?dry_run=1&seed=7");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const json::object body = body_of(result).as_object();
  EXPECT_TRUE(body.at("dry_run").as_bool());
  EXPECT_EQ(body.at("seed").to_number<std::uint64_t>(), 7u);
  EXPECT_EQ(body.at("added").as_int64(), 0);
  const json::array& audits = body.at("audits").as_array();
  ASSERT_FALSE(audits.empty());
  EXPECT_FALSE(audits[0].at("explanation").as_string().empty());
  EXPECT_TRUE(body.at("shortfalls").as_object().contains("summary"));
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CycleMonthsTest, CommitStoresTheAuditsOnceWithOneChangeRow) {
  const json::object first = commit_january();
  EXPECT_FALSE(first.at("dry_run").as_bool());
  const std::int64_t added = first.at("added").as_int64();
  ASSERT_GT(added, 0);
  EXPECT_EQ(static_cast<std::int64_t>(audits_in(kJanuary).size()), added);
  const auto rows = changes_of("allocation_run", "2027-01");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "allocation.commit");
  EXPECT_EQ(rows[0].actor, "qa-coordinator");

  const std::string before = fingerprint();
  const json::object second = commit_january();
  EXPECT_EQ(second.at("added").as_int64(), 0);
  EXPECT_EQ(second.at("already_committed").as_int64(), added);
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CycleMonthsTest, MonthStatusIsPlannedThenAllocated) {
  auto planned = get("/v1/months/2027-01");
  ASSERT_TRUE(planned);
  ASSERT_EQ(planned->status, 200) << planned->body;
  EXPECT_EQ(body_of(planned).at("status").as_string(), "planned");
  EXPECT_TRUE(body_of(planned).at("seed").is_null());

  const std::int64_t added = commit_january().at("added").as_int64();
  auto allocated = get_as(viewer(), "/v1/months/2027-01");
  ASSERT_EQ(allocated->status, 200) << allocated->body;
  const json::value body = body_of(allocated);
  EXPECT_EQ(body.at("status").as_string(), "allocated");
  EXPECT_EQ(body.at("seed").as_int64(), 202701);
  EXPECT_EQ(body.at("audits").at("allocated").as_int64(), added);
  EXPECT_EQ(body.at("audits").at("submitted").as_int64(), 0);
  EXPECT_EQ(body.at("audits").at("nil_return").as_int64(), 0);
}

TEST_P(CycleMonthsTest, AfterTheCloseNilReturnsAreNotCountedAsAllocated) {
  const std::int64_t added = commit_january().at("added").as_int64();
  ASSERT_GT(added, 1);
  const Audit submitted = audits_in(kJanuary).front();
  ASSERT_EQ(post("/v1/audits/" + std::to_string(submitted.id) + "/submission",
                 R"({"overall_grade": "good", "domain_grades": {"Quality of plans": "good"}, )" +
                     kReturnAnswers + "}")
                ->status,
            200);
  wiring_->allocation().close_month(kJanuary, "test:setup", clock_.now());

  auto result = get("/v1/months/2027-01");
  ASSERT_EQ(result->status, 200) << result->body;
  const json::value body = body_of(result);
  EXPECT_EQ(body.at("status").as_string(), "closed");
  EXPECT_EQ(body.at("audits").at("allocated").as_int64(), 0) << result->body;
  EXPECT_EQ(body.at("audits").at("nil_return").as_int64(), added - 1);
  EXPECT_EQ(body.at("audits").at("submitted").as_int64(), 1);
}

TEST_P(CycleMonthsTest, ACoordinatorSetsTheMonthLoopedBeforeItsCommit) {
  std::string before = fingerprint();
  expect_error(send_as(viewer(), "PUT", "/v1/months/2027-01/mode", R"({"looped": true})",
                       "application/json"),
               403, "forbidden");
  expect_error(send_as(coordinator(), "PUT", "/v1/months/2027-01/mode", R"({"looped": "yes"})",
                       "application/json"),
               400, "bad_request", "looped");
  expect_error(send_as(coordinator(), "PUT", "/v1/months/2027-01/mode", "{}", "application/json"),
               400, "bad_request", "looped");
  EXPECT_EQ(fingerprint(), before);

  auto set = send_as(coordinator(), "PUT", "/v1/months/2027-01/mode", R"({"looped": true})",
                     "application/json");
  ASSERT_EQ(set->status, 200) << set->body;
  EXPECT_EQ(body_of(set).at("status").as_string(), "planned");
  EXPECT_TRUE(body_of(set).at("looped").as_bool());
  const auto rows = changes_of("allocation_run", "2027-01");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "allocation.mode");
  EXPECT_EQ(rows[0].actor, "qa-coordinator");
  EXPECT_TRUE(body_of(get("/v1/months/2027-01")).at("looped").as_bool());

  auto preview = post("/v1/months/2027-01/allocation?dry_run=1");
  ASSERT_EQ(preview->status, 200) << preview->body;
  EXPECT_TRUE(body_of(preview).at("looped").as_bool());
  const json::object committed = commit_january();
  EXPECT_TRUE(committed.at("looped").as_bool());
  EXPECT_FALSE(committed.at("audits").as_array()[0].at("loop_group").is_null());

  before = fingerprint();
  expect_error(send_as(coordinator(), "PUT", "/v1/months/2027-01/mode", R"({"looped": false})",
                       "application/json"),
               409, "conflict", "looped");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CycleMonthsTest, MonthAuditsCarryTheChildAndFilter) {
  commit_january();
  auto all = get_as(viewer(), "/v1/months/2027-01/audits");
  ASSERT_EQ(all->status, 200) << all->body;
  const json::array rows = body_of(all).at("audits").as_array();
  ASSERT_EQ(rows.size(), audits_in(kJanuary).size());
  const json::object& first = rows[0].as_object();
  const Child first_child = child(first.at("child_id").as_int64());
  EXPECT_EQ(first.at("case_reference").as_string(), first_child.case_reference);
  EXPECT_EQ(first.at("team_id").as_int64(), first_child.team_id);

  auto count_where = [&](const char* key, const json::value& value) {
    return std::count_if(rows.begin(), rows.end(),
                         [&](const json::value& row) { return row.at(key) == value; });
  };
  auto filtered = [&](const std::string& query) {
    auto result = get("/v1/months/2027-01/audits?" + query);
    EXPECT_EQ(result->status, 200) << result->body;
    return body_of(result).at("audits").as_array();
  };
  const json::array by_team = filtered("team_id=" + std::to_string(first_child.team_id));
  EXPECT_EQ(static_cast<long>(by_team.size()), count_where("team_id", first.at("team_id")));
  for (const auto& row : by_team) EXPECT_EQ(row.at("team_id"), first.at("team_id"));

  const json::array by_auditor = filtered("auditor_id=" + json::serialize(first.at("auditor_id")));
  EXPECT_EQ(static_cast<long>(by_auditor.size()),
            count_where("auditor_id", first.at("auditor_id")));

  const json::value moderator = first.at("moderator_id");
  if (!moderator.is_null()) {
    const json::array by_moderator = filtered("moderator_id=" + json::serialize(moderator));
    EXPECT_EQ(static_cast<long>(by_moderator.size()), count_where("moderator_id", moderator));
  }
  EXPECT_EQ(filtered("status=allocated").size(), rows.size());
  EXPECT_TRUE(filtered("status=submitted").empty());
  EXPECT_TRUE(filtered("team_id=1&status=moderated").empty());
}

TEST_P(CycleMonthsTest, BadMonthStringsAreRefusedNamingMonth) {
  commit_january();
  const std::string before = fingerprint();
  for (const char* month : {"2027-13", "27-01", "2027-1", "2027-00", "1999-12", "2027-01x"}) {
    SCOPED_TRACE(month);
    const std::string base = std::string("/v1/months/") + month;
    expect_error(get(base), 400, "bad_request", "month");
    expect_error(get(base + "/audits"), 400, "bad_request", "month");
    expect_error(get(base + "/report"), 400, "bad_request", "month");
    expect_error(post(base + "/allocation"), 400, "bad_request", "month");
  }
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CycleMonthsTest, BadFiltersAreRefusedNamingThem) {
  expect_error(get("/v1/months/2027-01/audits?status=done"), 400, "bad_request", "status");
  expect_error(get("/v1/months/2027-01/audits?team_id=x"), 400, "bad_request", "team_id");
  expect_error(get("/v1/months/2027-01/audits?team=1"), 400, "bad_request", "team");
}

TEST_P(CycleMonthsTest, RefusedAllocationsChangeNothing) {
  const std::string before = fingerprint();
  expect_error(send_as(viewer(), "POST", "/v1/months/2027-01/allocation", "", "application/json"),
               403, "forbidden");
  expect_error(post("/v1/months/2027-01/allocation", "{"), 400, "bad_request", "body");
  expect_error(post("/v1/months/2027-01/allocation", R"({"pin": []})"), 400, "bad_request", "pin");
  expect_error(post("/v1/months/2027-01/allocation", R"({"pins": {}})"), 400, "bad_request",
               "pins");
  expect_error(post("/v1/months/2027-01/allocation", R"({"pins": [{"auditor_email": 3}]})"), 400,
               "bad_request", "pins[0].auditor_email");
  expect_error(post("/v1/months/2027-01/allocation?dryrun=1"), 400, "bad_request", "dryrun");
  expect_error(post("/v1/months/2027-01/allocation?seed=-4"), 400, "bad_request", "seed");
  expect_error(post("/v1/months/2027-01/allocation",
                    R"({"pins": [{"auditor_email": "nobody@x", "case_reference": "CR-1",
                        "reason": "r"}]})"),
               404, "not_found", "pin");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CycleMonthsTest, APinIsHonouredWithItsReason) {
  const auto [email, reference] = in_tx([this](Transaction& tx) {
    const Authority authority = tx.load_authority();
    const Roster roster(authority, kJanuary, Policy{});
    const Staff& auditor = roster.staff(roster.available_auditors().front());
    const Child& child =
        *std::find_if(authority.children.begin(), authority.children.end(),
                      [&](const Child& c) { return c.open && roster.may_audit(auditor, c); });
    return std::make_pair(auditor.email, child.case_reference);
  });
  const std::string body =
      json::serialize(json::object{{"pins", json::array{json::object{{"auditor_email", email},
                                                                     {"case_reference", reference},
                                                                     {"reason", kNastyReason}}}}});
  auto result = post("/v1/months/2027-01/allocation", body);
  ASSERT_EQ(result->status, 200) << result->body;
  const std::vector<Audit> audits = audits_in(kJanuary);
  const auto pinned = std::find_if(audits.begin(), audits.end(),
                                   [](const Audit& a) { return a.pin_reason.has_value(); });
  ASSERT_NE(pinned, audits.end());
  EXPECT_EQ(*pinned->pin_reason, kNastyReason);
  EXPECT_EQ(child(pinned->child_id).case_reference, reference);
}

TEST_P(CycleMonthsTest, AClosedMonthRefusesAllocationWith409) {
  commit_january();
  wiring_->allocation().close_month(kJanuary, "test", clock_.now());
  const std::string before = fingerprint();
  auto result = post("/v1/months/2027-01/allocation");
  expect_error(result, 409, "conflict", "month");
  EXPECT_THAT(result->body, HasSubstr("closed"));
  expect_error(post("/v1/months/2027-01/allocation?dry_run=1"), 409, "conflict", "month");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(CycleMonthsTest, ReportCountsTheMonthAsItsAuditsStand) {
  const json::object committed = commit_january();
  const Audit first = audits_in(kJanuary).front();
  const std::string path = "/v1/audits/" + std::to_string(first.id);
  ASSERT_EQ(post(path + "/submission",
                 R"({"overall_grade": "good", "domain_grades": {"Quality of plans": "good",
                     "Quality of assessment": "requires_improvement"}, )" +
                     kReturnAnswers + "}")
                ->status,
            200);
  ASSERT_EQ(post(path + "/moderation",
                 R"({"moderated_grade": "outstanding", "outcome": "completed_to_standard"})")
                ->status,
            200);

  auto result = get_as(viewer(), "/v1/months/2027-01/report");
  ASSERT_EQ(result->status, 200) << result->body;
  const json::value report = body_of(result);
  EXPECT_EQ(report.at("as_of").as_string(), "2027-01-11");
  const json::value& completion = report.at("completion");
  EXPECT_EQ(completion.at("available_auditors"), committed.at("available_auditors"));
  EXPECT_EQ(completion.at("allocated"), committed.at("added"));
  EXPECT_EQ(completion.at("submitted").as_int64(), 1);
  EXPECT_EQ(completion.at("moderated").as_int64(), 1);
  EXPECT_EQ(completion.at("completed_to_standard").as_int64(), 1);
  EXPECT_EQ(completion.at("auditors_completed").as_int64(), 1);
  const json::value& overall = report.at("grades").at("overall");
  EXPECT_EQ(overall.at("graded").as_int64(), 1);
  EXPECT_EQ(overall.at("counts").at("outstanding").as_int64(), 1);
  EXPECT_DOUBLE_EQ(overall.at("shares").at("outstanding").as_double(), 1.0);
  EXPECT_EQ(report.at("grades")
                .at("domains")
                .at("Quality of assessment")
                .at("counts")
                .at("requires_improvement"),
            json::value(1));
  EXPECT_EQ(report.at("moderator_effect").at("upgraded").as_int64(), 1);
  EXPECT_EQ(report.at("moderator_effect").at("downgraded").as_int64(), 0);
  EXPECT_GT(report.at("teams").at("covered").as_int64(), 0);
  EXPECT_EQ(report.at("teams").at("completed").as_int64(), 1);
  EXPECT_TRUE(report.at("concerns").at("open").is_int64());
}

TEST_P(CycleMonthsTest, ReportOfAHistoryMonthHasGrades) {
  auto result = get("/v1/months/2026-12/report");
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_GT(body_of(result).at("grades").at("overall").at("graded").as_int64(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, CycleMonthsTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
