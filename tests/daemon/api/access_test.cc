// The house rules every /v1 route shares (daemon/api/api.h): tokens and
// roles, the failure throttle, the error shape, strict query parameters,
// content types and body limits, and the change log they lead to. A test
// route (POST /v1/test/echo) stands for any writing route; GET /v1/changes
// and /metrics are real.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <thread>

#include "daemon/background_jobs.h"
#include "daemon/monitoring.h"
#include "daemon/service/change_log.h"
#include "notifier/delivery_health.h"
#include "tests/daemon/api/api_fixture.h"
#include "tests/daemon/captured_log.h"
#include "tests/daemon/raw_http.h"

namespace caseaudit::daemon::testing {
namespace {

using ::testing::Not;

class AccessTest : public ApiTest {
 protected:
  void add_extra_routes(api::Api& api) override {
    api.add({.method = "POST",
             .pattern = "/v1/test/echo/{id}",
             .access = api::Access::kWrite,
             .body = api::BodyKind::kJson,
             .query_params = {"dry_run"},
             .handler = [this](api::ApiRequest& request) {
               api::JsonFields fields = request.json();
               std::string name = fields.required_string("name");
               std::optional<std::int64_t> count = fields.integer("count");
               fields.finish();
               Id id = request.path_id("id");
               if (!request.flag("dry_run")) {
                 store().transact([&](Transaction& tx) {
                   log_change(tx, request.caller(), "test.echo", "test", std::to_string(id),
                              nullptr, json::object{{"name", name}});
                 });
               }
               return api::json_response(
                   json::object{{"name", name}, {"count", count.value_or(0)}, {"id", id}}, 201);
             }});
    // Stand-ins for a route with an optional body (POST .../complete) and
    // one taking none.
    for (auto [pattern, kind] : {std::pair{"/v1/test/optional/{id}", api::BodyKind::kOptionalJson},
                                 std::pair{"/v1/test/none/{id}", api::BodyKind::kNone}}) {
      api.add({.method = "POST",
               .pattern = pattern,
               .access = api::Access::kWrite,
               .body = kind,
               .handler = [](api::ApiRequest& request) {
                 api::JsonFields fields = request.json();
                 fields.finish();
                 return api::json_response(json::object{{"id", request.path_id("id")}});
               }});
    }
  }
  api::ThrottlePolicy throttle() const override {
    return {
        .max_failures = 5, .window = std::chrono::seconds(60), .block = std::chrono::seconds(300)};
  }

  httplib::Result echo(const std::string& secret, const std::string& body,
                       const std::string& path = "/v1/test/echo/7",
                       const std::string& type = "application/json") {
    return send_as(secret, "POST", path, body, type);
  }
};

TEST_P(AccessTest, ACoordinatorWritesAndTheChangeLogSaysWhoWhatAndWhen) {
  auto result = echo(coordinator(), R"({"name": "Ann", "count": 3})");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 201) << result->body;
  EXPECT_EQ(body_of(result).at("count").as_int64(), 3);
  EXPECT_EQ(result->get_header_value("Cache-Control"), "no-store");

  auto changes = get("/v1/changes?record_type=test&record_id=7");
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->status, 200) << changes->body;
  const json::value body = body_of(changes);
  const json::array& rows = body.at("changes").as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("actor").as_string(), "qa-coordinator");
  EXPECT_EQ(rows[0].at("action").as_string(), "test.echo");
  EXPECT_EQ(rows[0].at("at").as_string(), "2027-01-11T09:00:00Z");
  EXPECT_EQ(rows[0].at("after").at("name").as_string(), "Ann");
  EXPECT_TRUE(rows[0].at("before").is_null());
}

