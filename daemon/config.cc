#include "daemon/config.h"

#include <date/tz.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <utility>

#include "daemon/config_print.h"
#include "daemon/redact.h"
#include "db/database.h"
#include "scheduler/model.h"

namespace caseaudit::daemon {
namespace {

constexpr const char* kDefaultConfigPath = "/etc/caseaudit/caseaudit.toml";

std::string quote(std::string_view text) { return toml_string(text); }

std::string_view type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

// How a value appears in an error message. Secret values never appear.
std::string describe(const toml::node& node, bool secret) {
  if (secret) return fmt::format("(secret, {})", type_name(node.type()));
  if (const auto* text = node.as_string()) return quote(text->get());
  if (node.is_table() || node.is_array()) return std::string(type_name(node.type()));
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  return out.str();
}

// Reads the keys of one TOML table, remembering which were asked for so that
// any other key can be reported as unknown: a typo must not silently fall
// back to a default.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, std::string source)
      : table_(table), prefix_(std::move(prefix)), source_(std::move(source)) {}

  std::optional<std::string> string(std::string_view key, bool secret = false) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    const auto* text = node->as_string();
    if (text == nullptr) fail_type(key, *node, "a string", secret);
    return text->get();
  }

  // An integer within [min, max]; `what` completes "VALUE is not ...".
  std::optional<int> integer(std::string_view key, std::int64_t min, std::int64_t max,
                             std::string_view what) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    const auto* number = node->as_integer();
    if (number == nullptr) fail_type(key, *node, "an integer", false);
    if (number->get() < min || number->get() > max) fail(key, describe(*node, false), what);
    return static_cast<int>(number->get());
  }

  // An array of integers, each within [min, max].
  std::optional<std::vector<int>> integers(std::string_view key, std::int64_t min, std::int64_t max,
                                           std::string_view what) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    const auto* array = node->as_array();
    if (array == nullptr) fail_type(key, *node, "an array of integers", false);
    std::vector<int> values;
    for (const toml::node& item : *array) {
      const auto* number = item.as_integer();
      if (number == nullptr || number->get() < min || number->get() > max) {
        fail(key, describe(item, false), what);
      }
      values.push_back(static_cast<int>(number->get()));
    }
    return values;
  }

  // An array of strings.
  std::optional<std::vector<std::string>> strings(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    const auto* array = node->as_array();
    if (array == nullptr) fail_type(key, *node, "an array of strings", false);
    std::vector<std::string> values;
    for (const toml::node& item : *array) {
      const auto* text = item.as_string();
      if (text == nullptr) fail(key, describe(item, false), "a string");
      values.push_back(text->get());
    }
    return values;
  }

  // The keys of a sub-table, in order (for tables whose keys are data).
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (auto&& [key, node] : table_) out.emplace_back(key.str());
    return out;
  }

  std::optional<TableReader> table(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    const auto* sub = node->as_table();
    if (sub == nullptr) fail_type(key, *node, "a table", false);
    return TableReader(*sub, name_of(key), source_);
  }

  // Call after reading every known key.
  void reject_unknown() const {
    for (auto&& [key, node] : table_) {
      if (known_.count(std::string(key.str())) != 0) continue;
      std::vector<std::string> known(known_.begin(), known_.end());
      throw ConfigError(fmt::format("config {}: {}: unknown setting (known here: {})", source_,
                                    name_of(key.str()), fmt::join(known, ", ")),
                        name_of(key.str()));
    }
  }

  [[noreturn]] void fail(std::string_view key, std::string_view value,
                         std::string_view what) const {
    throw ConfigError(
        fmt::format("config {}: {}: {} is not {}", source_, name_of(key), value, what),
        name_of(key));
  }

  [[noreturn]] void fail_message(std::string_view key, std::string_view message) const {
    throw ConfigError(fmt::format("config {}: {}: {}", source_, name_of(key), message),
                      name_of(key));
  }

  std::string name_of(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : fmt::format("{}.{}", prefix_, key);
  }

 private:
  const toml::node* find(std::string_view key) {
    known_.insert(std::string(key));
    return table_.get(key);
  }

  [[noreturn]] void fail_type(std::string_view key, const toml::node& node,
                              std::string_view expected, bool secret) const {
    throw ConfigError(fmt::format("config {}: {}: {} is {}, expected {}", source_, name_of(key),
                                  describe(node, secret), type_name(node.type()), expected),
                      name_of(key));
  }

  const toml::table& table_;
  std::string prefix_;
  std::string source_;
  std::set<std::string> known_;
};

