#include "daemon/config.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "daemon/config_print.h"
#include "daemon/redact.h"

namespace caseaudit::daemon {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSource = "/etc/caseaudit/caseaudit.toml";

ConfigEnvironment systemd_environment() {
  ConfigEnvironment env;
  env.state_directory = "/var/lib/caseaudit";
  return env;
}

Config parse(std::string_view text) { return parse_config(text, kSource, systemd_environment()); }

// The one-line message parse() fails with, and the field it names.
struct Failure {
  std::string message;
  std::string field;
};

Failure failure_of(std::string_view text) {
  try {
    parse(text);
  } catch (const ConfigError& error) {
    return {error.what(), error.field()};
  }
  ADD_FAILURE() << "no ConfigError for:\n" << text;
  return {};
}

TEST(ConfigDefaults, EmptyFileGivesEveryDefault) {
  Config config = parse("");
  EXPECT_EQ(config.source, kSource);
  EXPECT_EQ(config.database.url, "sqlite:/var/lib/caseaudit/caseaudit.db");
  EXPECT_EQ(config.database.pool_size, 4);
  EXPECT_EQ(config.http.address, "127.0.0.1");
  EXPECT_EQ(config.http.port, 8080);
  EXPECT_EQ(config.http.threads, 4);
  EXPECT_EQ(config.state.directory, "/var/lib/caseaudit");
  EXPECT_EQ(config.time.zone, "Europe/London");
  EXPECT_EQ(config.mail.transport, MailTransport::kSpool);
  EXPECT_EQ(config.mail.spool_directory, "/var/lib/caseaudit/spool");
  EXPECT_EQ(config.mail.smtp.tls, SmtpTls::kStartTls);
  EXPECT_EQ(config.mail.smtp.timeout_seconds, 30);
  EXPECT_EQ(config.log.level, LogLevel::kInfo);
}

TEST(ConfigDefaults, WithoutSystemdTheStateDirectoryIsRelativeToTheWorkingDirectory) {
  Config config = parse_config("", kSource, ConfigEnvironment{});
  std::filesystem::path expected = std::filesystem::current_path() / "state";
  EXPECT_EQ(config.state.directory, expected);
  EXPECT_EQ(config.database.url, "sqlite:" + (expected / "caseaudit.db").string());
}

TEST(ConfigDefaults, DatabaseAndSpoolFollowAConfiguredStateDirectory) {
  Config config = parse("[state]\ndirectory = \"/srv/audit\"\n");
  EXPECT_EQ(config.database.url, "sqlite:/srv/audit/caseaudit.db");
  EXPECT_EQ(config.mail.spool_directory, "/srv/audit/spool");
}

TEST(ConfigValues, EverySettingIsRead) {
  Config config = parse(R"(
[database]
url = "postgresql://caseaudit:pw@db.internal:5432/caseaudit"
pool_size = 8
[http]
address = "::1"
port = 9090
threads = 16
read_timeout_seconds = 20
write_timeout_seconds = 30
keep_alive_timeout_seconds = 2
[state]
directory = "/srv/state"
[time]
zone = "Europe/Dublin"
[mail]
transport = "smtp"
spool_directory = "/srv/spool"
from = "QA team <qa@council.gov.uk>"
[mail.smtp]
url = "smtps://mail.council.gov.uk:465"
username = "qa"
password = "hunter22"
tls = "implicit"
timeout_seconds = 10
[log]
level = "debug"
)");
  EXPECT_EQ(config.database.url, "postgresql://caseaudit:pw@db.internal:5432/caseaudit");
  EXPECT_EQ(config.database.pool_size, 8);
  EXPECT_EQ(config.http.address, "::1");
  EXPECT_EQ(config.http.port, 9090);
  EXPECT_EQ(config.http.threads, 16);
  EXPECT_EQ(config.http.read_timeout_seconds, 20);
  EXPECT_EQ(config.http.write_timeout_seconds, 30);
  EXPECT_EQ(config.http.keep_alive_timeout_seconds, 2);
  EXPECT_EQ(config.state.directory, "/srv/state");
  EXPECT_EQ(config.time.zone, "Europe/Dublin");
  EXPECT_EQ(config.mail.transport, MailTransport::kSmtp);
  EXPECT_EQ(config.mail.spool_directory, "/srv/spool");
  EXPECT_EQ(config.mail.from, "QA team <qa@council.gov.uk>");
  EXPECT_EQ(config.mail.smtp.url, "smtps://mail.council.gov.uk:465");
  EXPECT_EQ(config.mail.smtp.username, "qa");
  EXPECT_EQ(config.mail.smtp.password, "hunter22");
  EXPECT_EQ(config.mail.smtp.tls, SmtpTls::kImplicit);
  EXPECT_EQ(config.mail.smtp.timeout_seconds, 10);
  EXPECT_EQ(config.log.level, LogLevel::kDebug);
}

TEST(ConfigValues, PortZeroMeansAnyFreePort) {
  EXPECT_EQ(parse("[http]\nport = 0\n").http.port, 0);
}

TEST(ConfigErrors, PortOutOfRange) {
  Failure failure = failure_of("[http]\nport = 70000\n");
  EXPECT_EQ(failure.message,
            "config /etc/caseaudit/caseaudit.toml: http.port: 70000 is not a port "
            "(1-65535, or 0 for any free port)");
  EXPECT_EQ(failure.field, "http.port");
  EXPECT_THAT(failure_of("[http]\nport = -1\n").message, HasSubstr("http.port: -1 is not a port"));
}

TEST(ConfigErrors, UnknownKeyIsNamedWithTheKnownOnes) {
  Failure failure = failure_of("[http]\nprot = 8080\n");
  EXPECT_THAT(failure.message, AllOf(HasSubstr("config /etc/caseaudit/caseaudit.toml: http.prot: "
                                               "unknown setting"),
                                     HasSubstr("port")));
  EXPECT_EQ(failure.field, "http.prot");
  EXPECT_THAT(failure_of("[mail.smtp]\npasword = \"x\"\n").message,
              HasSubstr("mail.smtp.pasword: unknown setting"));
}

TEST(ConfigErrors, UnknownSection) {
  Failure failure = failure_of("[htp]\nport = 8080\n");
  EXPECT_THAT(failure.message,
              AllOf(HasSubstr("config /etc/caseaudit/caseaudit.toml: htp: unknown section"),
                    HasSubstr("database, http")));
  EXPECT_EQ(failure.field, "htp");
  EXPECT_THAT(failure_of("port = 8080\n").message,
              HasSubstr("port: unknown setting outside a section"));
}

TEST(ConfigErrors, WrongTypeNamesValueAndExpectedType) {
  Failure failure = failure_of("[http]\nport = \"8080\"\n");
  EXPECT_EQ(
      failure.message,
      "config /etc/caseaudit/caseaudit.toml: http.port: \"8080\" is a string, expected an integer");
  EXPECT_THAT(failure_of("[log]\nlevel = 3\n").message,
              HasSubstr("log.level: 3 is an integer, expected a string"));
  EXPECT_THAT(failure_of("http = 1\n").message,
              HasSubstr("http: 1 is an integer, expected a table"));
}

TEST(ConfigErrors, WrongTypeOfASecretDoesNotShowIt) {
  Failure failure = failure_of("[mail.smtp]\npassword = 12345678\n");
  EXPECT_THAT(failure.message, AllOf(HasSubstr("mail.smtp.password"), Not(HasSubstr("12345678"))));
}

TEST(ConfigErrors, BadLogLevel) {
  EXPECT_EQ(
      failure_of("[log]\nlevel = \"verbose\"\n").message,
      "config /etc/caseaudit/caseaudit.toml: log.level: \"verbose\" is not one of trace, debug, "
      "info, warn, error, critical");
}

TEST(ConfigValues, AuditDomainsDefaultToHerefordshiresSevenAndAreConfigurable) {
  EXPECT_EQ(parse("").audit.domains, default_audit_domains());
  EXPECT_EQ(default_audit_domains().size(), 7u);
  EXPECT_EQ(parse("[audit]\ndomains = [\"Voice of the child\", \"Plans\"]\n").audit.domains,
            (std::vector<std::string>{"Voice of the child", "Plans"}));
}

TEST(ConfigErrors, AuditDomainsAreUniqueWithoutCaseAndNotEmpty) {
  Failure twice = failure_of("[audit]\ndomains = [\"Plans\", \"plans\"]\n");
  EXPECT_EQ(twice.field, "audit.domains");
  EXPECT_THAT(twice.message, ::testing::HasSubstr(
                                 "\"plans\" is listed twice (domain names compare without case)"));
  EXPECT_EQ(failure_of("[audit]\ndomains = []\n").field, "audit.domains");
  EXPECT_EQ(failure_of("[audit]\ndomains = [\"\"]\n").field, "audit.domains");
  // The store joins a listing's grades with U+001F: no control character in a name.
  EXPECT_EQ(failure_of("[audit]\ndomains = [\"Plans\\u001F\"]\n").field, "audit.domains");
}

TEST(ConfigErrors, UnknownTimeZone) {
  Failure failure = failure_of("[time]\nzone = \"Mars/Olympus_Mons\"\n");
  EXPECT_EQ(failure.message,
            "config /etc/caseaudit/caseaudit.toml: time.zone: \"Mars/Olympus_Mons\" is not a known "
            "time zone (e.g. Europe/London)");
  EXPECT_EQ(failure.field, "time.zone");
}

TEST(ConfigErrors, BadMailTransportAndTls) {
  EXPECT_THAT(failure_of("[mail]\ntransport = \"pigeon\"\n").message,
              HasSubstr("mail.transport: \"pigeon\" is not one of spool, smtp"));
  EXPECT_THAT(failure_of("[mail.smtp]\ntls = \"ssl\"\n").message,
              HasSubstr("mail.smtp.tls: \"ssl\" is not one of starttls, implicit"));
}

TEST(ConfigErrors, SmtpTransportNeedsAnSmtpUrl) {
  EXPECT_THAT(failure_of("[mail]\ntransport = \"smtp\"\n").message,
              HasSubstr("mail.transport: \"smtp\" needs mail.smtp.url"));
  Failure failure = failure_of("[mail.smtp]\nurl = \"http://u:topsecret@mail:25\"\n");
  EXPECT_THAT(failure.message, AllOf(HasSubstr("mail.smtp.url: \"http://u:********@mail:25\" is "
                                               "not an SMTP URL"),
                                     Not(HasSubstr("topsecret"))));
}

TEST(ConfigErrors, FromWithALineBreakIsRejected) {
  EXPECT_THAT(failure_of("[mail]\nfrom = \"a@b\\nBcc: x@y\"\n").message,
              HasSubstr("mail.from: \"a@b\\nBcc: x@y\" is not an email address"));
}

TEST(ConfigErrors, BadDatabaseUrlNeverShowsThePassword) {
  Failure failure = failure_of("[database]\nurl = \"mysql://root:hunter2@db/x\"\n");
  EXPECT_THAT(failure.message,
              AllOf(HasSubstr("config /etc/caseaudit/caseaudit.toml: database.url:"),
                    Not(HasSubstr("hunter2"))));
  EXPECT_EQ(failure.field, "database.url");
}

TEST(ConfigErrors, OutOfRangeCounts) {
  EXPECT_THAT(failure_of("[database]\npool_size = 0\n").message,
              HasSubstr("database.pool_size: 0 is not a pool size (1-64)"));
  EXPECT_THAT(failure_of("[http]\nthreads = 1000\n").message,
              HasSubstr("http.threads: 1000 is not a thread count (1-256)"));
  EXPECT_THAT(failure_of("[http]\naddress = \"localhost:80\"\n").message,
              HasSubstr("http.address: \"localhost:80\" is not an IP address"));
}

TEST(ConfigErrors, SyntaxErrorNamesFileLineAndColumn) {
  Failure failure = failure_of("[http]\nport = 8080\naddress = \"127.0.0.1\n");
  EXPECT_THAT(failure.message, HasSubstr("config /etc/caseaudit/caseaudit.toml: line 3, column "));
}

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/caseaudit-config-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    directory_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path directory_;
};

