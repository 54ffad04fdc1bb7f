// Sign-in for people (daemon/service/sign_in.h, sessions.h), called directly.
#include "daemon/service/sign_in.h"

#include "daemon/service/sessions.h"
#include "daemon/service/token_secret.h"
#include "tests/daemon/service/service_fixture.h"

namespace caseaudit::daemon::testing {
namespace {

using ::testing::HasSubstr;

class SignInServiceTest : public ServiceTest {
 protected:
  Staff active(int nth = 0) {
    int seen = 0;
    for (const Staff& staff : org().staff) {
      if (staff.active && seen++ == nth) return staff;
    }
    throw std::runtime_error("no active staff");
  }
  // Requests a link and returns its token, read from the email.
  std::string request(const std::string& email) {
    const SignInMail mail{.templates = templates_,
                          .zone = services().zone,
                          .signature = "QA",
                          .public_url = "http://127.0.0.1:8080/"};
    if (!request_sign_in(store(), mail, policy_, email, "/console", caller())) return {};
    const auto messages = in_tx([](Transaction& tx) { return tx.outbox().messages(std::nullopt); });
    const std::string& text = messages.back().text_body;
    const std::string marker = "http://127.0.0.1:8080/sign-in/confirm?token=";
    const auto at = text.find(marker);
    if (at == std::string::npos) return {};
    return text.substr(at + marker.size(), 4 + 43);
  }

  notifier::TemplateSet templates_ = notifier::TemplateSet::defaults();
  SignInPolicy policy_;
};

TEST_P(SignInServiceTest, ARequestStoresTheHashAndEnqueuesTheEmailInOneTransaction) {
  const Staff alice = active();
  std::string upper = alice.email;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string token = request(upper);
  ASSERT_EQ(token.size(), 47u);
  const auto link =
      in_tx([&](Transaction& tx) { return tx.sign_in().find_link(hash_token_secret(token)); });
  ASSERT_TRUE(link);
  EXPECT_EQ(link->staff_id, alice.id);
  EXPECT_EQ(link->expires_at, clock_.now() + std::chrono::minutes(15));
  expect_logged("staff", "sign_in.request", std::to_string(alice.id));
  EXPECT_EQ(fingerprint().find(token), std::string::npos);
  const auto mail =
      in_tx([](Transaction& tx) { return tx.outbox().messages(std::nullopt); }).back();
  EXPECT_EQ(mail.rule, "sign_in_link");
  EXPECT_EQ(mail.recipient_email, alice.email);
  EXPECT_THAT(mail.html_body, HasSubstr("expires in 15 minutes"));
}

TEST_P(SignInServiceTest, UnknownAndInactiveAddressesWriteNothing) {
  const std::string before = fingerprint();
  EXPECT_TRUE(request("nobody@example.org").empty());
  int inactive = 0;
  for (const Staff& staff : org().staff) {
    if (!staff.active && inactive++ < 3) {
      EXPECT_TRUE(request(staff.email).empty()) << staff.email;
    }
  }
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(SignInServiceTest, ALinkSignsInOnceBeforeItExpires) {
  const Staff alice = active();
  set_console_access(store(), alice.id, ConsoleAccess::kViewer, caller());
  expect_logged("staff", "staff.access", std::to_string(alice.id));
  const std::string token = request(alice.email);
  const SignInOutcome first = confirm_sign_in(store(), policy_, token, clock_.now());
  ASSERT_TRUE(first.signed_in);
  EXPECT_EQ(first.signed_in->access, ConsoleAccess::kViewer);
  EXPECT_EQ(first.signed_in->return_to, "/console");
  EXPECT_EQ(first.signed_in->session.expires_at, clock_.now() + std::chrono::hours(10));
  EXPECT_EQ(changes_of("session")[0].actor, "person:" + alice.email);
  const SignInOutcome second = confirm_sign_in(store(), policy_, token, clock_.now());
  EXPECT_FALSE(second.signed_in);
  EXPECT_EQ(second.refusal, SignInRefusal::kUsed);
  EXPECT_EQ(confirm_sign_in(store(), policy_, "sil_unknown", clock_.now()).refusal,
            SignInRefusal::kUnknown);
  const std::string late = request(alice.email);
  const std::string before = fingerprint();
  EXPECT_EQ(
      confirm_sign_in(store(), policy_, late, clock_.now() + std::chrono::minutes(15)).refusal,
      SignInRefusal::kExpired);
  EXPECT_EQ(fingerprint(), before);

  // The session: valid, idle after two hours, revoked by email.
  const std::string secret = first.signed_in->secret;
  const auto check = [&](Instant at) {
    return in_tx(
        [&](Transaction& tx) { return check_session(tx, secret, at, policy_.session_idle); });
  };
  EXPECT_EQ(check(clock_.now()).state, SessionState::kValid);
  EXPECT_EQ(check(clock_.now() + std::chrono::hours(2)).state, SessionState::kIdle);
  touch_session(store(), first.signed_in->session.id, clock_.now() + std::chrono::hours(1));
  EXPECT_EQ(check(clock_.now() + std::chrono::hours(2)).state, SessionState::kValid);
  EXPECT_EQ(check(clock_.now() + std::chrono::hours(10)).state, SessionState::kExpired);
  EXPECT_EQ(revoke_sessions_of(store(), alice.email, caller()), 1);
  expect_logged("session", "session.revoke", std::to_string(first.signed_in->session.id));
  EXPECT_EQ(check(clock_.now()).state, SessionState::kRevoked);
  expect_refused<NotFound>([&] { revoke_session(store(), first.signed_in->session.id, caller()); },
                           "id");
  expect_refused<NotFound>(
      [&] { set_console_access(store(), "nobody@example.org", ConsoleAccess::kViewer, caller()); },
      "email");
}

TEST_P(SignInServiceTest, AReturnAddressMustBeARelativePath) {
  EXPECT_EQ(safe_return_to("/console/audits?month=2027-01"), "/console/audits?month=2027-01");
  EXPECT_EQ(safe_return_to(""), "/");
  EXPECT_EQ(safe_return_to("//evil.example.org"), "/");
  EXPECT_EQ(safe_return_to("https://evil.example.org"), "/");
  EXPECT_EQ(safe_return_to("/\\evil.example.org"), "/");
  EXPECT_EQ(safe_return_to("/a\nb"), "/");
}

INSTANTIATE_TEST_SUITE_P(Backends, SignInServiceTest, ::testing::ValuesIn(service_backends()),
                         service_backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