// Looks `text` up in `names` (name, value pairs); fails listing the choices.
template <typename Enum, std::size_t N>
Enum choose(TableReader& reader, std::string_view key, const std::string& text,
            const std::array<std::pair<std::string_view, Enum>, N>& names) {
  for (const auto& [name, value] : names) {
    if (name == text) return value;
  }
  std::vector<std::string_view> choices;
  for (const auto& entry : names) choices.push_back(entry.first);
  reader.fail(key, quote(text), fmt::format("one of {}", fmt::join(choices, ", ")));
}

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
constexpr std::array<std::pair<std::string_view, SmtpTls>, 2> kTlsModes{{
    {"starttls", SmtpTls::kStartTls},
    {"implicit", SmtpTls::kImplicit},
}};

constexpr std::string_view kPort = "a port (1-65535, or 0 for any free port)";

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

void read_database(TableReader& reader, Config& config) {
  if (auto url = reader.string("url", /*secret=*/false)) {
    try {
      db::DatabaseUrl::parse(*url);
    } catch (const InputError& e) {
      // The parser's message never contains the password.
      reader.fail_message("url", e.what());
    }
    config.database.url = *url;
  }
  if (auto n = reader.integer("pool_size", 1, 64, "a pool size (1-64)")) {
    config.database.pool_size = *n;
  }
}

void read_http(TableReader& reader, Config& config) {
  HttpConfig& http = config.http;
  if (auto address = reader.string("address")) {
    boost::system::error_code error;
    boost::asio::ip::make_address(*address, error);
    if (error) reader.fail("address", quote(*address), "an IP address (e.g. 127.0.0.1 or ::1)");
    http.address = *address;
  }
  if (auto n = reader.integer("port", 0, 65535, kPort)) http.port = *n;
  if (auto n = reader.integer("threads", 1, 256, "a thread count (1-256)")) http.threads = *n;
  constexpr std::string_view kSeconds = "a timeout in seconds (1-3600)";
  if (auto n = reader.integer("read_timeout_seconds", 1, 3600, kSeconds)) {
    http.read_timeout_seconds = *n;
  }
  if (auto n = reader.integer("write_timeout_seconds", 1, 3600, kSeconds)) {
    http.write_timeout_seconds = *n;
  }
  if (auto n = reader.integer("keep_alive_timeout_seconds", 1, 60, "a timeout in seconds (1-60)")) {
    http.keep_alive_timeout_seconds = *n;
  }
  if (auto path = reader.string("tls_certificate")) http.tls_certificate = *path;
  if (auto path = reader.string("tls_key")) http.tls_key = *path;
  if (http.tls_certificate.empty() != http.tls_key.empty()) {
    reader.fail_message(http.tls_certificate.empty() ? "tls_certificate" : "tls_key",
                        "tls_certificate and tls_key must be set together");
  }
}

void read_state(TableReader& reader, Config& config) {
  if (auto directory = reader.string("directory")) {
    if (directory->empty()) reader.fail("directory", quote(*directory), "a directory");
    config.state.directory = *directory;
  }
}

void read_time(TableReader& reader, Config& config) {
  if (auto zone = reader.string("zone")) {
    try {
      date::locate_zone(*zone);
    } catch (const std::exception&) {
      reader.fail("zone", quote(*zone), "a known time zone (e.g. Europe/London)");
    }
    config.time.zone = *zone;
  }
}