TEST_F(ConfigFileTest, MissingFileIsNamed) {
  std::filesystem::path missing = directory_ / "absent.toml";
  try {
    load_config(missing, ConfigEnvironment{});
    FAIL() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              "config " + missing.string() + ": cannot read: No such file or directory");
  }
}

TEST_F(ConfigFileTest, DirectoryIsNotAFile) {
  EXPECT_THROW(
      {
        try {
          load_config(directory_, ConfigEnvironment{});
        } catch (const ConfigError& error) {
          EXPECT_THAT(error.what(), HasSubstr("cannot read: is a directory"));
          throw;
        }
      },
      ConfigError);
}

TEST_F(ConfigFileTest, FileIsRead) {
  std::filesystem::path file = directory_ / "caseaudit.toml";
  std::ofstream(file) << "[http]\nport = 9999\n";
  Config config = load_config(file, ConfigEnvironment{});
  EXPECT_EQ(config.http.port, 9999);
  EXPECT_EQ(config.source, file);
}

TEST(ConfigPrint, RedactsEverySecret) {
  Config config = parse(R"(
[database]
url = "postgresql://caseaudit:db-pass-1@db.internal:5432/caseaudit"
[mail.smtp]
url = "smtp://relay:smtp-pass-2@mail.internal:587"
password = "smtp-pass-3"
)");
  std::string text = render_config(config);
  EXPECT_THAT(text, Not(HasSubstr("db-pass-1")));
  EXPECT_THAT(text, Not(HasSubstr("smtp-pass-2")));
  EXPECT_THAT(text, Not(HasSubstr("smtp-pass-3")));
  EXPECT_THAT(text,
              HasSubstr("url = \"postgresql://caseaudit:********@db.internal:5432/caseaudit\""));
  EXPECT_THAT(text, HasSubstr("password = \"********\""));
}

