// Tests of the real `caseaudit` binary: start-up, readiness, systemd
// notifications, signals, refusals, and the one-shot commands.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <regex>
#include <set>
#include <thread>

#include "tests/daemon/child_process.h"
#include "tests/daemon/query_value.h"

namespace caseaudit::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

class CaseauditProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = temp_.path() / "state";
    write_config("[http]\nport = 0\n");
  }

  // Writes the config file: `body` plus the test's own state directory.
  void write_config(const std::string& body) {
    std::ofstream(config_path()) << body << "\n[state]\ndirectory = \"" << state_.string()
                                 << "\"\n";
  }
  std::filesystem::path config_path() const { return temp_.path() / "caseaudit.toml"; }

  std::unique_ptr<ChildProcess> start(std::vector<std::string> args,
                                      std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), {"--config", config_path().string()});
    return start_bare(std::move(args), std::move(env));
  }
  // Without --config.
  std::unique_ptr<ChildProcess> start_bare(std::vector<std::string> args,
                                           std::map<std::string, std::string> env = {}) {
    return std::make_unique<ChildProcess>(caseaudit_binary(), args, env, temp_.path());
  }

  // Runs a one-shot command to its end (bounded).
  Result run(std::vector<std::string> args, std::chrono::seconds timeout = 60s) {
    return finish(*start(std::move(args)), timeout);
  }

  static httplib::Client client(int port) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(2s);
    client.set_read_timeout(5s);
    return client;
  }

  TempDirectory temp_;
  std::filesystem::path state_;
};

TEST_F(CaseauditProcessTest, Version) {
  Result result = run({"version"});
  EXPECT_EQ(result.status, 0);
  EXPECT_THAT(result.out, ::testing::StartsWith("caseaudit 0."));
  EXPECT_THAT(result.out, HasSubstr("database schema"));
}

TEST_F(CaseauditProcessTest, ServesUntilSigtermAndTellsSystemd) {
  NotifySocket notify(temp_.path() / "notify.sock");
  auto child =
      start({"serve"}, {{"NOTIFY_SOCKET", notify.path().string()}, {"WATCHDOG_USEC", "400000"}});

  ASSERT_TRUE(notify.wait_for("READY=1", 30s)) << child->stderr_text();
  // READY=1 comes after the bind: the port is known and answers at once.
  int port = listening_port(*child);
  ASSERT_GT(port, 0) << child->stderr_text();
  auto health = client(port).Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, R"({"status":"ok"})");
  EXPECT_EQ(health->get_header_value("Cache-Control"), "no-store");

  auto ready = client(port).Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;

  // WATCHDOG_USEC=400 ms: pings every 200 ms from the event loop.
  EXPECT_TRUE(notify.wait_for("WATCHDOG=1", 3s));
  EXPECT_TRUE(notify.wait_for("WATCHDOG=1", 3s));

  // A client idling on a kept-alive connection must not hold up the stop.
  httplib::Client idle = client(port);
  idle.set_keep_alive(true);
  ASSERT_TRUE(idle.Get("/healthz"));

  auto stop_started = std::chrono::steady_clock::now();
  child->signal(SIGTERM);
  EXPECT_TRUE(notify.wait_for("STOPPING=1", 10s));
  std::optional<int> status = child->wait(10s);
  ASSERT_TRUE(status) << "still running 10 s after SIGTERM";
  EXPECT_EQ(*status, 0) << child->stderr_text();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 10s);
  EXPECT_THAT(child->stderr_text(), HasSubstr("stopped"));
}

