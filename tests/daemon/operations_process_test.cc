// Operations, tested on the real binary (issue 13): the packaged unit and an
// unprivileged start from the installed layout, the network drop-in,
// backup and restore, one serve per SQLite file, and two serves on one
// PostgreSQL over a simulated month.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <pwd.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>

#include "db/database.h"
#include "tests/daemon/child_process.h"
#include "tests/daemon/query_value.h"

namespace caseaudit::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

const std::filesystem::path kSource = CASEAUDIT_SOURCE_DIR;

std::string last_line(const std::string& text) {
  std::string trimmed = text.substr(0, text.find_last_not_of('\n') + 1);
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

bool wait_listening(const ChildProcess& child) { return wait_for_listening_port(child, 60s) > 0; }

class OperationsTest : public ::testing::Test {
 protected:
  std::filesystem::path config_path() const { return temp_.path() / "caseaudit.toml"; }
  void write_config(const std::string& body) { std::ofstream(config_path()) << body; }
  std::string sqlite_config(const std::filesystem::path& state) const {
    return "[http]\nport = 0\n[state]\ndirectory = \"" + state.string() + "\"\n";
  }

  std::unique_ptr<ChildProcess> start(std::vector<std::string> args,
                                      std::map<std::string, std::string> env = {},
                                      const std::filesystem::path& config = {}) {
    args.insert(args.begin(), {"--config", (config.empty() ? config_path() : config).string()});
    return std::make_unique<ChildProcess>(caseaudit_binary(), args, env, temp_.path());
  }
  Result run(std::vector<std::string> args, const std::filesystem::path& config = {}) {
    auto child = start(std::move(args), {}, config);
    return finish(*child, 120s);
  }

  TempDirectory temp_;
};

// ---- the packaged unit ------------------------------------------------------

// The packaged unit with ExecStart= naming the binary under test (verify
// checks that it exists and is executable).
std::filesystem::path unit_under_test(const std::filesystem::path& directory,
                                      const std::string& extra = "") {
  std::string unit = read_text(kSource / "systemd/caseaudit.service");
  const std::string installed = "/usr/local/bin/caseaudit";
  for (std::size_t at; (at = unit.find(installed)) != std::string::npos;) {
    unit.replace(at, installed.size(), caseaudit_binary().string());
  }
  const std::size_t install = unit.find("\n[Install]");
  unit.insert(install, "\n" + extra);
  const std::filesystem::path path = directory / "caseaudit.service";
  std::ofstream(path) << unit;
  return path;
}

Result run_tool(const std::string& program, const std::vector<std::string>& args,
                const std::filesystem::path& output) {
  ChildProcess child(program, args, {}, output);
  return finish(child, 60s);
}

TEST_F(OperationsTest, ThePackagedUnitVerifiesCleanWithExposureAtMostOnePointFive) {
  const std::filesystem::path unit = unit_under_test(temp_.path());
  const Result verify =
      run_tool("/usr/bin/systemd-analyze", {"verify", unit.string()}, temp_.path());
  EXPECT_EQ(verify.status, 0) << verify.err;
  EXPECT_EQ(verify.err, "");
  const Result security = run_tool("/usr/bin/systemd-analyze",
                                   {"security", "--offline=yes", unit.string()}, temp_.path());
  ASSERT_EQ(security.status, 0) << security.err;
  static const std::regex kScore(R"(Overall exposure level for caseaudit\.service: ([0-9.]+))");
  std::smatch score;
  ASSERT_TRUE(std::regex_search(security.out, score, kScore)) << security.out;
  EXPECT_LE(std::stod(score[1]), 1.5) << security.out;
}

TEST_F(OperationsTest, ThePackagedUnitLetsTheServiceUserReadItsConfigAndCredentials) {
  const std::string unit = read_text(kSource / "systemd/caseaudit.service");
  // A dynamic user is in no group of /etc/caseaudit: world-readable, or nothing.
  EXPECT_THAT(unit, HasSubstr("\nConfigurationDirectoryMode=0755\n"));
  EXPECT_THAT(unit,
              HasSubstr("\nLoadCredential=database-password:/etc/caseaudit/database-password\n"
                        "SetCredential=database-password:\\n\n"));
  // The install commands of the README and docs/systemd.md make the config 0644.
  for (const char* doc : {"README.md", "docs/systemd.md", "docs/operations.md"}) {
    const std::string text = read_text(kSource / doc);
    EXPECT_THAT(text, HasSubstr("install -m 0644")) << doc;
    EXPECT_THAT(text, Not(HasSubstr("-m 0640"))) << doc;
    EXPECT_THAT(text, Not(HasSubstr("-m 0750"))) << doc;
  }
}

// ---- the network allow-list -------------------------------------------------

TEST_F(OperationsTest, UnitNetworkPrintsADropInThatVerifiesAndAllowsTheConfiguredHosts) {
  write_config(
      "[database]\nurl = \"postgresql://caseaudit:secret@192.0.2.10:5432/caseaudit\"\n"
      "[mail]\ntransport = \"smtp\"\n[mail.smtp]\nurl = \"smtp://198.51.100.7:587\"\n");
  const Result printed = run({"unit-network"});
  ASSERT_EQ(printed.status, 0) << printed.err;
  EXPECT_THAT(printed.out, HasSubstr("#   database.url: 192.0.2.10 -> 192.0.2.10\n"));
  EXPECT_THAT(printed.out, HasSubstr("#   mail.smtp.url: 198.51.100.7 -> 198.51.100.7\n"));
  EXPECT_THAT(printed.out,
              ::testing::EndsWith("[Service]\nIPAddressAllow=\n"
                                  "IPAddressAllow=localhost 192.0.2.10 198.51.100.7\n"));
  EXPECT_THAT(printed.out + printed.err, Not(HasSubstr("secret")));

  // Its [Service] lines appended to the unit: still clean, still safe.
  const std::string service_lines = printed.out.substr(printed.out.find("[Service]\n") + 10);
  const std::filesystem::path unit = unit_under_test(temp_.path(), service_lines);
  const Result verify =
      run_tool("/usr/bin/systemd-analyze", {"verify", unit.string()}, temp_.path());
  EXPECT_EQ(verify.status, 0) << verify.err;
  EXPECT_EQ(verify.err, "");
}

TEST_F(OperationsTest, UnitNetworkNamesAHostThatDoesNotResolve) {
  write_config("[database]\nurl = \"postgresql://caseaudit@db.invalid/caseaudit\"\n");
  const Result printed = run({"unit-network"});
  EXPECT_EQ(printed.status, 1);
  EXPECT_THAT(last_line(printed.err),
              HasSubstr("caseaudit: database.url: cannot resolve db.invalid"));
}

// ---- one serve per SQLite file ------------------------------------------------

TEST_F(OperationsTest, ASecondServeOnTheSameSqliteFileIsRefusedNamingFileAndHolder) {
  const std::filesystem::path state = temp_.path() / "state";
  write_config(sqlite_config(state));
  auto first = start({"serve"});
  ASSERT_TRUE(wait_listening(*first)) << first->stderr_text();

  auto second = start({"serve"});
  const Result refused = finish(*second, 60s);
  EXPECT_EQ(refused.status, 75);
  const std::string database = (state / "caseaudit.db").string();
  EXPECT_THAT(last_line(refused.err), HasSubstr("caseaudit: serve: database " + database +
                                                " is in use by another caseaudit (pid "));
  EXPECT_THAT(last_line(refused.err),
              HasSubstr("(serve), lock " + database + ".serve.lock); SQLite allows one serve"));
  EXPECT_THAT(refused.err, Not(HasSubstr("listening on")));

  // Once the first has stopped, a serve starts again.
  first->signal(SIGTERM);
  ASSERT_EQ(first->wait(30s), 0);
  auto third = start({"serve"});
  EXPECT_TRUE(wait_listening(*third)) << third->stderr_text();
}

// ---- backup and restore -----------------------------------------------------

TEST_F(OperationsTest, BackupWhileServingThenRestoreIntoAFreshDatabase) {
  const std::filesystem::path state = temp_.path() / "state";
  write_config(sqlite_config(state));
  ASSERT_EQ(run({"demo-data", "--month", "2027-01"}).status, 0);
  auto serving = start({"serve"});
  ASSERT_TRUE(wait_listening(*serving)) << serving->stderr_text();

  const std::filesystem::path backup = temp_.path() / "backup.db";
  const Result backed_up = run({"backup", "--to", backup.string()});
  ASSERT_EQ(backed_up.status, 0) << backed_up.err;
  EXPECT_THAT(backed_up.out, HasSubstr("backed up " + (state / "caseaudit.db").string() + " to " +
                                       backup.string()));
  EXPECT_EQ(run({"backup", "--to", backup.string()}).status, 2);  // never overwrites

  // Not into the database a serve is using.
  const Result busy = run({"restore", "--from", backup.string()});
  EXPECT_EQ(busy.status, 75);
  EXPECT_THAT(busy.err, HasSubstr("restore: database"));
  serving->signal(SIGTERM);
  ASSERT_EQ(serving->wait(30s), 0);

  const std::filesystem::path fresh_state = temp_.path() / "fresh";
  const std::filesystem::path fresh_config = temp_.path() / "fresh.toml";
  std::ofstream(fresh_config) << sqlite_config(fresh_state);
  std::filesystem::create_directories(fresh_state);
  const Result restored = run({"restore", "--from", backup.string()}, fresh_config);
  ASSERT_EQ(restored.status, 0) << restored.err;
  for (const char* table : {"staff", "teams", "children", "audits", "schema_migrations"}) {
    const std::string query = std::string("SELECT count(*) FROM ") + table;
    EXPECT_EQ(sqlite_value<long long>(fresh_state / "caseaudit.db", query),
              sqlite_value<long long>(state / "caseaudit.db", query))
        << table;
  }
  EXPECT_GT(sqlite_value<long long>(fresh_state / "caseaudit.db", "SELECT count(*) FROM staff"), 0);
  // A second restore would overwrite data: refused.
  const Result again = run({"restore", "--from", backup.string()}, fresh_config);
  EXPECT_EQ(again.status, 2);
  EXPECT_THAT(again.err, HasSubstr("is not empty"));
}

TEST_F(OperationsTest, BackupOnPostgresqlPointsToPgDump) {
  write_config("[database]\nurl = \"postgresql://caseaudit:secret@192.0.2.10/caseaudit\"\n");
  const Result result = run({"backup", "--to", (temp_.path() / "x").string()});
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err,
            "caseaudit: backup: database.url is PostgreSQL "
            "(postgresql://caseaudit@192.0.2.10/caseaudit): use pg_dump --format=custom --file "
            "FILE (docs/operations.md, \"Backup and restore\")\n");
}

