#include "daemon/config_settings.h"

#include <date/tz.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <optional>
#include <regex>
#include <utility>

#include "daemon/config_print.h"
#include "daemon/redact.h"
#include "db/database.h"
#include "scheduler/audit_domains.h"
#include "scheduler/email_address.h"
#include "scheduler/model.h"
#include "scheduler/reporting/report_figures.h"
#include "scheduler/time_of_day.h"

namespace caseaudit::daemon {
namespace {

// A member of Config, for both reading (Config&) and printing (const Config&).
#define CONFIG_FIELD(member) \
  [](auto& config) -> auto& { return config.member; }

constexpr std::array<std::pair<std::string_view, LogLevel>, 6> kLogLevels{{
    {"trace", LogLevel::kTrace},
    {"debug", LogLevel::kDebug},
    {"info", LogLevel::kInfo},
    {"warn", LogLevel::kWarn},
    {"error", LogLevel::kError},
    {"critical", LogLevel::kCritical},
}};
constexpr std::array<std::pair<std::string_view, MailTransport>, 2> kTransports{{
    {"spool", MailTransport::kSpool},
    {"smtp", MailTransport::kSmtp},
}};
constexpr std::array<std::pair<std::string_view, AllocationMode>, 2> kAllocationModes{{
    {"commit", AllocationMode::kCommit},
    {"approve", AllocationMode::kApprove},
}};
constexpr std::array<std::pair<std::string_view, SmtpTls>, 3> kTlsModes{{
    {"starttls", SmtpTls::kStartTls},
    {"implicit", SmtpTls::kImplicit},
    {"none", SmtpTls::kNone},
}};
constexpr std::array<std::pair<std::string_view, int>, 3> kCommitDays{{
    {"first_working_day", 1},
    {"second_working_day", 2},
    {"third_working_day", 3},
}};
constexpr std::array<std::pair<std::string_view, int>, 3> kOwnTeamRules{{
    {"exclude_own", 0},
    {"allow_own", 1},
    {"own_caseload", 2},
}};
constexpr std::array<std::pair<std::string_view, Rung>, 6> kRungs{{
    {"owner", Rung::kOwner},
    {"line_manager", Rung::kLineManager},
    {"team_manager", Rung::kTeamManager},
    {"service_manager", Rung::kServiceManager},
    {"head_of_service", Rung::kHeadOfService},
    {"director", Rung::kDirector},
}};

constexpr std::string_view kPort = "a port (1-65535, or 0 for any free port)";

template <typename Value, std::size_t N>
std::string names_of(const std::array<std::pair<std::string_view, Value>, N>& names) {
  std::vector<std::string_view> out;
  for (const auto& entry : names) out.push_back(entry.first);
  return fmt::format("{}", fmt::join(out, ", "));
}

// An integer in [min, max]; errors say "VALUE is not NOUN (MIN-MAX)", or
// `noun` as it is when it states the range itself.
template <typename Field>
Setting integer(std::string section, std::string key, Field field, int min, int max,
                std::string_view noun, std::string help) {
  std::string what =
      noun.ends_with(")") ? std::string(noun) : fmt::format("{} ({}-{})", noun, min, max);
  std::string name = key;
  return {.section = std::move(section),
          .key = std::move(key),
          .read =
              [=](TableReader& reader, Config& config) {
                if (auto n = reader.integer(name, min, max, what)) field(config) = *n;
              },
          .print = [=](const Config& config) { return std::to_string(field(config)); },
          .rule = fmt::format("{}-{}", min, max),
          .help = std::move(help)};
}

// One of a fixed list of names, each standing for a value of the field.
template <typename Field, typename Value, std::size_t N>
Setting choice(std::string section, std::string key, Field field,
               const std::array<std::pair<std::string_view, Value>, N>& names, std::string help) {
  std::string name = key;
  return {.section = std::move(section),
          .key = std::move(key),
          .read =
              [=](TableReader& reader, Config& config) {
                if (auto text = reader.string(name))
                  field(config) = choose(reader, name, *text, names);
              },
          .print =
              [=](const Config& config) {
                return quote(name_of_value(names, static_cast<Value>(field(config))));
              },
          .rule = names_of(names),
          .help = std::move(help)};
}

std::string toml_text(const std::string& text) { return toml_string(text); }
std::string toml_text(const std::filesystem::path& path) { return toml_string(path.string()); }

// A string (or a path) that `valid` accepts (always, when it is null);
// errors say "VALUE is not WHAT".
template <typename Field>
Setting text(std::string section, std::string key, Field field, bool (*valid)(const std::string&),
             std::string what, std::string help) {
  std::string name = key;
  return {.section = std::move(section),
          .key = std::move(key),
          .read =
              [=](TableReader& reader, Config& config) {
                if (auto value = reader.string(name)) {
                  if (valid != nullptr && !valid(*value)) reader.fail(name, quote(*value), what);
                  field(config) = *value;
                }
              },
          .print = [=](const Config& config) { return toml_text(field(config)); },
          .help = std::move(help)};
}

// true or false.
template <typename Field>
Setting flag(std::string section, std::string key, Field field, std::string help) {
  std::string name = key;
  return {
      .section = std::move(section),
      .key = std::move(key),
      .read =
          [=](TableReader& reader, Config& config) {
            if (auto value = reader.boolean(name)) field(config) = *value;
          },
      .print = [=](const Config& config) { return std::string(field(config) ? "true" : "false"); },
      .rule = "true or false",
      .help = std::move(help)};
}

bool non_empty(const std::string& value) { return !value.empty(); }
bool single_line(const std::string& value) { return !has_line_break(value); }
bool mailbox(const std::string& value) { return parse_named_address(value).has_value(); }
bool mailbox_or_empty(const std::string& value) { return value.empty() || mailbox(value); }

bool ip_address(const std::string& value) {
  boost::system::error_code error;
  boost::asio::ip::make_address(value, error);
  return !error;
}

// Empty (the daemon's own address) or "http(s)://host[:port][/path]" with no
// query, fragment, user or trailing slash: the link's path is appended.
bool public_url(const std::string& value) {
  if (value.empty()) return true;
  static const std::regex kUrl(
      R"(https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/]*[^/])?)");
  return std::regex_match(value, kUrl) ||
         std::regex_match(value, std::regex(R"(https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?)"));
}

bool time_zone(const std::string& value) {
  try {
    date::locate_zone(value);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// The key's "HH:MM" when present; a malformed one fails naming `what`.
std::optional<HourMinute> read_time_of_day(TableReader& reader, const std::string& name,
                                           const std::string& what) {
  auto value = reader.string(name);
  if (!value) return std::nullopt;
  auto time = parse_time_of_day(*value);
  if (!time) reader.fail(name, quote(*value), what);
  return time;
}

// "HH:MM" into a NotifierConfig::TimeOfDay.
template <typename Field>
Setting time_of_day(std::string section, std::string key, Field field, std::string what,
                    std::string help) {
  std::string name = key;
  return {.section = std::move(section),
          .key = std::move(key),
          .read =
              [=](TableReader& reader, Config& config) {
                if (auto time = read_time_of_day(reader, name, what)) {
                  field(config) = {time->hour, time->minute};
                }
              },
          .print =
              [=](const Config& config) {
                return quote(format_time_of_day({field(config).hour, field(config).minute}));
              },
          .rule = "HH:MM",
          .help = std::move(help)};
}

std::string print_list(const std::vector<int>& values) {
  return fmt::format("[{}]", fmt::join(values, ", "));
}

// A list of integers each in [min, max]; `empty` is the rule an empty list
// breaks ("a list of at least one month"), or empty when [] is allowed.
template <typename Field>
Setting integers(std::string section, std::string key, Field field, int min, int max,
                 std::string_view noun, std::string empty, std::string help) {
  std::string what = fmt::format("{} ({}-{})", noun, min, max);
  std::string name = key;
  return {.section = std::move(section),
          .key = std::move(key),
          .read =
              [=](TableReader& reader, Config& config) {
                if (auto values = reader.integers(name, min, max, what)) {
                  if (values->empty() && !empty.empty()) reader.fail(name, "[]", empty);
                  field(config) = *values;
                }
              },
          .print = [=](const Config& config) { return print_list(field(config)); },
          .rule = fmt::format("each {}-{}", min, max),
          .help = std::move(help)};
}

// ---- settings that need more than one of the shapes above ----

Setting database_url() {
  return {.section = "database",
          .key = "url",
          .read =
              [](TableReader& reader, Config& config) {
                if (auto url = reader.string("url", /*secret=*/false)) {
                  try {
                    db::DatabaseUrl::parse(*url);
                  } catch (const InputError& e) {
                    // The parser's message never contains the password.
                    reader.fail_message("url", e.what());
                  }
                  config.database.url = *url;
                }
              },
          .print =
              [](const Config& config) {
                return toml_string(redact_url_password(config.database.url));
              },
          .help =
              "\"sqlite:/path/file.db\", or \"postgresql://user:password@host:port/dbname\"\n"
              "(libpq parameters may follow: ?sslmode=verify-full). The password is never\n"
              "logged. Default: SQLite in the state directory.",
          .documented_default = "sqlite:<state>/caseaudit.db"};
}

bool smtp_url(const std::string& url) {
  static const std::regex kSmtpUrl(
      R"(^smtps?://([^/?#@\s]+@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?/?$)");
  // "" is how check-config writes "not set".
  return url.empty() || std::regex_match(url, kSmtpUrl);
}

Setting smtp_url_setting() {
  return {.section = "mail.smtp",
          .key = "url",
          .read =
              [](TableReader& reader, Config& config) {
                if (auto url = reader.string("url")) {
                  if (!smtp_url(*url)) {
                    reader.fail("url", quote(redact_url_password(*url)),
                                "an SMTP URL (smtp://host:port or smtps://host:port)");
                  }
                  config.mail.smtp.url = *url;
                }
              },
          .print =
              [](const Config& config) {
                return toml_string(redact_url_password(config.mail.smtp.url));
              },
          .help =
              "Required when transport = \"smtp\": \"smtp://host:port\" or "
              "\"smtps://host:port\"."};
}

Setting smtp_password() {
  return {.section = "mail.smtp",
          .key = "password",
          .read =
              [](TableReader& reader, Config& config) {
                if (auto password = reader.string("password", /*secret=*/true)) {
                  config.mail.smtp.password = *password;
                }
              },
          .print =
              [](const Config& config) {
                // A password read from password_file is printed as that file.
                const bool written =
                    !config.mail.smtp.password.empty() && config.mail.smtp.password_file.empty();
                return written ? toml_string(kRedacted) : toml_string("");
              },
          .help = "Secret: never logged, redacted by check-config."};
}

// Written or not, the tls mode agrees with the url: unset, it follows the
// scheme (smtps:// implicit, smtp:// starttls); "none" is only ever written.
Setting smtp_tls() {
  return {.section = "mail.smtp",
          .key = "tls",
          .read =
              [](TableReader& reader, Config& config) {
                if (auto text = reader.string("tls")) {
                  config.mail.smtp.tls = choose(reader, "tls", *text, kTlsModes);
                } else if (config.mail.smtp.url.starts_with("smtps://")) {
                  config.mail.smtp.tls = SmtpTls::kImplicit;
                }
              },
          .print = [](const Config& config) { return quote(to_string(config.mail.smtp.tls)); },
          .rule = names_of(kTlsModes),
          .help =
              "\"starttls\" (upgrade a plain connection, port 587; the relay must offer it),\n"
              "\"implicit\" (TLS from the first byte, smtps://, port 465), or \"none\" (no TLS:\n"
              "mail and password in clear text; only for a relay on loopback, and only when\n"
              "written). Default: implicit for an smtps:// url, else starttls."};
}

// own_team = { head_of_service = "allow_own", ... }: keys are role names.
// Listed roles override the defaults; the others keep theirs.
Setting own_team() {
  return {.section = "allocation",
          .key = "own_team",
          .read =
              [](TableReader& section, Config& config) {
                auto reader = section.table("own_team");
                if (!reader) return;
                for (const std::string& role : reader->keys()) {
                  try {
                    parse_role(role);
                  } catch (const InputError&) {
                    std::vector<std::string_view> roles;
                    for (Role value : all_values<Role>()) roles.push_back(to_string(value));
                    reader->fail_message(
                        role, fmt::format("unknown role (roles: {})", fmt::join(roles, ", ")));
                  }
                  auto rule = reader->string(role);
                  choose(*reader, role, *rule, kOwnTeamRules);
                  config.allocation.own_team[role] = *rule;
                }
              },
          .print =
              [](const Config& config) {
                std::vector<std::string> rules;
                for (const auto& [role, rule] : config.allocation.own_team) {
                  rules.push_back(fmt::format("{} = {}", role, toml_string(rule)));
                }
                return rules.empty() ? std::string("{}")
                                     : fmt::format("{{ {} }}", fmt::join(rules, ", "));
              },
          .rule = "per role: " + names_of(kOwnTeamRules),
          .help =
              "\"Not your own team\" per role: \"exclude_own\" (roles not listed), "
              "\"allow_own\"\n(e.g. Bradford's heads of service) or \"own_caseload\" "
              "(children the auditor\nis the IRO/CP chair of)."};
}

Setting commit_time() {
  return {.section = "allocation",
          .key = "commit_time",
          .read =
              [](TableReader& reader, Config& config) {
                if (auto time = read_time_of_day(reader, "commit_time",
                                                 "a time of day HH:MM (e.g. \"07:00\")")) {
                  config.allocation.commit_hour = time->hour;
                  config.allocation.commit_minute = time->minute;
                }
              },
          .print =
              [](const Config& config) {
                return quote(format_time_of_day(
                    {config.allocation.commit_hour, config.allocation.commit_minute}));
              },
          .rule = "HH:MM"};
}

Setting bank_holidays() {
  return {.section = "notifier",
          .key = "bank_holidays",
          .read =
              [](TableReader& reader, Config& config) {
                auto days = reader.strings("bank_holidays");
                if (!days) return;
                std::vector<Date>& holidays = config.notifier.bank_holidays;
                holidays.clear();
                for (const std::string& day : *days) {
                  try {
                    holidays.push_back(parse_date(day, "bank_holidays"));
                  } catch (const InputError&) {
                    reader.fail("bank_holidays", quote(day), "a date as YYYY-MM-DD");
                  }
                }
                try {
                  Calendar check(holidays);
                } catch (const InputError& error) {
                  reader.fail_message("bank_holidays", error.what());
                }
              },
          .print =
              [](const Config& config) {
                std::vector<std::string> days;
                for (Date day : config.notifier.bank_holidays) {
                  days.push_back(toml_string(format_date(day)));
                }
                return fmt::format("[{}]", fmt::join(days, ", "));
              },
          .rule = "YYYY-MM-DD weekdays",
          .help = "Bank holidays (not working days). Default: England & Wales 2024-2028.",
          .example = "[\"2027-01-01\", \"2027-03-26\", \"2027-03-29\", ...]",
          .documented_default = "England & Wales 2024-2028"};
}

std::string print_ladder(const std::vector<EscalationStep>& ladder) {
  std::vector<std::string> steps;
  for (const EscalationStep& step : ladder) {
    steps.push_back(
        fmt::format("\"{}:{}\"", name_of_value(kRungs, step.rung), step.working_days_after_due));
  }
  return fmt::format("[{}]", fmt::join(steps, ", "));
}

// "head_of_service:10": who is told, and how many working days after the due date.
std::vector<EscalationStep> read_ladder(const TableReader& reader, std::string_view key,
                                        const std::vector<std::string>& steps) {
  std::vector<EscalationStep> ladder;
  for (const std::string& step : steps) {
    const auto colon = step.find(':');
    const std::string days = colon == std::string::npos ? "" : step.substr(colon + 1);
    const bool digits =
        !days.empty() && days.size() <= 3 &&
        std::all_of(days.begin(), days.end(), [](char c) { return std::isdigit(c); });
    if (!digits) {
      reader.fail(key, quote(step), "a step as RUNG:WORKING_DAYS (e.g. \"head_of_service:10\")");
    }
    const Rung rung = choose(reader, key, step.substr(0, colon), kRungs);
    ladder.push_back({std::stoi(days), rung});
    if (ladder.size() > 1 &&
        ladder.back().working_days_after_due <= ladder[ladder.size() - 2].working_days_after_due) {
      reader.fail(key, quote(step), "later than the step before it");
    }
  }
  if (ladder.empty()) reader.fail(key, "[]", "a list of at least one step");
  return ladder;
}

template <typename Field>
Setting ladder(std::string key, Field field, std::string help) {
  std::string name = key;
  return {.section = "reminders",
          .key = std::move(key),
          .read =
              [=](TableReader& reader, Config& config) {
                if (auto steps = reader.strings(name))
                  field(config) = read_ladder(reader, name, *steps);
              },
          .print = [=](const Config& config) { return print_ladder(field(config)); },
          .rule = "RUNG:WORKING_DAYS, strictly later; rungs " + names_of(kRungs),
          .help = std::move(help)};
}

// [audit] domains: one-line names without control characters (the store
// joins a listing's grades with U+001F), no two the same without case, at
// least one.
Setting audit_domains() {
  return {.section = "audit",
          .key = "domains",
          .read =
              [](TableReader& reader, Config& config) {
                auto names = reader.strings("domains");
                if (!names) return;
                std::vector<std::string> domains;
                for (const std::string& name : *names) {
                  if (name.empty() || has_control_character(name)) {
                    reader.fail("domains", quote(name),
                                "a domain name on one line, without control characters");
                  }
                  if (match_audit_domain(domains, name)) {
                    reader.fail_message(
                        "domains",
                        fmt::format("{} is listed twice (domain names compare without case)",
                                    quote(name)));
                  }
                  domains.push_back(name);
                }
                if (domains.empty()) reader.fail("domains", "[]", "a list of at least one domain");
                config.audit.domains = std::move(domains);
              },
          .print =
              [](const Config& config) {
                std::vector<std::string> names;
                for (const std::string& name : config.audit.domains) {
                  names.push_back(toml_string(name));
                }
                return fmt::format("[{}]", fmt::join(names, ", "));
              },
          .rule = "names on one line, at least one, unique without case",
          .help =
              "The domains an audit grades. A submission's domain_grades must name these\n"
              "(matched without case; stored as spelt here). Default: Herefordshire's seven.",
          .example = "[\"Seeing and hearing the child\", \"Quality of assessment\", ...]",
          .documented_default = "Herefordshire's seven (docs/config.md)"};
}

// ---- the table ----

Setting trusted_proxies() {
  return {.section = "http",
          .key = "trusted_proxies",
          .read =
              [](TableReader& reader, Config& config) {
                auto addresses = reader.strings("trusted_proxies");
                if (!addresses) return;
                for (const std::string& address : *addresses) {
                  if (!ip_address(address)) {
                    reader.fail("trusted_proxies", quote(address),
                                "an IP address (e.g. 127.0.0.1 or ::1)");
                  }
                }
                config.http.trusted_proxies = *addresses;
              },
          .print =
              [](const Config& config) {
                std::vector<std::string> addresses;
                for (const std::string& address : config.http.trusted_proxies) {
                  addresses.push_back(toml_string(address));
                }
                return fmt::format("[{}]", fmt::join(addresses, ", "));
              },
          .rule = "IP addresses",
          .help =
              "Reverse proxies whose X-Forwarded-For names the client (its last\n"
              "address): [\"127.0.0.1\"] behind systemd/nginx-caseaudit.conf. From any\n"
              "other peer the header is ignored.",
          .example = "[\"127.0.0.1\"]"};
}

std::vector<Setting> self_service_settings() {
  return {
      integer("self_service", "grace_days", CONFIG_FIELD(self_service.grace_days), 0, 90, "days",
              "A link in an email works until the end of the day its item stops being\n"
              "actionable (an audit's due date, the month after its month for\n"
              "moderation, an action's due date) plus this many days."),
  };
}

std::vector<Setting> database_and_http() {
  constexpr std::string_view kTimeout = "a timeout in seconds";
  return {
      database_url(),
      integer("database", "pool_size", CONFIG_FIELD(database.pool_size), 1, 64, "a pool size",
              "Connections kept open."),
      [] {
        Setting s =
            text("database", "password_file", CONFIG_FIELD(database.password_file), nullptr, "",
                 "PostgreSQL only: a file whose first line is the password, instead of\n"
                 "one in url. A relative name is looked up in systemd's\n"
                 "$CREDENTIALS_DIRECTORY (the unit's LoadCredential=), outside the unit\n"
                 "beside this file; so this file can be world-readable.");
        s.example = "\"database-password\"";
        return s;
      }(),
      text("http", "address", CONFIG_FIELD(http.address), ip_address,
           "an IP address (e.g. 127.0.0.1 or ::1)",
           "An IP address, not a name; \"0.0.0.0\" or \"::\" listen on every interface."),
      integer("http", "port", CONFIG_FIELD(http.port), 0, 65535, kPort,
              "0 picks a free port (the log says \"listening on ADDRESS:PORT\")."),
      integer("http", "threads", CONFIG_FIELD(http.threads), 1, 256, "a thread count",
              "Request handler threads."),
      integer("http", "read_timeout_seconds", CONFIG_FIELD(http.read_timeout_seconds), 1, 3600,
              kTimeout, "Seconds to receive a request / send a response."),
      integer("http", "write_timeout_seconds", CONFIG_FIELD(http.write_timeout_seconds), 1, 3600,
              kTimeout, ""),
      integer("http", "keep_alive_timeout_seconds", CONFIG_FIELD(http.keep_alive_timeout_seconds),
              1, 60, kTimeout,
              "Seconds an idle connection is kept open. A stop (SIGTERM) waits for\n"
              "idle and slow clients up to these timeouts, so keep them well under the\n"
              "unit's TimeoutStopSec."),
      [] {
        Setting s = text("http", "tls_certificate", CONFIG_FIELD(http.tls_certificate), nullptr, "",
                         "HTTPS (TLS 1.2 or later) when both are set; PEM files.");
        s.example = "\"/etc/caseaudit/tls/cert.pem\"";
        return s;
      }(),
      [] {
        Setting s = text("http", "tls_key", CONFIG_FIELD(http.tls_key), nullptr, "", "");
        s.example = "\"/etc/caseaudit/tls/key.pem\"";
        return s;
      }(),
      trusted_proxies(),
      [] {
        Setting s =
            text("http", "public_url", CONFIG_FIELD(http.public_url), public_url,
                 "an http:// or https:// URL without query or trailing slash",
                 "The base of links in emails (sign-in links), as people's browsers\n"
                 "reach the daemon. Empty: http(s)://ADDRESS:PORT from the settings above.");
        s.example = "\"https://caseaudit.example.org\"";
        s.documented_default = "http://127.0.0.1:8080 (from address and port)";
        return s;
      }(),
      integer("sign_in", "link_minutes", CONFIG_FIELD(sign_in.link_minutes), 1, 60, "minutes",
              "How long an emailed sign-in link works (once)."),
      integer("sign_in", "session_idle_minutes", CONFIG_FIELD(sign_in.session_idle_minutes), 5,
              24 * 60, "minutes", "A session unused this long ends."),
      integer("sign_in", "session_lifetime_hours", CONFIG_FIELD(sign_in.session_lifetime_hours), 1,
              24 * 7, "hours", "A session ends this long after sign-in, used or not."),
      integer("sign_in", "requests_per_address_per_hour",
              CONFIG_FIELD(sign_in.requests_per_address_per_hour), 1, 1000, "a count",
              "Sign-in links that may be asked for one email address in an hour\n"
              "(known or not: the answer is the same)."),
      integer("sign_in", "requests_per_peer_per_hour",
              CONFIG_FIELD(sign_in.requests_per_peer_per_hour), 1, 100000, "a count",
              "Sign-in links that may be asked for from one client address in an hour."),
  };
}

std::vector<Setting> state_time_mail_log() {
  return {
      [] {
        Setting s =
            text("state", "directory", CONFIG_FIELD(state.directory), non_empty, "a directory",
                 "Where the SQLite database and the mail spool live. Default: systemd's\n"
                 "$STATE_DIRECTORY (/var/lib/caseaudit with StateDirectory=caseaudit), "
                 "else\n\"./state\". Relative paths are relative to the working "
                 "directory.");
        s.documented_default = "$STATE_DIRECTORY, else ./state";
        return s;
      }(),
      text("time", "zone", CONFIG_FIELD(time.zone), time_zone,
           "a known time zone (e.g. Europe/London)",
           "The authority's time zone (IANA name): months, due dates and send windows\n"
           "are in this zone."),
      choice("mail", "transport", CONFIG_FIELD(mail.transport), kTransports,
             "\"spool\": write each email as a file in spool_directory (for a relay or for\n"
             "inspection); \"smtp\": send through [mail.smtp]."),
      [] {
        Setting s = text("mail", "spool_directory", CONFIG_FIELD(mail.spool_directory), non_empty,
                         "a directory", "Default: <state directory>/spool.");
        s.documented_default = "<state>/spool";
        return s;
      }(),
      text("mail", "from", CONFIG_FIELD(mail.from), mailbox,
           "an email address (e.g. qa-audit@council.gov.uk)",
           "The From: of every email: \"Name <local@domain>\" or \"local@domain\"."),
      [] {
        Setting s = text("mail", "reply_to", CONFIG_FIELD(mail.reply_to), mailbox_or_empty,
                         "an email address (e.g. \"QA Team <qa@council.gov.uk>\")",
                         "The Reply-To: of every email (e.g. the QA team's shared mailbox).\n"
                         "Empty: replies go to mail.from.");
        s.example = "\"QA Team <qa@council.example>\"";
        return s;
      }(),
      smtp_url_setting(),
      text("mail.smtp", "username", CONFIG_FIELD(mail.smtp.username), single_line, "a single line",
           ""),
      smtp_password(),
      [] {
        Setting s =
            text("mail.smtp", "password_file", CONFIG_FIELD(mail.smtp.password_file), nullptr, "",
                 "Or the password read from this file (its last line break dropped), e.g.\n"
                 "a systemd credential: a relative path is relative to\n"
                 "$CREDENTIALS_DIRECTORY (LoadCredential=smtp-password:/etc/...). Not with\n"
                 "password.");
        s.example = "\"smtp-password\"";
        return s;
      }(),
      smtp_tls(),
      [] {
        Setting s = text("mail.smtp", "ca_file", CONFIG_FIELD(mail.smtp.ca_file), nullptr, "",
                         "PEM bundle the relay's certificate must verify against (e.g. a\n"
                         "council's own CA). Default: the system store.");
        s.example = "\"/etc/caseaudit/relay-ca.pem\"";
        return s;
      }(),
      integer("mail.smtp", "timeout_seconds", CONFIG_FIELD(mail.smtp.timeout_seconds), 1, 600,
              "a timeout in seconds", "Seconds for connecting and for each SMTP exchange."),
      choice("log", "level", CONFIG_FIELD(log.level), kLogLevels, "Reloaded on SIGHUP."),
  };
}

std::vector<Setting> allocation_and_pairing() {
  constexpr std::string_view kMonths = "a number of months";
  return {
      audit_domains(),
      integer("allocation", "default_quota", CONFIG_FIELD(allocation.default_quota), 0, 20,
              "a quota",
              "Audits a month per auditor when neither the staff record nor the role sets one."),
      integer("allocation", "team_target", CONFIG_FIELD(allocation.team_target), 1, 50,
              "a team target", "Stretch target: audits per team per month."),
      integer("allocation", "recency_window_months", CONFIG_FIELD(allocation.recency_window_months),
              0, 120, kMonths, "Months within which a child is not re-audited where avoidable."),
      integer("allocation", "auditor_team_repeat_months",
              CONFIG_FIELD(allocation.auditor_team_repeat_months), 0, 120, kMonths,
              "Months within which an auditor is not sent back to the same team."),
      own_team(),
      choice("allocation", "commit_day", CONFIG_FIELD(allocation.commit_working_day), kCommitDays,
             "When serve commits the month: on that working day at commit_time, local\n"
             "time in [time] zone."),
      commit_time(),
      choice("allocation", "mode", CONFIG_FIELD(allocation.mode), kAllocationModes,
             "\"commit\": serve commits at the commit instant. \"approve\": serve emails a\n"
             "preview to qa_team_email preview_working_days_before working days before\n"
             "the commit day (at commit_time) and never commits; the coordinator commits\n"
             "with `caseaudit allocate --month YYYY-MM` after reviewing it."),
      integer("allocation", "preview_working_days_before",
              CONFIG_FIELD(allocation.preview_working_days_before), 1, 15,
              "a number of working days", ""),
      [] {
        Setting s =
            text("allocation", "qa_team_email", CONFIG_FIELD(allocation.qa_team_email),
                 mailbox_or_empty, "an email address (e.g. \"QA Team <qa@council.gov.uk>\")",
                 "Required in approve mode: \"Name <local@domain>\" or \"local@domain\".");
        s.example = "\"QA Team <qa@council.example>\"";
        return s;
      }(),
      flag("allocation", "looped_default", CONFIG_FIELD(allocation.looped_default),
           "Run a month looped (every child audited independently by two auditors)\n"
           "unless a coordinator set otherwise for that month before its commit\n"
           "(PUT /v1/months/YYYY-MM/mode, caseaudit allocate --looped, the console)."),
      integers("pairing", "period_months", CONFIG_FIELD(pairing.period_months), 1, 12,
               "a month number", "a list of at least one month",
               "Months in which auditor-moderator pairings rotate."),
      integer("pairing", "avoid_periods", CONFIG_FIELD(pairing.avoid_periods), 0, 24,
              "a number of periods",
              "A new pairing repeats none of the last N periods' while an alternative exists."),
  };
}

std::vector<Setting> notifier_settings() {
  constexpr std::string_view kWindow = "a time of day as HH:MM (00:00-23:59)";
  return {
      text("notifier", "templates", CONFIG_FIELD(notifier.templates), nullptr, "",
           "A folder of template overrides, <kind>.<subject|text|html>.mustache (see\n"
           "docs/notifier.md). Checked at start-up and by check-config: a bad template\n"
           "stops the daemon."),
      text("notifier", "signature", CONFIG_FIELD(notifier.signature), single_line, "a single line",
           "The sign-off of every email."),
      time_of_day("notifier", "send_window_open", CONFIG_FIELD(notifier.send_window_open),
                  std::string(kWindow),
                  "Non-urgent email is sent on working days between these local times.\n"
                  "Category 1 concerns go at once, whatever the time."),
      time_of_day("notifier", "send_window_close", CONFIG_FIELD(notifier.send_window_close),
                  std::string(kWindow), ""),
      bank_holidays(),
      integer("notifier", "reminder_interval_seconds",
              CONFIG_FIELD(notifier.reminder_interval_seconds), 5, 3600, "a number of seconds",
              "How often serve runs the reminder rules and sends from the outbox."),
      integer("notifier", "delivery_interval_seconds",
              CONFIG_FIELD(notifier.delivery_interval_seconds), 1, 3600, "a number of seconds", ""),
      integer("notifier", "digest_max_lines", CONFIG_FIELD(notifier.digest_max_lines), 5, 500,
              "a number of lines",
              "A daily digest lists at most this many items, the person's own first;\n"
              "beyond it, \"and N more\" with a link to the console."),
  };
}

std::vector<Setting> reminder_settings() {
  constexpr std::string_view kDays = "a number of days";
  const auto days = [&](std::string key, auto field, std::string help) {
    return integer("reminders", std::move(key), field, 0, 365, kDays, std::move(help));
  };
  return {
      integers("reminders", "audit_due_days_before", CONFIG_FIELD(reminders.audit_due_days_before),
               1, 60, "a number of working days", "",
               "Audit reminders this many working days before the due date."),
      ladder("audit_late_ladder", CONFIG_FIELD(reminders.audit_late_ladder),
             "Late or nil return: who is told, and how many working days after the due date."),
      days("action_due_days_before", CONFIG_FIELD(reminders.action_due_days_before), ""),
      ladder("action_overdue_ladder", CONFIG_FIELD(reminders.action_overdue_ladder),
             "Overdue actions; after the last step the top rung is told again every\n"
             "action_repeat_working_days until the action is completed."),
      days("action_repeat_working_days", CONFIG_FIELD(reminders.action_repeat_working_days), ""),
      days("event_notice_days", CONFIG_FIELD(reminders.event_notice_days),
           "Submission and moderation notices go out for this many calendar days."),
      days("concern_category2_within", CONFIG_FIELD(reminders.concern_category2_within), ""),
      days("concern_update_days_before", CONFIG_FIELD(reminders.concern_update_days_before),
           "The head of service's monthly update on a case of concern: reminder before,\n"
           "the director when it is this late."),
      days("concern_update_overdue_after", CONFIG_FIELD(reminders.concern_update_overdue_after),
           ""),
      days("concern_notice_days", CONFIG_FIELD(reminders.concern_notice_days), ""),
      integer("reminders", "concern_long_open_months",
              CONFIG_FIELD(reminders.concern_long_open_months), 1, 120, "a number of months",
              "Cases open longer than this are reported to the director monthly."),
      days("impact_follow_up_days", CONFIG_FIELD(reminders.impact_follow_up_days),
           "Impact follow-up: calendar days after the audit is moderated, and how late\n"
           "it may still go out."),
      days("impact_follow_up_grace_days", CONFIG_FIELD(reminders.impact_follow_up_grace_days), ""),
      integer("reminders", "impact_follow_up_reply_working_days",
              CONFIG_FIELD(reminders.impact_follow_up_reply_working_days), 1, 60,
              "a number of working days",
              "The impact follow-up asks for a reply this many working days after it is sent."),
      choice("reminders", "away_redirect", CONFIG_FIELD(reminders.away_redirect), kRungs,
             "Email meant for someone away (maternity leave, extended leave, secondment\n"
             "covering the month) goes to this rung above them instead, saying why;\n"
             "\"owner\": to them all the same."),
  };
}

// A share as a whole percentage in the file (0-100), a fraction in Config.
template <typename Field>
Setting percentage(std::string key, Field field, std::string help) {
  std::string name = key;
  return {
      .section = "reports",
      .key = std::move(key),
      .read =
          [=](TableReader& reader, Config& config) {
            if (auto n = reader.integer(name, 0, 100, "a percentage (0-100)")) {
              field(config) = *n / 100.0;
            }
          },
      .print = [=](const Config& config) { return std::to_string(whole_percent(field(config))); },
      .rule = "0-100 (percent)",
      .help = std::move(help)};
}

// [reports] snapshot_domains: each one of [audit] domains (checked with the
// section, once [audit] is read); stored in that spelling.
Setting snapshot_domains() {
  return {.section = "reports",
          .key = "snapshot_domains",
          .read =
              [](TableReader& reader, Config& config) {
                if (auto names = reader.strings("snapshot_domains")) {
                  config.reports.targets.snapshot_domains = std::move(*names);
                }
              },
          .print =
              [](const Config& config) {
                std::vector<std::string> names;
                for (const std::string& name : config.reports.targets.snapshot_domains) {
                  names.push_back(toml_string(name));
                }
                return fmt::format("[{}]", fmt::join(names, ", "));
              },
          .rule = "names from audit.domains",
          .help = "The domains whose share Good or better the performance snapshot shows.",
          .documented_default =
              "Quality of assessment, Quality of plans, Decision making and "
              "management oversight (those audit.domains has)"};
}

bool snapshot_recipient(const std::string& entry) {
  return entry == "director" || entry == "head_of_service" || entry == "service_manager" ||
         mailbox(entry);
}

Setting snapshot_recipients() {
  return {.section = "reports",
          .key = "snapshot_recipients",
          .read =
              [](TableReader& reader, Config& config) {
                auto entries = reader.strings("snapshot_recipients");
                if (!entries) return;
                for (const std::string& entry : *entries) {
                  if (!snapshot_recipient(entry)) {
                    reader.fail("snapshot_recipients", quote(entry),
                                "a role (director, head_of_service, service_manager) or a mailbox");
                  }
                }
                config.reports.snapshot_recipients = std::move(*entries);
              },
          .print =
              [](const Config& config) {
                std::vector<std::string> entries;
                for (const std::string& entry : config.reports.snapshot_recipients) {
                  entries.push_back(toml_string(entry));
                }
                return fmt::format("[{}]", fmt::join(entries, ", "));
              },
          .rule = "roles director, head_of_service, service_manager, or mailboxes",
          .help =
              "Who receives the monthly performance snapshot: everyone in a role, or a\n"
              "mailbox."};
}

std::vector<Setting> report_settings() {
  return {
      integer("reports", "completed_baseline", CONFIG_FIELD(reports.targets.completed_baseline), 0,
              10000, "a number of audits",
              "Audits completed to standard in a month: red below this baseline, amber from\n"
              "it, green from the stretch target ([allocation] team_target per team)."),
      percentage("completion_rate_percent", CONFIG_FIELD(reports.targets.completion_rate),
                 "Target (whole percent): auditors completing of those available."),
      percentage("good_or_better_percent", CONFIG_FIELD(reports.targets.good_or_better),
                 "Target: audits Good or Outstanding in the quarter."),
      percentage("inadequate_at_most_percent", CONFIG_FIELD(reports.targets.inadequate_at_most),
                 "Target: audits Inadequate in the quarter, at most."),
      percentage("actions_on_time_percent", CONFIG_FIELD(reports.targets.actions_on_time),
                 "Target: the previous month's actions completed within timescale."),
      snapshot_domains(),
      percentage("domain_good_or_better_percent",
                 CONFIG_FIELD(reports.targets.domain_good_or_better),
                 "Target: each snapshot domain Good or better."),
      percentage("participation_child_percent", CONFIG_FIELD(reports.targets.participation_child),
                 "Targets: participation of the child, family, worker, team manager and IRO."),
      percentage("participation_family_percent", CONFIG_FIELD(reports.targets.participation_family),
                 ""),
      percentage("participation_worker_percent", CONFIG_FIELD(reports.targets.participation_worker),
                 ""),
      percentage("participation_team_manager_percent",
                 CONFIG_FIELD(reports.targets.participation_team_manager), ""),
      percentage("participation_iro_percent", CONFIG_FIELD(reports.targets.participation_iro), ""),
      percentage("amber_margin_points", CONFIG_FIELD(reports.targets.amber_margin),
                 "A share missing its target by at most this many percentage points is amber;\n"
                 "further away, red."),
      integer("reports", "year_start_month", CONFIG_FIELD(reports.targets.year_start_month), 1, 12,
              "a month number", "The financial year's first month: quarters start there."),
      snapshot_recipients(),
  };
}

std::vector<Setting> build_settings() {
  std::vector<Setting> all;
  for (auto part :
       {database_and_http(), self_service_settings(), state_time_mail_log(),
        allocation_and_pairing(), notifier_settings(), reminder_settings(), report_settings()}) {
    for (Setting& setting : part) all.push_back(std::move(setting));
  }
  return all;
}

// ---- the rules between keys ----

void check_http(const TableReader& reader, const Config& config) {
  const HttpConfig& http = config.http;
  if (http.tls_certificate.empty() != http.tls_key.empty()) {
    reader.fail_message(http.tls_certificate.empty() ? "tls_certificate" : "tls_key",
                        "tls_certificate and tls_key must be set together");
  }
}

void check_mail(const TableReader& reader, const Config& config) {
  if (config.mail.transport == MailTransport::kSmtp && config.mail.smtp.url.empty()) {
    reader.fail_message("transport", "\"smtp\" needs mail.smtp.url");
  }
}

bool loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(
      host.starts_with("[") ? host.substr(1, host.size() - 2) : host, error);
  return !error && address.is_loopback();
}

// The host of an smtp(s):// url already checked by smtp_url().
std::string smtp_host(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find('/'));
  if (auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (rest.starts_with("[")) return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find(':'));
}

void check_smtp(const TableReader& reader, const Config& config) {
  const SmtpConfig& smtp = config.mail.smtp;
  if (!smtp.password.empty() && !smtp.password_file.empty()) {
    reader.fail_message("password_file",
                        "mail.smtp.password and mail.smtp.password_file are both set; keep one");
  }
  if (smtp.tls == SmtpTls::kNone && !smtp.ca_file.empty()) {
    reader.fail_message("ca_file", "has no use with tls = \"none\"");
  }
  if (smtp.url.empty()) return;
  const bool implicit_url = smtp.url.starts_with("smtps://");
  if (smtp.tls == SmtpTls::kImplicit && !implicit_url) {
    reader.fail_message("tls", "\"implicit\" needs an smtps:// url (mail.smtp.url is smtp://)");
  }
  if (smtp.tls != SmtpTls::kImplicit && implicit_url) {
    reader.fail_message("tls",
                        fmt::format("\"{}\" needs an smtp:// url (mail.smtp.url is smtps://)",
                                    to_string(smtp.tls)));
  }
  const std::string host = smtp_host(smtp.url);
  if (smtp.tls == SmtpTls::kNone && !loopback_host(host)) {
    reader.fail_message(
        "tls", fmt::format("\"none\" sends mail and password in clear text: allowed only for a "
                           "relay on loopback (127.0.0.1, ::1, localhost), not {}",
                           host));
  }
}

// Approve mode needs a recipient for the preview, or nobody would ever be
// asked to approve.
void check_allocation(const TableReader& reader, const Config& config) {
  if (config.allocation.mode == AllocationMode::kApprove &&
      config.allocation.qa_team_email.empty()) {
    reader.fail_message("qa_team_email",
                        "required when mode = \"approve\" (who receives the preview)");
  }
}

// Snapshot domains must be graded domains, spelt as [audit] domains spells
// them (the audits store that spelling). The default list is let through:
// the wiring leaves out those of its names that [audit] domains lacks.
void check_reports(const TableReader& reader, const Config& config) {
  const std::vector<std::string>& domains = config.reports.targets.snapshot_domains;
  if (domains == ReportTargets{}.snapshot_domains) return;
  for (const std::string& name : domains) {
    const auto domain = match_audit_domain(config.audit.domains, name);
    if (!domain || *domain != name) {
      reader.fail("snapshot_domains", quote(name), "one of audit.domains, spelt as there");
    }
  }
}

void check_notifier(const TableReader& reader, const Config& config) {
  const NotifierConfig& notifier = config.notifier;
  const auto minutes = [](NotifierConfig::TimeOfDay t) { return t.hour * 60 + t.minute; };
  if (minutes(notifier.send_window_open) >= minutes(notifier.send_window_close)) {
    reader.fail_message("send_window_close", "must be later than send_window_open");
  }
}

}  // namespace

const std::vector<SettingsSection>& settings_sections() {
  static const std::vector<SettingsSection> sections{
      {.name = "database"},
      {.name = "http",
       .help = "The admin API and the /healthz and /readyz probes.",
       .check = check_http},
      {.name = "sign_in", .help = "Sign-in for people: emailed links and cookie sessions."},
      {.name = "self_service",
       .help = "Links in emails to record, moderate or complete one item without signing in."},
      {.name = "state"},
      {.name = "time"},
      {.name = "mail", .check = check_mail},
      {.name = "mail.smtp", .check = check_smtp},
      {.name = "log"},
      {.name = "audit", .help = "What an audit grades."},
      {.name = "allocation", .check = check_allocation},
      {.name = "pairing"},
      {.name = "notifier", .check = check_notifier},
      {.name = "reminders", .help = "Thresholds in working days unless the name says otherwise."},
      {.name = "reports",
       .help = "The leaders' reports: targets, RAG thresholds, quarters, the snapshot email.",
       .check = check_reports},
  };
  return sections;
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> table = build_settings();
  return table;
}

const Config& documented_defaults() {
  static const Config defaults = [] {
    ConfigEnvironment env;
    env.state_directory = "/var/lib/caseaudit";
    return parse_config("", "", env);
  }();
  return defaults;
}

std::string documented_default(const Setting& setting) {
  if (!setting.documented_default.empty()) return setting.documented_default;
  std::string value = setting.print(documented_defaults());
  const bool plain_string = value.size() > 2 && value.front() == '"' &&
                            value.find_first_of("\"\\", 1) == value.size() - 1;
  return plain_string ? value.substr(1, value.size() - 2) : value;
}

std::string_view to_string(LogLevel level) { return name_of_value(kLogLevels, level); }
std::string_view to_string(MailTransport transport) {
  return name_of_value(kTransports, transport);
}
std::string_view to_string(AllocationMode mode) { return name_of_value(kAllocationModes, mode); }
std::string_view to_string(SmtpTls tls) { return name_of_value(kTlsModes, tls); }

}  // namespace caseaudit::daemon
