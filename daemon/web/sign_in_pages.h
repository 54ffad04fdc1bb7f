// The sign-in pages for people (server-rendered HTML on the router, outside
// the /v1 Api frame; forms post application/x-www-form-urlencoded):
//
//   GET  /sign-in?return_to=/path   the email form
//   POST /sign-in                   (email, return_to) -> always the same
//                                   "check your email" page, whether the
//                                   address is known or not; 429 past the
//                                   limits per address and per peer
//   GET  /sign-in/confirm?token=    a confirm button; reads and changes
//                                   nothing, so a mail scanner's prefetch
//                                   cannot use the link up
//   POST /sign-in/confirm           (token, return_to) -> Set-Cookie and 303
//                                   to return_to (a relative path, else "/";
//                                   empty: the one the link was asked with),
//                                   or a page saying the link is expired,
//                                   used or unknown, with a way to ask again
//
// Every value is HTML-escaped (kainjow mustache); every page sends
// set_page_security_headers(). The link's token is only ever in the query
// of the GET (never logged: the server logs the path alone) and in the POST
// body. Each request is counted in ApiMetrics (route and the sign-in
// outcome).
//
// Thread-safe: handlers share only the limiter (locked) and const state.
#pragma once

#include <memory>
#include <string>

#include "daemon/api/api.h"
#include "daemon/http_server.h"
#include "daemon/service/context.h"
#include "daemon/service/sign_in.h"
#include "daemon/web/sign_in_limiter.h"
#include "notifier/templates.h"

namespace caseaudit::daemon::web {

struct SignInPageOptions {
  SignInPolicy policy;
  SignInLimits limits;
  // The base of the emailed link; empty: the address the server is bound to.
  std::string public_url;
  std::string signature = "Quality Assurance team";
};

class SignInPages {
 public:
  // Adds the routes to `server` (before it starts). Everything referenced
  // outlives the pages, which must outlive the server's serving.
  SignInPages(HttpServer& server, api::Api& api, ServiceContext& services,
              const notifier::TemplateSet& templates, SignInPageOptions options);
  ~SignInPages();

  SignInPages(const SignInPages&) = delete;
  SignInPages& operator=(const SignInPages&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace caseaudit::daemon::web
