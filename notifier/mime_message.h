// The wire form of an Email, shared by every transport so that a message
// spooled to a file and one sent over SMTP carry the same headers, the same
// encodings and the same MIME structure:
//
//   From / To / Subject / Date / Message-ID / extra headers
//   MIME-Version: 1.0
//   Content-Type: multipart/alternative: text/plain, then text/html when
//   there is HTML; both UTF-8, quoted-printable.
// (SmtpTransport builds the same structure with libcurl's MIME API, which
// only makes multiparts; so a text-only message is a one-part multipart.)
//
// Header text that is not plain ASCII is written as RFC 2047 encoded-words
// (UTF-8, base64), folded so no encoded-word exceeds 75 characters. All
// functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notifier/email.h"

namespace caseaudit::notifier {

// Why `email` cannot be put on the wire, or nullopt when it can: no
// recipient, an empty text body, an address that fails is_email_address()
// (scheduler/email_address.h: plain ASCII local@domain), a Message-ID with spaces or angle brackets inside, a header
// name that is not an RFC 5322 field name, or a CR/LF in a header value (which
// would let data inject headers).
std::optional<std::string> validate_email(const Email& email);

// Unstructured header text (a Subject): as-is when printable ASCII, else
// encoded-words. Line breaks in the input are folded to spaces first.
std::string encode_unstructured(std::string_view utf8);
// A display name: as-is when it is ASCII atoms, a quoted-string when it is
// ASCII with specials (a comma, a dot), else encoded-words.
std::string encode_phrase(std::string_view utf8);
// "Name <local@domain>", or the bare address when the name is empty.
std::string format_mailbox(const Mailbox& mailbox);
// RFC 5322 date-time in UTC: "Sun, 22 Nov 2026 03:25:38 +0000".
std::string format_date(Instant instant);
// Quoted-printable (RFC 2045) of text whose line ends are CRLF; soft breaks
// keep every line within 76 characters.
std::string quoted_printable(std::string_view text);
// Converts any mix of LF, CR and CRLF line ends to CRLF.
std::string to_crlf(std::string_view text);

// The message's own header lines ("Subject: ...", without CRLF at the end,
// but possibly folded inside), in order: From, To, Subject, Date,
// Message-ID, then email.headers. Precondition: validate_email() passed.
std::vector<std::string> message_headers(const Email& email);

// The whole message as RFC 5322 text with CRLF line ends. The MIME boundary
// is derived from the Message-ID, so the same email renders byte for byte the
// same every time. Precondition: validate_email() passed.
std::string render_message(const Email& email);

// FNV-1a 64: a stable, dependency-free hash for MIME boundaries and spool
// file names, identical on every platform. Not for security.
std::uint64_t fnv1a(std::string_view text);

}  // namespace caseaudit::notifier
