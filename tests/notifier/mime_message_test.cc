#include "notifier/mime_message.h"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

namespace caseaudit::notifier {
namespace {

using namespace std::chrono;

// Minimal decoders, written independently of the encoders under test.
std::string decode_base64(std::string_view in) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0, value = 0;
  for (char c : in) {
    if (c == '=') break;
    value = (value << 6) | static_cast<int>(alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return out;
}

// Decodes each encoded-word on its own, as a strict decoder may.
std::vector<std::string> decode_words(const std::string& header) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while ((at = header.find("=?UTF-8?B?", at)) != std::string::npos) {
    const std::size_t end = header.find("?=", at + 10);
    words.push_back(decode_base64(header.substr(at + 10, end - at - 10)));
    EXPECT_LE(end + 2 - at, 75u) << "encoded-word longer than RFC 2047 allows";
    at = end + 2;
  }
  return words;
}

bool valid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

std::string decode_qp(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && in.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (in[i] == '=') {
      out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

Email sample() {
  Email email;
  email.from = {"Quality Assurance", "qa@council.example"};
  email.to = {{"Siobhán Ó Súilleabháin", "siobhan@council.example"}};
  email.subject = "Your audit for 2027-02";
  email.text_body = "Hello\nworld";
  email.html_body = "<p>Hello</p>";
  email.message_id = "caseaudit.1.abc@council.example";
  email.date = sys_days{2026y / November / 22} + 3h + 25min + 38s;
  return email;
}

TEST(MimeMessage, AsciiStaysReadable) {
  EXPECT_EQ(encode_unstructured("Audit due on 2027-02-28"), "Audit due on 2027-02-28");
  EXPECT_EQ(encode_phrase("Jo Bloggs"), "Jo Bloggs");
  EXPECT_EQ(encode_phrase("Bloggs, Jo"), "\"Bloggs, Jo\"");
  EXPECT_EQ(encode_phrase("Jo \"JB\" Bloggs."), "\"Jo \\\"JB\\\" Bloggs.\"");
  EXPECT_EQ(format_mailbox({"", "jo@x.example"}), "jo@x.example");
  EXPECT_EQ(format_mailbox({"Jo Bloggs", "jo@x.example"}), "Jo Bloggs <jo@x.example>");
}

TEST(MimeMessage, NonAsciiBecomesEncodedWordsThatNeverSplitACharacter) {
  // 60 two-byte and three-byte characters: needs several words.
  std::string subject;
  for (int i = 0; i < 20; ++i) subject += "é€ñ";
  const std::string encoded = encode_unstructured(subject);
  EXPECT_EQ(encoded.find_first_of("é€ñ"), std::string::npos);
  const auto words = decode_words(encoded);
  ASSERT_GT(words.size(), 1u);
  std::string joined;
  for (const std::string& word : words) {
    EXPECT_TRUE(valid_utf8(word)) << "a word splits a UTF-8 sequence";
    joined += word;
  }
  EXPECT_EQ(joined, subject);
}

TEST(MimeMessage, LineBreaksInHeaderTextCannotInjectHeaders) {
  const std::string encoded = encode_unstructured("Hi\r\nBcc: victim@example.org");
  EXPECT_EQ(encoded, "Hi  Bcc: victim@example.org");
  Email email = sample();
  email.headers = {{"X-Test", "a\r\nBcc: x@y.example"}};
  EXPECT_EQ(validate_email(email), "line break in header 'X-Test'");
}

TEST(MimeMessage, ValidationNamesTheProblem) {
  EXPECT_EQ(validate_email(sample()), std::nullopt);
  Email email = sample();
  email.to.clear();
  EXPECT_EQ(validate_email(email), "no recipient");
  email = sample();
  email.to[0].address = "x@y.example>\r\nRCPT TO:<z@evil.example";
  EXPECT_TRUE(validate_email(email).has_value());
  email = sample();
  email.message_id = "has space@x";
  EXPECT_TRUE(validate_email(email).has_value());
  email = sample();
  email.headers = {{"Bad Name", "v"}};
  EXPECT_EQ(validate_email(email), "bad header name 'Bad Name'");
}

TEST(MimeMessage, DateIsRfc5322InUtc) {
  EXPECT_EQ(format_date(sample().date), "Sun, 22 Nov 2026 03:25:38 +0000");
  EXPECT_EQ(format_date(sys_days{2027y / February / 1}), "Mon, 01 Feb 2027 00:00:00 +0000");
}

TEST(MimeMessage, QuotedPrintableRoundTripsAndKeepsLinesShort) {
  std::string text = "Grüße = greetings \r\ntrailing space \r\n";
  text += std::string(300, 'x') + "\r\n" + std::string(100, '=') + "\r\n.\r\nend";
  const std::string encoded = quoted_printable(text);
  EXPECT_EQ(decode_qp(encoded), text);
  std::istringstream lines(encoded);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_TRUE(line.empty() || (line.back() != ' ' && line.back() != '\t')) << line;
  }
}

TEST(MimeMessage, CrlfNormalisation) { EXPECT_EQ(to_crlf("a\nb\r\nc\rd"), "a\r\nb\r\nc\r\nd"); }

TEST(MimeMessage, RenderIsDeterministicAndMultipartAlternative) {
  const std::string message = render_message(sample());
  EXPECT_EQ(message, render_message(sample()));
  EXPECT_NE(message.find("\r\nMessage-ID: <caseaudit.1.abc@council.example>\r\n"),
            std::string::npos);
  EXPECT_NE(message.find("Content-Type: multipart/alternative; boundary="), std::string::npos);
  EXPECT_LT(message.find("Content-Type: text/plain; charset=UTF-8"),
            message.find("Content-Type: text/html; charset=UTF-8"));
  // No bare LF anywhere: every line ends CRLF.
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n') {
      ASSERT_TRUE(i > 0 && message[i - 1] == '\r') << "bare LF at " << i;
    }
  }
}

}  // namespace
}  // namespace caseaudit::notifier