// ---- PostgreSQL: a fresh schema per test ------------------------------------

// SOCI takes libpq's keyword=value form, not a URL.
std::string libpq(const std::string& url) {
  return db::DatabaseUrl::parse(url).soci_connect_string();
}

class PostgresqlOperationsTest : public OperationsTest {
 protected:
  void SetUp() override {
    const char* base = std::getenv("CASEAUDIT_TEST_PG_URL");
    ASSERT_TRUE(base != nullptr && *base != '\0')
        << "CASEAUDIT_TEST_PG_URL is not set: run under pg_virtualenv (see scripts/test); "
           "a skip would hide these tests";
    base_ = base;
    schema_ = "ops_" + std::to_string(::getpid()) + "_" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000);
    soci::session("postgresql", libpq(base_)) << "CREATE SCHEMA " + schema_;
    url_ = base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema_;
  }
  void TearDown() override {
    if (!schema_.empty()) {
      soci::session("postgresql", libpq(base_)) << "DROP SCHEMA " + schema_ + " CASCADE";
    }
  }
  long long count(const std::string& query) {
    return query_value<long long>("postgresql", libpq(url_), query);
  }

  std::string base_;
  std::string schema_;
  std::string url_;  // with the password
};

// The documented install, unprivileged: /etc/caseaudit 0755 and the config
// 0644 owned by root, the password only in a credential readable by the
// service user alone (as systemd's LoadCredential= leaves it), the state
// directory the service user's; the real binary run as `nobody`.
TEST_F(PostgresqlOperationsTest, StartsAsAnUnprivilegedUserFromTheInstalledLayout) {
  ASSERT_EQ(geteuid(), 0u) << "this test sets up files for `nobody` and needs root";
  const passwd* nobody = getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  const db::DatabaseUrl url = db::DatabaseUrl::parse(url_);
  ASSERT_FALSE(url.password.empty()) << "the test database needs a password to hand over";

  const std::filesystem::path root = temp_.path();
  std::filesystem::permissions(root, std::filesystem::perms(0755));
  const std::filesystem::path etc = root / "etc/caseaudit";
  const std::filesystem::path credentials = root / "credentials";
  const std::filesystem::path state = root / "state";
  std::filesystem::create_directories(etc);
  std::filesystem::permissions(root / "etc", std::filesystem::perms(0755));
  std::filesystem::permissions(etc, std::filesystem::perms(0755));
  const std::filesystem::path config = etc / "caseaudit.toml";
  std::ofstream(config) << "[database]\nurl = \"" << url.redacted() << "\"\n"
                        << "password_file = \"database-password\"\n[http]\nport = 0\n";
  std::filesystem::permissions(config, std::filesystem::perms(0644));
  std::filesystem::create_directories(credentials);
  std::ofstream(credentials / "database-password") << url.password << "\n";
  for (const auto& path : {credentials, credentials / "database-password", state}) {
    if (!std::filesystem::exists(path)) std::filesystem::create_directories(path);
    ASSERT_EQ(chown(path.c_str(), nobody->pw_uid, nobody->pw_gid), 0) << path;
  }
  chmod(credentials.c_str(), 0500);
  chmod((credentials / "database-password").c_str(), 0400);
  chmod(state.c_str(), 0700);

  const std::vector<std::string> as_nobody = {"--reuid=" + std::to_string(nobody->pw_uid),
                                              "--regid=" + std::to_string(nobody->pw_gid),
                                              "--clear-groups",
                                              "--",
                                              caseaudit_binary(),
                                              "--config",
                                              config.string(),
                                              "serve"};
  ChildProcess child(
      "/usr/bin/setpriv", as_nobody,
      {{"CREDENTIALS_DIRECTORY", credentials.string()}, {"STATE_DIRECTORY", state.string()}}, root);
  ASSERT_TRUE(wait_listening(child)) << child.stderr_text();
  httplib::Client client("127.0.0.1", listening_port(child));
  client.set_read_timeout(5s);
  const auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;
  EXPECT_THAT(child.stderr_text(), Not(HasSubstr(url.password)));
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"), db::latest_schema_version());
  child.signal(SIGTERM);
  EXPECT_EQ(child.wait(30s), 0) << child.stderr_text();

  // The layout docs/systemd.md had before: config 0640 root:root. The
  // service user cannot read it, and says so.
  chmod(config.c_str(), 0640);
  ChildProcess refused("/usr/bin/setpriv", as_nobody,
                       {{"CREDENTIALS_DIRECTORY", credentials.string()}}, root);
  const Result result = finish(refused, 30s);
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err,
            "caseaudit: config " + config.string() + ": cannot read: Permission denied\n");
}

