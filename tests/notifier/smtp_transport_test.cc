// SmtpTransport against a real aiosmtpd on loopback.
#include "notifier/smtp_transport.h"

#include <gtest/gtest.h>

#include <chrono>

#include "scheduler/errors.h"
#include "tests/notifier/smtp_sink.h"

namespace caseaudit::notifier {
namespace {

using namespace std::chrono_literals;
using testing::SmtpSink;
using testing::TempDir;

SmtpConfig loopback_config(const SmtpSink& sink) {
  SmtpConfig config;
  config.url = sink.url();
  config.allow_plaintext = true;  // aiosmtpd here offers no TLS
  config.connect_timeout = 5s;
  config.total_timeout = 20s;
  return config;
}

Email email_to(const std::string& address) {
  Email email;
  email.from = {"Quality Assurance", "qa@council.example"};
  email.to = {{"Sam Taylor", address}};
  email.subject = "Your case file audit for 2027-02: CR-104233";
  email.text_body = "Dear Sam Taylor,\n\nPlease audit CR-104233.\n";
  email.html_body = "<p>Dear Sam Taylor,</p><p>Please audit <b>CR-104233</b>.</p>";
  email.message_id = "caseaudit.1.0011223344556677@council.example";
  email.date = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  email.headers = {{"Auto-Submitted", "auto-generated"}};
  return email;
}

std::string str(const boost::json::value& value) { return std::string(value.as_string()); }

class SmtpTransportTest : public ::testing::Test {
 protected:
  TempDir dir_;
  SmtpSink sink_{testing::free_port(), dir_.path()};
};

TEST_F(SmtpTransportTest, DeliversTextAndHtmlAlternatives) {
  SmtpTransport transport(loopback_config(sink_));
  const Email email = email_to("sam.taylor@council.example");
  const DeliveryResult result = transport.send(email);
  ASSERT_EQ(result.outcome, DeliveryOutcome::kSent) << result.detail;
  EXPECT_EQ(result.smtp_code, 250);
  EXPECT_EQ(result.detail, "250 2.0.0 Message accepted");

  ASSERT_EQ(sink_.messages().size(), 1u);
  const auto parsed = testing::parse_eml(sink_.messages()[0]);
  EXPECT_EQ(str(parsed.at("content_type")), "multipart/alternative");
  EXPECT_EQ(parsed.at("parts"),
            boost::json::parse(R"(["multipart/alternative","text/plain","text/html"])"));
  EXPECT_EQ(str(parsed.at("text")), "Dear Sam Taylor,\n\nPlease audit CR-104233.\n");
  EXPECT_EQ(str(parsed.at("html")), email.html_body);
  EXPECT_EQ(str(parsed.at("message_id")), "<" + email.message_id + ">");
  EXPECT_EQ(str(parsed.at("auto_submitted")), "auto-generated");
  EXPECT_FALSE(str(parsed.at("date")).empty());
  EXPECT_TRUE(parsed.at("defects").as_array().empty()) << parsed.at("defects");
}

TEST_F(SmtpTransportTest, Utf8NamesAndSubjectsRoundTrip) {
  SmtpTransport transport(loopback_config(sink_));
  Email email = email_to("siobhan@council.example");
  email.from.name = "Équipe Qualité, Säo Paulo";
  email.to = {{"Siobhán Ó Súilleabháin", "siobhan@council.example"},
              {"Zoë \"Zo\" Łukasiewicz", "zoe@council.example"}};
  email.subject = "Prüfung fällig: CR-104233 — 締め切り " + std::string(80, 'x');
  email.text_body = "Grüße, Siobhán!\nLine two ünïcödé.\n";
  email.html_body = "<p>Grüße, Siobhán!</p>";
  ASSERT_TRUE(transport.send(email).sent());

  ASSERT_EQ(sink_.messages().size(), 1u);
  const auto parsed = testing::parse_eml(sink_.messages()[0]);
  EXPECT_EQ(str(parsed.at("subject")), email.subject);
  const auto& from = parsed.at("from").as_array().at(0).as_object();
  EXPECT_EQ(str(from.at("name")), email.from.name);
  const auto& to = parsed.at("to").as_array();
  ASSERT_EQ(to.size(), 2u);
  EXPECT_EQ(str(to[0].at("name")), "Siobhán Ó Súilleabháin");
  EXPECT_EQ(str(to[1].at("name")), "Zoë \"Zo\" Łukasiewicz");
  EXPECT_EQ(str(to[1].at("address")), "zoe@council.example");
  EXPECT_EQ(str(parsed.at("text")), email.text_body);
  EXPECT_EQ(str(parsed.at("html")), email.html_body);
  EXPECT_LE(parsed.at("longest_line").as_int64(), 998);
  EXPECT_TRUE(parsed.at("defects").as_array().empty()) << parsed.at("defects");
}

TEST_F(SmtpTransportTest, HundredKibMessageArrivesIntact) {
  SmtpTransport transport(loopback_config(sink_));
  Email email = email_to("sam.taylor@council.example");
  std::string text;
  // Lines starting with '.' test dot-stuffing; long lines test soft breaks.
  for (int line = 0; text.size() < 100 * 1024; ++line) {
    text += (line % 7 == 0 ? "." : "") + std::to_string(line) + " Grüße " +
            std::string(static_cast<std::size_t>(line % 150), 'a' + static_cast<char>(line % 26)) +
            "\n";
  }
  email.text_body = text;
  email.html_body = "<pre>" + text + "</pre>";
  ASSERT_TRUE(transport.send(email).sent());
  const auto parsed = testing::parse_eml(sink_.messages().at(0));
  // Not EXPECT_EQ: a failure would print 200 KiB.
  EXPECT_TRUE(str(parsed.at("text")) == text);
  EXPECT_TRUE(str(parsed.at("html")) == email.html_body);
}

TEST_F(SmtpTransportTest, ReusesTheConnectionForSeveralMessages) {
  SmtpTransport transport(loopback_config(sink_));
  for (int i = 0; i < 3; ++i) {
    Email email = email_to("sam.taylor@council.example");
    email.message_id = "caseaudit." + std::to_string(i) + ".x@council.example";
    ASSERT_TRUE(transport.send(email).sent());
  }
  EXPECT_EQ(sink_.messages().size(), 3u);
  int ehlo = 0;
  for (const std::string& line : sink_.commands()) ehlo += line.starts_with("EHLO") ? 1 : 0;
  EXPECT_EQ(ehlo, 1);
}

TEST_F(SmtpTransportTest, TemporaryRejectionIsTransientWithTheServersAnswer) {
  SmtpTransport transport(loopback_config(sink_));
  const DeliveryResult result = transport.send(email_to("defer451@council.example"));
  EXPECT_EQ(result.outcome, DeliveryOutcome::kTransient);
  EXPECT_EQ(result.smtp_code, 451);
  EXPECT_NE(result.detail.find("451 4.3.0 Try again later"), std::string::npos) << result.detail;
  EXPECT_TRUE(sink_.messages().empty());
}

TEST_F(SmtpTransportTest, PermanentRejectionCarriesTheServersAnswer) {
  SmtpTransport transport(loopback_config(sink_));
  const DeliveryResult result = transport.send(email_to("reject550@council.example"));
  EXPECT_EQ(result.outcome, DeliveryOutcome::kPermanent);
  EXPECT_EQ(result.smtp_code, 550);
  EXPECT_NE(result.detail.find("550 5.1.1 <reject550@council.example>: mailbox unavailable"),
            std::string::npos)
      << result.detail;
  // And the connection is still usable for the next message.
  EXPECT_TRUE(transport.send(email_to("sam.taylor@council.example")).sent());
  EXPECT_EQ(sink_.messages().size(), 1u);
}

TEST_F(SmtpTransportTest, RejectionAtEndOfDataIsPermanent) {
  SmtpTransport transport(loopback_config(sink_));
  const DeliveryResult result = transport.send(email_to("rejectdata@council.example"));
  EXPECT_EQ(result.outcome, DeliveryOutcome::kPermanent);
  EXPECT_EQ(result.smtp_code, 554);
  EXPECT_NE(result.detail.find("554 5.6.0 Message content rejected"), std::string::npos)
      << result.detail;
}

TEST_F(SmtpTransportTest, StarttlsRequiredButNotOfferedSendsNothing) {
  SmtpConfig config = loopback_config(sink_);
  config.allow_plaintext = false;  // the default
  SmtpTransport transport(config);
  const DeliveryResult result = transport.send(email_to("sam.taylor@council.example"));
  EXPECT_EQ(result.outcome, DeliveryOutcome::kTransient);
  EXPECT_TRUE(sink_.messages().empty());
  // The client did talk to the server (so this is not a connection failure),
  // but never got as far as MAIL FROM in clear text.
  const auto commands = sink_.commands();
  ASSERT_FALSE(commands.empty());
  EXPECT_TRUE(commands[0].starts_with("EHLO"));
  for (const std::string& line : commands) {
    EXPECT_FALSE(line.starts_with("MAIL") || line.starts_with("RCPT") || line.starts_with("DATA"))
        << line;
  }
}

TEST(SmtpTransport, StarttlsIsUsedWhenOffered) {
  TempDir dir;
  const auto cert = dir.path() / "cert.pem";
  const auto key = dir.path() / "key.pem";
  if (!testing::make_self_signed(cert, key)) GTEST_SKIP() << "no openssl CLI";
  const auto outdir = dir.path() / "sink";
  std::filesystem::create_directories(outdir);
  SmtpSink sink(testing::free_port(), outdir, {.tls_cert = cert.string(), .tls_key = key.string()});
  SmtpConfig config;
  config.url = sink.url();
  config.ca_file = cert.string();
  config.connect_timeout = 5s;
  config.total_timeout = 20s;
  SmtpTransport transport(config);
  const DeliveryResult result = transport.send(email_to("sam.taylor@council.example"));
  ASSERT_TRUE(result.sent()) << result.detail;
  bool mail_over_tls = false;
  for (const std::string& line : sink.commands()) {
    if (line.starts_with("MAIL")) mail_over_tls = line.ends_with(" tls");
  }
  EXPECT_TRUE(mail_over_tls);
}

TEST(SmtpTransport, NothingListeningIsTransient) {
  SmtpConfig config;
  config.url = "smtp://127.0.0.1:" + std::to_string(testing::free_port());
  config.allow_plaintext = true;
  config.connect_timeout = 2s;
  SmtpTransport transport(config);
  const DeliveryResult result = transport.send(email_to("sam.taylor@council.example"));
  EXPECT_EQ(result.outcome, DeliveryOutcome::kTransient);
  EXPECT_EQ(result.smtp_code, 0);
  EXPECT_FALSE(result.detail.empty());
}

TEST(SmtpTransport, ConfigurationMistakesAreInputErrors) {
  EXPECT_THROW(SmtpTransport({.url = "http://relay.example"}), InputError);
  try {
    SmtpTransport({.url = "smtp://relay.example:25", .allow_plaintext = true});
    ADD_FAILURE() << "plaintext allowed to a remote host";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "smtp.allow_plaintext");
  }
  EXPECT_NO_THROW(SmtpTransport({.url = "smtps://relay.example:465"}));
}

TEST(SmtpTransport, MalformedEmailIsPermanentAndNeverSent) {
  SmtpTransport transport({.url = "smtp://127.0.0.1:9", .allow_plaintext = true});
  Email email = email_to("bad address@council.example");
  const DeliveryResult result = transport.send(email);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kPermanent);
  EXPECT_NE(result.detail.find("bad recipient address"), std::string::npos);
}