TEST(ConfigPrint, OutputReadsBackToTheSameConfiguration) {
  Config original = parse(R"(
[http]
port = 0
address = "::"
[time]
zone = "America/New_York"
[mail]
from = "Quality \"Assurance\" <qa@council.gov.uk>"
[log]
level = "warn"
)");
  Config reread = parse(render_config(original));
  EXPECT_EQ(reread, original);
}

// database.password_file: the secret from systemd's credentials directory,
// so the config can be world-readable.
class DatabasePasswordFile : public ::testing::Test {
 protected:
  void SetUp() override {
    credentials_ = std::filesystem::temp_directory_path() /
                   ("caseaudit-credentials-" + std::to_string(::getpid()));
    std::filesystem::create_directories(credentials_);
    std::ofstream(credentials_ / "database-password") << "s3cret pass\n";
  }
  void TearDown() override { std::filesystem::remove_all(credentials_); }

  Config parse_with_credentials(std::string_view text) {
    ConfigEnvironment env = systemd_environment();
    env.credentials_directory = credentials_;
    return parse_config(text, kSource, env);
  }
  std::string failure_with_credentials(std::string_view text) {
    try {
      parse_with_credentials(text);
    } catch (const ConfigError& error) {
      EXPECT_EQ(error.field(), "database.password_file");
      return error.what();
    }
    ADD_FAILURE() << "no ConfigError for:\n" << text;
    return {};
  }

