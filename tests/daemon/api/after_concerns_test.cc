// Cases of concern (daemon/api/resources_concerns.cc): raised from an audit,
// updated monthly, resolved; category 1 wakes the reminder rules at once; every
// refusal changes nothing.
#include <atomic>

#include "notifier/due_runner.h"
#include "notifier/templates.h"
#include "tests/daemon/api/api_fixture.h"
#include "tests/daemon/api/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

using ::testing::Contains;

class AfterConcernsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    const Id first = commit_in_process(Month{2027, 1}).front().id;
    // A concern needs a graded audit.
    EXPECT_EQ(post("/v1/audits/" + std::to_string(first) + "/submission",
                   R"({"overall_grade": "requires_improvement",
                       "domain_grades": {"Quality of plans": "requires_improvement"}, )" +
                       kReturnAnswers + "}")
                  ->status,
              200);
    audit_ = audit(first);
    wiring_->services().wake_reminders = [this] { ++wakes_; };
  }

  httplib::Result raise(int category, const std::string& extra = {}) {
    return post("/v1/concerns", R"({"audit_id": )" + std::to_string(audit_.id) +
                                    R"(, "category": )" + std::to_string(category) + extra + "}");
  }
  Id raised(int category, const std::string& extra = {}) {
    auto result = raise(category, extra);
    EXPECT_EQ(result->status, 201) << result->body;
    return body_of(result).at("id").as_int64();
  }
  static std::string concern_path(Id id, const std::string& suffix = {}) {
    return "/v1/concerns/" + std::to_string(id) + suffix;
  }
  httplib::Result update(Id id, const std::string& month, const std::string& note = "seen") {
    json::object body{{"month", month}, {"note", note}};
    return post(concern_path(id, "/updates"), json::serialize(body));
  }

  Concern stored(Id id) {
    return in_tx([id](Transaction& tx) { return tx.follow_up().find_concern(id); }).value();
  }
  std::vector<ChangeRecord> log_of(const std::string& type, Id id) {
    return in_tx([&](Transaction& tx) {
      return tx.changes().find(ChangeFilter{.record_type = type, .record_id = std::to_string(id)});
    });
  }

  Audit audit_;
  std::atomic<int> wakes_{0};
};

TEST_P(AfterConcernsTest, RaisingCategory2StoresTheChildOfTheAuditAndLogsIt) {
  auto result = raise(2);
  ASSERT_EQ(result->status, 201) << result->body;
  const json::value body = body_of(result);
  const Concern concern = stored(body.at("id").as_int64());
  EXPECT_EQ(concern.child_id, audit_.child_id);
  EXPECT_EQ(concern.audit_id, audit_.id);
  EXPECT_EQ(concern.category, 2);
  EXPECT_EQ(format_date(concern.raised_on), "2027-01-11");
  EXPECT_EQ(concern.status, ConcernStatus::kOpen);
  const Child child =
      in_tx([&](Transaction& tx) { return tx.caseload().find_child(audit_.child_id); }).value();
  EXPECT_EQ(body.at("case_reference").as_string(), child.case_reference);
  EXPECT_TRUE(body.at("updates").as_array().empty());

  const auto log = log_of("concern", concern.id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "concern.raise");
  EXPECT_EQ(log[0].before_json, "");
  EXPECT_EQ(json::parse(log[0].after_json), to_json(concern));
  // Category 2 goes to the head of service in the daily pass: no hurry.
  EXPECT_EQ(wakes_.load(), 0);
}

TEST_P(AfterConcernsTest, RaisingCategory1WakesTheRemindersAndNamesWhoWillBeTold) {
  const Service service = in_tx([&](Transaction& tx) {
    const Child child = *tx.caseload().find_child(audit_.child_id);
    return *tx.organisation().find_service(tx.organisation().find_team(child.team_id)->service_id);
  });
  ASSERT_TRUE(service.head_of_service_id && service.director_id);
  auto result = raise(1);
  ASSERT_EQ(result->status, 201) << result->body;
  EXPECT_EQ(wakes_.load(), 1);
  const json::value body = body_of(result);
  EXPECT_EQ(stored(body.at("id").as_int64()).category, 1);
  const json::array& notify = body.at("notify").as_array();
  EXPECT_THAT(notify,
              Contains(json::value(json::object{{"role", "head of service"},
                                                {"staff_id", *service.head_of_service_id}})));
  EXPECT_THAT(notify, Contains(json::value(
                          json::object{{"role", "director"}, {"staff_id", *service.director_id}})));
}

