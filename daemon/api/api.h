// Api: the /v1 admin API's house rules around every route, so that resource
// handlers only do their work.
//
// For each request, before the handler runs:
//  1. a peer (req.remote_addr; never a client header) that keeps failing
//     authentication gets 429 with Retry-After (FailureThrottle);
//  2. unless the route is open: "Authorization: Bearer <secret>" must name a
//     stored, unexpired, unrevoked token (401 otherwise, logged with the
//     peer); a viewer token on a writing route gets 403;
//  3. query parameters must be ones the route declares (400 naming the
//     first other one: a mistyped "dryrun" must not commit a month);
//  4. the body must be of the route's kind: JSON (application/json, at most
//     1 MiB) or CSV (text/csv, at most 20 MiB), else 415 / 413; a route
//     taking no body refuses one.
// After it: exceptions become the one error shape (scheduler/errors.h gives
// 400/404/409/422, DatabaseUnavailable 503, anything else 500 with the
// detail only in the log), and the request is counted in ApiMetrics.
//
// A GET route that needs a token runs its token lookup and its handler in
// ONE read transaction (Store::read), which the handler's own store.read()
// calls join (scheduler/store.h): one snapshot, one connection, one BEGIN and
// COMMIT a request. So a GET handler only reads; a store.transact() inside it
// would be a second transaction. Other routes look the token up in a read
// transaction of its own and run their handler after it.
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
#include "scheduler/clock.h"
#include "scheduler/errors.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::daemon::api {

enum class Access {
  kOpen,   // no token (the probes)
  kRead,   // any valid token
  kWrite,  // a coordinator's token
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

// One request, as a handler sees it. Not thread-safe; lives for the request.
class ApiRequest {
 public:
  ApiRequest(const httplib::Request& http, const ApiToken& token, Instant now,
             const std::vector<std::string>& param_names);

  const httplib::Request& http() const { return http_; }
  // The caller: its token's name is the "who" of the change log.
  const ApiToken& token() const { return token_; }
  Instant now() const { return now_; }
  // Who and when for a service operation (daemon/service/caller.h).
  Caller caller() const { return Caller{.actor = token_.name, .at = now_}; }

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
  const ApiToken& token_;
  Instant now_;
  const std::vector<std::string>& param_names_;
};

struct ApiResponse {
  int status = 200;
  boost::json::value json;                                   // serialised unless `text` is set
  std::string text;                                          // a non-JSON body (e.g. /metrics)
  std::string content_type;                                  // with `text`
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Content-Disposition
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
      ThrottlePolicy throttle = {});
  ~Api();

  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  void add(Route route);

  // (method, pattern) of every route added, in order: for the docs check.
  std::vector<std::pair<std::string, std::string>> routes() const;

  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  ApiMetrics& metrics() { return metrics_; }

 private:
  struct Compiled;
  void serve(const Compiled& route, const httplib::Request& request, httplib::Response& response);
  // Authenticates and checks the request, then runs the route's handler.
  ApiResponse handle(const Compiled& route, const httplib::Request& request,
                     httplib::Response& response, Instant now);
  // 429 (HttpRefusal, with Retry-After) for a peer that keeps failing.
  void refuse_if_throttled(const Compiled& route, const httplib::Request& request,
                           httplib::Response& response, Instant now);
  // The caller's token; throws HttpRefusal (with `response`'s headers set)
  // when it is refused.
  ApiToken authenticate(const Compiled& route, const httplib::Request& request,
                        httplib::Response& response, Instant now);
  void check_query(const Compiled& route, const httplib::Request& request) const;
  void check_body(const Compiled& route, const httplib::Request& request,
                  httplib::Response& response) const;

  HttpServer& server_;
  Store& store_;
  const Clock& clock_;
  ApiLimits limits_;
  FailureThrottle throttle_;
  ApiMetrics metrics_;
  std::vector<std::unique_ptr<Compiled>> routes_;
};

// Thrown by checks before a handler: answered with `status`.
class HttpRefusal : public InputError {
 public:
  HttpRefusal(int status, const std::string& message, std::string field = {})
      : InputError(message, std::move(field)), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

}  // namespace caseaudit::daemon::api