  std::filesystem::path credentials_;
};

constexpr std::string_view kPostgresWithFile =
    "[database]\nurl = \"postgresql://caseaudit@db.internal/caseaudit\"\n"
    "password_file = \"database-password\"\n";

TEST_F(DatabasePasswordFile, ARelativeNameIsReadFromTheCredentialsDirectory) {
  const Config config = parse_with_credentials(kPostgresWithFile);
  EXPECT_EQ(config.database.password_file, "database-password");
  EXPECT_EQ(config.database.password, "s3cret pass");
  EXPECT_THAT(secrets_of(config), ::testing::Contains("s3cret pass"));
  EXPECT_THAT(render_config(config), Not(HasSubstr("s3cret")));
}

TEST_F(DatabasePasswordFile, AnAbsolutePathIsReadAsItIs) {
  const Config config = parse(
      "[database]\nurl = \"postgresql://caseaudit@db.internal/caseaudit\"\n"
      "password_file = \"" +
      (credentials_ / "database-password").string() + "\"\n");
  EXPECT_EQ(config.database.password, "s3cret pass");
}

TEST_F(DatabasePasswordFile, IsRefusedBesideAPasswordInTheUrlNamingBoth) {
  EXPECT_EQ(failure_with_credentials(
                "[database]\nurl = \"postgresql://caseaudit:other@db.internal/caseaudit\"\n"
                "password_file = \"database-password\"\n"),
            std::string("config ") + kSource +
                ": database.password_file: set together with a password in database.url; keep "
                "one of the two (the file)");
  const std::string in_query = failure_with_credentials(
      "[database]\nurl = \"postgresql://db.internal/caseaudit?password=other\"\n"
      "password_file = \"database-password\"\n");
  EXPECT_THAT(in_query, HasSubstr("a password in database.url"));
  EXPECT_THAT(in_query, Not(HasSubstr("other")));
}

TEST_F(DatabasePasswordFile, IsRefusedForSqlite) {
  EXPECT_THAT(failure_with_credentials("[database]\npassword_file = \"database-password\"\n"),
              HasSubstr("database.password_file: only for a PostgreSQL database.url"));
}

