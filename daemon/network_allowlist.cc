#include "daemon/network_allowlist.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <memory>
#include <sstream>

#include "db/database.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

namespace ip = boost::asio::ip;

std::optional<ip::address> as_address(const std::string& text) {
  boost::system::error_code error;
  ip::address address = ip::make_address(text, error);
  if (error) return std::nullopt;
  return address;
}

bool is_loopback(const std::string& address) {
  const auto parsed = as_address(address);
  return parsed && parsed->is_loopback();
}

// The host of "smtp://user@host:port/" ("[::1]" without its brackets).
std::string smtp_host(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find('/'));
  if (const std::size_t at = url.rfind('@'); at != std::string_view::npos) {
    url.remove_prefix(at + 1);
  }
  if (url.starts_with('[')) return std::string(url.substr(1, url.find(']') - 1));
  return std::string(url.substr(0, url.rfind(':')));
}

// The PostgreSQL host, or empty when libpq goes through a Unix socket.
std::string database_host(const Config& config) {
  const db::DatabaseUrl url = db::DatabaseUrl::parse(config.database.url);
  if (!url.is_postgresql()) return {};
  for (const auto& [key, value] : url.parameters) {
    if (key == "hostaddr") return value;
  }
  if (url.host.empty() || url.host.starts_with('/')) return {};
  return url.host;
}

void add_host(NetworkAllowlist& allowlist, std::string setting, const std::string& host,
              const HostResolver& resolve) {
  if (host.empty() || host == "localhost") return;
  std::vector<std::string> addresses = resolve(host, setting);
  std::erase_if(addresses, is_loopback);
  if (addresses.empty()) return;
  allowlist.hosts.push_back({std::move(setting), host, std::move(addresses)});
}

// Whether the IPAddressAllow= entry `entry` admits `address`.
bool admits(const std::string& entry, const ip::address& address) {
  if (entry == "any") return true;
  if (entry == "localhost") return address.is_loopback();
  boost::system::error_code error;
  if (entry.find('/') != std::string::npos) {
    if (address.is_v4()) {
      const ip::network_v4 network = ip::make_network_v4(entry, error);
      return !error && network.canonical() ==
                           ip::network_v4(address.to_v4(), network.prefix_length()).canonical();
    }
    const ip::network_v6 network = ip::make_network_v6(entry, error);
    return !error && network.canonical() ==
                         ip::network_v6(address.to_v6(), network.prefix_length()).canonical();
  }
  const auto literal = as_address(entry);
  return literal && *literal == address;
}

}  // namespace

std::vector<std::string> NetworkAllowlist::allowed() const {
  std::vector<std::string> addresses;
  for (const AllowedHost& host : hosts) {
    addresses.insert(addresses.end(), host.addresses.begin(), host.addresses.end());
  }
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  addresses.insert(addresses.begin(), "localhost");
  return addresses;
}

std::vector<std::string> resolve_host(const std::string& host, std::string_view setting) {
  if (as_address(host)) return {host};
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int error = getaddrinfo(host.c_str(), nullptr, &hints, &found); error != 0) {
    throw RuntimeFailure(
        fmt::format("{}: cannot resolve {}: {}", setting, host, gai_strerror(error)));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, freeaddrinfo);
  std::vector<std::string> addresses;
  for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    char text[NI_MAXHOST];
    if (getnameinfo(entry->ai_addr, entry->ai_addrlen, text, sizeof(text), nullptr, 0,
                    NI_NUMERICHOST) == 0) {
      addresses.emplace_back(text);
    }
  }
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  return addresses;
}

NetworkAllowlist network_allowlist(const Config& config, const HostResolver& resolve) {
  NetworkAllowlist allowlist;
  add_host(allowlist, "database.url", database_host(config), resolve);
  if (config.mail.transport == MailTransport::kSmtp) {
    add_host(allowlist, "mail.smtp.url", smtp_host(config.mail.smtp.url), resolve);
  }
  allowlist.http_address = config.http.address;
  allowlist.http_listens_beyond_loopback = !is_loopback(config.http.address);
  return allowlist;
}

std::string render_network_dropin(const NetworkAllowlist& allowlist,
                                  std::string_view config_source) {
  std::string out = fmt::format(
      "# /etc/systemd/system/caseaudit.service.d/network.conf\n"
      "# Written by `caseaudit unit-network` from {}. Run it again (and\n"
      "# `systemctl daemon-reload && systemctl restart caseaudit`) when a host\n"
      "# below or its addresses change: the unit reaches nothing else.\n",
      config_source.empty() ? "the default configuration" : config_source);
  if (allowlist.hosts.empty()) out += "#   every configured host is on this machine (loopback)\n";
  for (const AllowedHost& host : allowlist.hosts) {
    out +=
        fmt::format("#   {}: {} -> {}\n", host.setting, host.host, fmt::join(host.addresses, " "));
  }
  if (allowlist.http_listens_beyond_loopback) {
    out += fmt::format(
        "# http.address = {} listens beyond loopback: add the networks of the\n"
        "# API's clients (or of the reverse proxy) to IPAddressAllow= yourself.\n",
        allowlist.http_address);
  }
  out += fmt::format("[Service]\nIPAddressAllow=\nIPAddressAllow={}\n",
                     fmt::join(allowlist.allowed(), " "));
  return out;
}

std::vector<std::string> not_allowed(const NetworkAllowlist& allowlist,
                                     std::string_view unit_text) {
  std::vector<std::string> entries;
  std::istringstream lines{std::string(unit_text)};
  for (std::string line; std::getline(lines, line);) {
    constexpr std::string_view kKey = "IPAddressAllow=";
    if (!line.starts_with(kKey)) continue;
    std::istringstream values(line.substr(kKey.size()));
    std::vector<std::string> listed;
    for (std::string value; values >> value;) listed.push_back(value);
    if (listed.empty()) entries.clear();  // an empty assignment resets the list
    entries.insert(entries.end(), listed.begin(), listed.end());
  }
  std::vector<std::string> missing;
  for (const std::string& wanted : allowlist.allowed()) {
    const auto address = as_address(wanted);
    if (!address) continue;  // "localhost": the packaged unit's own entry
    const bool ok = std::any_of(entries.begin(), entries.end(),
                                [&](const std::string& entry) { return admits(entry, *address); });
    if (!ok) missing.push_back(wanted);
  }
  return missing;
}

}  // namespace caseaudit::daemon
