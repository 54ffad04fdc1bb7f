// Config: every setting of caseaudit, read from one TOML file.
//
// Every setting has a default, so an empty (or absent) file is a working
// configuration for the demo. Defaults that depend on the environment (the
// state directory, and the database and spool paths inside it) are resolved
// by load_config() from a ConfigEnvironment, so tests control them.
//
// The member initialisers below are the defaults. Every setting is declared
// once more, in the settings table (daemon/config_settings.h), which reads,
// validates, prints and documents it; adding one is a field here and an
// entry there.
//
// All types are plain values; thread-compatible.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/audit_domains.h"
#include "scheduler/calendar.h"
#include "scheduler/errors.h"
#include "scheduler/reminders/policy.h"
#include "scheduler/reporting/report_targets.h"

namespace caseaudit::daemon {

// A bad configuration. The message is one line of the form
// "config FILE: KEY: VALUE is not ..." or "config FILE: line L, column C: ...";
// field() is the dotted key ("http.port"), empty for syntax errors.
class ConfigError : public InputError {
 public:
  using InputError::InputError;
};

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kCritical };
std::string_view to_string(LogLevel level);

enum class MailTransport { kSpool, kSmtp };
std::string_view to_string(MailTransport transport);

// kNone: no TLS at all; allowed only for a relay on loopback, set explicitly.
enum class SmtpTls { kStartTls, kImplicit, kNone };
std::string_view to_string(SmtpTls tls);

// [allocation] mode: "commit" (the daemon commits at the commit instant) or
// "approve" (it emails a preview to the QA team; a coordinator commits).
enum class AllocationMode { kCommit, kApprove };
std::string_view to_string(AllocationMode mode);

struct DatabaseConfig {
  std::string url;  // default "sqlite:<state>/caseaudit.db"; may hold a password
  int pool_size = 4;
  // A file holding the PostgreSQL password (one line). Relative: relative to
  // systemd's $CREDENTIALS_DIRECTORY (LoadCredential=). Not together with a
  // password in url.
  std::filesystem::path password_file;
  // Read from password_file by load_config; secret, empty without the file.
  std::string password;

  friend bool operator==(const DatabaseConfig&, const DatabaseConfig&) = default;
};

struct HttpConfig {
  std::string address = "127.0.0.1";  // an IP literal; "::" or "0.0.0.0" for all
  int port = 8080;                    // 0: any free port (the log says which)
  int threads = 4;                    // request handler threads
  // A stop waits at most about max(read, keep-alive) timeouts for a client
  // that is sending slowly or idling on a kept-alive connection.
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 2;
  // HTTPS (TLS 1.2 or later) when both are set: PEM files, read at start-up.
  std::string tls_certificate;
  std::string tls_key;
  // Reverse proxies (IP literals) whose X-Forwarded-For names the client:
  // the access log and the failure throttle then see the client, not them.
  std::vector<std::string> trusted_proxies;
  // The base of links in emails (sign-in links): "https://caseaudit.example.org".
  // Empty: "http(s)://ADDRESS:PORT" from the settings above (public_url_of()).
  std::string public_url;

  friend bool operator==(const HttpConfig&, const HttpConfig&) = default;
};

// http.public_url, or when empty the daemon's own address: "http://127.0.0.1:8080".
std::string public_url_of(const HttpConfig& http);

// [sign_in]: sign-in for people (daemon/web/sign_in_pages.h).
struct SignInConfig {
  int link_minutes = 15;            // an emailed link works once, this long
  int session_idle_minutes = 120;   // a session unused this long ends
  int session_lifetime_hours = 10;  // and ends this long after sign-in anyway
  int requests_per_address_per_hour = 5;
  int requests_per_peer_per_hour = 20;
  friend bool operator==(const SignInConfig&, const SignInConfig&) = default;
};

// [self_service]: the links in emails to act on one item
// (daemon/service/action_links.h, daemon/web/action_pages.h).
struct SelfServiceConfig {
  int grace_days = 14;  // a link works this long after its item's deadline
  friend bool operator==(const SelfServiceConfig&, const SelfServiceConfig&) = default;
};

struct StateConfig {
  std::filesystem::path directory;  // default $STATE_DIRECTORY, else ./state

  friend bool operator==(const StateConfig&, const StateConfig&) = default;
};

struct TimeConfig {
  std::string zone = "Europe/London";  // an IANA zone, checked to exist

  friend bool operator==(const TimeConfig&, const TimeConfig&) = default;
};

struct SmtpConfig {
  std::string url;  // "smtp://host:port" or "smtps://host:port"
  std::string username;
  // Secret: from the file when password_file is set (its last line break
  // dropped), else as written.
  std::string password;
  // Where the password is read from at load; made absolute (a relative
  // path is relative to $CREDENTIALS_DIRECTORY). Never together with password.
  std::filesystem::path password_file;
  // When not written: implicit for an smtps:// url, else starttls.
  SmtpTls tls = SmtpTls::kStartTls;
  std::filesystem::path ca_file;  // PEM bundle to verify the relay; empty: system store
  int timeout_seconds = 30;

  friend bool operator==(const SmtpConfig&, const SmtpConfig&) = default;
};

struct MailConfig {
  MailTransport transport = MailTransport::kSpool;
  std::filesystem::path spool_directory;  // default <state>/spool
  std::string from = "caseaudit@localhost";
  std::string reply_to;  // empty: replies go to `from`
  SmtpConfig smtp;

  friend bool operator==(const MailConfig&, const MailConfig&) = default;
};