void read_smtp(TableReader& reader, SmtpConfig& smtp) {
  if (auto url = reader.string("url")) {
    static const std::regex kSmtpUrl(
        R"(^smtps?://([^/?#@\s]+@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?/?$)");
    // "" is how check-config writes "not set".
    if (!url->empty() && !std::regex_match(*url, kSmtpUrl)) {
      reader.fail("url", quote(redact_url_password(*url)),
                  "an SMTP URL (smtp://host:port or smtps://host:port)");
    }
    smtp.url = *url;
  }
  if (auto username = reader.string("username")) {
    if (has_line_break(*username)) reader.fail("username", quote(*username), "a single line");
    smtp.username = *username;
  }
  if (auto password = reader.string("password", /*secret=*/true)) smtp.password = *password;
  if (auto tls = reader.string("tls")) smtp.tls = choose(reader, "tls", *tls, kTlsModes);
  if (auto n = reader.integer("timeout_seconds", 1, 600, "a timeout in seconds (1-600)")) {
    smtp.timeout_seconds = *n;
  }
}

void read_mail(TableReader& reader, Config& config) {
  MailConfig& mail = config.mail;
  if (auto transport = reader.string("transport")) {
    mail.transport = choose(reader, "transport", *transport, kTransports);
  }
  if (auto directory = reader.string("spool_directory")) {
    if (directory->empty()) reader.fail("spool_directory", quote(*directory), "a directory");
    mail.spool_directory = *directory;
  }
  if (auto from = reader.string("from")) {
    // A line break here would let a value inject mail headers.
    if (from->find('@') == std::string::npos || has_line_break(*from)) {
      reader.fail("from", quote(*from), "an email address (e.g. qa-audit@council.gov.uk)");
    }
    mail.from = *from;
  }
  if (auto smtp = reader.table("smtp")) {
    read_smtp(*smtp, mail.smtp);
    smtp->reject_unknown();
  }
  if (mail.transport == MailTransport::kSmtp && mail.smtp.url.empty()) {
    reader.fail_message("transport", "\"smtp\" needs mail.smtp.url");
  }
}

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

// own_team = { head_of_service = "allow_own", ... }: keys are role names.
void read_own_team(TableReader& reader, AllocationConfig& allocation) {
  // Listed roles override the defaults; the others keep theirs.
  std::map<std::string, std::string>& rules = allocation.own_team;
  for (const std::string& role : reader.keys()) {
    try {
      parse_role(role);
    } catch (const InputError&) {
      std::vector<std::string_view> roles;
      for (Role value : all_values<Role>()) roles.push_back(to_string(value));
      reader.fail_message(role, fmt::format("unknown role (roles: {})", fmt::join(roles, ", ")));
    }
    auto rule = reader.string(role);
    choose(reader, role, *rule, kOwnTeamRules);
    rules[role] = *rule;
  }
}

void read_log(TableReader& reader, Config& config) {
  if (auto level = reader.string("level")) {
    config.log.level = choose(reader, "level", *level, kLogLevels);
  }
}

// mode, preview_working_days_before, qa_team_email: approve mode needs a
// recipient for the preview, or nobody would ever be asked to approve.
void read_approval(TableReader& reader, AllocationConfig& allocation) {
  if (auto mode = reader.string("mode")) {
    allocation.mode = choose(reader, "mode", *mode, kAllocationModes);
  }
  if (auto n =
          reader.integer("preview_working_days_before", 1, 15, "a number of working days (1-15)")) {
    allocation.preview_working_days_before = *n;
  }
  if (auto email = reader.string("qa_team_email")) {
    // Empty is unset (check-config prints it so). A line break here would
    // let a value inject mail headers.
    if (!email->empty() && (email->find('@') == std::string::npos || has_line_break(*email))) {
      reader.fail("qa_team_email", quote(*email),
                  "an email address (e.g. \"QA Team <qa@council.gov.uk>\")");
    }
    allocation.qa_team_email = *email;
  }
  if (allocation.mode == AllocationMode::kApprove && allocation.qa_team_email.empty()) {
    reader.fail_message("qa_team_email",
                        "required when mode = \"approve\" (who receives the preview)");
  }
}

