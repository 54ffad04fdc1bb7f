// The unit's network allow-list from the configuration
// (daemon/network_allowlist.h), with a resolver standing in for DNS.
#include "daemon/network_allowlist.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "daemon/config.h"
#include "daemon/doctor.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Config parse(std::string_view text) {
  ConfigEnvironment env;
  env.state_directory = "/var/lib/caseaudit";
  return parse_config(text, "/etc/caseaudit/caseaudit.toml", env);
}

// db.internal and relay.example have fixed addresses; anything else fails.
std::vector<std::string> fake_dns(const std::string& host, std::string_view setting) {
  if (host == "db.internal") return {"10.20.0.5"};
  if (host == "relay.example") return {"192.0.2.25", "2001:db8::25"};
  if (host == "loopback.example") return {"127.0.1.1", "::1"};
  if (host.find_first_not_of("0123456789.:abcdef") == std::string::npos) return {host};
  throw RuntimeFailure(std::string(setting) + ": cannot resolve " + host +
                       ": Name or service not known");
}

constexpr std::string_view kRemote =
    "[database]\nurl = \"postgresql://caseaudit:pw@db.internal:5432/caseaudit\"\n"
    "[mail]\ntransport = \"smtp\"\n"
    "[mail.smtp]\nurl = \"smtp://mailer@relay.example:587\"\n";

TEST(NetworkAllowlist, TheDefaultsNeedNothingBeyondLoopback) {
  const NetworkAllowlist allowlist = network_allowlist(parse(""), fake_dns);
  EXPECT_TRUE(allowlist.hosts.empty());
  EXPECT_FALSE(allowlist.http_listens_beyond_loopback);
  EXPECT_THAT(allowlist.allowed(), ElementsAre("localhost"));
}

TEST(NetworkAllowlist, ARemoteDatabaseAndRelayAreResolvedAndAllowed) {
  const NetworkAllowlist allowlist = network_allowlist(parse(kRemote), fake_dns);
  ASSERT_EQ(allowlist.hosts.size(), 2u);
  EXPECT_EQ(allowlist.hosts[0].setting, "database.url");
  EXPECT_EQ(allowlist.hosts[0].host, "db.internal");
  EXPECT_EQ(allowlist.hosts[1].setting, "mail.smtp.url");
  EXPECT_THAT(allowlist.allowed(),
              ElementsAre("localhost", "10.20.0.5", "192.0.2.25", "2001:db8::25"));
}

TEST(NetworkAllowlist, LoopbackHostsSocketsAndTheSpoolAddNothing) {
  const Config config = parse(
      "[database]\nurl = \"postgresql://caseaudit@%2Frun%2Fpostgresql/caseaudit\"\n"
      "[mail.smtp]\nurl = \"smtp://relay.example:25\"\n");  // transport stays "spool"
  EXPECT_TRUE(network_allowlist(config, fake_dns).hosts.empty());
  const Config local = parse(
      "[database]\nurl = \"postgresql://caseaudit@loopback.example/caseaudit\"\n"
      "[mail]\ntransport = \"smtp\"\n[mail.smtp]\nurl = \"smtp://[::1]:25\"\n");
  EXPECT_TRUE(network_allowlist(local, fake_dns).hosts.empty());
}

TEST(NetworkAllowlist, AnUnresolvableHostNamesItsSetting) {
  const Config config = parse("[database]\nurl = \"postgresql://u@nowhere.invalid/caseaudit\"\n");
  try {
    network_allowlist(config, fake_dns);
    FAIL() << "no error for a name that does not resolve";
  } catch (const RuntimeFailure& error) {
    EXPECT_THAT(error.what(), HasSubstr("database.url: cannot resolve nowhere.invalid"));
  }
}

TEST(NetworkAllowlist, TheRealResolverTakesLiteralsAndLocalhost) {
  EXPECT_THAT(resolve_host("192.0.2.9", "database.url"), ElementsAre("192.0.2.9"));
  const auto local = resolve_host("localhost", "database.url");
  EXPECT_FALSE(local.empty());
}