// The admin API through the real binary: tokens made by the CLI (the
// secret printed once, only a hash stored), used over HTTP, revoked by the
// CLI and refused at once; the change log names the token.
TEST_F(CaseauditProcessTest, TokensFromTheCommandLineOpenTheAdminApi) {
  ASSERT_EQ(run({"demo-data", "--month", "2027-01"}).status, 0);
  ASSERT_EQ(run({"allocate", "--month", "2027-01"}).status, 0);
  Result created =
      run({"token", "create", "--name", "qa-lead", "--role", "coordinator", "--expires", "90d"});
  ASSERT_EQ(created.status, 0) << created.err;
  const std::string secret = lines_of(created.out).at(0);
  EXPECT_THAT(secret, ::testing::MatchesRegex("adt_[A-Za-z0-9_-]{43}"));
  EXPECT_EQ(run({"token", "create", "--name", "qa-lead", "--role", "viewer"}).status, 2);
  EXPECT_EQ(run({"token", "create", "--name", "x", "--role", "admin"}).status, 2);
  Result listed = run({"token", "list"});
  EXPECT_THAT(listed.out, HasSubstr("qa-lead"));
  EXPECT_THAT(listed.out, Not(HasSubstr(secret)));

  auto child = start({"serve"});
  const int port = wait_for_listening_port(*child, 30s);
  ASSERT_GT(port, 0) << child->stderr_text();
  httplib::Headers bearer{{"Authorization", "Bearer " + secret}};
  auto audits = client(port).Get("/v1/months/2027-01/audits", bearer);
  ASSERT_TRUE(audits);
  EXPECT_EQ(audits->status, 200) << audits->body;
  EXPECT_THAT(audits->body, HasSubstr("case_reference"));
  auto patched =
      client(port).Patch("/v1/staff/1", bearer, R"({"active": true})", "application/json");
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(client(port).Get("/v1/months/2027-01/audits")->status, 401);

  ASSERT_EQ(run({"token", "revoke", "--name", "qa-lead"}).status, 0);
  auto revoked = client(port).Get("/v1/months/2027-01/audits", bearer);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 401);
  EXPECT_THAT(child->stderr_text(), HasSubstr("token revoked"));
  EXPECT_EQ(run({"token", "revoke", "--name", "qa-lead"}).status, 2);

  child->signal(SIGTERM);
  ASSERT_TRUE(child->wait(10s));
}

// With a certificate and key configured, the API is served over TLS 1.2+.
TEST_F(CaseauditProcessTest, ServesHttpsWhenACertificateIsConfigured) {
  const auto cert = temp_.path() / "cert.pem", key = temp_.path() / "key.pem";
  const std::string make_cert =
      "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost "
      "-days 1 -keyout " +
      key.string() + " -out " + cert.string() + " 2>/dev/null";
  ASSERT_EQ(std::system(make_cert.c_str()), 0);
  write_config("[http]\nport = 0\ntls_certificate = \"" + cert.string() + "\"\ntls_key = \"" +
               key.string() + "\"\n");
  auto child = start({"serve"});
  const int port = wait_for_listening_port(*child, 30s);
  ASSERT_GT(port, 0) << child->stderr_text();
  httplib::SSLClient tls("127.0.0.1", port);
  tls.enable_server_certificate_verification(false);  // self-signed for the test
  auto health = tls.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  // Plain HTTP on the TLS port gets no HTTP answer.
  auto plain = client(port).Get("/healthz");
  EXPECT_FALSE(plain && plain->status == 200);

  write_config("[http]\nport = 0\ntls_certificate = \"" + cert.string() + "\"\n");
  Result refused = run({"check-config"});
  EXPECT_EQ(refused.status, 2);
  EXPECT_THAT(refused.err, HasSubstr("tls_key"));

  child->signal(SIGTERM);
  ASSERT_TRUE(child->wait(10s));
}

TEST_F(CaseauditProcessTest, SighupReloadsTheLogLevelAndSurvivesABrokenFile) {
  auto child = start({"serve"});
  int port = 0;
  ASSERT_TRUE(eventually([&] { return listening_port(*child); }, [](int p) { return p > 0; }, 30s))
      << child->stderr_text();
  port = listening_port(*child);

  write_config("[http]\nport = 0\n[log]\nlevel = \"debug\"\n");
  child->signal(SIGHUP);
  ASSERT_TRUE(logged_within(*child, "configuration reloaded", 10s)) << child->stderr_text();
  EXPECT_THAT(child->stderr_text(), HasSubstr("log level debug"));

  write_config("[http]\nport = 70000\n");
  child->signal(SIGHUP);
  ASSERT_TRUE(logged_within(*child, "reload failed", 10s)) << child->stderr_text();
  EXPECT_THAT(child->stderr_text(), HasSubstr("http.port: 70000 is not a port"));

  auto health = client(port).Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  child->signal(SIGINT);
  EXPECT_EQ(child->wait(10s), 0);
}

