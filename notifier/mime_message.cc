#include "notifier/mime_message.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>

#include "scheduler/email_address.h"

namespace caseaudit::notifier {
namespace {

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 45 raw bytes make exactly 60 base64 characters: with "=?UTF-8?B?" and "?="
// an encoded-word is 72 characters, inside RFC 2047's limit of 75.
constexpr std::size_t kWordBytes = 45;

std::string base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    std::uint32_t n = (std::uint32_t{static_cast<unsigned char>(in[i])} << 16) |
                      (std::uint32_t{static_cast<unsigned char>(in[i + 1])} << 8) |
                      static_cast<unsigned char>(in[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kBase64[(n >> shift) & 63];
  }
  if (std::size_t rest = in.size() - i; rest > 0) {
    std::uint32_t n = std::uint32_t{static_cast<unsigned char>(in[i])} << 16;
    if (rest == 2) n |= std::uint32_t{static_cast<unsigned char>(in[i + 1])} << 8;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += rest == 2 ? kBase64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool is_printable_ascii(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// RFC 5322 atext plus the space between atoms.
bool is_atom_text(std::string_view text) {
  static constexpr std::string_view kSpecials = "()<>[]:;@\\,.\"";
  for (char c : text) {
    if (c < 0x20 || c > 0x7e || kSpecials.find(c) != std::string_view::npos) return false;
  }
  return true;
}

std::string fold_line_breaks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  return out;
}

// Length of the UTF-8 sequence starting with `lead` (1 for stray bytes, so
// malformed input still advances).
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// Encoded-words never split a UTF-8 sequence: decoders may decode each word
// on its own.
std::string encoded_words(std::string_view utf8) {
  std::string out;
  std::size_t start = 0;
  while (start < utf8.size()) {
    std::size_t end = start;
    while (end < utf8.size()) {
      std::size_t next = end + utf8_length(static_cast<unsigned char>(utf8[end]));
      if (next - start > kWordBytes) break;
      end = std::min(next, utf8.size());
    }
    if (end == start) end = std::min(start + kWordBytes, utf8.size());
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(utf8.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

bool is_field_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c <= 0x20 || c > 0x7e || c == ':') return false;
  }
  return true;
}

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

std::string text_part_headers(std::string_view subtype) {
  return "Content-Type: text/" + std::string(subtype) +
         "; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: quoted-printable\r\n";
}

}  // namespace

std::optional<std::string> validate_email(const Email& email) {
  if (email.to.empty()) return "no recipient";
  if (email.text_body.empty()) return "empty text body";
  if (!is_email_address(email.from.address))
    return "bad sender address '" + email.from.address + "'";
  for (const Mailbox& to : email.to) {
    if (!is_email_address(to.address)) return "bad recipient address '" + to.address + "'";
  }
  const std::string& id = email.message_id;
  if (id.empty() || !is_printable_ascii(id) || id.find_first_of(" <>") != std::string::npos) {
    return "bad Message-ID '" + id + "'";
  }
  for (const auto& [name, value] : email.headers) {
    if (!is_field_name(name)) return "bad header name '" + name + "'";
    if (has_line_break(value)) return "line break in header '" + name + "'";
  }
  return std::nullopt;
}

std::string encode_unstructured(std::string_view utf8) {
  std::string text = fold_line_breaks(utf8);
  // "=?" in plain text could be mistaken for an encoded-word by a decoder.
  if (is_printable_ascii(text) && text.find("=?") == std::string::npos) return text;
  return encoded_words(text);
}

std::string encode_phrase(std::string_view utf8) {
  std::string text = fold_line_breaks(utf8);
  if (is_atom_text(text)) return text;
  if (is_printable_ascii(text) && text.find("=?") == std::string::npos) {
    std::string quoted = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\"";
  }
  return encoded_words(text);
}

std::string format_mailbox(const Mailbox& mailbox) {
  if (mailbox.name.empty()) return mailbox.address;
  return encode_phrase(mailbox.name) + " <" + mailbox.address + ">";
}

std::string format_date(Instant instant) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  using namespace std::chrono;
  const sys_days day = floor<days>(instant);
  const year_month_day ymd{day};
  const hh_mm_ss hms{instant - day};
  const weekday wd{day};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[wd.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buffer;
}

std::string to_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t column = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      out += "\r\n";
      column = 0;
      ++i;
      continue;
    }
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\r';
    const bool literal =
        (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_end);
    const std::size_t width = literal ? 1 : 3;
    if (column + width > 75) {  // leave room for the soft break's '='
      out += "=\r\n";
      column = 0;
    }
    if (literal) {
      out += static_cast<char>(c);
    } else {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    column += width;
  }
  return out;
}

std::vector<std::string> message_headers(const Email& email) {
  std::vector<std::string> lines;
  lines.push_back("From: " + format_mailbox(email.from));
  std::string to = "To: ";
  for (std::size_t i = 0; i < email.to.size(); ++i) {
    if (i > 0) to += ",\r\n ";
    to += format_mailbox(email.to[i]);
  }
  lines.push_back(std::move(to));
  if (email.reply_to) lines.push_back("Reply-To: " + format_mailbox(*email.reply_to));
  lines.push_back("Subject: " + encode_unstructured(email.subject));
  lines.push_back("Date: " + format_date(email.date));
  lines.push_back("Message-ID: <" + email.message_id + ">");
  for (const auto& [name, value] : email.headers) {
    lines.push_back(name + ": " + encode_unstructured(value));
  }
  return lines;
}

std::string render_message(const Email& email) {
  std::string out;
  for (const std::string& line : message_headers(email)) out += line + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  char boundary[40];
  std::snprintf(boundary, sizeof boundary, "=_caseaudit_%016llx",
                static_cast<unsigned long long>(fnv1a(email.message_id)));
  // "=_" cannot occur in quoted-printable text, so the boundary never
  // collides with a body.
  out += std::string("Content-Type: multipart/alternative; boundary=\"") + boundary + "\"\r\n\r\n";
  out += std::string("--") + boundary + "\r\n" + text_part_headers("plain") + "\r\n" +
         quoted_printable(to_crlf(email.text_body)) + "\r\n";
  if (!email.html_body.empty()) {
    out += std::string("--") + boundary + "\r\n" + text_part_headers("html") + "\r\n" +
           quoted_printable(to_crlf(email.html_body)) + "\r\n";
  }
  out += std::string("--") + boundary + "--\r\n";
  return out;
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace caseaudit::notifier
