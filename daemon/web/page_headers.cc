#include "daemon/web/page_headers.h"

#include <string>

namespace caseaudit::daemon {

namespace {

void replace_header(httplib::Response& response, const std::string& name,
                    const std::string& value) {
  response.headers.erase(name);
  response.set_header(name, value);
}

}  // namespace

void set_page_security_headers(httplib::Response& response) {
  replace_header(response, "Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  replace_header(response, "X-Frame-Options", "DENY");
  replace_header(response, "Referrer-Policy", "no-referrer");
  replace_header(response, "X-Content-Type-Options", "nosniff");
}

}  // namespace caseaudit::daemon
