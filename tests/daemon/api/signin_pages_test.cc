// Sign-in for people through the real routes (the sign-in pages and the /v1
// frame's session cookie), on SQLite and PostgreSQL, with the fake clock.
#include <regex>

#include "daemon/api/session_cookie.h"
#include "daemon/service/sessions.h"
#include "daemon/web/page_headers.h"
#include "daemon/web/sign_in_pages.h"
#include "tests/daemon/api/api_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

using ::testing::Not;

const std::string kForm = "application/x-www-form-urlencoded";

class SignInTest : public ApiTest {
 protected:
  void add_extra_routes(api::Api& api) override {
    pages_ = std::make_unique<web::SignInPages>(
        *server_, api, wiring_->services(), templates_,
        web::SignInPageOptions{.public_url = "https://caseaudit.example.org"});
  }
  void TearDown() override {
    ApiTest::TearDown();
    pages_.reset();
  }

  // Two active staff of the demo authority: the person signing in and another.
  Staff person(int nth = 0) {
    int seen = 0;
    for (const Staff& staff :
         in_tx([](Transaction& tx) { return tx.organisation().load(); }).staff) {
      if (staff.active && seen++ == nth) return staff;
    }
    throw std::runtime_error("no active staff");
  }
  void set_access(const Staff& staff, ConsoleAccess access) {
    set_console_access(store(), staff.id, access, Caller{.actor = "test", .at = clock_.now()});
  }

