#include "scheduler/audit_domains.h"

#include <algorithm>

namespace caseaudit {
namespace {

bool same_without_case(std::string_view a, std::string_view b) {
  const auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

const std::vector<std::string>& default_audit_domains() {
  static const std::vector<std::string> domains{"Seeing and hearing the child",
                                                "Quality of assessment",
                                                "Quality of plans",
                                                "Decision making and management oversight",
                                                "Meetings and reviews",
                                                "Supervision",
                                                "Considerations and impact of diversity"};
  return domains;
}

std::optional<std::string> match_audit_domain(const std::vector<std::string>& domains,
                                              std::string_view name) {
  const auto found = std::find_if(domains.begin(), domains.end(), [&](const std::string& domain) {
    return same_without_case(domain, name);
  });
  if (found == domains.end()) return std::nullopt;
  return *found;
}

}  // namespace caseaudit
