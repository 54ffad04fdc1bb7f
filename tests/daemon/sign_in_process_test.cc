// Sign-in for people with the real binary: the link taken from the mail
// spool, the confirm page, the cookie on the admin API, CSRF, access levels
// set and sessions revoked from the command line, and no token in the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <soci/soci.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

#include "tests/daemon/child_process.h"
#include "tests/daemon/query_value.h"

namespace caseaudit::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

const std::string kForm = "application/x-www-form-urlencoded";

class SignInProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = temp_.path() / "state";
    std::ofstream(temp_.path() / "caseaudit.toml")
        << "[http]\nport = 0\n[log]\nlevel = \"debug\"\n"
           "[notifier]\ndelivery_interval_seconds = 1\n[state]\ndirectory = \""
        << state_.string() << "\"\n";
  }

  std::unique_ptr<ChildProcess> start(std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", (temp_.path() / "caseaudit.toml").string()});
    return std::make_unique<ChildProcess>(caseaudit_binary(), args,
                                          std::map<std::string, std::string>{}, temp_.path());
  }
  Result run(std::vector<std::string> args) { return finish(*start(std::move(args)), 120s); }
  std::string query_text(const std::string& sql) {
    return sqlite_value<std::string>(state_ / "caseaudit.db", sql);
  }
  long long query_count(const std::string& sql) {
    return sqlite_value<long long>(state_ / "caseaudit.db", sql);
  }

  // The spooled sign-in emails' texts, quoted-printable undone (the daemon's
  // own jobs may spool other mail beside them).
  std::vector<std::string> spooled() const {
    std::vector<std::string> texts;
    const auto spool = state_ / "spool";
    if (!std::filesystem::exists(spool)) return texts;
    for (const auto& entry : std::filesystem::directory_iterator(spool)) {
      if (entry.path().extension() != ".eml") continue;
      std::ifstream file(entry.path());
      std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      text = std::regex_replace(text, std::regex("=\r?\n"), "");
      text = std::regex_replace(text, std::regex("=3D"), "=");
      if (text.find("/sign-in/confirm?token=") != std::string::npos) texts.push_back(text);
    }
    return texts;
  }
  // Waits for the n-th sign-in email and returns its token.
  std::string token_of_email(std::size_t n) {
    static const std::regex kLink(R"(/sign-in/confirm\?token=(sil_[A-Za-z0-9_-]{43}))");
    for (int i = 0; i < 300; ++i) {
      std::vector<std::string> tokens;
      for (const std::string& text : spooled()) {
        std::smatch match;
        if (std::regex_search(text, match, kLink)) tokens.push_back(match[1]);
      }
      if (tokens.size() >= n) {
        std::sort(tokens.begin(), tokens.end());
        for (const std::string& token : tokens) {
          if (std::find(seen_.begin(), seen_.end(), token) == seen_.end()) {
            seen_.push_back(token);
            return token;
          }
        }
      }
      std::this_thread::sleep_for(100ms);
    }
    return {};
  }

  httplib::Client client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(2s);
    client.set_read_timeout(10s);
    return client;
  }
  httplib::Result ask_link(const std::string& email) {
    return client().Post("/sign-in", "email=" + email + "&return_to=%2Fconsole", kForm.c_str());
  }
  static std::string cookie_of(const httplib::Result& result) {
    const std::string header = result->get_header_value("Set-Cookie");
    const std::string prefix = "caseaudit_session=";
    if (header.rfind(prefix, 0) != 0) return {};
    return header.substr(prefix.size(), header.find(';') - prefix.size());
  }
  static httplib::Headers cookie(const std::string& value, const std::string& csrf = "") {
    httplib::Headers headers{{"Cookie", "caseaudit_session=" + value}};
    if (!csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    return headers;
  }
  std::string csrf_of(const std::string& session) {
    auto result = client().Get("/v1/session", cookie(session));
    if (!result || result->status != 200) return {};
    static const std::regex kCsrf(R"re("csrf_token":"(csrf_[A-Za-z0-9_-]+)")re");
    std::smatch match;
    if (!std::regex_search(result->body, match, kCsrf)) return {};
    return match[1];
  }

  TempDirectory temp_;
  std::filesystem::path state_;
  int port_ = 0;
  std::vector<std::string> seen_;
};