// With the daemon's urgent pass wired in (as serve does), a category 1
// concern's emails are in the outbox when the raise returns, written in its
// transaction; and when that transaction fails, neither is there.
TEST_P(AfterConcernsTest, Category1EmailsAreEnqueuedInTheRaisesOwnTransaction) {
  const notifier::TemplateSet templates = notifier::TemplateSet::defaults();
  const date::time_zone* zone = date::locate_zone("Europe/London");
  const SendWindow window(wiring_->calendar(), zone);
  notifier::DueRunner runner(store(), templates, window, wiring_->calendar(), zone, {});
  bool fail_after = true;
  wiring_->services().enqueue_urgent = [&](Transaction& tx, Instant at) {
    const int told = runner.urgent_in(tx, at).urgent_items;
    if (fail_after) throw DatabaseUnavailable("injected: the connection dropped after enqueuing");
    return told;
  };
  auto urgent_in_outbox = [&] {
    int n = 0;
    for (const OutboxMessage& m :
         in_tx([](Transaction& tx) { return tx.outbox().messages(std::nullopt); })) {
      n += m.urgent && m.subject.find("URGENT: category 1") != std::string::npos;
    }
    return n;
  };
  const int urgent_before = urgent_in_outbox();

  const std::string before = fingerprint();
  expect_error(raise(1), 503, "unavailable");
  EXPECT_EQ(fingerprint(), before);  // no concern, no email, no change-log row

  fail_after = false;
  auto result = raise(1);
  ASSERT_EQ(result->status, 201) << result->body;
  EXPECT_EQ(body_of(result).at("urgent_emails_enqueued").as_int64(),
            2);  // head of service, director
  EXPECT_EQ(urgent_in_outbox(), urgent_before + 2);
  // The reminder job's own run finds them told already.
  EXPECT_EQ(runner.run(clock_.now()).urgent_items, 0);
}

TEST_P(AfterConcernsTest, ACategory1MayEscalateAnOpenCategory2ButNotRepeatIt) {
  raised(2);
  const std::string before = fingerprint();
  expect_error(raise(2), 409, "conflict");
  EXPECT_EQ(fingerprint(), before);
  raised(1);
  expect_error(raise(1), 409, "conflict");
  EXPECT_EQ(wakes_.load(), 1);
}

TEST_P(AfterConcernsTest, ListsByStatusAndReadsOneWithItsUpdates) {
  const Id id = raised(2);
  ASSERT_EQ(update(id, "2027-01", "head of service visited")->status, 201);
  const Authority authority = in_tx([](Transaction& tx) { return tx.load_authority(); });
  std::size_t open = 0;
  for (const Concern& concern : authority.concerns) open += concern.status == ConcernStatus::kOpen;

  const json::value list = body_of(get_as(viewer(), "/v1/concerns?status=open"));
  const json::array& concerns = list.at("concerns").as_array();
  EXPECT_EQ(concerns.size(), open);
  for (const json::value& concern : concerns) EXPECT_EQ(concern.at("status").as_string(), "open");
  const json::value all = body_of(get("/v1/concerns"));
  EXPECT_EQ(all.at("concerns").as_array().size(), authority.concerns.size());

  const json::value one = body_of(get_as(viewer(), concern_path(id)));
  EXPECT_EQ(one.at("id").as_int64(), id);
  ASSERT_EQ(one.at("updates").as_array().size(), 1u);
  EXPECT_EQ(one.at("updates").as_array()[0].at("note").as_string(), "head of service visited");

  const std::string before = fingerprint();
  expect_error(get("/v1/concerns?status=closed"), 400, "bad_request", "status");
  expect_error(get("/v1/concerns?category=3"), 400, "bad_request", "category");
  expect_error(get(concern_path(999999)), 404, "not_found");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AfterConcernsTest, MonthlyUpdatesAreStoredOncePerMonthVerbatim) {
  const Id id = raised(2);
  clock_.set(std::chrono::sys_days(std::chrono::year(2027) / std::chrono::March / 15) +
             std::chrono::hours(10));
  const std::string note = "'); DROP TABLE concern_updates;-- \"plan\" in place";
  auto result = update(id, "2027-02", note);
  ASSERT_EQ(result->status, 201) << result->body;
  ASSERT_EQ(update(id, "2027-03")->status, 201);
  const auto updates =
      in_tx([id](Transaction& tx) { return tx.follow_up().concern_updates_for(id); });
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].month, (Month{2027, 2}));
  EXPECT_EQ(updates[0].note, note);
  EXPECT_EQ(body_of(result), to_json(updates[0]));
  const auto log = log_of("concern_update", updates[0].id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "concern.monthly_update");
  EXPECT_EQ(json::parse(log[0].after_json), to_json(updates[0]));

  const std::string before = fingerprint();
  expect_error(update(id, "2027-02", "again"), 409, "conflict", "month");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AfterConcernsTest, ResolvingStoresTheDayAndIsRefusedTwice) {
  const Id id = raised(2);
  const Concern before = stored(id);
  auto result = post(concern_path(id, "/resolve"),
                     R"({"reason": "plan_in_place", "note": "Child protection plan agreed"})");
  ASSERT_EQ(result->status, 200) << result->body;
  const Concern after = stored(id);
  EXPECT_EQ(after.status, ConcernStatus::kResolved);
  EXPECT_EQ(format_date(*after.resolved_on), "2027-01-11");
  EXPECT_EQ(after.resolution, ConcernResolution::kPlanInPlace);
  EXPECT_EQ(after.resolution_note, "Child protection plan agreed");
  EXPECT_EQ(body_of(result).at("resolution").as_string(), "plan_in_place");
  const auto log = log_of("concern", id);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].action, "concern.resolve");
  EXPECT_EQ(json::parse(log[0].before_json), to_json(before));
  EXPECT_EQ(json::parse(log[0].after_json), to_json(after));

  const std::string fixed = fingerprint();
  expect_error(post(concern_path(id, "/resolve"), R"({"reason": "child_safe"})"), 409, "conflict");
  expect_error(update(id, "2027-01"), 409, "conflict");
  EXPECT_EQ(fingerprint(), fixed);
  // Resolved, the child may be raised again.
  raised(2);
}