TEST(SmtpTransport, FiveHundredsBeforeMailAreNotTheMessagesFault) {
  EXPECT_EQ(classify_smtp_result(0, 250, "DATA", "250 ok", "").outcome, DeliveryOutcome::kSent);
  EXPECT_EQ(classify_smtp_result(67, 535, "AUTH", "535 bad credentials", "Login denied").outcome,
            DeliveryOutcome::kTransient);
  EXPECT_EQ(classify_smtp_result(55, 550, "RCPT", "550 no", "").outcome,
            DeliveryOutcome::kPermanent);
  EXPECT_EQ(classify_smtp_result(8, 554, "EHLO", "554 go away", "").outcome,
            DeliveryOutcome::kTransient);
}

}  // namespace
}  // namespace caseaudit::notifier

namespace caseaudit::notifier {
namespace {

TEST(SmtpTransport, AuthenticatesAndNeverRevealsThePassword) {
  TempDir dir;
  SmtpSink sink(testing::free_port(), dir.path(), {.auth = "qa-relay:s3cret-Pa55"});
  SmtpConfig config{.url = sink.url(), .username = "qa-relay", .password = "s3cret-Pa55"};
  config.allow_plaintext = true;
  config.connect_timeout = 5s;
  EXPECT_TRUE(SmtpTransport(config).send(email_to("sam.taylor@council.example")).sent());

  config.password = "wrong-Pa55word";
  const DeliveryResult refused = SmtpTransport(config).send(email_to("sam.taylor@council.example"));
  EXPECT_EQ(refused.outcome, DeliveryOutcome::kTransient) << "our credentials, not the message";
  EXPECT_EQ(refused.smtp_code, 535) << refused.detail;
  EXPECT_EQ(refused.detail.find("wrong-Pa55word"), std::string::npos) << refused.detail;
  EXPECT_EQ(refused.detail.find("qa-relay"), std::string::npos) << refused.detail;

  EXPECT_EQ(sink.messages().size(), 1u);
  const auto commands = sink.commands();
  EXPECT_EQ(std::count(commands.begin(), commands.end(), "AUTH ok"), 1);
  EXPECT_EQ(std::count(commands.begin(), commands.end(), "AUTH failed"), 1);
}

}  // namespace
}  // namespace caseaudit::notifier

