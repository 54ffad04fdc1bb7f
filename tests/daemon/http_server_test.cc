#include "daemon/http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "daemon/health.h"
#include "daemon/job_notes.h"
#include "scheduler/errors.h"
#include "tests/daemon/captured_log.h"
#include "tests/daemon/raw_http.h"

namespace caseaudit::daemon {
namespace {

using testing::CapturedLog;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::raw_exchange;

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.router().Get("/input", [](const httplib::Request&, httplib::Response&) {
      throw InputError("staff.email: \"x\" is not an email address", "staff.email");
    });
    server_.router().Get("/missing", [](const httplib::Request&, httplib::Response&) {
      throw NotFound("no staff 42");
    });
    server_.router().Get("/bug", [](const httplib::Request&, httplib::Response&) {
      throw std::runtime_error("internal detail /var/lib/x");
    });
    server_.router().Get("/thrown-int",
                         [](const httplib::Request&, httplib::Response&) { throw 42; });
    server_.router().Get("/slow", [](const httplib::Request&, httplib::Response& response) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      response.set_content("done", "text/plain");
    });
    server_.router().Post(
        "/body", [](const httplib::Request& request, httplib::Response& response) {
          response.set_content("got " + std::to_string(request.body.size()), "text/plain");
        });
    server_.set_route_lookup([](const std::string& path) -> std::optional<RouteMethods> {
      if (path != "/body") return std::nullopt;
      return RouteMethods{.pattern = "/body", .allow = "POST"};
    });
    add_health_routes(server_, [this] { return readiness_; });
  }

  void start() {
    port_ = server_.bind();
    server_.start();
  }

  httplib::Client client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(5));
    return client;
  }

  HttpServer server_{HttpServerOptions{.address = "127.0.0.1", .port = 0, .threads = 2}};
  Readiness readiness_{true, {}};
  int port_ = 0;
};

TEST_F(HttpServerTest, BindsAnyFreePortAndNamesIt) {
  start();
  EXPECT_GT(port_, 0);
  EXPECT_EQ(server_.endpoint(), "127.0.0.1:" + std::to_string(port_));
}

TEST_F(HttpServerTest, HealthzIsOkWithNoStore) {
  start();
  auto result = client().Get("/healthz");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, R"({"status":"ok"})");
  EXPECT_EQ(result->get_header_value("Cache-Control"), "no-store");
}

TEST_F(HttpServerTest, ReadyzFollowsTheProbe) {
  start();
  auto ready = client().Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);

  readiness_ = {false, "database not answering"};
  auto not_ready = client().Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(not_ready->body, R"({"status":"unavailable","reason":"database not answering"})");
  EXPECT_EQ(not_ready->get_header_value("Cache-Control"), "no-store");
}

