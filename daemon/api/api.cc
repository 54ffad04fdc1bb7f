#include "daemon/api/api.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <regex>

#include "daemon/api/session_cookie.h"
#include "daemon/service/sign_in.h"
#include "daemon/service/token_secret.h"
#include "scheduler/errors.h"
#include "scheduler/text.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

// "/v1/staff/{id}" -> "/v1/staff/([^/]+)", and the names in order.
std::string to_regex(const std::string& pattern, std::vector<std::string>& names) {
  static const std::regex kParam(R"(\{([a-z_]+)\})");
  std::string regex;
  auto begin = std::sregex_iterator(pattern.begin(), pattern.end(), kParam);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    regex += pattern.substr(last, it->position() - last);
    regex += "([^/]+)";
    names.push_back((*it)[1]);
    last = it->position() + it->length();
  }
  regex += pattern.substr(last);
  return regex;
}

// The media type of a Content-Type header, lowercased, without parameters.
std::string media_type(const httplib::Request& request) {
  std::string type = request.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return ascii_lowercase(type);
}

bool is_write(Access access) { return access == Access::kWrite; }

// Compares without an early exit, so the time taken tells nothing of where
// a guessed CSRF token first differs.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

bool is_safe_method(const std::string& method) { return method == "GET" || method == "HEAD"; }

// A GET route with a token: its lookup and handler share one read transaction.
bool reads_in_one_transaction(const Route& route) {
  return route.method == "GET" && route.access != Access::kOpen;
}

void write_response(const ApiResponse& result, httplib::Response& response) {
  response.status = result.status;
  for (const auto& [name, value] : result.headers) response.headers.emplace(name, value);
  if (!result.text.empty() || !result.content_type.empty()) {
    response.set_content(result.text, result.content_type);
  } else if (result.status != 204) {
    response.set_content(json::serialize(result.json), "application/json");
  }
}

// The reason code of a handler's InputError (scheduler/errors.h), by status.
std::string_view handler_refusal_reason(int status) {
  switch (status) {
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 422:
      return "rule_violation";
    default:
      return "invalid_input";
  }
}

ApiCaller anonymous() { return ApiCaller{.actor = "anonymous"}; }

}  // namespace

// ---- ApiRequest --------------------------------------------------------------

ApiRequest::ApiRequest(const httplib::Request& http, const ApiCaller& caller, Instant now,
                       const std::vector<std::string>& param_names)
    : http_(http), caller_(caller), now_(now), param_names_(param_names) {}

std::string ApiRequest::path(std::string_view name) const {
  for (std::size_t i = 0; i < param_names_.size(); ++i) {
    if (param_names_[i] == name) return http_.matches[static_cast<int>(i) + 1].str();
  }
  throw ProgramError(fmt::format("route has no path parameter {}", name));
}

Id ApiRequest::path_id(std::string_view name) const { return parse_id(path(name), name); }

Month ApiRequest::path_month(std::string_view name) const { return Month::parse(path(name), name); }

std::optional<std::string> ApiRequest::query(std::string_view name) const {
  std::string key(name);
  if (!http_.has_param(key)) return std::nullopt;
  return http_.get_param_value(key);
}

std::optional<Id> ApiRequest::query_id(std::string_view name) const {
  std::optional<std::string> text = query(name);
  if (!text) return std::nullopt;
  return parse_id(*text, name);
}

std::optional<Month> ApiRequest::query_month(std::string_view name) const {
  std::optional<std::string> text = query(name);
  if (!text) return std::nullopt;
  return Month::parse(*text, name);
}

std::optional<Date> ApiRequest::query_date(std::string_view name) const {
  std::optional<std::string> text = query(name);
  if (!text) return std::nullopt;
  return parse_date(*text, name);
}

std::optional<bool> ApiRequest::query_bool(std::string_view name) const {
  std::optional<std::string> text = query(name);
  if (!text) return std::nullopt;
  if (*text == "1" || *text == "true") return true;
  if (*text == "0" || *text == "false") return false;
  throw InputError(fmt::format("{}: expected 1, 0, true or false, got \"{}\"", name, *text),
                   std::string(name));
}

