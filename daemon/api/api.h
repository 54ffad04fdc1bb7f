// Api: the /v1 admin API's house rules around every route, so that resource
// handlers only do their work.
//
// For each request, before the handler runs:
//  1. a peer (req.remote_addr; never a client header) that keeps failing
//     authentication gets 429 with Retry-After (FailureThrottle);
//  2. unless the route is open, the caller is authenticated by
//     "Authorization: Bearer <secret>" naming a stored, unexpired,
//     unrevoked token, or, without that header, by the session cookie of a
//     signed-in person (session_cookie.h; daemon/service/sessions.h says when
//     a session is valid). Either way 401 otherwise, logged with the peer and
//     counted by the same throttle. Same roles: a viewer token, or a session
//     whose person has console access viewer, gets 403 on a writing route; a
//     person with access none ("self") gets 403 on every admin route. A
//     cookie-authenticated request other than GET must also send header
//     X-CSRF-Token equal to its session's CSRF token (403 otherwise, before
//     anything is read or written), beside the cookie's SameSite=Strict.
//     Bearer requests need no CSRF token: a browser never adds the header;
//  3. the body must be of the route's kind: JSON (application/json, at most
//     1 MiB) or CSV (text/csv, at most 20 MiB), else 415 naming Content-Type
//     (so a form-encoded body, curl -d's default, is 415, never read as
//     parameters) / 413; a route taking no body refuses one (400). A request
//     without a body is one with an empty body (HttpServer), so a bare
//     "curl -X POST" reaches a route that takes none or an optional one;
//  4. query parameters must be ones the route declares (400 naming the
//     first other one: a mistyped "dryrun" must not commit a month).
// After it: exceptions become the one error shape (scheduler/errors.h gives
// 400/404/409/422, DatabaseUnavailable 503, anything else 500 with the
// detail only in the log), and the request is counted in ApiMetrics; a
// refusal (4xx) also by its reason (caseaudit_http_refusals_total), which
// HttpServer's access log line names.
//
// A path that a route serves, asked with a method none serves there, is 405
// with Allow (HttpServer::set_route_lookup), not 404.
//
// A GET route that needs a caller runs its token or session lookup and its
// handler in ONE read transaction (Store::read), which the handler's own
// store.read() calls join (scheduler/store.h): one snapshot, one connection,
// one BEGIN and COMMIT a request. So a GET handler only reads; a
// store.transact() inside it would be a second transaction. Other routes look
// the caller up in a read transaction of its own and run their handler after
// it.
//
// Idle timeout: a session's last_seen_at is refreshed by a successful
// (status < 400) request when it is a minute old or more, in a write
// transaction of its own AFTER the request's read transaction has ended (a
// write inside a GET's read transaction would be a second transaction, and
// on a one-connection store would wait for ever). So a GET writes at most
// once a minute per session, the refresh never makes a request fail (it is
// logged), and the idle timeout is exact to within that minute.
//
// Handlers run concurrently on the HTTP pool's threads: they must be
// thread-safe. They parse, call a service operation (daemon/service/, which
// writes each change and its change-log row in one transaction, so that a
// failed request changes nothing) and render its result.
#pragma once

#include <httplib.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/api/failure_throttle.h"
#include "daemon/api/json_fields.h"
#include "daemon/api/metrics.h"
#include "daemon/http_server.h"
#include "daemon/service/caller.h"
#include "daemon/service/sessions.h"
#include "scheduler/clock.h"
#include "scheduler/errors.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon::api {

enum class Access {
  kOpen,   // no token (the probes)
  kRead,   // any valid token
  kWrite,  // a coordinator's token, or a session with console access coordinator
  // A signed-in person's session of any access (the session routes); a
  // bearer token is not one (401).
  kSession,
};

enum class BodyKind {
  kNone,          // no body allowed
  kJson,          // a JSON object, required
  kOptionalJson,  // a JSON object or nothing
  kCsv,           // text/csv
};

struct ApiLimits {
  std::size_t json_bytes = 1024 * 1024;
  std::size_t csv_bytes = 20 * 1024 * 1024;
};

// Who a request is authenticated as.
struct ApiCaller {
  std::string actor;  // the change log's who: a token's name, or person_actor()
  bool can_write = false;
  // Set when authenticated by the session cookie; its last_seen_at is the
  // one stored once the request ends (see the idle timeout above).
  std::optional<SessionPerson> session;
  bool refresh_last_seen = false;  // the frame stores last_seen_at after the request
};

// Settings of the sign-in sessions the frame checks.
struct SessionOptions {
  std::chrono::seconds idle = std::chrono::hours(2);
  // How old last_seen_at may get before a request refreshes it.
  std::chrono::seconds refresh_after = std::chrono::minutes(1);
};

// One request, as a handler sees it. Not thread-safe; lives for the request.
class ApiRequest {
 public:
  ApiRequest(const httplib::Request& http, const ApiCaller& caller, Instant now,
             const std::vector<std::string>& param_names);

  const httplib::Request& http() const { return http_; }
  // The caller: a token's name or the person is the "who" of the change log.
  const ApiCaller& authenticated() const { return caller_; }
  // The signed-in person's session, when the cookie authenticated the request.
  const std::optional<SessionPerson>& session() const { return caller_.session; }
  Instant now() const { return now_; }
  // Who and when for a service operation (daemon/service/caller.h).
  Caller caller() const { return Caller{.actor = caller_.actor, .at = now_}; }