void read_allocation(TableReader& reader, Config& config) {
  AllocationConfig& allocation = config.allocation;
  constexpr std::string_view kMonths = "a number of months (0-120)";
  if (auto n = reader.integer("default_quota", 0, 20, "a quota (0-20)")) {
    allocation.default_quota = *n;
  }
  if (auto n = reader.integer("team_target", 1, 50, "a team target (1-50)")) {
    allocation.team_target = *n;
  }
  if (auto n = reader.integer("recency_window_months", 0, 120, kMonths)) {
    allocation.recency_window_months = *n;
  }
  if (auto n = reader.integer("auditor_team_repeat_months", 0, 120, kMonths)) {
    allocation.auditor_team_repeat_months = *n;
  }
  if (auto own_team = reader.table("own_team")) read_own_team(*own_team, allocation);
  if (auto day = reader.string("commit_day")) {
    allocation.commit_working_day = choose(reader, "commit_day", *day, kCommitDays);
  }
  if (auto time = reader.string("commit_time")) {
    static const std::regex kTime(R"(^([01][0-9]|2[0-3]):([0-5][0-9])$)");
    std::smatch match;
    if (!std::regex_match(*time, match, kTime)) {
      reader.fail("commit_time", quote(*time), "a time of day HH:MM (e.g. \"07:00\")");
    }
    allocation.commit_hour = std::stoi(match[1]);
    allocation.commit_minute = std::stoi(match[2]);
  }
  read_approval(reader, allocation);
}

void read_pairing(TableReader& reader, Config& config) {
  if (auto months = reader.integers("period_months", 1, 12, "a month number (1-12)")) {
    if (months->empty()) reader.fail("period_months", "[]", "a list of at least one month");
    config.pairing.period_months = *months;
  }
  if (auto n = reader.integer("avoid_periods", 0, 24, "a number of periods (0-24)")) {
    config.pairing.avoid_periods = *n;
  }
}

// "HH:MM", 24-hour.
NotifierConfig::TimeOfDay time_of_day(TableReader& reader, std::string_view key,
                                      const std::string& text) {
  const bool shaped = text.size() == 5 && text[2] == ':' && std::isdigit(text[0]) &&
                      std::isdigit(text[1]) && std::isdigit(text[3]) && std::isdigit(text[4]);
  const int hour = shaped ? std::stoi(text.substr(0, 2)) : -1;
  const int minute = shaped ? std::stoi(text.substr(3, 2)) : -1;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    reader.fail(key, quote(text), "a time of day as HH:MM (00:00-23:59)");
  }
  return {hour, minute};
}

