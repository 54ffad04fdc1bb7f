// Email: one message as caseaudit composes it, before any wire encoding.
//
// All text is UTF-8. Encoding for the wire (RFC 2047 encoded-words in
// headers, quoted-printable bodies, CRLF line ends) is the transports' job,
// through mime_message.h, so a value here never carries encoded text.
//
// A value type; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scheduler/clock.h"

namespace caseaudit::notifier {

// "Jo Bloggs <jo@example.org>". `name` may be empty and may hold any UTF-8.
struct Mailbox {
  std::string name;
  std::string address;  // addr-spec, ASCII: local@domain
  friend bool operator==(const Mailbox&, const Mailbox&) = default;
};

struct Email {
  Mailbox from;
  std::vector<Mailbox> to;          // at least one
  std::optional<Mailbox> reply_to;  // where replies go, when not to `from`
  std::string subject;
  std::string text_body;  // required; the plain-text alternative
  std::string html_body;  // optional; when empty the message is text only
  // Without the angle brackets ("caseaudit.42.1f3a@council.example"). Set by the
  // caller and kept across retries, so that a resend after a crash is
  // recognisable as the same message by the receiving side.
  std::string message_id;
  Instant date;  // the Date header
  // Added as-is after the standard ones ("Auto-Submitted", "auto-generated").
  // Names must be RFC 5322 field names; values are encoded when not ASCII.
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace caseaudit::notifier