TEST_F(CaseauditProcessTest, UnreachablePostgresIsNamedWithoutThePassword) {
  write_config("[database]\nurl = \"postgresql://u:secret@127.0.0.1:1/x\"\n[http]\nport = 0\n");
  Result result = run({"serve"}, 30s);
  EXPECT_NE(result.status, 0);
  std::vector<std::string> lines = lines_of(result.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_THAT(lines.back(), ::testing::StartsWith("caseaudit: "));
  EXPECT_THAT(lines.back(), HasSubstr("127.0.0.1"));
  EXPECT_THAT(result.err + result.out, Not(HasSubstr("secret")));
}

TEST_F(CaseauditProcessTest, UnwritableStateDirectoryIsRefused) {
  std::filesystem::path blocker = temp_.path() / "not-a-directory";
  std::ofstream(blocker) << "x";
  state_ = blocker / "state";
  write_config("[http]\nport = 0\n");
  Result result = run({"serve"});
  EXPECT_EQ(result.status, 1);
  std::vector<std::string> lines = lines_of(result.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(),
            "caseaudit: state directory " + state_.string() + ": cannot create: Not a directory");
}

TEST_F(CaseauditProcessTest, BadConfigIsOneLineAndExitTwo) {
  write_config("[http]\nport = 70000\n");
  Result result = run({"serve"});
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err, "caseaudit: config " + config_path().string() +
                            ": http.port: 70000 is not a port (1-65535, or 0 for any free port)\n");
}

TEST_F(CaseauditProcessTest, PortInUseIsRefused) {
  int blocker = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(blocker, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(blocker, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(blocker, 1), 0);
  socklen_t length = sizeof(address);
  getsockname(blocker, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);

  write_config("[http]\nport = " + std::to_string(port) + "\n");
  Result result = run({"serve"});
  close(blocker);
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(lines_of(result.err).back(),
              HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(port)));
}

TEST_F(CaseauditProcessTest, SchemaNewerThanTheBinaryIsRefused) {
  ASSERT_EQ(run({"migrate"}).status, 0);
  {
    // As if a newer caseaudit had migrated this database.
    soci::session session("sqlite3", "db=" + (state_ / "caseaudit.db").string());
    session << "INSERT INTO schema_migrations (version, name, applied_at) "
               "VALUES (9999, 'from the future', '2030-01-01T00:00:00Z')";
  }
  Result result = run({"serve"});
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(lines_of(result.err).back(),
              HasSubstr("database schema version 9999 is newer than this caseaudit"));
}

TEST_F(CaseauditProcessTest, MigrateTwiceAppliesNothingTheSecondTime) {
  Result first = run({"migrate"});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("applied "));
  EXPECT_THAT(first.out, Not(HasSubstr("applied 0 ")));

  Result second = run({"migrate"});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("applied 0 migrations"));
}

TEST_F(CaseauditProcessTest, DemoDataLoadsOnceThenReusesTheData) {
  Result first = run({"demo-data", "--seed", "7"}, 120s);
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("demo authority (seed 7) loaded"));

  Result second = run({"demo-data"}, 120s);
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("already has staff"));
}

TEST_F(CaseauditProcessTest, DemoDataRejectsABadSeed) {
  Result result = run({"demo-data", "--seed", "many"});
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err, "caseaudit: demo-data: --seed: \"many\" is not a whole number\n");
}

TEST_F(CaseauditProcessTest, CheckConfigPrintsTheEffectiveConfigRedacted) {
  write_config("[database]\nurl = \"postgresql://u:s3cr3t-pw@db.internal/x\"\n");
  Result result = run({"check-config"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("url = \"postgresql://u:********@db.internal/x\""));
  EXPECT_THAT(result.out, HasSubstr("directory = \"" + state_.string() + "\""));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("s3cr3t-pw")));
}

