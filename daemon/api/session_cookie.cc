#include "daemon/api/session_cookie.h"

#include <fmt/format.h>

namespace caseaudit::daemon::api {
namespace {

std::string attributes(bool tls) {
  return tls ? "; Path=/; HttpOnly; SameSite=Strict; Secure"
             : "; Path=/; HttpOnly; SameSite=Strict";
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string session_cookie_name(bool tls) {
  return tls ? "__Host-caseaudit_session" : "caseaudit_session";
}

std::optional<std::string> read_session_cookie(const httplib::Request& request, bool tls) {
  const std::string name = session_cookie_name(tls);
  const auto headers = request.headers.equal_range("Cookie");
  for (auto it = headers.first; it != headers.second; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const std::size_t end = rest.find(';');
      const std::string_view pair = trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      const std::size_t equals = pair.find('=');
      if (equals == std::string_view::npos || pair.substr(0, equals) != name) continue;
      const std::string_view value = pair.substr(equals + 1);
      if (!value.empty()) return std::string(value);
    }
  }
  return std::nullopt;
}

std::string session_cookie(bool tls, std::string_view secret, std::chrono::seconds max_age) {
  return fmt::format("{}={}; Max-Age={}{}", session_cookie_name(tls), secret, max_age.count(),
                     attributes(tls));
}

std::string expired_session_cookie(bool tls) {
  return fmt::format("{}=; Max-Age=0{}", session_cookie_name(tls), attributes(tls));
}

}  // namespace caseaudit::daemon::api