void read_notifier(TableReader& reader, Config& config) {
  NotifierConfig& notifier = config.notifier;
  if (auto folder = reader.string("templates")) notifier.templates = *folder;
  if (auto signature = reader.string("signature")) {
    if (has_line_break(*signature)) reader.fail("signature", quote(*signature), "a single line");
    notifier.signature = *signature;
  }
  if (auto open = reader.string("send_window_open")) {
    notifier.send_window_open = time_of_day(reader, "send_window_open", *open);
  }
  if (auto close = reader.string("send_window_close")) {
    notifier.send_window_close = time_of_day(reader, "send_window_close", *close);
  }
  const auto minutes = [](NotifierConfig::TimeOfDay t) { return t.hour * 60 + t.minute; };
  if (minutes(notifier.send_window_open) >= minutes(notifier.send_window_close)) {
    reader.fail_message("send_window_close", "must be later than send_window_open");
  }
  if (auto days = reader.strings("bank_holidays")) {
    notifier.bank_holidays.clear();
    for (const std::string& text : *days) {
      try {
        notifier.bank_holidays.push_back(parse_date(text, "bank_holidays"));
      } catch (const InputError&) {
        reader.fail("bank_holidays", quote(text), "a date as YYYY-MM-DD");
      }
    }
    try {
      Calendar check(notifier.bank_holidays);
    } catch (const InputError& error) {
      reader.fail_message("bank_holidays", error.what());
    }
  }
  if (auto n =
          reader.integer("reminder_interval_seconds", 5, 3600, "a number of seconds (5-3600)")) {
    notifier.reminder_interval_seconds = *n;
  }
  if (auto n =
          reader.integer("delivery_interval_seconds", 1, 3600, "a number of seconds (1-3600)")) {
    notifier.delivery_interval_seconds = *n;
  }
}

// "head_of_service:10": who is told, and how many working days after the due date.
std::vector<EscalationStep> ladder(TableReader& reader, std::string_view key,
                                   const std::vector<std::string>& steps) {
  static const std::array<std::pair<std::string_view, Rung>, 6> kRungs{{
      {"owner", Rung::kOwner},
      {"line_manager", Rung::kLineManager},
      {"team_manager", Rung::kTeamManager},
      {"service_manager", Rung::kServiceManager},
      {"head_of_service", Rung::kHeadOfService},
      {"director", Rung::kDirector},
  }};
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

void read_reminders(TableReader& reader, Config& config) {
  ReminderPolicy& policy = config.reminders;
  constexpr std::string_view kDays = "a number of working days (0-60)";
  if (auto days = reader.integers("audit_due_days_before", 1, 60, kDays)) {
    policy.audit_due_days_before = *days;
  }
  if (auto steps = reader.strings("audit_late_ladder")) {
    policy.audit_late_ladder = ladder(reader, "audit_late_ladder", *steps);
  }
  if (auto steps = reader.strings("action_overdue_ladder")) {
    policy.action_overdue_ladder = ladder(reader, "action_overdue_ladder", *steps);
  }
  const std::array<std::pair<std::string_view, int*>, 9> numbers{{
      {"action_due_days_before", &policy.action_due_days_before},
      {"action_repeat_working_days", &policy.action_repeat_working_days},
      {"event_notice_days", &policy.event_notice_days},
      {"concern_category2_within", &policy.concern_category2_within},
      {"concern_update_days_before", &policy.concern_update_days_before},
      {"concern_update_overdue_after", &policy.concern_update_overdue_after},
      {"concern_notice_days", &policy.concern_notice_days},
      {"impact_follow_up_days", &policy.impact_follow_up_days},
      {"impact_follow_up_grace_days", &policy.impact_follow_up_grace_days},
  }};
  for (const auto& [key, target] : numbers) {
    if (auto n = reader.integer(key, 0, 365, "a number of days (0-365)")) *target = *n;
  }
  if (auto n = reader.integer("concern_long_open_months", 1, 120, "a number of months (1-120)")) {
    policy.concern_long_open_months = *n;
  }
}

using SectionReader = void (*)(TableReader&, Config&);
constexpr std::array<std::pair<std::string_view, SectionReader>, 10> kSections{{
    {"database", read_database},
    {"http", read_http},
    {"state", read_state},
    {"time", read_time},
    {"mail", read_mail},
    {"log", read_log},
    {"allocation", read_allocation},
    {"pairing", read_pairing},
    {"notifier", read_notifier},
    {"reminders", read_reminders},
}};

void read_sections(const toml::table& root, const std::string& source, Config& config) {
  TableReader top(root, "", source);
  for (const auto& [name, read] : kSections) {
    if (auto section = top.table(name)) {
      read(*section, config);
      section->reject_unknown();
    }
  }
  for (auto&& [key, node] : root) {
    bool known = std::any_of(kSections.begin(), kSections.end(),
                             [&](const auto& entry) { return entry.first == key.str(); });
    if (known) continue;
    std::vector<std::string_view> sections;
    for (const auto& entry : kSections) sections.push_back(entry.first);
    std::string what = node.is_table() ? "unknown section" : "unknown setting outside a section";
    top.fail_message(key.str(), fmt::format("{} (sections: {})", what, fmt::join(sections, ", ")));
  }
}

void resolve_defaults(Config& config, const ConfigEnvironment& env) {
  if (config.state.directory.empty()) {
    config.state.directory = env.state_directory.value_or("state");
  }
  config.state.directory = std::filesystem::absolute(config.state.directory).lexically_normal();
  if (config.database.url.empty()) {
    config.database.url = "sqlite:" + (config.state.directory / "caseaudit.db").string();
  }
  if (config.mail.spool_directory.empty()) {
    config.mail.spool_directory = config.state.directory / "spool";
  }
  config.mail.spool_directory =
      std::filesystem::absolute(config.mail.spool_directory).lexically_normal();
}

}  // namespace