TEST_P(AccessTest, ViewerReadsButMayNotWrite) {
  auto read = get_as(viewer(), "/v1/changes");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
  const std::string before = fingerprint();
  expect_error(echo(viewer(), R"({"name": "Ann"})"), 403, "forbidden");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AccessTest, NoUnknownExpiredOrRevokedTokenGets401AndChangesNothing) {
  const std::string expired =
      add_token("old", ApiRole::kCoordinator, clock_.now() - std::chrono::hours(1));
  const std::string revoked = add_token("gone", ApiRole::kCoordinator);
  in_tx([&](Transaction& tx) { return tx.tokens().revoke("gone", clock_.now()); });
  const std::string before = fingerprint();

  auto none = client().Post("/v1/test/echo/7", R"({"name":"x"})", "application/json");
  expect_error(none, 401, "unauthorized");
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  expect_error(echo("adt_not-a-real-token", R"({"name":"x"})"), 401, "unauthorized");
  expect_error(echo(expired, R"({"name":"x"})"), 401, "unauthorized");
  expect_error(echo(revoked, R"({"name":"x"})"), 401, "unauthorized");
  auto basic = client().Get("/v1/changes", {{"Authorization", "Basic dXNlcjpwYXNz"}});
  expect_error(basic, 401, "unauthorized");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AccessTest, AnExpiringTokenWorksUntilItsInstant) {
  const std::string soon =
      add_token("soon", ApiRole::kViewer, clock_.now() + std::chrono::minutes(10));
  EXPECT_EQ(get_as(soon, "/v1/changes")->status, 200);
  clock_.advance(std::chrono::minutes(10));
  expect_error(get_as(soon, "/v1/changes"), 401, "unauthorized");
}

TEST_P(AccessTest, RepeatedFailuresFromOnePeerAre429EvenWithAGoodTokenThenLifted) {
  for (int i = 0; i < 5; ++i) expect_error(get_as("adt_guess", "/v1/changes"), 401, "unauthorized");
  auto blocked = get("/v1/changes");
  expect_error(blocked, 429, "too_many_requests");
  EXPECT_EQ(blocked->get_header_value("Retry-After"), "300");  // the whole block is left
  // The probes stay open, so a blocked peer's load balancer still sees health.
  EXPECT_EQ(client().Get("/healthz")->status, 200);
  clock_.advance(std::chrono::seconds(301));
  EXPECT_EQ(get("/v1/changes")->status, 200);
}

TEST_P(AccessTest, FailedAttemptsAreLoggedWithTheSocketPeerNotASpoofedHeader) {
  CapturedLog log;
  auto result = client().Get("/v1/changes", {{"Authorization", "Bearer adt_wrong"},
                                             {"REMOTE_ADDR", "203.0.113.9"},
                                             {"X-Forwarded-For", "203.0.113.10"}});
  expect_error(result, 401, "unauthorized");
  ASSERT_TRUE(log.wait_for("http GET /v1/changes 401"));  // the request's last line
  EXPECT_THAT(log.text(), HasSubstr("from 127.0.0.1"));
  EXPECT_THAT(log.text(), Not(HasSubstr("203.0.113")));
}

TEST_P(AccessTest, MalformedJsonUnknownFieldsAndWrongTypesAre400NamingTheField) {
  const std::string before = fingerprint();
  expect_error(echo(coordinator(), R"({"name": "Ann",)"), 400, "bad_request", "body");
  expect_error(echo(coordinator(), R"(["name"])"), 400, "bad_request", "body");
  expect_error(echo(coordinator(), R"({"name": "Ann", "colour": "red"})"), 400, "bad_request",
               "colour");
  expect_error(echo(coordinator(), R"({"name": 12})"), 400, "bad_request", "name");
  expect_error(echo(coordinator(), R"({"name": "Ann", "count": "3"})"), 400, "bad_request",
               "count");
  expect_error(echo(coordinator(), R"({"name": "Ann", "count": 1.5})"), 400, "bad_request",
               "count");
  expect_error(echo(coordinator(), R"({})"), 400, "bad_request", "name");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AccessTest, UnknownQueryParametersAndBadFlagsAre400) {
  const std::string before = fingerprint();
  // A mistyped dry-run flag must not fall through to a real write.
  expect_error(echo(coordinator(), R"({"name": "Ann"})", "/v1/test/echo/7?dryrun=1"), 400,
               "bad_request", "dryrun");
  expect_error(echo(coordinator(), R"({"name": "Ann"})", "/v1/test/echo/7?dry_run=yes"), 400,
               "bad_request", "dry_run");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AccessTest, IdsWithPathCharactersAreRefused) {
  const std::string before = fingerprint();
  expect_error(echo(coordinator(), R"({"name": "Ann"})", "/v1/test/echo/..%2F..%2Fetc"), 404,
               "not_found");
  expect_error(echo(coordinator(), R"({"name": "Ann"})", "/v1/test/echo/7;DROP"), 400,
               "bad_request", "id");
  expect_error(echo(coordinator(), R"({"name": "Ann"})", "/v1/test/echo/-1"), 400, "bad_request",
               "id");
  expect_error(echo(coordinator(), R"({"name": "Ann"})", "/v1/test/echo/99999999999999999999"), 400,
               "bad_request", "id");
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AccessTest, WrongContentTypeIs415AndOversizeIs413) {
  const std::string before = fingerprint();
  expect_error(echo(coordinator(), R"({"name": "Ann"})", "/v1/test/echo/7", "text/plain"), 415,
               "unsupported_media_type");
  std::string big = R"({"name": ")" + std::string(1024 * 1024, 'a') + R"("})";
  expect_error(echo(coordinator(), big), 413, "payload_too_large");
  // Beyond the server-wide limit the body is refused before any route runs.
  std::string huge(21 * 1024 * 1024, 'a');
  auto refused = echo(coordinator(), huge);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(get("/healthz")->status, 200);
}