TEST(NetworkAllowlist, TheDropInResetsTheListAndSaysWhy) {
  const std::string dropin = render_network_dropin(network_allowlist(parse(kRemote), fake_dns),
                                                   "/etc/caseaudit/caseaudit.toml");
  EXPECT_THAT(dropin, HasSubstr("# /etc/systemd/system/caseaudit.service.d/network.conf\n"));
  EXPECT_THAT(dropin, HasSubstr("from /etc/caseaudit/caseaudit.toml"));
  EXPECT_THAT(dropin, HasSubstr("#   database.url: db.internal -> 10.20.0.5\n"));
  EXPECT_THAT(dropin, HasSubstr("#   mail.smtp.url: relay.example -> 192.0.2.25 2001:db8::25\n"));
  EXPECT_THAT(dropin,
              ::testing::EndsWith("[Service]\nIPAddressAllow=\n"
                                  "IPAddressAllow=localhost 10.20.0.5 192.0.2.25 2001:db8::25\n"));
  EXPECT_THAT(dropin, ::testing::Not(HasSubstr("pw")));
}

TEST(NetworkAllowlist, AnApiBeyondLoopbackIsPointedOut) {
  const std::string dropin = render_network_dropin(
      network_allowlist(parse("[http]\naddress = \"0.0.0.0\"\n"), fake_dns), "");
  EXPECT_THAT(dropin, HasSubstr("http.address = 0.0.0.0 listens beyond loopback"));
  EXPECT_THAT(dropin, HasSubstr("from the default configuration"));
}

TEST(NetworkAllowlist, NotAllowedChecksAUnitAndItsDropIns) {
  const NetworkAllowlist allowlist = network_allowlist(parse(kRemote), fake_dns);
  const std::string packaged = "[Service]\nIPAddressDeny=any\nIPAddressAllow=localhost\n";
  EXPECT_THAT(not_allowed(allowlist, packaged),
              ElementsAre("10.20.0.5", "192.0.2.25", "2001:db8::25"));
  EXPECT_THAT(not_allowed(allowlist, packaged + "IPAddressAllow=10.20.0.0/16 192.0.2.0/24\n"),
              ElementsAre("2001:db8::25"));
  EXPECT_TRUE(not_allowed(allowlist, packaged + render_network_dropin(allowlist, "")).empty());
  EXPECT_TRUE(not_allowed(allowlist, packaged + "IPAddressAllow=any\n").empty());
  // An empty assignment resets what came before.
  EXPECT_EQ(not_allowed(allowlist, "IPAddressAllow=any\nIPAddressAllow=\n").size(), 3u);
}

// caseaudit doctor's "unit network" check reads the installed unit and its
// drop-ins as systemd would.
TEST(NetworkAllowlist, DoctorChecksTheInstalledUnitAgainstTheConfig) {
  const std::filesystem::path units =
      std::filesystem::temp_directory_path() / ("caseaudit-units-" + std::to_string(::getpid()));
  std::filesystem::create_directories(units / "caseaudit.service.d");
  const Config config = parse(kRemote);
  EXPECT_TRUE(check_unit_network(config, {units}, fake_dns).ok) << "no unit: nothing to check";

  std::ofstream(units / "caseaudit.service")
      << "[Service]\nIPAddressDeny=any\nIPAddressAllow=localhost\n";
  const CheckResult packaged = check_unit_network(config, {units}, fake_dns);
  EXPECT_FALSE(packaged.ok);
  EXPECT_THAT(packaged.detail, HasSubstr("10.20.0.5 192.0.2.25 2001:db8::25"));
  EXPECT_THAT(packaged.fix, HasSubstr("caseaudit unit-network"));

  std::ofstream(units / "caseaudit.service.d" / "network.conf")
      << render_network_dropin(network_allowlist(config, fake_dns), "");
  const CheckResult with_dropin = check_unit_network(config, {units}, fake_dns);
  EXPECT_TRUE(with_dropin.ok) << with_dropin.detail;
  EXPECT_THAT(with_dropin.detail, HasSubstr("localhost 10.20.0.5"));
  std::filesystem::remove_all(units);
}

}  // namespace
}  // namespace caseaudit::daemon
