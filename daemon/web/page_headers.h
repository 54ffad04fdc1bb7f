// The security headers of every HTML page and asset the daemon serves (the
// sign-in pages, the console): a Content-Security-Policy allowing only the
// daemon's own scripts, styles and images (no inline script, no third-party
// origin, no framing, forms posting only to the daemon), X-Frame-Options
// DENY, Referrer-Policy no-referrer (a sign-in link's token must never leave
// in a Referer) and X-Content-Type-Options nosniff.
#pragma once

#include <httplib.h>

namespace caseaudit::daemon::web {

inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void set_page_security_headers(httplib::Response& response);

}  // namespace caseaudit::daemon::web