// Two serves on one PostgreSQL database over a simulated month: every job
// runs once and every email is sent once, across both.
TEST_F(PostgresqlOperationsTest, TwoServesOnOneDatabaseRunEveryJobAndSendEveryEmailOnce) {
  const auto config_for = [&](const std::string& name) {
    const std::filesystem::path path = temp_.path() / (name + ".toml");
    std::ofstream(path) << "[database]\nurl = \"" << url_ << "\"\n"
                        << "[http]\nport = 0\n[log]\nlevel = \"debug\"\n"
                        << "[state]\ndirectory = \"" << (temp_.path() / name).string() << "\"\n"
                        << "[notifier]\nreminder_interval_seconds = 5\n"
                        << "delivery_interval_seconds = 1\n";
    return path;
  };
  const std::filesystem::path config_a = config_for("a");
  const std::filesystem::path config_b = config_for("b");
  const auto started = std::chrono::steady_clock::now();
  const Result demo = run({"demo-data", "--month", "2027-02"}, config_a);
  ASSERT_EQ(demo.status, 0) << demo.err;

  const auto spooled = [&] {
    std::vector<std::filesystem::path> files;
    for (const char* name : {"a", "b"}) {
      const std::filesystem::path spool = temp_.path() / name / "spool";
      if (!std::filesystem::exists(spool)) continue;
      for (const auto& entry : std::filesystem::directory_iterator(spool)) {
        if (entry.path().extension() == ".eml") files.push_back(entry.path());
      }
    }
    return files;
  };
  // Both serve from `now` until each has had every job's turn and no mail
  // that is due is left; then both stop.
  const auto serve_both_at = [&](const std::string& now, const std::string& due_by) {
    auto a = start({"serve", "--now", now}, {}, config_a);
    auto b = start({"serve", "--now", now}, {}, config_b);
    for (ChildProcess* child : {a.get(), b.get()}) {
      const std::optional<std::string> missing = missing_job_turn(*child, 60s);
      ASSERT_FALSE(missing) << "no \"" << *missing << "\" at " << now << ":\n"
                            << child->stderr_text();
    }
    ASSERT_TRUE(eventually(
        [&] {
          return count(
              "SELECT count(*) FROM outbox WHERE status = 'pending' AND "
              "next_attempt_at <= '" +
              due_by + "'");
        },
        [](long long n) { return n == 0; }, 60s))
        << "mail left unsent at " << now;
    for (ChildProcess* child : {a.get(), b.get()}) {
      child->signal(SIGTERM);
      const std::optional<int> status = child->wait(30s);
      ASSERT_TRUE(status);
      EXPECT_EQ(*status, 0) << child->stderr_text();
      EXPECT_THAT(child->stderr_text(), Not(HasSubstr("[error]"))) << "at " << now;
    }
  };
  // February 2027: the commit and its notices (Monday 1st), the due
  // reminders (Monday 22nd), then the late returns and March (Tuesday 2 March).
  serve_both_at("2027-02-01T10:00", "2027-02-01T10:01:00Z");
  ASSERT_GT(count("SELECT count(*) FROM outbox"), 0);
  serve_both_at("2027-02-22T10:00", "2027-02-22T10:01:00Z");
  serve_both_at("2027-03-02T10:00", "2027-03-02T10:01:00Z");

  // Every job once: one ledger row per job and period, one allocation run a month.
  EXPECT_EQ(count("SELECT count(*) FROM (SELECT job, period FROM job_runs GROUP BY job, period "
                  "HAVING count(*) > 1) AS twice"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM allocation_runs WHERE month = '2027-02'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM allocation_runs WHERE month = '2027-03'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM job_runs WHERE job = 'allocate' AND period = '2027-02'"),
            1);

  // Every email once: as many files across both spools as emails sent, each
  // with its own Message-ID, none left pending.
  const std::vector<std::filesystem::path> files = spooled();
  const long long sent = count("SELECT count(*) FROM outbox WHERE status = 'sent'");
  EXPECT_EQ(static_cast<long long>(files.size()), sent);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE status <> 'sent'"), 0);
  std::set<std::string> message_ids;
  for (const auto& file : files) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("Message-ID:", 0) == 0) {
        message_ids.insert(line);
        break;
      }
    }
  }
  EXPECT_EQ(message_ids.size(), files.size());
  EXPECT_EQ(count("SELECT count(*) FROM (SELECT dedup_key FROM outbox GROUP BY dedup_key "
                  "HAVING count(*) > 1) AS twice"),
            0);
  // Bounded by the waits above; about 30 s on an idle machine (demo data,
  // then three pairs of starts), more when the machine is busy.
  std::cout << "two serves, one month: " << sent << " emails, "
            << count("SELECT count(*) FROM job_runs") << " job runs, "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                started)
                   .count()
            << " s\n";
}

}  // namespace
}  // namespace caseaudit::testing
