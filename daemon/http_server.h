// HttpServer: the daemon's HTTP listener (cpp-httplib) with the house rules
// applied to every route: JSON error bodies, "Cache-Control: no-store", an
// exception handler that turns any exception into a response (so no request
// can bring the daemon down), read/write/keep-alive timeouts, its own pool of
// handler threads, and TCP_NODELAY (Debian's cpp-httplib is built without it,
// which caps a server at ~300 requests/s).
//
// Routes are added through router() before start(). Handlers run on the
// pool's threads, concurrently; they must be thread-safe. To learn the
// client's address use Request::remote_addr, never a REMOTE_ADDR header
// (cpp-httplib 0.11 copies client-sent headers of that name).
//
// Lifecycle: construct, add routes, bind(), start(), stop(). Methods other
// than router() may be called from any one thread at a time.
#pragma once

#include <httplib.h>

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace caseaudit::daemon {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  int port = 0;  // 0: any free port
  int threads = 4;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 2;
  // TLS (1.2 or later) when both are set: PEM certificate chain and key.
  std::string tls_certificate;
  std::string tls_key;
  // The largest request body accepted at all (413 beyond); routes may set
  // smaller limits of their own.
  std::size_t max_body_bytes = 20 * 1024 * 1024;
};

// Called once per answered request that no route recorded itself (unknown
// paths, bodies refused before routing ...), for metrics. Thread-safe.
using UnroutedObserver = std::function<void(const httplib::Request&, const httplib::Response&)>;

class HttpServer {
 public:
  // Throws RuntimeFailure naming the file when the TLS certificate or key
  // cannot be loaded.
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();  // stop()s

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Where later code registers routes (router().Get(...), .Post(...)).
  // Only before start().
  httplib::Server& router() { return *server_; }
  bool tls() const { return !options_.tls_certificate.empty(); }

  // Only before start(). See UnroutedObserver.
  void set_unrouted_observer(UnroutedObserver observer) { unrouted_ = std::move(observer); }
  // A route calls this once it has accounted for the request itself, so the
  // observer skips it. Per thread: handler and logger share the worker thread.
  static void mark_routed();

  // Binds and listens (connections queue until start()). Returns the bound
  // port. Throws RuntimeFailure "cannot listen on ADDRESS:PORT: reason".
  int bind();

  // Serves on a thread of its own. Precondition: bind() succeeded.
  void start();

  // Stops accepting and returns once the requests in flight are answered.
  // cpp-httplib cannot interrupt a connection waiting for its next request,
  // so this also waits up to the keep-alive timeout for idle connections
  // (and up to the read timeout for a client sending slowly).
  // Idempotent; safe when never started.
  void stop();

  // "127.0.0.1:8080" or "[::1]:8080", after bind().
  std::string endpoint() const;

 private:
  HttpServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  // Calls unrouted_ once per request no route accounted for.
  void observe_unrouted(const httplib::Request& request, const httplib::Response& response);

  UnroutedObserver unrouted_;
  int port_ = -1;
  std::thread thread_;
  std::atomic<bool> finished_{false};
};

// Writes the API's one error shape with `status`:
//   {"error": {"code": "not_found", "message": "...", "field": "..."}}
// ("field" only when there is one; the code follows from the status, see
// error_code()).
void write_json_error(httplib::Response& response, int status, std::string_view message,
                      std::string_view field = {});
// The status for an exception escaping a handler, per scheduler/errors.h:
// NotFound 404, Conflict 409, RuleViolation 422, other InputError 400,
// DatabaseUnavailable 503, anything else 500.
int status_for_exception(const std::exception& error);
// Answers `thrown` in the error shape; 5xx are logged with the peer, and a
// 500's detail stays in the log.
void answer_exception(const httplib::Request& request, httplib::Response& response,
                      std::exception_ptr thrown);

// "bad_request", "unauthorized", "forbidden", "not_found", "conflict",
// "payload_too_large", "unsupported_media_type", "rule_violation",
// "too_many_requests", "unavailable", "internal" ...
std::string_view error_code(int status);

}  // namespace caseaudit::daemon
