// The console's routes (daemon/web/console_routes.h) on a real HttpServer:
// the shell at / and /console/..., the embedded assets with their types,
// ETags and 304s, the page security headers on every answer, a 404 for an
// unknown asset, and each request counted by route pattern.
#include "daemon/web/console_routes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/console/assets.h"

namespace caseaudit::daemon {
namespace {

using ::testing::HasSubstr;

class ConsoleRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add_console_routes(server_, metrics_);
    port_ = server_.bind();
    server_.start();
  }
  void TearDown() override { server_.stop(); }

  httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", port_);
    return client.Get(path.c_str(), headers);
  }

  static void expect_page_headers(const httplib::Result& result) {
    EXPECT_THAT(result->get_header_value("Content-Security-Policy"),
                HasSubstr("script-src 'self'"));
    EXPECT_THAT(result->get_header_value("Content-Security-Policy"),
                HasSubstr("frame-ancestors 'none'"));
    EXPECT_EQ(result->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(result->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
  }

  HttpServer server_{HttpServerOptions{.address = "127.0.0.1", .port = 0, .threads = 2}};
  api::ApiMetrics metrics_;
  int port_ = 0;
};

TEST_F(ConsoleRoutesTest, TheShellIsServedAtTheRootAndEveryConsolePage) {
  for (const std::string path : {"/", "/console", "/console/staff", "/console/month"}) {
    auto result = get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 200) << path;
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_THAT(result->body, HasSubstr(R"(<script type="module" src="/assets/js/app.js">)"));
    EXPECT_EQ(result->get_header_value("Cache-Control"), "no-cache");
    EXPECT_EQ(result->get_header_value_count("Cache-Control"), 1u);
    expect_page_headers(result);
  }
  EXPECT_THAT(metrics_.render(), HasSubstr(R"(route="/console/{page}")"));
}

TEST_F(ConsoleRoutesTest, AssetsHaveTheirTypeAndAnETagAndA304WhenUnchanged) {
  auto css = get("/assets/console.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css->body, std::string(console::find_asset("/assets/console.css")->body));
  expect_page_headers(css);
  const std::string etag = css->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = get("/assets/console.css", {{"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());

  auto js = get("/assets/js/app.js");
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js->get_header_value("ETag"), etag);
}

TEST_F(ConsoleRoutesTest, AnUnknownAssetIs404WithThePageHeaders) {
  auto result = get("/assets/js/nothing-here.js");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  expect_page_headers(result);
}

TEST(ConsoleAssets, EveryAssetIsEmbeddedSortedWithATypeAndNothingFromElsewhere) {
  const auto assets = console::embedded_assets();
  ASSERT_GE(assets.size(), 5u);
  for (std::size_t i = 0; i < assets.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(assets[i - 1].path, assets[i].path);
    }
    EXPECT_FALSE(assets[i].content_type.empty()) << assets[i].path;
    EXPECT_FALSE(assets[i].body.empty()) << assets[i].path;
    // No third-party origin: nothing loads from a CDN at run time.
    EXPECT_EQ(std::string(assets[i].body).find("https://"), std::string::npos) << assets[i].path;
    EXPECT_EQ(console::find_asset(assets[i].path), &assets[i]);
  }
  EXPECT_EQ(console::find_asset("/assets/missing.css"), nullptr);
  EXPECT_EQ(console::find_shell().path, "/assets/index.html");
}

}  // namespace
}  // namespace caseaudit::daemon
