// The security headers of every HTML page and asset the daemon serves (the
// console and the sign-in pages): a Content-Security-Policy allowing only
// the daemon's own scripts, styles and images (no inline script, no
// third-party origin, no framing, forms posting only to itself),
// X-Frame-Options DENY, Referrer-Policy no-referrer (a sign-in token in a
// URL never leaves in a Referer) and X-Content-Type-Options nosniff.
// Replaces any value already set for those headers. Thread-safe.
#pragma once

#include <httplib.h>

namespace caseaudit::daemon {

void set_page_security_headers(httplib::Response& response);

}  // namespace caseaudit::daemon