TEST_F(CaseauditProcessTest, ConfigFromTheEnvironmentAndStateDirectoryFromSystemd) {
  std::ofstream(config_path()) << "[log]\nlevel = \"warn\"\n";
  std::filesystem::path systemd_state = temp_.path() / "var-lib-caseaudit";
  Result result =
      finish(*start_bare({"check-config"}, {{"CASEAUDIT_CONFIG", config_path().string()},
                                            {"STATE_DIRECTORY", systemd_state.string()}}),
             60s);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("level = \"warn\""));
  EXPECT_THAT(result.out, HasSubstr("directory = \"" + systemd_state.string() + "\""));
  EXPECT_THAT(result.out,
              HasSubstr("url = \"sqlite:" + systemd_state.string() + "/caseaudit.db\""));
}

// `serve --now` for drills: the daemon was stopped across the start of
// February 2027 (last run Friday 29 January in the evening, next run Monday
// 1 February at 10:00, after the 07:00 commit instant) and started once more
// that afternoon. February is committed once and each auditor is told of
// each February audit exactly once, in the outbox and in the spool.
class DownOverTheMonthStartTest : public CaseauditProcessTest {
 protected:
  void SetUp() override {
    CaseauditProcessTest::SetUp();
    write_config(
        "[http]\nport = 0\n[log]\nlevel = \"debug\"\n"
        "[notifier]\nreminder_interval_seconds = 5\ndelivery_interval_seconds = 1\n");
  }

  std::filesystem::path spool() const { return state_ / "spool"; }
  std::vector<std::filesystem::path> spooled() const {
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::exists(spool())) return files;
    for (const auto& entry : std::filesystem::directory_iterator(spool())) {
      if (entry.path().extension() == ".eml") files.push_back(entry.path());
    }
    return files;
  }

  // Serves from `now` until every job has had its first turn (and, when
  // `until` is given, until it holds), then stops it with SIGTERM.
  void serve_at(const std::string& now, const std::function<bool()>& until = {}) {
    auto child = start({"serve", "--now", now});
    const std::optional<std::string> missing = missing_job_turn(*child, 60s);
    ASSERT_FALSE(missing) << "no \"" << *missing << "\" at " << now << ":\n"
                          << child->stderr_text();
    if (until) {
      ASSERT_TRUE(eventually(
          until, [](bool done) { return done; }, 60s))
          << "at " << now << ":\n"
          << child->stderr_text();
    }
    EXPECT_THAT(child->stderr_text(), HasSubstr("CLOCK OVERRIDDEN (serve --now)"));
    child->signal(SIGTERM);
    const std::optional<int> status = child->wait(30s);
    ASSERT_TRUE(status) << child->stderr_text();
    EXPECT_EQ(*status, 0) << child->stderr_text();
    EXPECT_THAT(child->stderr_text(), Not(HasSubstr("[error]")));
  }

  long long count(const std::string& query) {
    return sqlite_value<long long>(state_ / "caseaudit.db", query);
  }
};