TEST_P(AccessTest, ChangesAreFilteredAndPagedNewestFirst) {
  for (int id = 1; id <= 5; ++id) {
    ASSERT_EQ(echo(coordinator(), R"({"name": "n)" + std::to_string(id) + R"("})",
                   "/v1/test/echo/" + std::to_string(id))
                  ->status,
              201);
  }
  auto first = body_of(get("/v1/changes?record_type=test&limit=2"));
  const json::array& page = first.at("changes").as_array();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].at("record_id").as_string(), "5");
  EXPECT_EQ(page[1].at("record_id").as_string(), "4");
  std::string next = std::to_string(first.at("next_before_id").as_int64());
  auto second = body_of(get("/v1/changes?record_type=test&limit=2&before_id=" + next));
  EXPECT_EQ(second.at("changes").as_array()[0].at("record_id").as_string(), "3");
  auto today = body_of(get("/v1/changes?record_type=test&since=2027-01-11&until=2027-01-11"));
  EXPECT_EQ(today.at("changes").as_array().size(), 5u);
  auto tomorrow = body_of(get("/v1/changes?record_type=test&since=2027-01-12"));
  EXPECT_TRUE(tomorrow.at("changes").as_array().empty());
  expect_error(get("/v1/changes?since=2027-13-01"), 400, "bad_request", "since");
  expect_error(get("/v1/changes?record_id=5"), 400, "bad_request", "record_id");
}