  httplib::Result post_form(const std::string& path, const std::string& body) {
    return client().Post(path.c_str(), body, kForm.c_str());
  }
  httplib::Result ask_link(const std::string& email, const std::string& return_to = "/console") {
    return post_form("/sign-in",
                     "email=" + httplib::detail::encode_query_param(email) +
                         "&return_to=" + httplib::detail::encode_query_param(return_to));
  }
  std::vector<OutboxMessage> sign_in_mail() {
    std::vector<OutboxMessage> mail;
    for (OutboxMessage& m :
         in_tx([](Transaction& tx) { return tx.outbox().messages(std::nullopt); })) {
      if (m.rule == "sign_in_link") mail.push_back(std::move(m));
    }
    return mail;
  }
  // The token of the newest sign-in email.
  std::string newest_token() {
    const std::vector<OutboxMessage> mail = sign_in_mail();
    if (mail.empty()) return {};
    static const std::regex kLink(
        R"(https://caseaudit\.example\.org/sign-in/confirm\?token=(sil_[A-Za-z0-9_-]+))");
    std::smatch match;
    const std::string& text = mail.back().text_body;
    if (!std::regex_search(text, match, kLink)) return {};
    return match[1];
  }
  httplib::Result confirm(const std::string& token, const std::string& return_to = "") {
    return post_form("/sign-in/confirm", "token=" + token + "&return_to=" + return_to);
  }
  // The session cookie's value set by a confirmation.
  static std::string cookie_of(const httplib::Result& result) {
    const std::string header = result->get_header_value("Set-Cookie");
    const std::string prefix = "caseaudit_session=";
    if (header.rfind(prefix, 0) != 0) return {};
    return header.substr(prefix.size(), header.find(';') - prefix.size());
  }
  std::string sign_in(const Staff& staff) {
    ask_link(staff.email);
    return cookie_of(confirm(newest_token()));
  }
  static httplib::Headers with_cookie(const std::string& cookie, const std::string& csrf = "") {
    httplib::Headers headers{{"Cookie", "other=1; caseaudit_session=" + cookie}};
    if (!csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    return headers;
  }
  json::object session_of(const std::string& cookie) {
    auto result = client().Get("/v1/session", with_cookie(cookie));
    if (!result || result->status != 200) return {};
    return json::parse(result->body).as_object();
  }
  httplib::Result put_access(const std::string& cookie, const std::string& csrf, Id staff_id,
                             const std::string& access) {
    return client().Put(("/v1/staff/" + std::to_string(staff_id) + "/access").c_str(),
                        with_cookie(cookie, csrf), "{\"access\":\"" + access + "\"}",
                        "application/json");
  }
  // fingerprint() and the sessions and links as they are stored.
  std::string everything() {
    return fingerprint() + in_tx([](Transaction& tx) {
             std::string out;
             for (const PersonSession& s : tx.sign_in().sessions()) {
               out += std::to_string(s.id) + format_instant_utc(s.last_seen_at) +
                      (s.revoked_at ? "revoked" : "") + ";";
             }
             return out;
           });
  }
  void expect_page_headers(const httplib::Result& result) {
    EXPECT_EQ(result->get_header_value("Content-Security-Policy"), web::kContentSecurityPolicy);
    EXPECT_EQ(result->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(result->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_THAT(result->get_header_value("Content-Type"), HasSubstr("text/html"));
  }

  notifier::TemplateSet templates_ = notifier::TemplateSet::defaults();
  std::unique_ptr<web::SignInPages> pages_;
};

TEST_P(SignInTest, TheFormIsPlainHtmlWithTheSecurityHeaders) {
  auto result = client().Get("/sign-in?return_to=/console/audits%22%3E%3Cscript%3E");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  expect_page_headers(result);
  EXPECT_THAT(result->body, HasSubstr("<label for=\"email\">"));
  EXPECT_THAT(result->body, Not(HasSubstr("<script")));
  EXPECT_THAT(result->body, HasSubstr("/console/audits&quot;&gt;&lt;script&gt;"));
}

TEST_P(SignInTest, ALinkIsEmailedHashedAndTheAnswerIsTheSameForAnUnknownAddress) {
  const Staff alice = person();
  auto known = ask_link(alice.email);
  ASSERT_TRUE(known);
  EXPECT_EQ(known->status, 200);
  expect_page_headers(known);
  const std::vector<OutboxMessage> mail = sign_in_mail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].recipient_email, alice.email);
  EXPECT_THAT(mail[0].text_body, HasSubstr("expires in 15 minutes"));
  EXPECT_THAT(mail[0].text_body, HasSubstr("ignore this email"));
  const std::string token = newest_token();
  ASSERT_FALSE(token.empty());
  const auto link =
      in_tx([&](Transaction& tx) { return tx.sign_in().find_link(hash_token_secret(token)); });
  ASSERT_TRUE(link);
  EXPECT_EQ(link->expires_at, clock_.now() + std::chrono::minutes(15));
  EXPECT_EQ(link->return_to, "/console");
  EXPECT_EQ(everything().find(token), std::string::npos);  // only its hash is stored

  const std::string before = everything();
  auto unknown = ask_link("nobody@example.org");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, known->status);
  std::string known_body = known->body;
  known_body.replace(known_body.find(alice.email), alice.email.size(), "nobody@example.org");
  EXPECT_EQ(unknown->body, known_body);
  EXPECT_EQ(everything(), before);  // no link, no email
}

