#include "daemon/web/console_routes.h"

#include <chrono>
#include <string>

#include "daemon/console/assets.h"
#include "daemon/web/page_headers.h"

namespace caseaudit::daemon {

namespace {

// Answers `asset`, or 304 when the client already holds this version.
void answer_asset(const httplib::Request& request, httplib::Response& response,
                  const console::Asset& asset) {
  response.headers.erase("Cache-Control");
  response.set_header("Cache-Control", "no-cache");
  response.set_header("ETag", std::string(asset.etag));
  if (request.get_header_value("If-None-Match") == asset.etag) {
    response.status = 304;
    return;
  }
  response.status = 200;
  response.set_content(asset.body.data(), asset.body.size(), std::string(asset.content_type));
}

void answer_missing(httplib::Response& response) {
  response.status = 404;
  response.set_content("Not found\n", "text/plain; charset=utf-8");
}

// Wraps a page handler with the security headers and the metrics count.
httplib::Server::Handler counted(
    api::ApiMetrics& metrics, std::string pattern,
    std::function<void(const httplib::Request&, httplib::Response&)> answer) {
  return [&metrics, pattern = std::move(pattern), answer = std::move(answer)](
             const httplib::Request& request, httplib::Response& response) {
    const auto started = std::chrono::steady_clock::now();
    HttpServer::mark_routed();
    answer(request, response);
    web::set_page_security_headers(response);
    metrics.record(pattern, request.method, response.status,
                   std::chrono::steady_clock::now() - started);
  };
}

}  // namespace

void add_console_routes(HttpServer& server, api::ApiMetrics& metrics) {
  httplib::Server& router = server.router();
  auto shell = [](const httplib::Request& request, httplib::Response& response) {
    answer_asset(request, response, console::find_shell());
  };
  router.Get("/", counted(metrics, "/", shell));
  router.Get(R"(/console(/[A-Za-z0-9/_-]*)?)", counted(metrics, "/console/{page}", shell));
  router.Get(R"(/assets/(.+))",
             counted(metrics, "/assets/{path}",
                     [](const httplib::Request& request, httplib::Response& response) {
                       const console::Asset* asset = console::find_asset(request.path);
                       if (asset == nullptr) return answer_missing(response);
                       answer_asset(request, response, *asset);
                     }));
}

}  // namespace caseaudit::daemon