TEST_P(AccessTest, MetricsCountRequestsByRoutePatternAndNeedAToken) {
  echo(coordinator(), R"({"name": "Ann"})");
  echo(coordinator(), R"({"name": 1})");
  client().Get("/no/such/path");
  expect_error(client().Get("/metrics"), 401, "unauthorized");
  auto metrics = get_as(viewer(), "/metrics");
  ASSERT_TRUE(metrics);
  ASSERT_EQ(metrics->status, 200);
  EXPECT_THAT(metrics->get_header_value("Content-Type"), HasSubstr("text/plain"));
  const std::string& text = metrics->body;
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(caseaudit_http_requests_total{route="/v1/test/echo/{id}",method="POST",status="201"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(caseaudit_http_requests_total{route="/v1/test/echo/{id}",method="POST",status="400"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(R"(caseaudit_http_requests_total{route="unmatched",method="GET",status="404"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(caseaudit_http_request_duration_seconds_count{route="/v1/test/echo/{id}",method="POST"} 2)"));
  EXPECT_THAT(text, HasSubstr("caseaudit_outbox_depth 0"));
  EXPECT_THAT(text, HasSubstr("caseaudit_dead_letters 0"));
  EXPECT_THAT(text, HasSubstr(R"(caseaudit_allocation_runs{status="allocated"} 0)"));
  EXPECT_THAT(text, Not(HasSubstr("/v1/test/echo/7")));  // patterns, never raw paths
}

// "curl -X POST" sends no Content-Length and no body: that is an empty body,
// answered at once (not 400 after the read timeout).
TEST_P(AccessTest, APostWithoutContentLengthIsAnEmptyBody) {
  auto raw = [&](const std::string& path) {
    return raw_exchange(port_, "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                   coordinator() + "\r\nConnection: close\r\n\r\n");
  };
  auto optional = raw("/v1/test/optional/5");
  EXPECT_EQ(optional.status(), 200) << optional.text;
  EXPECT_LT(optional.took, std::chrono::seconds(1));
  EXPECT_EQ(raw("/v1/test/none/5").status(), 200);
  // A route that needs a body says so, naming the header it lacks.
  auto required = raw("/v1/test/echo/5");
  EXPECT_EQ(required.status(), 415) << required.text;
  EXPECT_THAT(required.text, HasSubstr(R"("field":"Content-Type")"));
}

// curl -d sends application/x-www-form-urlencoded: a JSON route says 415
// naming Content-Type, and never reads the body as query parameters.
TEST_P(AccessTest, AFormEncodedBodyIs415NotUnknownQueryParameters) {
  const std::string before = fingerprint();
  for (const char* path : {"/v1/test/echo/7", "/v1/test/optional/7"}) {
    auto result =
        echo(coordinator(), R"({"name": "Ann"})", path, "application/x-www-form-urlencoded");
    expect_error(result, 415, "unsupported_media_type", "Content-Type");
    EXPECT_THAT(result->body, HasSubstr("application/json"));
    EXPECT_THAT(result->body, Not(HasSubstr("query parameter")));
  }
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(AccessTest, AMethodARouteDoesNotServeIs405WithAllow) {
  auto get_on_post = get("/v1/test/echo/7");
  expect_error(get_on_post, 405, "method_not_allowed");
  EXPECT_EQ(get_on_post->get_header_value("Allow"), "POST");
  auto delete_on_get = del("/v1/changes");
  expect_error(delete_on_get, 405, "method_not_allowed");
  EXPECT_EQ(delete_on_get->get_header_value("Allow"), "GET, HEAD");
  expect_error(get("/v1/no-such-thing"), 404, "not_found");
}

TEST_P(AccessTest, EveryRefusalIsCountedAndLoggedWithItsReason) {
  CapturedLog log;
  echo(coordinator(), R"({"name": "Ann"})", "/v1/test/echo/7", "application/x-www-form-urlencoded");
  echo(coordinator(), R"({"name": "Ann"})", "/v1/test/echo/7?dryrun=1");
  echo(coordinator(), R"({"name": 1})");
  echo("adt_wrong", R"({"name": "Ann"})");
  echo(viewer(), R"({"name": "Ann"})");
  get("/v1/test/echo/7");
  get("/v1/no-such-thing");
  // cpp-httplib logs a request after it has written the answer, so each line
  // is waited for: the client may read an answer before its line is logged.
  for (const char* line :
       {"http GET /v1/no-such-thing 404", "http POST /v1/test/echo/{id} 415 ",
        "refused unsupported_media_type field Content-Type", "refused unknown_query_parameter",
        "refused invalid_input", "refused unknown_token", "refused viewer_token",
        "http GET /v1/test/echo/{id} 405 ", "refused no_route"}) {
    EXPECT_TRUE(log.wait_for(line)) << line << "\n" << log.text();
  }
  const std::string lines = log.text();
  EXPECT_THAT(lines, HasSubstr("http POST /v1/test/echo/{id} 415 "));
  EXPECT_THAT(lines, HasSubstr("refused unsupported_media_type field Content-Type"));
  EXPECT_THAT(lines, HasSubstr("refused unknown_query_parameter field dryrun"));
  EXPECT_THAT(lines, HasSubstr("refused invalid_input field name"));
  EXPECT_THAT(lines, HasSubstr("refused unknown_token"));
  EXPECT_THAT(lines, HasSubstr("refused viewer_token"));
  EXPECT_THAT(lines, HasSubstr("http GET /v1/test/echo/{id} 405 "));
  EXPECT_THAT(lines, HasSubstr("refused no_route"));
  EXPECT_THAT(lines, HasSubstr("from 127.0.0.1"));
  // The log names patterns, never the raw path, a token or a query string.
  EXPECT_THAT(lines, Not(HasSubstr("/v1/test/echo/7")));
  EXPECT_THAT(lines, Not(HasSubstr(coordinator())));
  EXPECT_THAT(lines, Not(HasSubstr("adt_wrong")));

  const std::string metrics = get_as(viewer(), "/metrics")->body;
  auto refusal = [](const std::string& route, int status, const std::string& reason) {
    return fmt::format(R"(caseaudit_http_refusals_total{{route="{}",status="{}",reason="{}"}} 1)",
                       route, status, reason);
  };
  EXPECT_THAT(metrics, HasSubstr(refusal("/v1/test/echo/{id}", 415, "unsupported_media_type")));
  EXPECT_THAT(metrics, HasSubstr(refusal("/v1/test/echo/{id}", 400, "unknown_query_parameter")));
  EXPECT_THAT(metrics, HasSubstr(refusal("/v1/test/echo/{id}", 400, "invalid_input")));
  EXPECT_THAT(metrics, HasSubstr(refusal("/v1/test/echo/{id}", 401, "unknown_token")));
  EXPECT_THAT(metrics, HasSubstr(refusal("/v1/test/echo/{id}", 403, "viewer_token")));
  EXPECT_THAT(metrics, HasSubstr(refusal("/v1/test/echo/{id}", 405, "method_not_allowed")));
  EXPECT_THAT(metrics, HasSubstr(refusal("unmatched", 404, "no_route")));
}

// Issue 13: outbox_depth counted mail scheduled for the future; nothing said
// how old the oldest due email was, when each job last succeeded, or that the
// relay refuses TLS.
TEST_P(AccessTest, MetricsSplitTheOutboxAndShowJobsAndTheRelay) {
  const Instant now = clock_.now();
  store().transact([&](Transaction& tx) {
    for (auto [key, due] :
         {std::pair{"overdue", now - std::chrono::hours(2)}, std::pair{"due", now},
          std::pair{"tomorrow", now + std::chrono::hours(24)}}) {
      OutboxMessage m;
      m.dedup_key = key;
      m.rule = "audit_due_reminder";
      m.recipient_email = "sam@council.example";
      m.subject = key;
      m.created_at = now - std::chrono::hours(3);
      m.next_attempt_at = due;
      tx.outbox().enqueue(m);
    }
  });
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  BackgroundJobs jobs(io, clock_);
  std::atomic<bool> ran{false};
  jobs.add(
      {.name = "delivery", .every = std::chrono::hours(1), .run = [&](Instant) { ran = true; }});
  jobs.start();
  std::thread loop([&] { io.run(); });
  for (int i = 0; i < 500 && !jobs.last_successes().contains("delivery"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  notifier::DeliveryHealth health;
  health.note_configuration_fault(now, "the relay does not offer STARTTLS, and TLS is required");
  context_->monitoring = Monitoring{.jobs = &jobs, .delivery = &health};

  auto metrics = get_as(viewer(), "/metrics");
  context_->monitoring = {};
  jobs.stop();
  guard.reset();
  io.stop();
  loop.join();
  ASSERT_TRUE(metrics);
  ASSERT_EQ(metrics->status, 200);
  const std::string& text = metrics->body;
  EXPECT_THAT(text, HasSubstr("caseaudit_outbox_depth 2\n")) << "due now, not tomorrow's";
  EXPECT_THAT(text, HasSubstr("caseaudit_outbox_pending{state=\"due\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("caseaudit_outbox_pending{state=\"scheduled\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("caseaudit_outbox_oldest_due_age_seconds 7200\n"));
  EXPECT_THAT(text, HasSubstr("caseaudit_job_last_success_timestamp_seconds{job=\"delivery\"} " +
                              std::to_string(now.time_since_epoch().count()) + "\n"));
  EXPECT_THAT(text, HasSubstr("caseaudit_mail_relay_configuration_fault 1\n"));
  EXPECT_THAT(text, HasSubstr("caseaudit_mail_configuration_faults_total 1\n"));

  // The example alert rules name only metrics that exist.
  std::ifstream rules_file(std::string(CASEAUDIT_SOURCE_DIR) + "/systemd/caseaudit-alerts.yml");
  ASSERT_TRUE(rules_file) << "systemd/caseaudit-alerts.yml not found";
  const std::string rules((std::istreambuf_iterator<char>(rules_file)),
                          std::istreambuf_iterator<char>());
  const std::regex metric_name("caseaudit_[a-z_]+");
  int named = 0;
  for (auto it = std::sregex_iterator(rules.begin(), rules.end(), metric_name);
       it != std::sregex_iterator(); ++it, ++named) {
    EXPECT_THAT(text, HasSubstr("# TYPE " + it->str() + " ")) << "alert rules name " << it->str();
  }
  EXPECT_GE(named, 5);
}

// docs/api.md must name every route the server has ("GET /v1/staff/{id}").
TEST_P(AccessTest, TheApiDocumentNamesEveryRoute) {
  std::ifstream file(std::string(CASEAUDIT_SOURCE_DIR) + "/docs/api.md");
  ASSERT_TRUE(file) << "docs/api.md not found";
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::erase(text, '`');
  for (const auto& [method, pattern] : api_->routes()) {
    if (pattern.starts_with("/v1/test/")) continue;  // this test's own route
    EXPECT_THAT(text, HasSubstr(method + " " + pattern)) << "undocumented route";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
