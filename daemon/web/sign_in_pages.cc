#include "daemon/web/sign_in_pages.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <kainjow/mustache.hpp>

#include "daemon/api/session_cookie.h"
#include "daemon/service/org_checks.h"
#include "daemon/web/form_page.h"
#include "daemon/web/page_headers.h"
#include "scheduler/email_address.h"

namespace caseaudit::daemon::web {
namespace mustache = kainjow::mustache;

namespace {

constexpr std::string_view kSignInForm = R"html({{#error}}<div class="error-summary" role="alert">
<h2>There is a problem</h2>
<p id="email-error">{{error}}</p>
</div>
{{/error}}<p>Enter your work email address. We will email you a link to sign in.</p>
<form method="post" action="/sign-in">
<label for="email">Work email address</label>
<input id="email" name="email" type="email" autocomplete="email" spellcheck="false" required value="{{email}}"{{#error}} aria-describedby="email-error"{{/error}}>
<input type="hidden" name="return_to" value="{{return_to}}">
<button type="submit">Email me a sign-in link</button>
</form>
)html";

constexpr std::string_view kCheckEmail =
    R"html(<p>If {{email}} is the work email address of an active member of staff, we have sent a sign-in link to it.</p>
<p>The link works once and expires in {{minutes}} minutes. If you did not ask for it, nothing happens unless someone opens it.</p>
<p>No email? Check the address, then <a href="/sign-in?return_to={{return_to_query}}">ask for another link</a>.</p>
)html";

constexpr std::string_view kConfirmForm =
    R"html(<p>Press the button to sign in to the case file audit console.</p>
<form method="post" action="/sign-in/confirm">
<input type="hidden" name="token" value="{{token}}">
<input type="hidden" name="return_to" value="{{return_to}}">
<button type="submit">Sign in</button>
</form>
)html";

constexpr std::string_view kMessage = R"html(<p>{{message}}</p>
<p><a href="/sign-in">{{action}}</a></p>
)html";

void send_page(httplib::Response& response, int status, const std::string& title,
               std::string_view body, const mustache::data& values) {
  send_layout(response, status, title, render_page_template(body, values));
}

void send_message(httplib::Response& response, int status, const std::string& title,
                  const std::string& message, const std::string& action) {
  mustache::data values;
  values.set("message", message);
  values.set("action", action);
  send_page(response, status, title, kMessage, values);
}

}  // namespace

struct SignInPages::Impl {
  Impl(HttpServer& http_server, api::Api& admin_api, ServiceContext& context,
       const notifier::TemplateSet& mail_templates, SignInPageOptions page_options)
      : server(http_server),
        api(admin_api),
        services(context),
        templates(mail_templates),
        options(std::move(page_options)),
        limiter(options.limits) {}

  HttpServer& server;
  api::Api& api;
  ServiceContext& services;
  const notifier::TemplateSet& templates;
  SignInPageOptions options;
  SignInLimiter limiter;

  // options.public_url, or the address the server is bound to (known only
  // after bind: port 0 picks a free one).
  std::string public_url() const {
    if (!options.public_url.empty()) return options.public_url;
    return (server.tls() ? "https://" : "http://") + server.endpoint();
  }

  int link_minutes() const {
    return static_cast<int>(
        std::chrono::duration_cast<std::chrono::minutes>(options.policy.link_lifetime).count());
  }

  // Runs `page`, answering any exception as a page, and counts the request.
  template <typename Page>
  void serve(const std::string& pattern, const httplib::Request& request,
             httplib::Response& response, Page page) {
    const auto started = std::chrono::steady_clock::now();
    HttpServer::mark_routed();
    try {
      if (request.method == "POST" && sent_from_another_site(request)) {
        api.metrics().record_sign_in("refused_cross_site");
        send_message(response, 403, "Sign in here, not from another website",
                     "This form was sent from another website. To sign in, open this "
                     "service's own sign-in page.",
                     "Go to the sign-in page");
      } else {
        page(request, response);
      }
    } catch (const std::exception& error) {
      const int status = status_for_exception(error);
      if (status >= 500) spdlog::error("{} {}: {}", request.method, pattern, error.what());
      send_message(response, status, "Sorry, something went wrong",
                   status == 503 ? "The service cannot reach its database just now. Please try "
                                   "again in a few minutes."
                                 : "The sign-in could not be completed.",
                   "Start again");
    }
    api.metrics().record(pattern, request.method, response.status,
                         std::chrono::steady_clock::now() - started);
  }

  void sign_in_form(const httplib::Request& request, httplib::Response& response) {
    mustache::data values;
    values.set("email", "");
    values.set("return_to", safe_return_to(request.get_param_value("return_to")));
    send_page(response, 200, "Sign in", kSignInForm, values);
  }

