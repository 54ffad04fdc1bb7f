#include "daemon/http_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <iterator>

#include "daemon/redact.h"
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

// What the access log line and the unrouted observer need to know about the
// request the worker thread is answering: set before routing and by the
// route, cleared once the line is written.
struct RequestNotes {
  bool routed = false;   // a route accounted for it (HttpServer::mark_routed)
  bool started = false;  // the pre-routing handler saw it
  std::chrono::steady_clock::time_point start;
  std::string route_pattern;
  std::string refusal_reason;
  std::string refusal_field;
};
thread_local RequestNotes notes;

// `text` as a log line may carry it: at most 64 characters, each a letter,
// digit, '.', '_' or '-' ('?' for any other), so that nothing a client
// sent can forge or garble a line.
std::string loggable_word(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 64)) {
    const bool plain =
        std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
    out.push_back(plain ? c : '?');
  }
  return out;
}

std::string_view loggable_method(const std::string& method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == known) return known;
  }
  return "-";
}

// The canonical text of an IP literal ("::ffff:127.0.0.1" as "127.0.0.1"),
// nullopt when `text` is not one.
std::optional<std::string> canonical_ip(std::string_view text) {
  std::string address(text);
  in6_addr v6{};
  in_addr v4{};
  char buffer[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    inet_ntop(AF_INET, &v4, buffer, sizeof(buffer));
    return std::string(buffer);
  }
  if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return std::nullopt;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, &v6.s6_addr[12], sizeof(v4));
    inet_ntop(AF_INET, &v4, buffer, sizeof(buffer));
  } else {
    inet_ntop(AF_INET6, &v6, buffer, sizeof(buffer));
  }
  return std::string(buffer);
}

// The last address of the last X-Forwarded-For header: the hop the proxy
// that sent the request added. nullopt when there is none or it is not an IP.
std::optional<std::string> last_forwarded_hop(const httplib::Request& request) {
  auto [begin, end] = request.headers.equal_range("X-Forwarded-For");
  if (begin == end) return std::nullopt;
  std::string_view value = std::prev(end)->second;
  std::string_view hop =
      value.substr(value.rfind(',') == std::string_view::npos ? 0 : value.rfind(',') + 1);
  while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
  while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
  return canonical_ip(hop);
}

bool may_have_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

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

std::string_view unrouted_refusal_reason(int status) {
  switch (status) {
    case 400:
      return "malformed_request";
    case 404:
      return "no_route";
    case 405:
      return "method_not_allowed";
    case 413:
      return "body_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_content_encoding";
    case 416:
      return "bad_range";
    default:
      return "refused";
  }
}

void HttpServer::mark_routed(std::string_view route_pattern) {
  notes.routed = true;
  notes.route_pattern = route_pattern;
}

void HttpServer::note_refusal(std::string_view reason, std::string_view field) {
  notes.refusal_reason = reason;
  notes.refusal_field = field;
}

void HttpServer::observe_unrouted(const httplib::Request& request,
                                  const httplib::Response& response) {
  if (notes.routed) return;
  notes.routed = true;  // counted once, whether by the error handler or the logger
  if (unrouted_) unrouted_(request, response);
}

void HttpServer::normalise(httplib::Request& request) const {
  if (may_have_body(request.method) && !request.has_header("Content-Length") &&
      !request.has_header("Transfer-Encoding")) {
    request.set_header("Content-Length", "0");
  }
  if (options_.trusted_proxies.empty()) return;
  const std::optional<std::string> peer = canonical_ip(request.remote_addr);
  const auto& trusted = options_.trusted_proxies;
  if (!peer || std::find(trusted.begin(), trusted.end(), *peer) == trusted.end()) return;
  if (std::optional<std::string> client = last_forwarded_hop(request)) {
    request.remote_addr = *client;
  }
}

void HttpServer::answer_wrong_method(const httplib::Request& request,
                                     httplib::Response& response) const {
  if (notes.routed || response.status != 404 || !route_lookup_) return;
  const std::optional<RouteMethods> served = route_lookup_(request.path);
  if (!served) return;
  notes.route_pattern = served->pattern;
  response.set_header("Allow", served->allow);
  write_json_error(response, 405,
                   fmt::format("{} is not served at {}; it allows {}",
                               loggable_method(request.method), served->pattern, served->allow));
}

void HttpServer::log_access(const httplib::Request& request,
                            const httplib::Response& response) const {
  const std::string route =
      notes.route_pattern.empty() ? loggable_path(request.path) : notes.route_pattern;
  std::string duration = "-";
  if (notes.started) {
    const std::chrono::duration<double, std::milli> taken =
        std::chrono::steady_clock::now() - notes.start;
    duration = fmt::format("{:.1f}ms", taken.count());
  }
  std::string refusal;
  if (response.status >= 400 && response.status < 500) {
    std::string_view reason = notes.refusal_reason;
    if (reason.empty())
      reason = notes.route_pattern.empty() || response.status == 405
                   ? unrouted_refusal_reason(response.status)
                   : "refused";
    refusal = fmt::format(" refused {}", reason);
    if (!notes.refusal_field.empty()) {
      refusal += fmt::format(" field {}", loggable_word(notes.refusal_field));
    }
  }
  const std::string peer = request.remote_addr.empty() ? "unknown" : request.remote_addr;
  spdlog::info("http {} {} {} {} from {}{}", loggable_method(request.method), route,
               response.status, duration, peer, refusal);
}

HttpServer::HttpServer(HttpServerOptions options)
    : options_(std::move(options)), server_(make_server(options_)) {
  for (std::string& proxy : options_.trusted_proxies) {
    std::optional<std::string> address = canonical_ip(proxy);
    if (!address) {
      throw InputError(fmt::format("http.trusted_proxies: \"{}\" is not an IP address", proxy),
                       "http.trusted_proxies");
    }
    proxy = *address;
  }
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
  // Runs once the headers are read, before the body is. The Request is
  // cpp-httplib's own non-const object, passed here as const: normalising it
  // in place is well defined, and it is what the rest of the request sees.
  server.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
    notes = RequestNotes{.started = true, .start = std::chrono::steady_clock::now()};
    normalise(const_cast<httplib::Request&>(request));
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // cpp-httplib calls the error handler before it writes the response and
  // the logger after: an unrouted error is counted in the error handler, so a
  // client that reads /metrics right after its 404 sees the 404 counted.
  server.set_error_handler([this](const httplib::Request& request, httplib::Response& response) {
    answer_wrong_method(request, response);
    fill_error_body(request, response);
    observe_unrouted(request, response);
  });
  server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    observe_unrouted(request, response);
    log_access(request, response);
    notes = RequestNotes{};
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