TEST_P(SignInTest, OpeningTheLinkChangesNothingOnlyThePostSignsInOnce) {
  const Staff alice = person();
  set_access(alice, ConsoleAccess::kCoordinator);
  ask_link(alice.email);
  const std::string token = newest_token();
  const std::string before = everything();
  for (int i = 0; i < 2; ++i) {
    auto opened = client().Get(("/sign-in/confirm?token=" + token).c_str());
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->status, 200);
    expect_page_headers(opened);
    EXPECT_THAT(opened->body, HasSubstr("<button type=\"submit\">Sign in</button>"));
    EXPECT_THAT(opened->body, HasSubstr(token));
  }
  EXPECT_EQ(everything(), before);

  auto signed_in = confirm(token);
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 303);
  EXPECT_EQ(signed_in->get_header_value("Location"), "/console");
  const std::string set_cookie = signed_in->get_header_value("Set-Cookie");
  EXPECT_THAT(set_cookie, HasSubstr("; Path=/; HttpOnly; SameSite=Strict"));
  EXPECT_THAT(set_cookie, Not(HasSubstr("Secure")));  // plain HTTP here
  const std::string cookie = cookie_of(signed_in);
  ASSERT_FALSE(cookie.empty());
  const std::vector<ChangeRecord> changes =
      in_tx([](Transaction& tx) { return tx.changes().since("session", std::nullopt); });
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes[0].action, "session.create");
  EXPECT_EQ(changes[0].actor, "person:" + alice.email);

  auto again = confirm(token);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 410);
  EXPECT_THAT(again->body, HasSubstr("has been used"));
  EXPECT_THAT(again->body, HasSubstr("href=\"/sign-in\""));

  auto unknown = confirm("sil_not-a-token");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);

  const json::object session = session_of(cookie);
  ASSERT_FALSE(session.empty());
  EXPECT_EQ(session.at("person").at("email").as_string(), alice.email);
  EXPECT_EQ(session.at("person").at("name").as_string(), alice.name);
  EXPECT_EQ(session.at("access").as_string(), "coordinator");
  EXPECT_EQ(session.at("expires_at").as_string(),
            format_instant_utc(clock_.now() + std::chrono::hours(10)));
  EXPECT_EQ(session.at("idle_expires_at").as_string(),
            format_instant_utc(clock_.now() + std::chrono::hours(2)));
}

// Another website's form posting to ours (login CSRF): the browser marks it
// Sec-Fetch-Site: cross-site, and neither a link request nor a confirmation
// goes through. Our own pages' forms (same-origin) do.
TEST_P(SignInTest, AFormPostedFromAnotherWebsiteIsRefusedAndChangesNothing) {
  const Staff alice = person();
  set_access(alice, ConsoleAccess::kCoordinator);
  ask_link(alice.email);
  const std::string token = newest_token();
  const std::string before = everything();
  const httplib::Headers cross_site{{"Sec-Fetch-Site", "cross-site"}};
  auto confirmed = client().Post("/sign-in/confirm", cross_site, "token=" + token, kForm.c_str());
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->status, 403);
  EXPECT_THAT(confirmed->body, HasSubstr("sent from another website"));
  EXPECT_TRUE(confirmed->get_header_value("Set-Cookie").empty());
  auto asked =
      client().Post("/sign-in", cross_site,
                    "email=" + httplib::detail::encode_query_param(alice.email), kForm.c_str());
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->status, 403);
  EXPECT_EQ(everything(), before);

  const httplib::Headers same_origin{{"Sec-Fetch-Site", "same-origin"}};
  auto ours = client().Post("/sign-in/confirm", same_origin, "token=" + token, kForm.c_str());
  ASSERT_TRUE(ours);
  EXPECT_EQ(ours->status, 303);
  auto metrics = get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body,
              HasSubstr("caseaudit_sign_ins_total{outcome=\"refused_cross_site\"} 2"));
}

TEST_P(SignInTest, AReturnAddressElsewhereBecomesTheConsole) {
  const Staff alice = person();
  ask_link(alice.email, "//evil.example.org/");
  auto signed_in = confirm(newest_token());
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->get_header_value("Location"), "/");
  ask_link(alice.email);
  signed_in = confirm(newest_token(), "https%3A%2F%2Fevil.example.org");
  EXPECT_EQ(signed_in->get_header_value("Location"), "/");
}

TEST_P(SignInTest, AnExpiredLinkIsRefusedWithAWayToAskAgain) {
  const Staff alice = person();
  ask_link(alice.email);
  const std::string token = newest_token();
  clock_.set(clock_.now() + std::chrono::minutes(15));
  const std::string before = everything();
  auto result = confirm(token);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 410);
  EXPECT_THAT(result->body, HasSubstr("expired"));
  EXPECT_THAT(result->body, HasSubstr("href=\"/sign-in\""));
  EXPECT_TRUE(result->get_header_value("Set-Cookie").empty());
  EXPECT_EQ(everything(), before);
}

