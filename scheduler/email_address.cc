#include "scheduler/email_address.h"

namespace caseaudit {
namespace {

bool address_char(char c) {
  if (c <= 0x20 || c > 0x7e) return false;  // space, controls, non-ASCII
  switch (c) {
    case '<':
    case '>':
    case ',':
    case '"':
    case '\\':
    case '(':
    case ')':
    case ';':
    case ':':
      return false;
    default:
      return true;
  }
}

std::string_view trimmed(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

bool is_email_address(std::string_view address) {
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : address) {
    if (c != '@' && !address_char(c)) return false;
  }
  return true;
}

std::optional<NamedAddress> parse_named_address(std::string_view text) {
  if (text.find_first_of("\r\n") != std::string_view::npos) return std::nullopt;
  NamedAddress mailbox;
  const auto open = text.rfind('<');
  if (!text.empty() && text.back() == '>') {
    if (open == std::string_view::npos) return std::nullopt;
    mailbox.name = std::string(trimmed(text.substr(0, open)));
    mailbox.address = std::string(text.substr(open + 1, text.size() - open - 2));
  } else {
    mailbox.address = std::string(text);
  }
  if (!is_email_address(mailbox.address)) return std::nullopt;
  return mailbox;
}

}  // namespace caseaudit