std::string_view to_string(LogLevel level) {
  for (const auto& [name, value] : kLogLevels) {
    if (value == level) return name;
  }
  throw ProgramError("unknown LogLevel");
}

std::string_view to_string(MailTransport transport) {
  for (const auto& [name, value] : kTransports) {
    if (value == transport) return name;
  }
  throw ProgramError("unknown MailTransport");
}

std::string_view to_string(AllocationMode mode) {
  for (const auto& [name, value] : kAllocationModes) {
    if (value == mode) return name;
  }
  throw ProgramError("unknown AllocationMode");
}

std::string_view to_string(SmtpTls tls) {
  for (const auto& [name, value] : kTlsModes) {
    if (value == tls) return name;
  }
  throw ProgramError("unknown SmtpTls");
}

ConfigEnvironment ConfigEnvironment::from_process() {
  ConfigEnvironment env;
  if (const char* state = std::getenv("STATE_DIRECTORY"); state != nullptr && *state != '\0') {
    std::string_view first(state);
    first = first.substr(0, first.find(':'));
    env.state_directory = std::filesystem::path(first);
  }
  return env;
}

Config parse_config(std::string_view text, const std::filesystem::path& source,
                    const ConfigEnvironment& env) {
  toml::table root;
  try {
    root = toml::parse(text, source.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("config {}: line {}, column {}: {}", source.string(),
                                  e.source().begin.line, e.source().begin.column, e.description()));
  }
  Config config;
  config.source = source;
  read_sections(root, source.string(), config);
  resolve_defaults(config, env);
  return config;
}

Config load_config(const std::filesystem::path& path, const ConfigEnvironment& env) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ConfigError(fmt::format("config {}: cannot read: is a directory", path.string()));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw ConfigError(
        fmt::format("config {}: cannot read: {}", path.string(), std::strerror(errno)));
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) {
    throw ConfigError(fmt::format("config {}: cannot read: I/O error", path.string()));
  }
  return parse_config(text.str(), path, env);
}

std::optional<std::filesystem::path> choose_config_path(
    const std::optional<std::filesystem::path>& explicit_path) {
  if (explicit_path) return explicit_path;
  if (const char* env = std::getenv("CASEAUDIT_CONFIG"); env != nullptr && *env != '\0') {
    return std::filesystem::path(env);
  }
  std::error_code error;
  if (std::filesystem::exists(kDefaultConfigPath, error)) {
    return std::filesystem::path(kDefaultConfigPath);
  }
  return std::nullopt;
}

Config load_config_or_defaults(const std::optional<std::filesystem::path>& path,
                               const ConfigEnvironment& env) {
  if (path) return load_config(*path, env);
  return parse_config("", "", env);
}

}  // namespace caseaudit::daemon