TEST_F(HttpServerTest, ExceptionsBecomeJsonErrorsAndTheServerCarriesOn) {
  start();
  auto input = client().Get("/input");
  ASSERT_TRUE(input);
  EXPECT_EQ(input->status, 400);
  EXPECT_THAT(input->body, HasSubstr(R"("field":"staff.email")"));
  EXPECT_THAT(input->body, HasSubstr(R"("code":"bad_request")"));

  auto missing = client().Get("/missing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, R"({"error":{"code":"not_found","message":"no staff 42"}})");

  auto bug = client().Get("/bug");
  ASSERT_TRUE(bug);
  EXPECT_EQ(bug->status, 500);
  EXPECT_EQ(bug->body,
            R"({"error":{"code":"internal","message":"internal error"}})");  // the detail stays in
                                                                             // the log
  EXPECT_EQ(bug->get_header_value("Cache-Control"), "no-store");

  auto odd = client().Get("/thrown-int");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->status, 500);

  auto after = client().Get("/healthz");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST_F(HttpServerTest, UnknownRouteHasAJsonBody) {
  start();
  auto result = client().Get("/nowhere");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(result->body, R"({"error":{"code":"not_found","message":"not found"}})");
}

TEST_F(HttpServerTest, StopLetsARequestInFlightFinish) {
  start();
  auto pending = std::async(std::launch::async, [this] { return client().Get("/slow"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // let it reach the handler
  auto started = std::chrono::steady_clock::now();
  server_.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
  auto result = pending.get();
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "done");
  EXPECT_FALSE(client().Get("/healthz"));  // no longer accepting
}

// A request without Content-Length or Transfer-Encoding has no body (RFC 9112
// 6.3): cpp-httplib 0.11 alone waits for the read timeout (5 s) and says 400.
TEST_F(HttpServerTest, APostWithoutContentLengthHasAnEmptyBodyAndIsAnsweredAtOnce) {
  start();
  auto answer = raw_exchange(port_, "POST /body HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(answer.status(), 200) << answer.text;
  EXPECT_THAT(answer.text, HasSubstr("got 0"));
  EXPECT_LT(answer.took, std::chrono::seconds(1));
  // A body with a length or chunked is read as before.
  auto sized = raw_exchange(port_,
                            "POST /body HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                            "Content-Length: 3\r\n\r\nabc");
  EXPECT_THAT(sized.text, HasSubstr("got 3"));
  auto chunked = raw_exchange(port_,
                              "POST /body HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n");
  EXPECT_THAT(chunked.text, HasSubstr("got 2"));
}

TEST_F(HttpServerTest, AServedPathAskedWithAnotherMethodIs405WithAllow) {
  start();
  auto result = client().Get("/body");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(result->get_header_value("Allow"), "POST");
  EXPECT_THAT(result->body, HasSubstr(R"("code":"method_not_allowed")"));
  EXPECT_EQ(client().Get("/nowhere")->status, 404);  // a path nobody serves stays 404
}

TEST_F(HttpServerTest, EveryRequestHasOneAccessLineWithoutSecretsOrQuery) {
  start();
  CapturedLog log;
  ASSERT_EQ(client().Get("/healthz")->status, 200);
  EXPECT_TRUE(log.wait_for("http GET /healthz 200 ")) << log.text();
  EXPECT_THAT(log.text(), HasSubstr("ms from 127.0.0.1"));

  client().Get("/sign-in/Zq3xT9mK2pL8vR4wN6yB1cD5?token=hunter2hunter2",
               {{"Authorization", "Bearer adt_SeCrEt"}});
  EXPECT_TRUE(log.wait_for("http GET /sign-in/* 404 ")) << log.text();
  EXPECT_TRUE(log.wait_for("refused no_route")) << log.text();
  EXPECT_THAT(log.text(), Not(HasSubstr("Zq3xT9mK2pL8vR4wN6yB1cD5")));
  EXPECT_THAT(log.text(), Not(HasSubstr("hunter2")));
  EXPECT_THAT(log.text(), Not(HasSubstr("SeCrEt")));

  client().Get("/body");
  EXPECT_TRUE(log.wait_for("http GET /body 405 ")) << log.text();
  EXPECT_TRUE(log.wait_for("refused method_not_allowed")) << log.text();

  // A line that is not HTTP: refused before routing, and logged as such.
  auto junk = raw_exchange(port_, "HELLO\r\n\r\n");
  EXPECT_EQ(junk.status(), 400) << junk.text;
  EXPECT_TRUE(log.wait_for("400 - from unknown refused malformed_request")) << log.text();
}

TEST(HttpServerProxy, OnlyATrustedProxysForwardedForNamesThePeer) {
  auto serve_peer = [](std::vector<std::string> trusted, const httplib::Headers& headers) {
    HttpServer server(HttpServerOptions{
        .address = "127.0.0.1", .port = 0, .threads = 1, .trusted_proxies = std::move(trusted)});
    server.router().Get("/peer", [](const httplib::Request& request, httplib::Response& response) {
      response.set_content(request.remote_addr, "text/plain");
    });
    httplib::Client client("127.0.0.1", server.bind());
    server.start();
    auto result = client.Get("/peer", headers);
    return result ? result->body : std::string("no answer");
  };
  const httplib::Headers forwarded{{"X-Forwarded-For", "203.0.113.7, 198.51.100.2"}};
  EXPECT_EQ(serve_peer({}, forwarded), "127.0.0.1");  // no proxy is trusted by default
  EXPECT_EQ(serve_peer({"127.0.0.1"}, forwarded), "198.51.100.2");  // the hop the proxy added
  EXPECT_EQ(serve_peer({"10.0.0.1"}, forwarded), "127.0.0.1");
  EXPECT_EQ(serve_peer({"127.0.0.1"}, {{"X-Forwarded-For", "not-an-address"}}), "127.0.0.1");
  EXPECT_THROW(HttpServer(HttpServerOptions{.trusted_proxies = {"nginx.local"}}), InputError);
}

TEST_F(HttpServerTest, StopWithoutStartIsSafe) { server_.stop(); }

TEST(HttpServerBind, APortInUseIsAClearError) {
  HttpServer first(HttpServerOptions{.address = "127.0.0.1", .port = 0, .threads = 1});
  int port = first.bind();
  HttpServer second(HttpServerOptions{.address = "127.0.0.1", .port = port, .threads = 1});
  try {
    second.bind();
    FAIL() << "bound a port in use";
  } catch (const RuntimeFailure& error) {
    EXPECT_THAT(error.what(), HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(port)));
  }
}

// Issue 13: a relay refusing TLS was retried for ever and shown nowhere.
TEST(ReadyzDetail, ARelayConfigurationFaultIsShownAsDegradedUntilASendSucceeds) {
  notifier::DeliveryHealth health;
  HttpServer server{HttpServerOptions{.address = "127.0.0.1", .port = 0, .threads = 2}};
  add_health_routes(server, with_delivery_health([] { return Readiness{true, {}}; }, &health));
  const int port = server.bind();
  server.start();
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(std::chrono::seconds(5));

  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->body, R"({"status":"ready"})");

  const Instant since =
      std::chrono::sys_days{std::chrono::year{2027} / 3 / 1} + std::chrono::hours(9);
  health.note_configuration_fault(since, "the relay does not offer STARTTLS, and TLS is required");
  auto degraded = client.Get("/readyz");
  ASSERT_TRUE(degraded);
  EXPECT_EQ(degraded->status, 200) << "the API still answers: degraded, not unavailable";
  EXPECT_EQ(degraded->body,
            R"({"status":"degraded","degraded":{"mail":"configuration fault since )"
            R"(2027-03-01T09:00:00Z: the relay does not offer STARTTLS, and TLS is required"}})");

  health.note_sent();
  auto again = client.Get("/readyz");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, R"({"status":"ready"})");
  server.stop();
}

TEST(ReadyzDetail, TheJobsNotesAreShownAsDetailWhileReady) {
  JobNotes notes;
  HttpServer server{HttpServerOptions{.address = "127.0.0.1", .port = 0, .threads = 2}};
  add_health_routes(server, with_job_notes([] { return Readiness{true, {}}; }, &notes));
  const int port = server.bind();
  server.start();
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(std::chrono::seconds(5));

  EXPECT_TRUE(notes.set("allocation", "nothing to allocate for 2027-02: no active staff"));
  EXPECT_FALSE(notes.set("allocation", "nothing to allocate for 2027-02: no active staff"));
  auto noted = client.Get("/readyz");
  ASSERT_TRUE(noted);
  EXPECT_EQ(noted->status, 200);
  EXPECT_EQ(noted->body,
            R"({"status":"ready","detail":{"allocation":"nothing to allocate for 2027-02: )"
            R"(no active staff"}})");

  EXPECT_TRUE(notes.set("allocation", std::nullopt));
  auto again = client.Get("/readyz");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, R"({"status":"ready"})");
  server.stop();
}

}  // namespace
}  // namespace caseaudit::daemon