// Issue 13: TLS settings that mean what they say, and a relay that cannot meet
// them reported as a configuration fault, not as "transient 250".
namespace caseaudit::notifier {
namespace {

bool any_line_starts(const std::vector<std::string>& lines, std::string_view verb) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& line) { return line.starts_with(verb); });
}

class TlsRelayTest : public ::testing::Test {
 protected:
  SmtpConfig tls_config(const SmtpSink& sink) const {
    SmtpConfig config;
    config.url = sink.url();
    config.connect_timeout = 5s;
    config.total_timeout = 20s;
    return config;
  }
  TempDir dir_;
  testing::TestCa ca_ = testing::make_test_ca(dir_.path());
  std::filesystem::path outdir_ = [this] {
    std::filesystem::create_directories(dir_.path() / "sink");
    return dir_.path() / "sink";
  }();
  SmtpSink sink_{
      testing::free_port(), outdir_, {.tls_cert = ca_.cert.string(), .tls_key = ca_.key.string()}};
};

TEST(SmtpTlsFault, ARelayWithoutStarttlsIsAConfigurationFaultNotATransient250) {
  TempDir dir;
  SmtpSink sink(testing::free_port(), dir.path());  // offers no STARTTLS
  SmtpTransport transport({.url = sink.url(), .connect_timeout = 5s, .total_timeout = 20s});
  const DeliveryResult result = transport.send(email_to("sam.taylor@council.example"));
  EXPECT_TRUE(result.configuration_fault);
  EXPECT_FALSE(result.sent());
  EXPECT_EQ(result.smtp_code, 0) << "EHLO's 250 says nothing about the failure";
  EXPECT_NE(result.detail.find("does not offer STARTTLS"), std::string::npos) << result.detail;
  EXPECT_FALSE(any_line_starts(sink.commands(), "MAIL"));
}

