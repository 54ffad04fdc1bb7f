// The network allow-list of systemd/caseaudit.service, derived from the
// configuration.
//
// The unit denies every address (IPAddressDeny=any) except loopback
// (IPAddressAllow=localhost). A PostgreSQL server or SMTP relay on another
// host needs its addresses allowed too, in a drop-in. network_allowlist()
// works out which: the database host (database.url) and, with
// mail.transport = "smtp", the relay host (mail.smtp.url), names resolved
// to every address they have now. render_network_dropin() prints the
// drop-in (`caseaudit unit-network`); not_allowed() checks a unit's text
// against the list (for `caseaudit doctor`).
//
// Plain values; thread-compatible. Resolving uses getaddrinfo (blocking).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config.h"

namespace caseaudit::daemon {

// One configured host the daemon connects to.
struct AllowedHost {
  std::string setting;                 // "database.url", "mail.smtp.url"
  std::string host;                    // as configured: a name or an IP literal
  std::vector<std::string> addresses;  // what it resolved to; empty when on loopback
};

struct NetworkAllowlist {
  std::vector<AllowedHost> hosts;  // only hosts that are not loopback or a Unix socket
  // The admin API listens beyond loopback (http.address): its clients'
  // networks cannot be derived from the configuration.
  bool http_listens_beyond_loopback = false;
  std::string http_address;

  // "localhost" and then every address of `hosts`, sorted, without repeats:
  // the values of IPAddressAllow=.
  std::vector<std::string> allowed() const;
};

// Every address of `host` (IP literals as they are). Throws RuntimeFailure
// "SETTING: cannot resolve HOST: REASON".
using HostResolver =
    std::function<std::vector<std::string>(const std::string& host, std::string_view setting)>;
std::vector<std::string> resolve_host(const std::string& host, std::string_view setting);

// The hosts of `config` that the unit must allow. Throws RuntimeFailure when
// a name does not resolve.
NetworkAllowlist network_allowlist(const Config& config,
                                   const HostResolver& resolve = resolve_host);

// The drop-in for /etc/systemd/system/caseaudit.service.d/network.conf:
// comments saying which setting needs which address, then
// "[Service]\nIPAddressAllow=\nIPAddressAllow=localhost ADDR...\n".
std::string render_network_dropin(const NetworkAllowlist& allowlist,
                                  std::string_view config_source);

// The addresses of `allowlist.allowed()` that no IPAddressAllow= line of
// `unit_text` (a unit file and its drop-ins, concatenated) allows, as
// literally listed (an address within an allowed CIDR range counts as
// allowed; "any" allows everything). Empty: the unit lets the daemon reach
// every configured host.
std::vector<std::string> not_allowed(const NetworkAllowlist& allowlist, std::string_view unit_text);

}  // namespace caseaudit::daemon
