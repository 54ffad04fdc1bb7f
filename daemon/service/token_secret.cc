#include "daemon/service/token_secret.h"

#include <openssl/sha.h>
#include <sys/random.h>

#include <array>
#include <cstdint>

#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

std::string base64url(const std::uint8_t* data, std::size_t size) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::string random_secret(std::string_view prefix) {
  std::array<std::uint8_t, 32> random{};
  std::size_t filled = 0;
  while (filled < random.size()) {
    ssize_t got = getrandom(random.data() + filled, random.size() - filled, 0);
    if (got <= 0) throw RuntimeFailure("cannot read random bytes for a token (getrandom)");
    filled += static_cast<std::size_t>(got);
  }
  return std::string(prefix) + base64url(random.data(), random.size());
}

}  // namespace

std::string generate_token_secret() { return random_secret("adt_"); }
std::string generate_sign_in_secret() { return random_secret("sil_"); }
std::string generate_session_secret() { return random_secret("ses_"); }
std::string generate_csrf_token() { return random_secret("csrf_"); }
std::string generate_action_link_secret() { return random_secret("act_"); }

std::string hash_token_secret(std::string_view secret) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), digest.data());
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0xF]);
  }
  return hex;
}

}  // namespace caseaudit::daemon