struct LogConfig {
  LogLevel level = LogLevel::kInfo;

  friend bool operator==(const LogConfig&, const LogConfig&) = default;
};

// [audit]: what an audit grades.
struct AuditConfig {
  // The domains a submission may grade, matched without case and stored in
  // this spelling; at least one, no two the same without case.
  std::vector<std::string> domains = default_audit_domains();

  friend bool operator==(const AuditConfig&, const AuditConfig&) = default;
};

// [allocation]: the monthly allocation policy (scheduler/allocation/policy.h)
// and when the daemon commits it. Mapped to a Policy by allocation_policy().
struct AllocationConfig {
  int default_quota = 1;
  int team_target = 2;
  int recency_window_months = 12;
  int auditor_team_repeat_months = 6;
  // Role name -> "exclude_own" | "allow_own" | "own_caseload"; roles not
  // listed exclude their own teams.
  std::map<std::string, std::string> own_team{{"iro_cp_chair", "own_caseload"}};
  int commit_working_day = 1;  // commit_day: "first_working_day" (1) .. "third_working_day" (3)
  int commit_hour = 7;         // commit_time "HH:MM", local time in [time] zone
  int commit_minute = 0;
  AllocationMode mode = AllocationMode::kCommit;
  // Approve mode: the preview goes out this many working days before the
  // commit day (1-15), at commit_time, to qa_team_email ("Name <a@b>" or
  // "a@b"; required in approve mode).
  int preview_working_days_before = 3;
  std::string qa_team_email;
  // Whether a month is run looped (every child audited by two auditors) when
  // the coordinator has not set it for that month before its commit.
  bool looped_default = false;

  friend bool operator==(const AllocationConfig&, const AllocationConfig&) = default;
};

// [pairing]: when auditor-moderator pairings rotate.
struct PairingConfig {
  std::vector<int> period_months{2, 8};
  int avoid_periods = 2;

  friend bool operator==(const PairingConfig&, const PairingConfig&) = default;
};

// [notifier]: how reminders are worded and when they may be sent.
struct NotifierConfig {
  struct TimeOfDay {
    int hour = 0;
    int minute = 0;
    friend bool operator==(const TimeOfDay&, const TimeOfDay&) = default;
  };
  std::filesystem::path templates;  // override folder; empty = built-in templates only
  std::string signature = "Quality Assurance team";
  TimeOfDay send_window_open{8, 0};  // working days, local time in [time] zone
  TimeOfDay send_window_close{18, 0};
  // Default: the published England & Wales bank holidays (scheduler/calendar.h).
  std::vector<Date> bank_holidays = Calendar::england_and_wales_bank_holidays();
  int reminder_interval_seconds = 60;  // how often the daemon runs the reminder rules
  int delivery_interval_seconds = 15;  // how often it sends from the outbox
  int digest_max_lines = 25;           // lines in a daily digest before "and N more"

  friend bool operator==(const NotifierConfig&, const NotifierConfig&) = default;
};

// [reports]: the targets and RAG thresholds of the leaders' reports (shares
// as whole percentages in the file, fractions here) and who receives the
// monthly performance snapshot. The stretch target per team is
// [allocation] team_target.
struct ReportsConfig {
  ReportTargets targets;
  // Role names (director, head_of_service, service_manager) meaning everyone
  // in that role, or mailboxes.
  std::vector<std::string> snapshot_recipients{"director", "head_of_service"};

  friend bool operator==(const ReportsConfig&, const ReportsConfig&) = default;
};

struct Config {
  // The file it was read from; empty when built from defaults alone.
  std::filesystem::path source;

  DatabaseConfig database;
  HttpConfig http;
  SignInConfig sign_in;
  SelfServiceConfig self_service;
  StateConfig state;
  TimeConfig time;
  MailConfig mail;
  LogConfig log;
  AuditConfig audit;
  AllocationConfig allocation;
  PairingConfig pairing;
  NotifierConfig notifier;
  ReminderPolicy reminders;  // [reminders]: thresholds, see scheduler/reminders/policy.h
  ReportsConfig reports;

  friend bool operator==(const Config&, const Config&) = default;
};

// What the defaults depend on, taken from the process environment by
// from_process(); tests build their own.
struct ConfigEnvironment {
  // systemd's $STATE_DIRECTORY (its first entry when colon-separated).
  std::optional<std::filesystem::path> state_directory;
  // systemd's $CREDENTIALS_DIRECTORY (LoadCredential=): where relative
  // database.password_file and mail.smtp.password_file paths are.
  std::optional<std::filesystem::path> credentials_directory;

  static ConfigEnvironment from_process();
};

// Reads and validates `path`. Throws ConfigError when the file cannot be read,
// is not TOML, has an unknown section or key, or a value of the wrong type or
// out of range.
Config load_config(const std::filesystem::path& path, const ConfigEnvironment& env);

// As load_config, from text already in memory; `source` names it in errors.
Config parse_config(std::string_view text, const std::filesystem::path& source,
                    const ConfigEnvironment& env);

// The configuration file to use: `explicit_path` when given, else
// $CASEAUDIT_CONFIG when set, else /etc/caseaudit/caseaudit.toml when it exists, else
// none (every setting defaulted).
std::optional<std::filesystem::path> choose_config_path(
    const std::optional<std::filesystem::path>& explicit_path);

// Reads `path` when given, else returns the defaults.
Config load_config_or_defaults(const std::optional<std::filesystem::path>& path,
                               const ConfigEnvironment& env);

}  // namespace caseaudit::daemon
