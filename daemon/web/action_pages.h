// The pages a link in an email opens (daemon/service/action_links.h): one
// item, one person, one purpose, without a separate sign-in.
//
//   GET  /act/{token}   the form for the link's purpose (record an audit,
//                       moderate it, mark an action done), or a page saying
//                       why not (already recorded by whom and when, no
//                       longer yours, expired, withdrawn, not a link we
//                       know). Reads and changes nothing: mail scanners
//                       open links.
//   POST /act/{token}   (application/x-www-form-urlencoded) runs the
//                       purpose's operation once, through the same service
//                       operation as the API, as the link's person; a
//                       refusal shows the rule in words beside the field,
//                       keeping what was typed. A second POST says who
//                       recorded it and when.
//
// Server-rendered HTML (no script), the page security headers, a viewport
// meta and a single-column layout for phones. The token is only in the
// path: the access log names the route "/act/{token}", and the log redactor
// (daemon/redact.h) strips it from any other line. Each request is counted
// in ApiMetrics by route.
//
// Statuses: 200 a form or a result; 303 never; 404 unknown link; 403 no
// longer the person's; 409 already done / not yet ready; 410 expired or
// withdrawn; 400/409/422 a refused POST (the service's error kind); 415 not
// a form; 503 database unavailable.
//
// Thread-safe: handlers share only const state.
#pragma once

#include <memory>

#include "daemon/api/metrics.h"
#include "daemon/http_server.h"
#include "daemon/service/action_links.h"
#include "daemon/service/context.h"

namespace caseaudit::daemon::web {

class ActionPages {
 public:
  // Adds the routes to `server` (before it starts). Everything referenced
  // outlives the pages, which must outlive the server's serving.
  ActionPages(HttpServer& server, api::ApiMetrics& metrics, ServiceContext& services,
              SelfServicePolicy policy);
  ~ActionPages();

  ActionPages(const ActionPages&) = delete;
  ActionPages& operator=(const ActionPages&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace caseaudit::daemon::web
