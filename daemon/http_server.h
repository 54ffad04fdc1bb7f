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
#include <string>
#include <thread>

namespace auditd::daemon {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  int port = 0;  // 0: any free port
  int threads = 4;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 2;
};

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();  // stop()s

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Where later code registers routes (router().Get(...), .Post(...)).
  // Only before start().
  httplib::Server& router() { return server_; }

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
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
  std::atomic<bool> finished_{false};
};

// Writes {"error": message} with `status`.
void write_json_error(httplib::Response& response, int status, std::string_view message);

}  // namespace auditd::daemon