TEST_P(SignInTest, TheCookieAuthenticatesTheApiAndWritesNeedTheCsrfHeader) {
  const Staff alice = person(), bob = person(1);
  set_access(alice, ConsoleAccess::kCoordinator);
  const std::string cookie = sign_in(alice);
  const std::string csrf(session_of(cookie).at("csrf_token").as_string());

  auto staff = client().Get("/v1/staff", with_cookie(cookie));
  ASSERT_TRUE(staff);
  EXPECT_EQ(staff->status, 200);

  const std::string before = everything();
  expect_error(put_access(cookie, "", bob.id, "viewer"), 403, "forbidden", "X-CSRF-Token");
  expect_error(put_access(cookie, "csrf_wrong", bob.id, "viewer"), 403, "forbidden");
  EXPECT_EQ(everything(), before);

  auto changed = put_access(cookie, csrf, bob.id, "viewer");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200) << changed->body;
  const std::vector<ChangeRecord> changes =
      in_tx([](Transaction& tx) { return tx.changes().since("staff", std::nullopt); });
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes[0].action, "staff.access");
  EXPECT_EQ(changes[0].actor, "person:" + alice.email);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.sign_in().console_access(bob.id); }),
            ConsoleAccess::kViewer);

  // The staff rows carry each person's access; the change log filters by person.
  const json::value listed = body_of(get("/v1/staff"));
  for (const json::value& row : listed.at("staff").as_array()) {
    const Id id = row.at("id").as_int64();
    const std::string expected = id == alice.id ? "coordinator" : id == bob.id ? "viewer" : "none";
    EXPECT_EQ(row.at("console_access").as_string(), expected) << id;
  }
  EXPECT_EQ(body_of(get("/v1/staff/" + std::to_string(bob.id))).at("console_access").as_string(),
            "viewer");
  std::string upper = alice.email;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const json::value by_alice = body_of(get("/v1/changes?actor=" + upper));
  ASSERT_FALSE(by_alice.at("changes").as_array().empty());
  for (const json::value& row : by_alice.at("changes").as_array()) {
    EXPECT_EQ(row.at("actor").as_string(), "person:" + alice.email);
  }
  EXPECT_TRUE(body_of(get("/v1/changes?actor=100%25_match")).at("changes").as_array().empty());
  expect_error(get("/v1/changes?actor="), 400, "bad_request", "actor");

  // A bearer token needs no CSRF header.
  auto by_token = send_as(coordinator(), "PUT", "/v1/staff/" + std::to_string(bob.id) + "/access",
                          "{\"access\":\"none\"}", "application/json");
  ASSERT_TRUE(by_token);
  EXPECT_EQ(by_token->status, 200);
}

TEST_P(SignInTest, AViewerReadsButMayNotWriteAndNoneSeesOnlyTheSession) {
  const Staff alice = person(), bob = person(1);
  set_access(alice, ConsoleAccess::kViewer);
  const std::string cookie = sign_in(alice);
  const std::string csrf(session_of(cookie).at("csrf_token").as_string());
  EXPECT_EQ(session_of(cookie).at("access").as_string(), "viewer");
  EXPECT_EQ(client().Get("/v1/staff", with_cookie(cookie))->status, 200);
  const std::string before = everything();
  expect_error(put_access(cookie, csrf, bob.id, "coordinator"), 403, "forbidden");
  EXPECT_EQ(everything(), before);

  set_access(alice, ConsoleAccess::kNone);
  EXPECT_EQ(session_of(cookie).at("access").as_string(), "self");
  expect_error(client().Get("/v1/staff", with_cookie(cookie)), 403, "forbidden");
}

