#include "daemon/web/page_headers.h"

namespace caseaudit::daemon::web {

void set_page_security_headers(httplib::Response& response) {
  response.set_header("Content-Security-Policy", kContentSecurityPolicy);
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("X-Content-Type-Options", "nosniff");
}

bool sent_from_another_site(const httplib::Request& request) {
  return request.get_header_value("Sec-Fetch-Site") == "cross-site";
}

}  // namespace caseaudit::daemon::web