  void request_link(const httplib::Request& request, httplib::Response& response) {
    if (!is_form(request)) {
      send_message(response, 415, "Sign in", "The form was not sent as a form.", "Start again");
      return;
    }
    const httplib::Params fields = form_fields(request);
    const std::string email(form_field(fields, "email"));
    const std::string return_to = safe_return_to(form_field(fields, "return_to"));
    const std::string key = email_key(email);
    if (!is_email_address(key)) {
      mustache::data values;
      values.set("email", email);
      values.set("return_to", return_to);
      values.set("error", key.empty() ? "Enter your work email address"
                                      : "Enter an email address like name@example.org");
      send_page(response, 422, "Sign in", kSignInForm, values);
      return;
    }
    const Instant now = services.clock.now();
    if (!limiter.allow(key, request.remote_addr, now)) {
      api.metrics().record_sign_in("throttled");
      spdlog::warn("sign-in requests throttled from {}", request.remote_addr);
      response.set_header("Retry-After", "3600");
      send_message(response, 429, "Too many sign-in requests",
                   "Too many sign-in links were asked for this address or from your computer. "
                   "Please wait an hour, or use a link already sent.",
                   "Back to sign in");
      return;
    }
    const SignInMail mail{.templates = templates,
                          .zone = services.zone,
                          .signature = options.signature,
                          .public_url = public_url()};
    request_sign_in(services.store, mail, options.policy, key, return_to,
                    Caller{.actor = "sign-in page from " + request.remote_addr, .at = now});
    api.metrics().record_sign_in("requested");
    mustache::data values;
    values.set("email", email);
    values.set("minutes", std::to_string(link_minutes()));
    values.set("return_to_query", httplib::detail::encode_query_param(return_to));
    send_page(response, 200, "Check your email", kCheckEmail, values);
  }

  void confirm_form(const httplib::Request& request, httplib::Response& response) {
    const std::string token = request.get_param_value("token");
    if (token.empty()) {
      send_message(response, 400, "Sign-in link incomplete",
                   "This sign-in link has no token: it may have been cut short. Ask for a new one.",
                   "Ask for a new sign-in link");
      return;
    }
    mustache::data values;
    values.set("token", token);
    values.set("return_to", "");
    send_page(response, 200, "Sign in", kConfirmForm, values);
  }

  void confirm(const httplib::Request& request, httplib::Response& response) {
    if (!is_form(request)) {
      send_message(response, 415, "Sign in", "The form was not sent as a form.", "Start again");
      return;
    }
    const httplib::Params fields = form_fields(request);
    const Instant now = services.clock.now();
    const SignInOutcome outcome =
        confirm_sign_in(services.store, options.policy, form_field(fields, "token"), now);
    if (!outcome.signed_in) {
      refuse(response, outcome.refusal);
      return;
    }
    const SignedIn& signed_in = *outcome.signed_in;
    api.metrics().record_sign_in("signed_in");
    spdlog::info("{} signed in (session {}) from {}", person_actor(signed_in.person),
                 signed_in.session.id, request.remote_addr);
    const std::string asked = form_field(fields, "return_to");
    const std::string target = safe_return_to(asked.empty() ? signed_in.return_to : asked);
    response.set_header("Set-Cookie", api::session_cookie(server.tls(), signed_in.secret,
                                                          signed_in.session.expires_at - now));
    response.set_header("Location", target);
    mustache::data values;
    values.set("message", "You are signed in.");
    values.set("action", "Continue");
    send_page(response, 303, "Signed in", R"html(<p>{{message}}</p>
)html",
              values);
  }

  void refuse(httplib::Response& response, SignInRefusal refusal) {
    api.metrics().record_sign_in(fmt::format("refused_{}", to_string(refusal)));
    switch (refusal) {
      case SignInRefusal::kExpired:
        send_message(
            response, 410, "This sign-in link has expired",
            fmt::format("Sign-in links work for {} minutes. Ask for a new one.", link_minutes()),
            "Ask for a new sign-in link");
        return;
      case SignInRefusal::kUsed:
        send_message(response, 410, "This sign-in link has been used",
                     "Each sign-in link works once. Ask for a new one.",
                     "Ask for a new sign-in link");
        return;
      case SignInRefusal::kUnknown:
        break;
    }
    send_message(response, 400, "This sign-in link is not valid",
                 "This is not a sign-in link we know: it may have been copied wrongly. Ask for a "
                 "new one.",
                 "Ask for a new sign-in link");
  }
};

SignInPages::SignInPages(HttpServer& server, api::Api& api, ServiceContext& services,
                         const notifier::TemplateSet& templates, SignInPageOptions options)
    : impl_(std::make_unique<Impl>(server, api, services, templates, std::move(options))) {
  Impl& impl = *impl_;
  httplib::Server& router = server.router();
  router.Get("/sign-in", [&impl](const httplib::Request& request, httplib::Response& response) {
    impl.serve("/sign-in", request, response, [&](auto& q, auto& r) { impl.sign_in_form(q, r); });
  });
  router.Post("/sign-in", [&impl](const httplib::Request& request, httplib::Response& response) {
    impl.serve("/sign-in", request, response, [&](auto& q, auto& r) { impl.request_link(q, r); });
  });
  router.Get("/sign-in/confirm",
             [&impl](const httplib::Request& request, httplib::Response& response) {
               impl.serve("/sign-in/confirm", request, response,
                          [&](auto& q, auto& r) { impl.confirm_form(q, r); });
             });
  router.Post("/sign-in/confirm",
              [&impl](const httplib::Request& request, httplib::Response& response) {
                impl.serve("/sign-in/confirm", request, response,
                           [&](auto& q, auto& r) { impl.confirm(q, r); });
              });
}

SignInPages::~SignInPages() = default;

}  // namespace caseaudit::daemon::web
