#include "daemon/http_server.h"

#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>

#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

// SO_REUSEADDR (restart without waiting for TIME_WAIT) but, unlike
// cpp-httplib's default, not SO_REUSEPORT: a second daemon on the same port
// must fail to start, not silently share the traffic. TCP_NODELAY is
// inherited by accepted sockets.
void set_listener_options(socket_t socket) {
  int yes = 1;
  setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
}

}  // namespace

int status_for_exception(const std::exception& error) {
  if (dynamic_cast<const NotFound*>(&error) != nullptr) return 404;
  if (dynamic_cast<const Conflict*>(&error) != nullptr) return 409;
  if (dynamic_cast<const RuleViolation*>(&error) != nullptr) return 422;
  if (dynamic_cast<const InputError*>(&error) != nullptr) return 400;
  if (dynamic_cast<const DatabaseUnavailable*>(&error) != nullptr) return 503;
  return 500;
}

void answer_exception(const httplib::Request& request, httplib::Response& response,
                      std::exception_ptr thrown) {
  try {
    std::rethrow_exception(thrown);
  } catch (const std::exception& error) {
    int status = status_for_exception(error);
    if (status >= 500) {
      spdlog::error("{} {} from {}: {}", request.method, request.path, request.remote_addr,
                    error.what());
    }
    // Internal details stay in the log; the caller's own mistakes are told.
    const auto* input = dynamic_cast<const InputError*>(&error);
    write_json_error(response, status, status == 500 ? "internal error" : error.what(),
                     input != nullptr ? std::string_view(input->field()) : std::string_view{});
  } catch (...) {
    spdlog::error("{} {} from {}: unknown exception", request.method, request.path,
                  request.remote_addr);
    write_json_error(response, 500, "internal error");
  }
}

namespace {

std::string_view reason_for(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 413:
      return "payload too large";
    case 414:
      return "URI too long";
    case 415:
      return "unsupported media type";
    case 416:
      return "range not satisfiable";
    default:
      return status >= 500 ? "internal error" : "request failed";
  }
}

// Gives routing errors (404, 405, 413 ...) a JSON body too.
void fill_error_body(const httplib::Request&, httplib::Response& response) {
  if (response.body.empty()) {
    write_json_error(response, response.status, reason_for(response.status));
  }
}

thread_local bool routed_by_handler = false;

std::unique_ptr<httplib::Server> make_server(const HttpServerOptions& options) {
  if (options.tls_certificate.empty() != options.tls_key.empty()) {
    throw InputError("http.tls_certificate and http.tls_key must be set together",
                     "http.tls_certificate");
  }
  if (options.tls_certificate.empty()) return std::make_unique<httplib::Server>();
  auto server = std::make_unique<httplib::SSLServer>(options.tls_certificate.c_str(),
                                                     options.tls_key.c_str());
  if (!server->is_valid()) {
    throw RuntimeFailure(fmt::format("cannot load the TLS certificate {} or key {}",
                                     options.tls_certificate, options.tls_key));
  }
  SSL_CTX_set_min_proto_version(server->ssl_context(), TLS1_2_VERSION);
  return server;
}

}  // namespace

std::string_view error_code(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 422:
      return "rule_violation";
    case 429:
      return "too_many_requests";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "request_failed";
  }
}

void write_json_error(httplib::Response& response, int status, std::string_view message,
                      std::string_view field) {
  response.status = status;
  boost::json::object error{{"code", error_code(status)},
                            {"message", boost::json::string_view(message)}};
  if (!field.empty()) error["field"] = boost::json::string_view(field);
  response.set_content(boost::json::serialize(boost::json::object{{"error", std::move(error)}}),
                       "application/json");
}

void HttpServer::mark_routed() { routed_by_handler = true; }

void HttpServer::observe_unrouted(const httplib::Request& request,
                                  const httplib::Response& response) {
  if (routed_by_handler) return;
  routed_by_handler = true;  // counted once, whether by the error handler or the logger
  if (unrouted_) unrouted_(request, response);
}

HttpServer::HttpServer(HttpServerOptions options)
    : options_(std::move(options)), server_(make_server(options_)) {
  httplib::Server& server = *server_;
  int threads = options_.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_socket_options(set_listener_options);
  server.set_read_timeout(options_.read_timeout_seconds, 0);
  server.set_write_timeout(options_.write_timeout_seconds, 0);
  server.set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  // cpp-httplib closes a kept-alive connection after 5 requests by default;
  // admin clients and probes reuse connections far longer than that.
  server.set_keep_alive_max_count(1000);
  server.set_payload_max_length(options_.max_body_bytes);
  server.set_default_headers({{"Cache-Control", "no-store"}});
  server.set_exception_handler(answer_exception);
  // cpp-httplib calls the error handler before it writes the response and
  // the logger after: an unrouted error is counted in the error handler, so a
  // client that reads /metrics right after its 404 sees the 404 counted.
  server.set_error_handler([this](const httplib::Request& request, httplib::Response& response) {
    fill_error_body(request, response);
    observe_unrouted(request, response);
  });
  server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    spdlog::debug("{} {} {} from {}", request.method, request.path, response.status,
                  request.remote_addr);
    observe_unrouted(request, response);
    routed_by_handler = false;
  });
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind() {
  errno = 0;
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.address);
  } else {
    port_ = server_->bind_to_port(options_.address, options_.port) ? options_.port : -1;
  }
  if (port_ < 0) {
    int error = errno;
    throw RuntimeFailure(fmt::format("cannot listen on {}: {}", endpoint(),
                                     error != 0 ? std::strerror(error) : "address not available"));
  }
  return port_;
}

void HttpServer::start() {
  if (port_ < 0) throw ProgramError("HttpServer::start() before a successful bind()");
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    finished_ = true;
  });
}

void HttpServer::stop() {
  if (!thread_.joinable()) return;
  // Server::stop() does nothing until the accept loop runs, so wait for it
  // (or for a loop that failed and ended).
  while (!server_->is_running() && !finished_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_->stop();
  thread_.join();
}

std::string HttpServer::endpoint() const {
  int port = port_ >= 0 ? port_ : options_.port;
  if (options_.address.find(':') != std::string::npos) {
    return fmt::format("[{}]:{}", options_.address, port);
  }
  return fmt::format("{}:{}", options_.address, port);
}

}  // namespace caseaudit::daemon