TEST_F(DatabasePasswordFile, OutsideTheUnitARelativeNameIsReadBesideTheConfig) {
  // Root running a one-shot command: the file LoadCredential= would copy.
  const std::filesystem::path config = credentials_ / "caseaudit.toml";
  std::ofstream(config) << kPostgresWithFile;
  EXPECT_EQ(load_config(config, systemd_environment()).database.password, "s3cret pass");

  try {
    parse_config(kPostgresWithFile, "", systemd_environment());
    FAIL() << "no error without a place to look";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.field(), "database.password_file");
    EXPECT_THAT(error.what(), HasSubstr("database.password_file: \"database-password\" is a "
                                        "relative name, and neither $CREDENTIALS_DIRECTORY"));
  }
}

TEST_F(DatabasePasswordFile, AMissingOrEmptyFileIsNamed) {
  std::filesystem::remove(credentials_ / "database-password");
  EXPECT_THAT(failure_with_credentials(kPostgresWithFile),
              HasSubstr((credentials_ / "database-password").string() +
                        ": cannot read: No such file or directory"));
  std::ofstream(credentials_ / "database-password") << "\n";  // the unit's SetCredential= default
  EXPECT_THAT(failure_with_credentials(kPostgresWithFile),
              HasSubstr(": the first line is empty (under systemd: is the LoadCredential= "
                        "source file in /etc/caseaudit missing?)"));
}

// ---- Issue 13: SMTP settings that mean what they say ----

TEST(SmtpSettings, TlsNoneIsAcceptedForALoopbackRelayOnly) {
  for (const char* url : {"smtp://127.0.0.1:25", "smtp://localhost:2525", "smtp://[::1]:25"}) {
    Config config = parse(fmt::format("[mail.smtp]\nurl = \"{}\"\ntls = \"none\"\n", url));
    EXPECT_EQ(config.mail.smtp.tls, SmtpTls::kNone) << url;
  }
  Failure remote =
      failure_of("[mail.smtp]\nurl = \"smtp://relay.council.gov.uk:25\"\ntls = \"none\"\n");
  EXPECT_EQ(remote.field, "mail.smtp.tls");
  EXPECT_THAT(remote.message, AllOf(HasSubstr("mail.smtp.tls"), HasSubstr("loopback"),
                                    HasSubstr("relay.council.gov.uk")));
}

TEST(SmtpSettings, TlsIsNeverNoneUnlessWrittenAndOtherwiseFollowsTheUrl) {
  EXPECT_EQ(parse("[mail.smtp]\nurl = \"smtp://127.0.0.1:25\"\n").mail.smtp.tls,
            SmtpTls::kStartTls);
  EXPECT_EQ(parse("[mail.smtp]\nurl = \"smtps://mail.council.gov.uk:465\"\n").mail.smtp.tls,
            SmtpTls::kImplicit);
  Failure implicit = failure_of("[mail.smtp]\nurl = \"smtp://mail:587\"\ntls = \"implicit\"\n");
  EXPECT_EQ(implicit.field, "mail.smtp.tls");
  EXPECT_THAT(implicit.message, HasSubstr("needs an smtps:// url"));
  Failure starttls = failure_of("[mail.smtp]\nurl = \"smtps://mail:465\"\ntls = \"starttls\"\n");
  EXPECT_EQ(starttls.field, "mail.smtp.tls");
  EXPECT_THAT(starttls.message, HasSubstr("needs an smtp:// url"));
}

TEST(SmtpSettings, CaFileIsAKey) {
  Config config =
      parse("[mail.smtp]\nurl = \"smtp://mail:587\"\nca_file = \"/etc/caseaudit/ca.pem\"\n");
  EXPECT_EQ(config.mail.smtp.ca_file, "/etc/caseaudit/ca.pem");
  EXPECT_THAT(render_config(config), HasSubstr("ca_file = \"/etc/caseaudit/ca.pem\""));
  Failure none = failure_of(
      "[mail.smtp]\nurl = \"smtp://127.0.0.1:25\"\ntls = \"none\"\nca_file = \"/x.pem\"\n");
  EXPECT_EQ(none.field, "mail.smtp.ca_file");
}

