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
// Before routing, each request is normalised (the pre-routing handler, which
// runs once its headers are read and before its body is):
//  - a POST, PUT or PATCH with neither Content-Length nor Transfer-Encoding
//    has an empty body (RFC 9112 6.3), where cpp-httplib 0.11 would read
//    until the client closed or the read timed out and answer 400;
//  - from a trusted proxy (options.trusted_proxies), remote_addr becomes the
//    last address of X-Forwarded-For, the one that proxy added; from any other
//    peer the header is ignored.
// A request that no route matched but whose path another method serves
// (set_route_lookup) is answered 405 with Allow.
//
// Every answered request gets one access log line at info, written after its
// response: "http METHOD ROUTE STATUS DURATION from PEER", ROUTE being the
// route pattern ("/v1/audits/{id}") or, for requests no pattern names, the
// path as loggable_path() (daemon/redact.h) shows it; never a query string or
// a header. A refusal (4xx) adds "refused REASON" (and "field NAME"), REASON
// one of a fixed set of codes. DURATION runs from the end of the request's
// headers to the end of its response ("-" for requests refused while their
// headers were read).
//
// Not bounded here (cpp-httplib 0.11 has no hook for it): the time a client
// may take to send its headers and body as a whole (only each read is, by
// read_timeout_seconds), and the connections one peer may hold; each
// connection holds a pool thread while it lasts. In production the daemon
// listens on loopback behind nginx (systemd/nginx-caseaudit.conf), which
// bounds both; see docs/systemd.md.
//
// Lifecycle: construct, add routes, bind(), start(), stop(). Methods other
// than router() may be called from any one thread at a time.
#pragma once

#include <httplib.h>

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

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
  // IP literals of reverse proxies whose X-Forwarded-For is believed
  // (e.g. "127.0.0.1" for nginx on the same host). Empty: none.
  std::vector<std::string> trusted_proxies;
};

// Called once per answered request that no route recorded itself (unknown
// paths, bodies refused before routing ...), for metrics. Thread-safe.
using UnroutedObserver = std::function<void(const httplib::Request&, const httplib::Response&)>;

// For a request no route matched: the pattern of a route at its path
// ("/v1/actions/{id}") and the methods served there ("GET, HEAD, PATCH");
// nullopt when no route serves the path. Thread-safe.
struct RouteMethods {
  std::string pattern;
  std::string allow;
};
using RouteLookup = std::function<std::optional<RouteMethods>(const std::string& path)>;

// Why a request no route ran for was refused, by its status: "malformed_request"
// (400), "no_route" (404), "method_not_allowed" (405), "body_too_large" (413),
// "uri_too_long" (414), "unsupported_content_encoding" (415), "bad_range"
// (416), "refused" otherwise.
std::string_view unrouted_refusal_reason(int status);

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
  // Only before start(). See RouteLookup.
  void set_route_lookup(RouteLookup lookup) { route_lookup_ = std::move(lookup); }
  // A route calls this once it has accounted for the request itself, so the
  // observer skips it; `route_pattern` names it in the access log. Per thread:
  // handler and logger share the worker thread.
  static void mark_routed(std::string_view route_pattern = {});
  // A route that refuses the request says why, for its access log line:
  // `reason` one of a fixed set of codes, `field` the field named (if any).
  static void note_refusal(std::string_view reason, std::string_view field = {});

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
  // The pre-routing normalisation described above.
  void normalise(httplib::Request& request) const;
  // 404 -> 405 with Allow, when another method serves the path.
  void answer_wrong_method(const httplib::Request& request, httplib::Response& response) const;
  void log_access(const httplib::Request& request, const httplib::Response& response) const;

  UnroutedObserver unrouted_;
  RouteLookup route_lookup_;
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