TEST_F(TlsRelayTest, ATestCaInCaFileVerifiesTheRelayAndMailGoesOverTls) {
  SmtpConfig config = tls_config(sink_);
  config.ca_file = ca_.ca.string();
  const DeliveryResult result = SmtpTransport(config).send(email_to("sam.taylor@council.example"));
  ASSERT_TRUE(result.sent()) << result.detail;
  EXPECT_FALSE(result.configuration_fault);
  EXPECT_TRUE(any_line_starts(sink_.commands(), "MAIL qa@council.example tls"))
      << ::testing::PrintToString(sink_.commands());
}

TEST_F(TlsRelayTest, ACertificateTheSystemStoreDoesNotTrustIsAConfigurationFault) {
  const DeliveryResult result =
      SmtpTransport(tls_config(sink_)).send(email_to("sam.taylor@council.example"));
  EXPECT_FALSE(result.sent());
  EXPECT_TRUE(result.configuration_fault) << result.detail;
  EXPECT_NE(result.detail.find("certificate"), std::string::npos) << result.detail;
  EXPECT_TRUE(sink_.messages().empty());
}

TEST_F(TlsRelayTest, AnUnreadableCaFileIsAConfigurationFault) {
  SmtpConfig config = tls_config(sink_);
  config.ca_file = (dir_.path() / "no-such-ca.pem").string();
  const DeliveryResult result = SmtpTransport(config).send(email_to("sam.taylor@council.example"));
  EXPECT_TRUE(result.configuration_fault) << result.detail;
  EXPECT_TRUE(sink_.messages().empty());
}