TEST_P(SignInTest, SignOutAndRevokeEndTheSession) {
  const Staff alice = person();
  const std::string cookie = sign_in(alice);
  const std::string csrf(session_of(cookie).at("csrf_token").as_string());
  expect_error(client().Delete("/v1/session", with_cookie(cookie)), 403, "forbidden");
  auto signed_out = client().Delete("/v1/session", with_cookie(cookie, csrf));
  ASSERT_TRUE(signed_out);
  EXPECT_EQ(signed_out->status, 204);
  EXPECT_THAT(signed_out->get_header_value("Set-Cookie"),
              HasSubstr("caseaudit_session=; Max-Age=0"));
  expect_error(client().Get("/v1/session", with_cookie(cookie)), 401, "unauthorized");

  const std::string second = sign_in(alice);
  ASSERT_FALSE(session_of(second).empty());
  EXPECT_EQ(
      revoke_sessions_of(store(), alice.email, Caller{.actor = "cli:root", .at = clock_.now()}), 1);
  expect_error(client().Get("/v1/session", with_cookie(second)), 401, "unauthorized");
  expect_error(client().Get("/v1/session"), 401, "unauthorized");
  // A bearer token is not a session.
  expect_error(get("/v1/session"), 401, "unauthorized");
}

TEST_P(SignInTest, ASessionEndsWhenIdleOrAtItsLifetimeAndUseKeepsItAlive) {
  const Staff alice = person();
  set_access(alice, ConsoleAccess::kViewer);
  const std::string cookie = sign_in(alice);
  const Instant start = clock_.now();
  clock_.set(start + std::chrono::minutes(90));
  ASSERT_FALSE(session_of(cookie).empty());  // refreshes last_seen_at
  const auto stored = [&] {
    return in_tx([](Transaction& tx) { return tx.sign_in().sessions(); }).front();
  };
  EXPECT_EQ(stored().last_seen_at, start + std::chrono::minutes(90));
  clock_.set(start + std::chrono::minutes(90) + std::chrono::seconds(30));
  ASSERT_FALSE(session_of(cookie).empty());  // less than a minute: no write
  EXPECT_EQ(stored().last_seen_at, start + std::chrono::minutes(90));
  clock_.set(start + std::chrono::minutes(200));
  ASSERT_FALSE(session_of(cookie).empty());
  clock_.set(start + std::chrono::minutes(200) + std::chrono::hours(2));
  expect_error(client().Get("/v1/session", with_cookie(cookie)), 401, "unauthorized");

  const std::string fresh = sign_in(alice);
  for (int hour = 1; hour < 10; ++hour) {
    clock_.set(clock_.now() + std::chrono::hours(1));
    ASSERT_FALSE(session_of(fresh).empty()) << hour;
  }
  clock_.set(clock_.now() + std::chrono::hours(1));
  expect_error(client().Get("/v1/session", with_cookie(fresh)), 401, "unauthorized");
}

TEST_P(SignInTest, RequestsAreLimitedPerAddressAndCounted) {
  const Staff alice = person();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ask_link(alice.email)->status, 200) << i;
  auto throttled = ask_link(alice.email);
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  expect_page_headers(throttled);
  EXPECT_EQ(sign_in_mail().size(), 5u);
  // An unknown address is limited the same way.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ask_link("nobody@example.org")->status, 200) << i;
  EXPECT_EQ(ask_link("nobody@example.org")->status, 429);
  EXPECT_EQ(ask_link("bad address")->status, 422);

  confirm(newest_token());
  auto metrics = get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("caseaudit_sign_ins_total{outcome=\"requested\"} 10"));
  EXPECT_THAT(metrics->body, HasSubstr("caseaudit_sign_ins_total{outcome=\"throttled\"} 2"));
  EXPECT_THAT(metrics->body, HasSubstr("caseaudit_sign_ins_total{outcome=\"signed_in\"} 1"));
  EXPECT_THAT(metrics->body, HasSubstr("caseaudit_sign_ins_total{outcome=\"refused_used\"} 0"));
}

INSTANTIATE_TEST_SUITE_P(Backends, SignInTest, ::testing::ValuesIn(api_backends()),
                         api_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
