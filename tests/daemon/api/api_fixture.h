// ApiTest: the admin API served for real (HttpServer on a free loopback
// port, the daemon's routes) over DemoDatabaseTest's fresh database, wiring
// and FakeClock (tests/daemon/demo_database_test.h). Requests go through a
// real httplib::Client.
//
// Tokens: coordinator() and viewer() are valid secrets of each role. A test
// of a refused request asserts `fingerprint()` is equal before and after.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "daemon/api/api.h"
#include "daemon/api/resources.h"
#include "daemon/health.h"
#include "daemon/http_server.h"
#include "daemon/service/token_secret.h"
#include "tests/daemon/demo_database_test.h"

namespace caseaudit::daemon::testing {

// What nearly every API test uses, declared once here.
namespace json = boost::json;
using ::testing::HasSubstr;

inline Instant api_test_start() { return demo_test_start(); }

class ApiTest : public DemoDatabaseTest {
 protected:
  void SetUp() override {
    DemoDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    coordinator_ = add_token("qa-coordinator", ApiRole::kCoordinator);
    viewer_ = add_token("dashboard", ApiRole::kViewer);
    server_ = std::make_unique<HttpServer>(
        HttpServerOptions{.address = "127.0.0.1", .port = 0, .threads = 4});
    api_ = std::make_unique<api::Api>(*server_, store(), clock_, limits(), throttle());
    context_ = std::make_unique<api::ApiContext>(
        api::ApiContext{.api = *api_, .services = wiring_->services()});
    add_health_routes(*server_, [] { return Readiness{true, {}}; });
    api::add_api_routes(*context_);
    add_extra_routes(*api_);
    port_ = server_->bind();
    server_->start();
  }

  void TearDown() override {
    if (server_) server_->stop();
  }

  // Routes a test adds of its own (before the server starts).
  virtual void add_extra_routes(api::Api&) {}
  // Overridable before SetUp by a subclass.
  virtual api::ApiLimits limits() const { return {}; }
  virtual api::ThrottlePolicy throttle() const { return {}; }

  // Stores a token and returns its secret.
  std::string add_token(const std::string& name, ApiRole role,
                        std::optional<Instant> expires_at = std::nullopt) {
    std::string secret = generate_token_secret();
    in_tx([&](Transaction& tx) {
      return tx.tokens().insert({.name = name,
                                 .role = role,
                                 .secret_hash = hash_token_secret(secret),
                                 .created_at = clock_.now(),
                                 .expires_at = expires_at});
    });
    return secret;
  }
  const std::string& coordinator() const { return coordinator_; }
  const std::string& viewer() const { return viewer_; }

  httplib::Client client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(30));
    return client;
  }
  static httplib::Headers bearer(const std::string& secret) {
    return {{"Authorization", "Bearer " + secret}};
  }

  // Requests with a token (the coordinator's unless given).
  httplib::Result get(const std::string& path) { return get_as(coordinator_, path); }
  httplib::Result get_as(const std::string& secret, const std::string& path) {
    return client().Get(path.c_str(), bearer(secret));
  }
  httplib::Result post(const std::string& path, const std::string& body = {},
                       const std::string& type = "application/json") {
    return send_as(coordinator_, "POST", path, body, type);
  }
  httplib::Result patch(const std::string& path, const std::string& body,
                        const std::string& type = "application/json") {
    return send_as(coordinator_, "PATCH", path, body, type);
  }
  httplib::Result del(const std::string& path) {
    return send_as(coordinator_, "DELETE", path, {}, {});
  }
  httplib::Result send_as(const std::string& secret, const std::string& method,
                          const std::string& path, const std::string& body,
                          const std::string& type) {
    httplib::Client c = client();
    httplib::Headers headers = bearer(secret);
    if (method == "POST") return c.Post(path.c_str(), headers, body, type.c_str());
    if (method == "PATCH") return c.Patch(path.c_str(), headers, body, type.c_str());
    if (method == "PUT") return c.Put(path.c_str(), headers, body, type.c_str());
    return c.Delete(path.c_str(), headers, body, type.c_str());
  }

  static boost::json::value body_of(const httplib::Result& result) {
    return boost::json::parse(result->body);
  }
  // The i-th row of an import's per-row report ({"rows": [...]}).
  static boost::json::object import_row(const httplib::Result& result, std::size_t i) {
    return body_of(result).at("rows").as_array().at(i).as_object();
  }

  // Asserts the one error shape with this status, code and (when given) field.
  static void expect_error(const httplib::Result& result, int status, const std::string& code,
                           const std::string& field = {}) {
    ASSERT_TRUE(result) << "no response";
    EXPECT_EQ(result->status, status) << result->body;
    boost::system::error_code parse_error;
    boost::json::value body = boost::json::parse(result->body, parse_error);
    ASSERT_FALSE(parse_error) << result->body;
    const boost::json::object& error = body.at("error").as_object();
    EXPECT_EQ(error.at("code").as_string(), code) << result->body;
    EXPECT_FALSE(error.at("message").as_string().empty());
    if (!field.empty()) {
      ASSERT_TRUE(error.contains("field")) << result->body;
      EXPECT_EQ(error.at("field").as_string(), field) << result->body;
    }
  }

  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<api::Api> api_;
  std::unique_ptr<api::ApiContext> context_;
  std::string coordinator_, viewer_;
  int port_ = 0;
};

inline std::vector<std::string> api_backends() { return database_backends(); }
inline std::string api_backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return backend_name(info);
}

}  // namespace caseaudit::daemon::testing
