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

// True when the browser says a request was started by another website
// (Fetch Metadata: `Sec-Fetch-Site: cross-site`), as a form another site
// posts to ours would be. Every page's POST refuses it (403), beside
// SameSite cookies: a sign-in form has no cookie yet, so without this another
// site could sign a visitor in with its own link ("login CSRF"). The Origin
// header cannot serve: under Referrer-Policy no-referrer browsers send
// `Origin: null` even for our own forms. A client that sends no
// Sec-Fetch-Site (curl, an old browser) is not refused.
bool sent_from_another_site(const httplib::Request& request);

}  // namespace caseaudit::daemon::web
