#include "daemon/api/api.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <regex>

#include "daemon/service/token_secret.h"
#include "scheduler/errors.h"

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
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

bool is_write(Access access) { return access == Access::kWrite; }

// A GET route with a token: its lookup and handler share one read transaction.
bool reads_in_one_transaction(const Route& route) {
  return route.method == "GET" && route.access != Access::kOpen;
}

void write_response(const ApiResponse& result, httplib::Response& response) {
  response.status = result.status;
  for (const auto& [name, value] : result.headers) response.set_header(name, value);
  if (!result.text.empty() || !result.content_type.empty()) {
    response.set_content(result.text, result.content_type);
  } else if (result.status != 204) {
    response.set_content(json::serialize(result.json), "application/json");
  }
}

const ApiToken& anonymous() {
  static const ApiToken token{.name = "anonymous"};
  return token;
}

}  // namespace

// ---- ApiRequest --------------------------------------------------------------

ApiRequest::ApiRequest(const httplib::Request& http, const ApiToken& token, Instant now,
                       const std::vector<std::string>& param_names)
    : http_(http), token_(token), now_(now), param_names_(param_names) {}

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
};

Api::Api(HttpServer& server, Store& store, const Clock& clock, ApiLimits limits,
         ThrottlePolicy throttle)
    : server_(server), store_(store), clock_(clock), limits_(limits), throttle_(throttle) {
  server_.set_unrouted_observer(
      [this](const httplib::Request& request, const httplib::Response& response) {
        metrics_.record_unmatched(request.method, response.status);
      });
}

Api::~Api() = default;

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
  HttpServer::mark_routed();
  try {
    const Instant now = clock_.now();
    std::optional<ApiResponse> result;
    refuse_if_throttled(route, request, response, now);  // before any transaction
    if (reads_in_one_transaction(route.route)) {
      store_.read([&](Transaction&) { result = handle(route, request, response, now); });
    } else {
      result = handle(route, request, response, now);
    }
    write_response(*result, response);
  } catch (const HttpRefusal& refusal) {
    write_json_error(response, refusal.status(), refusal.what(), refusal.field());
  } catch (...) {
    answer_exception(request, response, std::current_exception());
  }
  metrics_.record(route.route.pattern, request.method, response.status,
                  std::chrono::steady_clock::now() - started);
}

ApiResponse Api::handle(const Compiled& route, const httplib::Request& request,
                        httplib::Response& response, Instant now) {
  const ApiToken token = authenticate(route, request, response, now);
  check_query(route, request);
  check_body(route, request, response);
  ApiRequest api_request(request, token, now, route.param_names);
  return route.route.handler(api_request);
}

ApiToken Api::authenticate(const Compiled& route, const httplib::Request& request,
                           httplib::Response& response, Instant now) {
  const std::string& peer = request.remote_addr;
  if (route.route.access == Access::kOpen) return anonymous();
  auto refuse = [&](std::string_view why, std::string_view name) -> ApiToken {
    bool now_blocked = throttle_.record_failure(peer, now);
    spdlog::warn("refused {} {} from {}: {}{}{}", request.method, request.path, peer, why,
                 name.empty() ? "" : " token ", name);
    if (now_blocked) spdlog::warn("blocking {} after repeated failed attempts", peer);
    response.set_header("WWW-Authenticate", "Bearer");
    throw HttpRefusal(401, std::string(why));
  };
  const std::string header = request.get_header_value("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() || header.compare(0, kScheme.size(), kScheme) != 0) {
    return refuse("missing bearer token", "");
  }
  const std::string hash = hash_token_secret(std::string_view(header).substr(kScheme.size()));
  std::optional<ApiToken> token = store_.read_result<std::optional<ApiToken>>(
      [&](Transaction& tx) { return tx.tokens().find_by_hash(hash); });
  if (!token) return refuse("unknown token", "");
  if (token->revoked_at) return refuse("token revoked", token->name);
  if (!token->valid_at(now)) return refuse("token expired", token->name);
  if (is_write(route.route.access) && token->role != ApiRole::kCoordinator) {
    spdlog::warn("refused {} {} from {}: token {} is a viewer", request.method, request.path, peer,
                 token->name);
    throw HttpRefusal(403, fmt::format("token {} may only read (role viewer)", token->name));
  }
  return *token;
}

void Api::refuse_if_throttled(const Compiled& route, const httplib::Request& request,
                              httplib::Response& response, Instant now) {
  if (route.route.access == Access::kOpen) return;
  if (const auto wait = throttle_.retry_after(request.remote_addr, now); wait.count() > 0) {
    response.set_header("Retry-After", std::to_string(wait.count()));
    throw HttpRefusal(429, "too many failed attempts from this address; try again later");
  }
}

void Api::check_query(const Compiled& route, const httplib::Request& request) const {
  for (const auto& [name, value] : request.params) {
    const auto& allowed = route.route.query_params;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw InputError(fmt::format("unknown query parameter {}", name), name);
    }
  }
}

void Api::check_body(const Compiled& route, const httplib::Request& request,
                     httplib::Response&) const {
  const BodyKind kind = route.route.body;
  if (kind == BodyKind::kNone) {
    if (!request.body.empty()) throw InputError("this endpoint takes no body", "body");
    return;
  }
  if (request.body.empty() && kind == BodyKind::kOptionalJson) return;
  const bool csv = kind == BodyKind::kCsv;
  const std::string type = media_type(request);
  const std::string_view wanted = csv ? "text/csv" : "application/json";
  if (type != wanted) {
    throw HttpRefusal(415, fmt::format("expected Content-Type {}, got \"{}\"", wanted, type),
                      "Content-Type");
  }
  const std::size_t limit = csv ? limits_.csv_bytes : limits_.json_bytes;
  if (request.body.size() > limit) {
    throw HttpRefusal(
        413, fmt::format("the body is {} bytes; the limit is {}", request.body.size(), limit),
        "body");
  }
  if (request.body.empty()) throw InputError("a body is required", "body");
}

}  // namespace caseaudit::daemon::api
