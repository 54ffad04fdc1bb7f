#include "daemon/redact.h"

#include <algorithm>

namespace caseaudit::daemon {
namespace {

struct UserInfo {
  std::size_t password_begin = std::string_view::npos;
  std::size_t password_end = std::string_view::npos;
};

// Finds the password in "scheme://user:password@host/...". The host part ends
// at the first '/', '?' or '#'; the user info ends at the LAST '@' before it,
// because an unencoded '@' in a password is a common mistake.
UserInfo find_password(std::string_view url) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::size_t authority_begin = scheme_end + 3;
  std::size_t authority_end = url.find_first_of("/?#", authority_begin);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
  std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return {};
  std::size_t colon = authority.substr(0, at).find(':');
  if (colon == std::string_view::npos) return {};
  return {authority_begin + colon + 1, authority_begin + at};
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = hex_digit(text[i + 1]);
      int low = hex_digit(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

void add_url_password(std::string_view url, std::vector<std::string>& secrets) {
  UserInfo info = find_password(url);
  if (info.password_begin == std::string_view::npos) return;
  std::string_view raw = url.substr(info.password_begin, info.password_end - info.password_begin);
  secrets.emplace_back(raw);
  secrets.push_back(percent_decoded(raw));
}

}  // namespace

std::string redact_url_password(std::string_view url) {
  UserInfo info = find_password(url);
  if (info.password_begin == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, info.password_begin));
  out += kRedacted;
  out += url.substr(info.password_end);
  return out;
}

std::string redact_secrets(std::string_view text, const std::vector<std::string>& secrets) {
  // Longest first, so that a secret containing another is replaced whole.
  std::vector<std::string_view> ordered(secrets.begin(), secrets.end());
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  std::string out(text);
  for (std::string_view secret : ordered) {
    if (secret.empty()) continue;
    for (std::size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  return out;
}

std::string redact_link_tokens(std::string_view text) {
  static constexpr std::string_view kPrefix = "act_";
  static constexpr std::size_t kShortestToken = 20;  // real ones have 43 characters
  auto is_token_char = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  };
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const bool starts_word = i == 0 || !is_token_char(text[i - 1]);
    if (starts_word && text.substr(i, kPrefix.size()) == kPrefix) {
      std::size_t end = i + kPrefix.size();
      while (end < text.size() && is_token_char(text[end])) ++end;
      if (end - i - kPrefix.size() >= kShortestToken) {
        out.append(kPrefix);
        out.append(kRedacted);
        i = end;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

std::vector<std::string> secrets_of(const Config& config) {
  std::vector<std::string> secrets;
  add_url_password(config.database.url, secrets);
  secrets.push_back(config.database.password);
  add_url_password(config.mail.smtp.url, secrets);
  secrets.push_back(config.mail.smtp.password);
  std::erase_if(secrets, [](const std::string& secret) { return secret.empty(); });
  std::sort(secrets.begin(), secrets.end());
  secrets.erase(std::unique(secrets.begin(), secrets.end()), secrets.end());
  return secrets;
}

namespace {

bool is_word(std::string_view segment) {
  if (segment.empty() || segment.size() > 24 || segment[0] < 'a' || segment[0] > 'z') return false;
  return std::all_of(segment.begin(), segment.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool is_id(std::string_view segment) {
  return !segment.empty() && segment.size() <= 18 &&
         std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string loggable_path(std::string_view path) {
  std::string out;
  std::size_t begin = 0;
  while (begin < path.size()) {
    std::size_t end = path.find('/', begin);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(begin, end - begin);
    if (!segment.empty()) {
      out += (is_word(segment) || is_id(segment)) ? segment : std::string_view("*");
    }
    if (end < path.size()) out += '/';
    begin = end + 1;
  }
  return out.empty() ? std::string("*") : out;
}

}  // namespace caseaudit::daemon