JsonFields ApiRequest::json() const {
  if (http_.body.empty()) return JsonFields(json::object{});
  return JsonFields::parse(http_.body);
}

// ---- Api ---------------------------------------------------------------------

struct Api::Compiled {
  Route route;
  std::vector<std::string> param_names;
  std::regex regex;
};

Api::Api(HttpServer& server, Store& store, const Clock& clock, ApiLimits limits,
         ThrottlePolicy throttle, SessionOptions sessions)
    : server_(server),
      store_(store),
      clock_(clock),
      limits_(limits),
      throttle_(throttle),
      sessions_(sessions) {
  server_.set_unrouted_observer(
      [this](const httplib::Request& request, const httplib::Response& response) {
        std::string route = "unmatched";
        if (response.status == 405) {
          if (auto served = methods_at(request.path)) route = served->pattern;
        }
        metrics_.record_unmatched(request.method, response.status, route);
        if (response.status >= 400 && response.status < 500) {
          metrics_.record_refusal(route, response.status, unrouted_refusal_reason(response.status));
        }
      });
  server_.set_route_lookup([this](const std::string& path) { return methods_at(path); });
}

std::optional<RouteMethods> Api::methods_at(const std::string& path) const {
  std::optional<RouteMethods> served;
  std::vector<std::string> methods;
  for (const auto& compiled : routes_) {
    if (!std::regex_match(path, compiled->regex)) continue;
    if (!served) served = RouteMethods{.pattern = compiled->route.pattern};
    methods.push_back(compiled->route.method);
    if (compiled->route.method == "GET") methods.push_back("HEAD");  // cpp-httplib serves it
  }
  if (!served) return std::nullopt;
  std::sort(methods.begin(), methods.end());
  methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
  served->allow = fmt::format("{}", fmt::join(methods, ", "));
  return served;
}

void Api::record_refusal(const std::string& route, int status, std::string_view reason,
                         std::string_view field) {
  HttpServer::note_refusal(reason, field);
  metrics_.record_refusal(route, status, reason);
}

Api::~Api() = default;

bool Api::tls() const { return server_.tls(); }

std::vector<std::pair<std::string, std::string>> Api::routes() const {
  std::vector<std::pair<std::string, std::string>> all;
  for (const auto& compiled : routes_) {
    all.emplace_back(compiled->route.method, compiled->route.pattern);
  }
  return all;
}

void Api::add(Route route) {
  auto compiled = std::make_unique<Compiled>();
  std::string regex = to_regex(route.pattern, compiled->param_names);
  compiled->regex = std::regex(regex);
  compiled->route = std::move(route);
  const Compiled* target = compiled.get();
  routes_.push_back(std::move(compiled));
  auto handler = [this, target](const httplib::Request& request, httplib::Response& response) {
    serve(*target, request, response);
  };
  httplib::Server& router = server_.router();
  const std::string& method = target->route.method;
  if (method == "GET") {
    router.Get(regex, handler);
  } else if (method == "POST") {
    router.Post(regex, handler);
  } else if (method == "PATCH") {
    router.Patch(regex, handler);
  } else if (method == "PUT") {
    router.Put(regex, handler);
  } else if (method == "DELETE") {
    router.Delete(regex, handler);
  } else {
    throw ProgramError(fmt::format("unsupported method {}", method));
  }
}

void Api::serve(const Compiled& route, const httplib::Request& request,
                httplib::Response& response) {
  const auto started = std::chrono::steady_clock::now();
  const std::string& pattern = route.route.pattern;
  HttpServer::mark_routed(pattern);
  try {
    const Instant now = clock_.now();
    std::optional<ApiResponse> result;
    std::optional<ApiCaller> caller;
    refuse_if_throttled(route, request, response, now);  // before any transaction
    if (reads_in_one_transaction(route.route)) {
      store_.read([&](Transaction&) { result = handle(route, request, response, now, caller); });
    } else {
      result = handle(route, request, response, now, caller);
    }
    write_response(*result, response);
    if (caller) refresh_session(*caller, response.status, now);
  } catch (const HttpRefusal& refusal) {
    write_json_error(response, refusal.status(), refusal.what(), refusal.field());
    record_refusal(pattern, refusal.status(), refusal.reason(), refusal.field());
  } catch (const InputError& error) {
    answer_exception(request, response, std::current_exception());
    record_refusal(pattern, response.status, handler_refusal_reason(response.status),
                   error.field());
  } catch (...) {
    answer_exception(request, response, std::current_exception());
  }
  metrics_.record(pattern, request.method, response.status,
                  std::chrono::steady_clock::now() - started);
}