TEST_F(TlsRelayTest, PlaintextMeansNoTlsEvenWhenTheRelayOffersIt) {
  SmtpConfig config = tls_config(sink_);
  config.allow_plaintext = true;  // mail.smtp.tls = "none"
  const DeliveryResult result = SmtpTransport(config).send(email_to("sam.taylor@council.example"));
  ASSERT_TRUE(result.sent()) << result.detail;
  EXPECT_TRUE(any_line_starts(sink_.commands(), "MAIL qa@council.example plain"));
}

TEST_F(TlsRelayTest, TheProbeDoesEhloAndTlsAndSendsNoMail) {
  SmtpConfig config = tls_config(sink_);
  config.ca_file = ca_.ca.string();
  const DeliveryResult result = probe_smtp_relay(config);
  ASSERT_TRUE(result.sent()) << result.detail;
  EXPECT_NE(result.detail.find("TLS"), std::string::npos) << result.detail;
  const auto commands = sink_.commands();
  EXPECT_TRUE(any_line_starts(commands, "EHLO")) << ::testing::PrintToString(commands);
  EXPECT_FALSE(any_line_starts(commands, "MAIL")) << ::testing::PrintToString(commands);
  EXPECT_TRUE(sink_.messages().empty());
}

TEST(SmtpTlsFault, TheProbeReportsARelayWithoutStarttlsAsAConfigurationFault) {
  TempDir dir;
  SmtpSink sink(testing::free_port(), dir.path());
  const DeliveryResult result =
      probe_smtp_relay({.url = sink.url(), .connect_timeout = 5s, .total_timeout = 20s});
  EXPECT_FALSE(result.sent());
  EXPECT_TRUE(result.configuration_fault) << result.detail;
  EXPECT_FALSE(any_line_starts(sink.commands(), "MAIL"));
}

TEST(SmtpTlsFault, TheProbeChecksTheLogin) {
  TempDir dir;
  SmtpSink sink(testing::free_port(), dir.path(), {.auth = "qa-relay:s3cret-Pa55"});
  SmtpConfig config{.url = sink.url(), .username = "qa-relay", .password = "wrong"};
  config.allow_plaintext = true;
  config.connect_timeout = 5s;
  const DeliveryResult refused = probe_smtp_relay(config);
  EXPECT_FALSE(refused.sent());
  EXPECT_EQ(refused.smtp_code, 535) << refused.detail;
  config.password = "s3cret-Pa55";
  EXPECT_TRUE(probe_smtp_relay(config).sent());
}

}  // namespace
}  // namespace caseaudit::notifier
