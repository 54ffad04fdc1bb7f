#include "daemon/api/resources.h"
#include "daemon/daemon.h"
#include "daemon/health.h"
#include "daemon/notifications.h"
#include "daemon/web/action_pages.h"
#include "daemon/web/console_routes.h"

namespace caseaudit::daemon {
namespace {

SignInPolicy sign_in_policy(const SignInConfig& config) {
  return SignInPolicy{.link_lifetime = std::chrono::minutes(config.link_minutes),
                      .session_idle = std::chrono::minutes(config.session_idle_minutes),
                      .session_lifetime = std::chrono::hours(config.session_lifetime_hours)};
}

}  // namespace

AdminApi add_routes(HttpServer& server, Wiring& wiring, const Config& config,
                    const notifier::TemplateSet& templates, Monitoring monitoring) {
  add_health_routes(
      server, with_job_notes(
                  with_delivery_health(database_readiness(wiring.database()), monitoring.delivery),
                  monitoring.notes));
  AdminApi admin;
  ServiceContext& services = wiring.services();
  const SignInPolicy policy = sign_in_policy(config.sign_in);
  admin.api = std::make_unique<api::Api>(server, services.store, services.clock, api::ApiLimits{},
                                         api::ThrottlePolicy{},
                                         api::SessionOptions{.idle = policy.session_idle});
  // Handlers keep references to the context: it lives as long as the Api.
  admin.context = std::make_unique<api::ApiContext>(api::ApiContext{
      .api = *admin.api,
      .services = services,
      .monitoring = monitoring,
  });
  api::add_api_routes(*admin.context);
  admin.sign_in = std::make_unique<web::SignInPages>(
      server, *admin.api, services, templates,
      web::SignInPageOptions{
          .policy = policy,
          .limits = {.per_address_per_hour = config.sign_in.requests_per_address_per_hour,
                     .per_peer_per_hour = config.sign_in.requests_per_peer_per_hour},
          // With port 0 the port is only known once bound: the pages ask the server.
          .public_url = config.http.port == 0 && config.http.public_url.empty()
                            ? std::string()
                            : public_url_of(config.http),
          .signature = config.notifier.signature});
  admin.action_pages = std::make_unique<web::ActionPages>(server, admin.api->metrics(), services,
                                                          self_service_policy(config));
  add_console_routes(server, admin.api->metrics());
  return admin;
}

}  // namespace caseaudit::daemon