  // A path parameter by its name in the route pattern ("{id}" -> "id").
  std::string path(std::string_view name) const;
  Id path_id(std::string_view name) const;        // 400 naming it unless a positive integer
  Month path_month(std::string_view name) const;  // 400 naming it unless YYYY-MM

  std::optional<std::string> query(std::string_view name) const;
  std::optional<Id> query_id(std::string_view name) const;
  std::optional<Month> query_month(std::string_view name) const;
  std::optional<Date> query_date(std::string_view name) const;
  std::optional<bool> query_bool(std::string_view name) const;  // 1/0/true/false
  bool flag(std::string_view name) const { return query_bool(name).value_or(false); }

  // The JSON body (BodyKind::kJson / kOptionalJson: {} when absent).
  JsonFields json() const;
  const std::string& body() const { return http_.body; }

 private:
  const httplib::Request& http_;
  const ApiCaller& caller_;
  Instant now_;
  const std::vector<std::string>& param_names_;
};

struct ApiResponse {
  int status = 200;
  boost::json::value json;   // serialised unless `text` is set
  std::string text;          // a non-JSON body (e.g. /metrics)
  std::string content_type;  // with `text`
  httplib::Headers headers;  // extra response headers (Set-Cookie ...)
};

inline ApiResponse json_response(boost::json::value value, int status = 200) {
  return ApiResponse{.status = status, .json = std::move(value)};
}

using Handler = std::function<ApiResponse(ApiRequest&)>;

struct Route {
  std::string method;   // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string pattern;  // "/v1/staff/{id}": {name} matches one path segment
  Access access = Access::kRead;
  BodyKind body = BodyKind::kNone;
  std::vector<std::string> query_params;  // the only query parameters accepted
  Handler handler;
};

class Api {
 public:
  // `server`, `store` and `clock` must outlive the Api; routes are added to
  // `server` (before it starts).
  Api(HttpServer& server, Store& store, const Clock& clock, ApiLimits limits = {},
      ThrottlePolicy throttle = {}, SessionOptions sessions = {});
  ~Api();

  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  void add(Route route);

  // (method, pattern) of every route added, in order: for the docs check.
  std::vector<std::pair<std::string, std::string>> routes() const;

  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  ApiMetrics& metrics() { return metrics_; }
  const SessionOptions& session_options() const { return sessions_; }
  // Whether the server speaks TLS (the session cookie's name and Secure).
  bool tls() const;

 private:
  struct Compiled;
  void serve(const Compiled& route, const httplib::Request& request, httplib::Response& response);
  // Authenticates and checks the request, then runs the route's handler.
  ApiResponse handle(const Compiled& route, const httplib::Request& request,
                     httplib::Response& response, Instant now, std::optional<ApiCaller>& caller);
  // 429 (HttpRefusal, with Retry-After) for a peer that keeps failing.
  void refuse_if_throttled(const Compiled& route, const httplib::Request& request,
                           httplib::Response& response, Instant now);
  // The caller; throws HttpRefusal (with `response`'s headers set) when it
  // is refused.
  ApiCaller authenticate(const Compiled& route, const httplib::Request& request,
                         httplib::Response& response, Instant now);
  ApiCaller authenticate_token(const Compiled& route, const httplib::Request& request,
                               httplib::Response& response, Instant now);
  ApiCaller authenticate_session(const Compiled& route, const httplib::Request& request,
                                 httplib::Response& response, Instant now);
  // 401 with the refusal `reason` (a fixed code, metrics.h), counting a
  // failure for the peer; logs the route pattern, `why` and `who`.
  [[noreturn]] void refuse_unauthenticated(const Compiled& route, const httplib::Request& request,
                                           httplib::Response& response, std::string_view reason,
                                           std::string_view why, std::string_view who, Instant now);
  // Refreshes the session's last_seen_at after a request, when due.
  void refresh_session(const ApiCaller& caller, int status, Instant now);
  void check_query(const Compiled& route, const httplib::Request& request) const;
  void check_body(const Compiled& route, const httplib::Request& request,
                  httplib::Response& response) const;
  // The route at `path` and the methods it is served with (HttpServer's 405).
  std::optional<RouteMethods> methods_at(const std::string& path) const;
  // Counts (and notes for the access log) a refused request.
  void record_refusal(const std::string& route, int status, std::string_view reason,
                      std::string_view field);

  HttpServer& server_;
  Store& store_;
  const Clock& clock_;
  ApiLimits limits_;
  FailureThrottle throttle_;
  SessionOptions sessions_;
  ApiMetrics metrics_;
  std::vector<std::unique_ptr<Compiled>> routes_;
};

// Thrown by checks before a handler: answered with `status`. `reason` is a
// code from a fixed set ("unknown_token", "unsupported_media_type" ...): the
// metrics label and the access log's word for it, never client text.
class HttpRefusal : public InputError {
 public:
  HttpRefusal(int status, std::string_view reason, const std::string& message,
              std::string field = {})
      : InputError(message, std::move(field)), status_(status), reason_(reason) {}
  int status() const { return status_; }
  const std::string& reason() const { return reason_; }

 private:
  int status_;
  std::string reason_;
};

}  // namespace caseaudit::daemon::api