TEST_P(AfterConcernsTest, MalformedRequestsAre400NamingTheFieldAndChangeNothing) {
  const Id id = raised(2);
  const std::string audit = std::to_string(audit_.id);
  const std::string before = fingerprint();
  expect_error(post("/v1/concerns", R"({"audit_id": )"), 400, "bad_request", "body");
  expect_error(raise(3), 400, "bad_request", "category");
  expect_error(raise(0), 400, "bad_request", "category");
  expect_error(post("/v1/concerns", R"({"audit_id": )" + audit + R"(, "category": "1"})"), 400,
               "bad_request", "category");
  expect_error(post("/v1/concerns", R"({"audit_id": )" + audit + "}"), 400, "bad_request",
               "category");
  expect_error(post("/v1/concerns", R"({"category": 1})"), 400, "bad_request", "audit_id");
  expect_error(raise(1, R"(, "child_id": 5)"), 400, "bad_request", "child_id");
  expect_error(raise(1, R"(, "raised_on": "2027-02-29")"), 400, "bad_request", "raised_on");
  expect_error(update(id, "2027-13"), 400, "bad_request", "month");
  expect_error(update(id, "Jan 2027"), 400, "bad_request", "month");
  expect_error(update(id, "2027-01", "  "), 400, "bad_request", "note");
  expect_error(post(concern_path(id, "/updates"), R"({"month": "2027-01", "note": "x", "by": 1})"),
               400, "bad_request", "by");
  expect_error(post(concern_path(id, "/updates"), R"({"month": "2027-01", "note": 5})"), 400,
               "bad_request", "note");
  expect_error(
      post(concern_path(id, "/resolve"), R"({"reason": "child_safe", "resolved_on": "yesterday"})"),
      400, "bad_request", "resolved_on");
  expect_error(post(concern_path(id, "/resolve")), 400, "bad_request", "reason");
  expect_error(post(concern_path(id, "/resolve"), R"({"reason": "fine"})"), 400, "bad_request",
               "reason");
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(wakes_.load(), 0);
}

TEST_P(AfterConcernsTest, UnknownIdsAre404AndBrokenRulesAre422AndChangeNothing) {
  const Id id = raised(2, R"(, "raised_on": "2027-01-10")");
  const std::string before = fingerprint();
  expect_error(post("/v1/concerns", R"({"audit_id": 999999, "category": 1})"), 404, "not_found",
               "audit_id");
  expect_error(update(999999, "2027-01"), 404, "not_found");
  expect_error(post(concern_path(id, "/updates"),
                    R"({"month": "2027-01", "note": "x", "recorded_by": 999999})"),
               404, "not_found", "recorded_by");
  expect_error(post(concern_path(999999, "/resolve"), R"({"reason": "child_safe"})"), 404,
               "not_found");
  expect_error(raise(1, R"(, "raised_on": "2027-01-12")"), 422, "rule_violation", "raised_on");
  expect_error(raise(1, R"(, "raised_on": "2026-12-31")"), 422, "rule_violation", "raised_on");
  expect_error(update(id, "2027-02"), 422, "rule_violation", "month");
  expect_error(update(id, "2026-12"), 422, "rule_violation", "month");
  expect_error(post(concern_path(id, "/resolve"),
                    R"({"reason": "child_safe", "resolved_on": "2027-01-09"})"),
               422, "rule_violation", "resolved_on");
  expect_error(post(concern_path(id, "/resolve"),
                    R"({"reason": "child_safe", "resolved_on": "2027-01-12"})"),
               422, "rule_violation", "resolved_on");
  expect_error(post(concern_path(id, "/resolve"), R"({"reason": "other", "note": " "})"), 422,
               "rule_violation", "note");
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(wakes_.load(), 0);
}

TEST_P(AfterConcernsTest, AViewerReadsButMayNotWrite) {
  const Id id = raised(2);
  const std::string before = fingerprint();
  EXPECT_EQ(get_as(viewer(), "/v1/concerns")->status, 200);
  expect_error(send_as(viewer(), "POST", "/v1/concerns",
                       R"({"audit_id": )" + std::to_string(audit_.id) + R"(, "category": 1})",
                       "application/json"),
               403, "forbidden");
  expect_error(send_as(viewer(), "POST", concern_path(id, "/updates"),
                       R"({"month": "2027-01", "note": "x"})", "application/json"),
               403, "forbidden");
  expect_error(send_as(viewer(), "POST", concern_path(id, "/resolve"), R"({"reason": "other"})",
                       "application/json"),
               403, "forbidden");
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(wakes_.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AfterConcernsTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