class PasswordFile : public ::testing::Test {
 protected:
  PasswordFile() {
    dir_ = std::filesystem::temp_directory_path() /
           ("caseaudit-credentials-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "smtp-password") << "relay-Secret-9\n";
  }
  ~PasswordFile() override { std::filesystem::remove_all(dir_); }
  ConfigEnvironment with_credentials() const {
    ConfigEnvironment env = systemd_environment();
    env.credentials_directory = dir_;
    return env;
  }
  std::filesystem::path dir_;
};

TEST_F(PasswordFile, ARelativePathIsReadFromTheCredentialsDirectory) {
  Config config =
      parse_config("[mail.smtp]\npassword_file = \"smtp-password\"\n", kSource, with_credentials());
  EXPECT_EQ(config.mail.smtp.password, "relay-Secret-9") << "the line break is dropped";
  EXPECT_EQ(config.mail.smtp.password_file, dir_ / "smtp-password");
  const std::string printed = render_config(config);
  EXPECT_THAT(printed, Not(HasSubstr("relay-Secret-9")));
  EXPECT_THAT(printed, HasSubstr("password_file = \"" + (dir_ / "smtp-password").string() + "\""));
  EXPECT_EQ(parse_config(printed, kSource, with_credentials()), config)
      << "check-config's output reads back";
  EXPECT_THAT(secrets_of(config), ::testing::Contains("relay-Secret-9"));
}

TEST_F(PasswordFile, AnAbsolutePathNeedsNoCredentialsDirectory) {
  Config config = parse(
      fmt::format("[mail.smtp]\npassword_file = \"{}\"\n", (dir_ / "smtp-password").string()));
  EXPECT_EQ(config.mail.smtp.password, "relay-Secret-9");
}

TEST_F(PasswordFile, ARelativePathWithoutCredentialsDirectoryIsRefused) {
  Failure failure = failure_of("[mail.smtp]\npassword_file = \"smtp-password\"\n");
  EXPECT_EQ(failure.field, "mail.smtp.password_file");
  EXPECT_THAT(failure.message, HasSubstr("$CREDENTIALS_DIRECTORY"));
}

TEST_F(PasswordFile, AMissingFileIsRefusedNamingIt) {
  try {
    parse_config("[mail.smtp]\npassword_file = \"absent\"\n", kSource, with_credentials());
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.field(), "mail.smtp.password_file");
    EXPECT_THAT(error.what(),
                AllOf(HasSubstr((dir_ / "absent").string()), HasSubstr("cannot read")));
  }
}

TEST_F(PasswordFile, PasswordAndPasswordFileTogetherAreRefusedNamingBoth) {
  try {
    parse_config("[mail.smtp]\npassword = \"x\"\npassword_file = \"smtp-password\"\n", kSource,
                 with_credentials());
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.what(),
                AllOf(HasSubstr("mail.smtp.password "), HasSubstr("mail.smtp.password_file")));
  }
}

TEST(ConfigReports, TargetsAreWholePercentagesReadAsFractions) {
  const Config config = parse(
      "[reports]\ncompleted_baseline = 30\ngood_or_better_percent = 60\n"
      "inadequate_at_most_percent = 5\namber_margin_points = 4\nyear_start_month = 1\n"
      "snapshot_domains = [\"Supervision\"]\n"
      "snapshot_recipients = [\"director\", \"Board <board@council.example>\"]\n");
  const ReportTargets& t = config.reports.targets;
  EXPECT_EQ(t.completed_baseline, 30);
  EXPECT_DOUBLE_EQ(t.good_or_better, 0.60);
  EXPECT_DOUBLE_EQ(t.inadequate_at_most, 0.05);
  EXPECT_DOUBLE_EQ(t.amber_margin, 0.04);
  EXPECT_DOUBLE_EQ(t.completion_rate, 0.90);  // the default stays
  EXPECT_EQ(t.year_start_month, 1);
  EXPECT_EQ(t.snapshot_domains, std::vector<std::string>{"Supervision"});
  EXPECT_EQ(config.reports.snapshot_recipients,
            (std::vector<std::string>{"director", "Board <board@council.example>"}));
}

TEST(ConfigReports, RefusalsNameTheKey) {
  EXPECT_EQ(failure_of("[reports]\ngood_or_better_percent = 101\n").field,
            "reports.good_or_better_percent");
  EXPECT_EQ(failure_of("[reports]\nyear_start_month = 13\n").field, "reports.year_start_month");
  const Failure domain = failure_of("[reports]\nsnapshot_domains = [\"supervision\"]\n");
  EXPECT_EQ(domain.field, "reports.snapshot_domains");
  EXPECT_THAT(domain.message, HasSubstr("spelt as there"));
  EXPECT_EQ(failure_of("[reports]\nsnapshot_recipients = [\"everyone\"]\n").field,
            "reports.snapshot_recipients");
}

}  // namespace
}  // namespace caseaudit::daemon