// A category 1 concern raised over the API reaches the head of service and
// the director at once, on a Saturday night, with the default job intervals
// (reminders every 60 s, delivery every 15 s): the raise wakes the reminder
// rules, whose urgent email wakes the delivery.
TEST_F(DownOverTheMonthStartTest, ACategory1ConcernRaisedOverTheApiIsSentAtOnce) {
  write_config("[http]\nport = 0\n[log]\nlevel = \"debug\"\n");
  ASSERT_EQ(run({"demo-data", "--month", "2027-01"}, 120s).status, 0);
  ASSERT_EQ(run({"allocate", "--month", "2027-01"}, 120s).status, 0);
  const Result token = run({"token", "create", "--name", "qa", "--role", "coordinator"});
  ASSERT_EQ(token.status, 0) << token.err;
  const httplib::Headers bearer{{"Authorization", "Bearer " + lines_of(token.out).at(0)}};

  auto child = start({"serve", "--now", "2027-01-16T21:00"});  // Saturday night
  ASSERT_FALSE(missing_job_turn(*child, 60s)) << child->stderr_text();
  const int port = listening_port(*child);
  ASSERT_GT(port, 0);
  auto audits = client(port).Get("/v1/months/2027-01/audits", bearer);
  ASSERT_TRUE(audits);
  ASSERT_EQ(audits->status, 200);
  static const std::regex kFirstAudit(R"re("audits":\[\{"id":([0-9]+))re");
  std::smatch first;
  ASSERT_TRUE(std::regex_search(audits->body, first, kFirstAudit)) << audits->body;
  // A concern needs a graded audit.
  auto submitted = client(port).Post("/v1/audits/" + first[1].str() + "/submission", bearer,
                                     R"({"overall_grade": "requires_improvement",
          "domain_grades": {"Quality of plans": "requires_improvement"},
          "participation": {"child_seen": "yes", "family": "yes", "worker": "yes",
                            "team_manager": "yes", "iro": "not_applicable"},
          "family_feedback": "contacted"})",
                                     "application/json");
  ASSERT_TRUE(submitted);
  ASSERT_EQ(submitted->status, 200) << submitted->body;
  const std::size_t spooled_before = spooled().size();

  auto raised = client(port).Post("/v1/concerns", bearer,
                                  "{\"audit_id\": " + first[1].str() + ", \"category\": 1}",
                                  "application/json");
  ASSERT_TRUE(raised);
  ASSERT_EQ(raised->status, 201) << raised->body;
  // Well before either job's next turn (60 s, 15 s) would come round.
  ASSERT_TRUE(eventually([&] { return spooled().size(); },
                         [&](std::size_t n) { return n >= spooled_before + 2; }, 10s))
      << child->stderr_text();
  std::string urgent;
  for (const auto& file : spooled()) {
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find("URGENT: category 1") != std::string::npos) urgent += text;
  }
  EXPECT_THAT(urgent, HasSubstr("URGENT: category 1 case of concern"));
  child->signal(SIGTERM);
  ASSERT_TRUE(child->wait(30s));
}

// A fresh serve on an empty database, on the commit day of a rotation
// month: nothing is rotated or committed, the log says why once, and
// /readyz's detail says so.
TEST_F(DownOverTheMonthStartTest, AnEmptyAuthorityIsNotAllocatedAndReadyzSaysWhy) {
  auto child = start({"serve", "--now", "2027-02-01T09:00"});
  ASSERT_TRUE(logged_within(*child, "job allocation: turn done", 60s)) << child->stderr_text();
  const int port = listening_port(*child);
  ASSERT_GT(port, 0);
  auto ready = client(port).Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;
  EXPECT_THAT(ready->body, HasSubstr(R"("status":"ready")"));
  EXPECT_THAT(ready->body, HasSubstr("nothing to allocate for 2027-02: no active staff"));
  const std::string log = child->stderr_text();
  const std::string note = "allocation: nothing to allocate for 2027-02";
  EXPECT_NE(log.find(note), std::string::npos) << log;
  EXPECT_EQ(log.find(note), log.rfind(note)) << "logged more than once:\n" << log;
  child->signal(SIGTERM);
  ASSERT_TRUE(child->wait(30s));
  EXPECT_EQ(count("SELECT count(*) FROM allocation_runs"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM pairings"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM job_runs WHERE job IN ('allocate', 'rotate-pairings')"), 0);
}