ApiResponse Api::handle(const Compiled& route, const httplib::Request& request,
                        httplib::Response& response, Instant now,
                        std::optional<ApiCaller>& caller) {
  caller = authenticate(route, request, response, now);
  // The body first: cpp-httplib reads a form-encoded body into the
  // parameters, which must be refused as a body (415), not as a query.
  check_body(route, request, response);
  check_query(route, request);
  ApiRequest api_request(request, *caller, now, route.param_names);
  return route.route.handler(api_request);
}

void Api::refresh_session(const ApiCaller& caller, int status, Instant now) {
  if (!caller.refresh_last_seen || status >= 400) return;
  try {
    touch_session(store_, caller.session->session.id, now);
  } catch (const std::exception& error) {
    spdlog::warn("cannot refresh session {}: {}", caller.session->session.id, error.what());
  }
}

void Api::refuse_unauthenticated(const Compiled& route, const httplib::Request& request,
                                 httplib::Response& response, std::string_view reason,
                                 std::string_view why, std::string_view who, Instant now) {
  const std::string& peer = request.remote_addr;
  bool now_blocked = throttle_.record_failure(peer, now);
  // The route pattern, never the path, is logged: a path may carry a secret.
  spdlog::warn("refused {} {} from {}: {}{}{}", request.method, route.route.pattern, peer, why,
               who.empty() ? "" : " ", who);
  if (now_blocked) spdlog::warn("blocking {} after repeated failed attempts", peer);
  response.set_header("WWW-Authenticate", "Bearer");
  throw HttpRefusal(401, reason, std::string(why));
}

ApiCaller Api::authenticate(const Compiled& route, const httplib::Request& request,
                            httplib::Response& response, Instant now) {
  if (route.route.access == Access::kOpen) return anonymous();
  if (route.route.access != Access::kSession && request.has_header("Authorization")) {
    return authenticate_token(route, request, response, now);
  }
  return authenticate_session(route, request, response, now);
}

ApiCaller Api::authenticate_token(const Compiled& route, const httplib::Request& request,
                                  httplib::Response& response, Instant now) {
  const std::string header = request.get_header_value("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() || header.compare(0, kScheme.size(), kScheme) != 0) {
    refuse_unauthenticated(route, request, response, "missing_token", "missing bearer token", "",
                           now);
  }
  const std::string hash = hash_token_secret(std::string_view(header).substr(kScheme.size()));
  std::optional<ApiToken> token = store_.read_result<std::optional<ApiToken>>(
      [&](Transaction& tx) { return tx.tokens().find_by_hash(hash); });
  if (!token) {
    refuse_unauthenticated(route, request, response, "unknown_token", "unknown token", "", now);
  }
  if (token->revoked_at) {
    refuse_unauthenticated(route, request, response, "revoked_token", "token revoked",
                           "token " + token->name, now);
  }
  if (!token->valid_at(now)) {
    refuse_unauthenticated(route, request, response, "expired_token", "token expired",
                           "token " + token->name, now);
  }
  const bool coordinator = token->role == ApiRole::kCoordinator;
  if (is_write(route.route.access) && !coordinator) {
    spdlog::warn("refused {} {} from {}: token {} is a viewer", request.method, route.route.pattern,
                 request.remote_addr, token->name);
    throw HttpRefusal(403, "viewer_token",
                      fmt::format("token {} may only read (role viewer)", token->name));
  }
  return ApiCaller{.actor = token->name, .can_write = coordinator};
}

