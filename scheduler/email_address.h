// Email addresses and mailboxes as caseaudit accepts them anywhere: in the
// configuration (mail.from, allocation.qa_team_email), in staff records and
// on the wire (notifier/mime_message.h). One rule, so that a value accepted
// in one place is never refused in another.
//
// The rule is deliberately narrower than RFC 5322: an address is a plain
// ASCII addr-spec "local@domain" with exactly one '@', both parts non-empty,
// and no character that would need quoting in a header (space, control
// characters, < > , " \ ( ) ; :). Comparing addresses (case, aliases) is
// not done here: these functions only check syntax.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace caseaudit {

// Whether `address` is "local@domain" by the rule above.
bool is_email_address(std::string_view address);

// A mailbox as written in a setting: "Display Name <local@domain>" or a bare
// "local@domain".
struct NamedAddress {
  std::string name;  // trimmed; may be empty; any UTF-8 except line breaks
  std::string address;
  friend bool operator==(const NamedAddress&, const NamedAddress&) = default;
};

// Parses `text` as above; nullopt when the address fails is_email_address(),
// when the angle brackets are unbalanced, or when the text holds a line
// break (which would let a value inject mail headers).
std::optional<NamedAddress> parse_named_address(std::string_view text);

}  // namespace caseaudit