TEST_F(DownOverTheMonthStartTest, TheMonthsNoticesAreSentOnceAfterARestart) {
  const Result demo = run({"demo-data", "--month", "2027-02"}, 120s);
  ASSERT_EQ(demo.status, 0) << demo.err;

  // Friday 29 January 2027, 19:00: before February, outside the send window.
  serve_at("2027-01-29T19:00");
  ASSERT_EQ(count("SELECT count(*) FROM allocation_runs WHERE month = '2027-02'"), 0);
  ASSERT_EQ(count("SELECT count(*) FROM outbox WHERE status <> 'sent'"), 0);
  const std::size_t spooled_before = spooled().size();
  const long long outbox_before = count("SELECT count(*) FROM outbox");

  // Monday 1 February, 10:00: down over the 07:00 commit instant. The first
  // turns commit February and tell its auditors; serve until all is spooled.
  serve_at("2027-02-01T10:00", [&] {
    return count(
               "SELECT count(*) FROM job_runs WHERE job = 'reminders' AND "
               "period = '2027-02-01'") == 1 &&
           count("SELECT count(*) FROM outbox WHERE status <> 'sent'") == 0;
  });
  const long long outbox_after = count("SELECT count(*) FROM outbox");
  const long long audits_after = count("SELECT count(*) FROM audits WHERE month = '2027-02'");
  const std::size_t spooled_after = spooled().size();
  EXPECT_GT(outbox_after, outbox_before);
  EXPECT_EQ(spooled_after - spooled_before, static_cast<std::size_t>(outbox_after - outbox_before));

  // Every February audit's auditor is told of it in exactly one email: its
  // own notice, or a line of their digest.
  std::vector<std::pair<std::string, std::string>> february;
  {
    soci::session session("sqlite3", "db=" + (state_ / "caseaudit.db").string());
    soci::rowset<soci::row> rows = session.prepare
                                   << "SELECT s.email, c.case_reference FROM audits a "
                                      "JOIN staff s ON s.id = a.auditor_id "
                                      "JOIN children c ON c.id = a.child_id "
                                      "WHERE a.month = '2027-02' AND a.status = 'allocated' "
                                      "AND s.active = 1 AND s.email <> ''";
    for (const soci::row& row : rows) {
      february.emplace_back(row.get<std::string>(0), row.get<std::string>(1));
    }
  }
  ASSERT_GE(february.size(), 50u);
  const auto told = [&](const std::string& email, const std::string& reference) {
    // The notice's subject, or its line in a digest (tests/notifier/golden/allocation_notice.txt).
    const std::string notice = "Your case file audit for February 2027: " + reference + ",";
    const std::string digest_line = "- Your audit for February 2027: " + reference + " (";
    soci::session session("sqlite3", "db=" + (state_ / "caseaudit.db").string());
    long long n = 0;
    session << "SELECT count(*) FROM outbox WHERE recipient_email = :email "
               "AND (instr(subject, :notice) = 1 OR instr(text_body, :line) > 0)",
        soci::use(email), soci::use(notice), soci::use(digest_line), soci::into(n);
    return n;
  };
  for (const auto& [email, reference] : february) {
    EXPECT_EQ(told(email, reference), 1) << email << " about " << reference;
  }
  // At most one non-urgent email a person that day.
  EXPECT_EQ(count("SELECT count(*) FROM (SELECT recipient_email FROM outbox WHERE urgent = 0 "
                  "AND created_at >= '2027-02-01' GROUP BY recipient_email "
                  "HAVING count(*) > 1)"),
            0);

  // The same afternoon: a third start adds nothing.
  serve_at("2027-02-01T15:00");
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), outbox_after);
  EXPECT_EQ(spooled().size(), spooled_after);
  EXPECT_EQ(count("SELECT count(*) FROM allocation_runs WHERE month = '2027-02'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM job_runs WHERE job = 'allocate' AND period = '2027-02'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM audits WHERE month = '2027-02'"), audits_after);
  // One Message-ID per spooled file.
  std::set<std::string> message_ids;
  for (const auto& file : spooled()) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("Message-ID:", 0) == 0) {
        message_ids.insert(line);
        break;
      }
    }
  }
  EXPECT_EQ(message_ids.size(), spooled_after);
}

TEST_F(CaseauditProcessTest, ServeRejectsABadNow) {
  Result result = run({"serve", "--now", "tomorrow"});
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err,
            "caseaudit: serve: --now: \"tomorrow\" is not a local time as YYYY-MM-DDTHH:MM\n");
}

}  // namespace
}  // namespace caseaudit::testing