ApiCaller Api::authenticate_session(const Compiled& route, const httplib::Request& request,
                                    httplib::Response& response, Instant now) {
  const std::optional<std::string> secret = read_session_cookie(request, tls());
  if (!secret && route.route.access == Access::kSession) {
    // "Am I signed in?" without a cookie guesses no secret, so it is not a
    // failure for the throttle: the console asks it on every page it opens.
    throw HttpRefusal(401, "missing_token", "not signed in");
  }
  if (!secret) {
    refuse_unauthenticated(route, request, response, "missing_token",
                           "missing bearer token or session cookie", "", now);
  }
  const SessionCheck check = store_.read_result<SessionCheck>(
      [&](Transaction& tx) { return check_session(tx, *secret, now, sessions_.idle); });
  if (!check.valid) {
    refuse_unauthenticated(route, request, response, "invalid_session", describe(check.state), "",
                           now);
  }
  SessionPerson person = *check.valid;
  const std::string actor = person_actor(person.person);
  if (!is_safe_method(request.method) &&
      !same_secret(request.get_header_value(std::string(kCsrfHeader).c_str()),
                   person.session.csrf_token)) {
    spdlog::warn("refused {} {} from {}: {} sent no valid {}", request.method, route.route.pattern,
                 request.remote_addr, actor, kCsrfHeader);
    throw HttpRefusal(403, "missing_csrf_token",
                      fmt::format("a request signed in by cookie must send the header {} "
                                  "with the session's csrf_token (GET /v1/session)",
                                  kCsrfHeader),
                      std::string(kCsrfHeader));
  }
  const Access access = route.route.access;
  if (access != Access::kSession && person.access == ConsoleAccess::kNone) {
    throw HttpRefusal(403, "no_console_access",
                      fmt::format("{} signs in to their own items only (console access none)",
                                  person.person.email));
  }
  const bool coordinator = person.access == ConsoleAccess::kCoordinator;
  if (is_write(access) && !coordinator) {
    spdlog::warn("refused {} {} from {}: {} is a viewer", request.method, route.route.pattern,
                 request.remote_addr, actor);
    throw HttpRefusal(403, "viewer_session",
                      fmt::format("{} may only read (console access viewer)", person.person.email));
  }
  const bool refresh = now - person.session.last_seen_at >= sessions_.refresh_after;
  if (refresh) person.session.last_seen_at = now;  // stored by refresh_session()
  return ApiCaller{.actor = actor,
                   .can_write = coordinator,
                   .session = std::move(person),
                   .refresh_last_seen = refresh};
}

void Api::refuse_if_throttled(const Compiled& route, const httplib::Request& request,
                              httplib::Response& response, Instant now) {
  if (route.route.access == Access::kOpen) return;
  if (const auto wait = throttle_.retry_after(request.remote_addr, now); wait.count() > 0) {
    response.set_header("Retry-After", std::to_string(wait.count()));
    throw HttpRefusal(429, "throttled",
                      "too many failed attempts from this address; try again later");
  }
}

void Api::check_query(const Compiled& route, const httplib::Request& request) const {
  for (const auto& [name, value] : request.params) {
    const auto& allowed = route.route.query_params;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw HttpRefusal(400, "unknown_query_parameter",
                        fmt::format("unknown query parameter {}", name), name);
    }
  }
}

void Api::check_body(const Compiled& route, const httplib::Request& request,
                     httplib::Response&) const {
  const BodyKind kind = route.route.body;
  if (kind == BodyKind::kNone) {
    if (!request.body.empty()) {
      throw HttpRefusal(400, "body_not_allowed", "this endpoint takes no body", "body");
    }
    return;
  }
  if (request.body.empty() && kind == BodyKind::kOptionalJson) return;
  const bool csv = kind == BodyKind::kCsv;
  const std::string type = media_type(request);
  const std::string_view wanted = csv ? "text/csv" : "application/json";
  if (type != wanted) {
    throw HttpRefusal(415, "unsupported_media_type",
                      fmt::format("expected Content-Type {}, got \"{}\"", wanted, type),
                      "Content-Type");
  }
  const std::size_t limit = csv ? limits_.csv_bytes : limits_.json_bytes;
  if (request.body.size() > limit) {
    throw HttpRefusal(
        413, "body_too_large",
        fmt::format("the body is {} bytes; the limit is {}", request.body.size(), limit), "body");
  }
  if (request.body.empty()) throw HttpRefusal(400, "body_required", "a body is required", "body");
}

}  // namespace caseaudit::daemon::api
