// The console's routes (daemon/console/): GET "/" and every
// "/console/..." path answer the HTML shell (the ES modules then draw the
// page the path names); GET "/assets/<path>" answers an embedded asset with
// its Content-Type, or 404. Every answer carries the page security headers
// (web/page_headers.h) and an ETag with "Cache-Control: no-cache", so a
// browser revalidates (304 when If-None-Match matches) and an upgraded
// binary's assets are never served stale. No authentication here: the pages
// hold no data; the JSON API they call does (the shell goes to /sign-in on
// a 401). Requests are counted in `metrics` by route pattern.
#pragma once

#include "daemon/api/metrics.h"
#include "daemon/http_server.h"

namespace caseaudit::daemon {

// `server` and `metrics` must outlive the server's serving.
void add_console_routes(HttpServer& server, api::ApiMetrics& metrics);

}  // namespace caseaudit::daemon
