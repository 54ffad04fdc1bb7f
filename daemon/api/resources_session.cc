// The signed-in person's own session (GET/DELETE /v1/session) and a
// coordinator setting a person's console access (PUT /v1/staff/{id}/access).
#include <fmt/format.h>

#include "daemon/api/resources.h"
#include "daemon/api/session_cookie.h"
#include "daemon/service/sessions.h"

namespace caseaudit::daemon::api {
namespace json = boost::json;

namespace {

// "self" for access none: the person signs in to their own items only.
std::string_view access_name(ConsoleAccess access) {
  return access == ConsoleAccess::kNone ? "self" : to_string(access);
}

json::object session_body(const SessionPerson& signed_in, std::chrono::seconds idle) {
  const Staff& person = signed_in.person;
  return json::object{
      {"person", json::object{{"id", person.id}, {"name", person.name}, {"email", person.email}}},
      {"access", access_name(signed_in.access)},
      {"csrf_token", signed_in.session.csrf_token},
      {"idle_expires_at", format_instant_utc(idle_expires_at(signed_in.session, idle))},
      {"expires_at", format_instant_utc(signed_in.session.expires_at)}};
}

ApiResponse get_session(const ApiContext& context, ApiRequest& request) {
  return json_response(session_body(*request.session(), context.api.session_options().idle));
}

ApiResponse end_session(const ApiContext& context, ApiRequest& request) {
  revoke_session(context.services.store, request.session()->session.id, request.caller());
  ApiResponse response{.status = 204};
  response.headers.emplace("Set-Cookie", expired_session_cookie(context.api.tls()));
  return response;
}

ApiResponse set_staff_access(const ApiContext& context, ApiRequest& request) {
  JsonFields body = request.json();
  const ConsoleAccess access = parse_console_access(body.required_string("access"));
  body.finish();
  const Staff person =
      set_console_access(context.services.store, request.path_id("id"), access, request.caller());
  return json_response(json::object{
      {"staff_id", person.id}, {"email", person.email}, {"access", to_string(access)}});
}

}  // namespace

void add_session_routes(ApiContext& context) {
  add_routes(context,
             {
                 {.method = "GET",
                  .pattern = "/v1/session",
                  .access = Access::kSession,
                  .handler = get_session},
                 {.method = "DELETE",
                  .pattern = "/v1/session",
                  .access = Access::kSession,
                  .handler = end_session},
                 write_route("PUT", "/v1/staff/{id}/access", BodyKind::kJson, set_staff_access),
             });
}

}  // namespace caseaudit::daemon::api