TEST_F(SignInProcessTest, ALinkFromTheSpoolSignsInAndTheCookieWorksUntilRevoked) {
  ASSERT_EQ(run({"demo-data", "--month", "2027-01"}).status, 0);
  const std::string email =
      query_text("SELECT email FROM staff WHERE active = 1 ORDER BY id LIMIT 1");
  ASSERT_FALSE(email.empty());
  Result access = run({"staff", "access", email, "coordinator"});
  ASSERT_EQ(access.status, 0) << access.err;
  EXPECT_THAT(access.out, HasSubstr("console access coordinator"));
  EXPECT_EQ(run({"staff", "access", "nobody@example.org", "viewer"}).status, 2);
  EXPECT_EQ(run({"staff", "access", email, "admin"}).status, 2);
  // "cli:<user>", or "cli" where no user is known.
  EXPECT_EQ(
      query_text("SELECT actor FROM change_log WHERE action = 'staff.access'").rfind("cli", 0), 0u);

  auto child = start({"serve"});
  port_ = wait_for_listening_port(*child, 30s);
  ASSERT_GT(port_, 0) << child->stderr_text();

  auto known = ask_link(email);
  ASSERT_TRUE(known);
  EXPECT_EQ(known->status, 200);
  auto unknown = ask_link("nobody%40example.org");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 200);
  const std::string token = token_of_email(1);
  ASSERT_FALSE(token.empty()) << child->stderr_text();
  std::this_thread::sleep_for(1500ms);  // a delivery turn: still one email
  EXPECT_EQ(spooled().size(), 1u);

  for (int i = 0; i < 2; ++i) {  // a prefetching scanner: nothing used up
    auto opened = client().Get(("/sign-in/confirm?token=" + token).c_str());
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->status, 200);
    EXPECT_EQ(opened->get_header_value("X-Frame-Options"), "DENY");
  }
  EXPECT_EQ(query_count("SELECT count(*) FROM sign_in_links WHERE used_at IS NOT NULL"), 0);
  EXPECT_EQ(query_count("SELECT count(*) FROM person_sessions"), 0);

  auto signed_in = client().Post("/sign-in/confirm", "token=" + token, kForm.c_str());
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 303);
  EXPECT_EQ(signed_in->get_header_value("Location"), "/console");
  const std::string session = cookie_of(signed_in);
  ASSERT_FALSE(session.empty());
  EXPECT_EQ(client().Post("/sign-in/confirm", "token=" + token, kForm.c_str())->status, 410);

  auto audits = client().Get("/v1/staff", cookie(session));
  ASSERT_TRUE(audits);
  EXPECT_EQ(audits->status, 200);
  const std::string csrf = csrf_of(session);
  ASSERT_FALSE(csrf.empty());
  const long long changes = query_count("SELECT count(*) FROM change_log");
  auto refused =
      client().Patch("/v1/staff/1", cookie(session), R"({"active": true})", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(query_count("SELECT count(*) FROM change_log"), changes);
  auto patched = client().Patch("/v1/staff/1", cookie(session, csrf), R"({"active": true})",
                                "application/json");
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(query_text("SELECT actor FROM change_log ORDER BY id DESC LIMIT 1"), "person:" + email);

  Result listed = run({"session", "list"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr(email));
  EXPECT_THAT(listed.out, Not(HasSubstr(session)));
  Result revoked = run({"session", "revoke", "--email", email});
  ASSERT_EQ(revoked.status, 0) << revoked.err;
  EXPECT_THAT(revoked.out, HasSubstr("1 session of"));
  EXPECT_EQ(client().Get("/v1/session", cookie(session))->status, 401);

  // A viewer reads and may not write; signing out ends the session.
  ASSERT_EQ(run({"staff", "access", email, "viewer"}).status, 0);
  ask_link(email);
  const std::string second_token = token_of_email(2);
  ASSERT_FALSE(second_token.empty());
  const std::string viewer =
      cookie_of(client().Post("/sign-in/confirm", "token=" + second_token, kForm.c_str()));
  ASSERT_FALSE(viewer.empty());
  const std::string viewer_csrf = csrf_of(viewer);
  EXPECT_EQ(client().Get("/v1/staff", cookie(viewer))->status, 200);
  EXPECT_EQ(client()
                .Patch("/v1/staff/1", cookie(viewer, viewer_csrf), R"({"active": true})",
                       "application/json")
                ->status,
            403);
  EXPECT_EQ(client().Delete("/v1/session", cookie(viewer, viewer_csrf))->status, 204);
  EXPECT_EQ(client().Get("/v1/session", cookie(viewer))->status, 401);
  EXPECT_EQ(run({"session", "revoke", "999"}).status, 2);

  child->signal(SIGTERM);
  ASSERT_TRUE(child->wait(30s));
  // The debug log has every request, but never a link's token or a cookie.
  const std::string log = child->stderr_text();
  EXPECT_THAT(log, HasSubstr("/sign-in/confirm"));
  EXPECT_THAT(log, Not(HasSubstr(token)));
  EXPECT_THAT(log, Not(HasSubstr(second_token)));
  EXPECT_THAT(log, Not(HasSubstr(session)));
}

}  // namespace
}  // namespace caseaudit::testing
