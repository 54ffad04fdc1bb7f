// Small text helpers every layer shares. ASCII only: emails, domain names,
// header values and CSV column names are compared without case this way;
// bytes above 0x7F (UTF-8) are left as they are.
#pragma once

#include <string>
#include <string_view>

namespace caseaudit {

inline std::string ascii_lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace caseaudit
