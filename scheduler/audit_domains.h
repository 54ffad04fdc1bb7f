// The domains an audit grades (DOMAIN.md: Herefordshire's seven by default;
// each authority configures its own list, [audit] domains).
//
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caseaudit {

// Herefordshire's seven audit domains (reference report 000), in its order:
// the default list and the demo authority's.
const std::vector<std::string>& default_audit_domains();

// The entry of `domains` that `name` names, compared without regard to ASCII
// case ("quality of plans" names "Quality of plans"); nullopt when none does.
std::optional<std::string> match_audit_domain(const std::vector<std::string>& domains,
                                              std::string_view name);

}  // namespace caseaudit
