// `caseaudit doctor` as the real binary (issue 13: check-config tried neither
// the database nor the relay): against real SMTP servers on loopback, one
// with STARTTLS and a test CA, one without, and a SQLite state directory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "tests/daemon/child_process.h"
#include "tests/notifier/smtp_sink.h"

namespace caseaudit::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;
using notifier::testing::SmtpSink;

class DoctorTest : public ::testing::Test {
 protected:
  DoctorTest() {
    std::filesystem::create_directories(state_);
    std::filesystem::create_directories(sink_dir_);
    std::ofstream(temp_.path() / "smtp-password") << "Relay-Secret-77\n";
  }

  void write_config(const std::string& body) {
    std::ofstream(config_path()) << body << "\n[state]\ndirectory = \"" << state_.string()
                                 << "\"\n";
  }
  std::filesystem::path config_path() const { return temp_.path() / "caseaudit.toml"; }

  Result doctor(std::map<std::string, std::string> env = {}) {
    ChildProcess child(caseaudit_binary(), {"--config", config_path().string(), "doctor"}, env,
                       temp_.path());
    return finish(child, 60s);
  }

  static bool has_line_starting(const std::string& text, const std::string& start) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with(start)) return true;
    }
    return false;
  }

  TempDirectory temp_;
  std::filesystem::path state_ = temp_.path() / "state";
  std::filesystem::path sink_dir_ = temp_.path() / "sink";
};

TEST_F(DoctorTest, EveryCheckPassesAgainstATlsRelayWithATestCaAndNoMailIsSent) {
  const auto ca = notifier::testing::make_test_ca(temp_.path());
  SmtpSink sink(notifier::testing::free_port(), sink_dir_,
                {.tls_cert = ca.cert.string(),
                 .tls_key = ca.key.string(),
                 .auth = "qa-relay:Relay-Secret-77"});
  write_config("[mail]\ntransport = \"smtp\"\n[mail.smtp]\nurl = \"" + sink.url() +
               "\"\nusername = \"qa-relay\"\npassword_file = \"smtp-password\"\nca_file = \"" +
               ca.ca.string() + "\"\n");
  const Result result = doctor({{"CREDENTIALS_DIRECTORY", temp_.path().string()}});
  EXPECT_EQ(result.status, 0) << result.out << result.err;
  for (const char* check :
       {"config", "state directory", "database", "mail relay", "templates", "unit network"}) {
    EXPECT_TRUE(has_line_starting(result.out, std::string("ok    ") + check + ":")) << check << "\n"
                                                                                    << result.out;
  }
  EXPECT_THAT(result.out, HasSubstr("TLS"));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("Relay-Secret-77")));
  const auto commands = sink.commands();
  EXPECT_TRUE(std::count(commands.begin(), commands.end(), "AUTH ok") == 1)
      << ::testing::PrintToString(commands);
  EXPECT_TRUE(std::none_of(commands.begin(), commands.end(), [](const std::string& line) {
    return line.starts_with("MAIL");
  })) << ::testing::PrintToString(commands);
  EXPECT_TRUE(sink.messages().empty());
}

TEST_F(DoctorTest, ARelayWithoutStarttlsFailsWithWhatToDo) {
  SmtpSink sink(notifier::testing::free_port(), sink_dir_);  // offers no STARTTLS
  write_config("[mail]\ntransport = \"smtp\"\n[mail.smtp]\nurl = \"" + sink.url() + "\"\n");
  const Result result = doctor();
  EXPECT_EQ(result.status, 1) << result.out << result.err;
  EXPECT_TRUE(has_line_starting(result.out, "FAIL  mail relay:")) << result.out;
  EXPECT_THAT(result.out, HasSubstr("does not offer STARTTLS"));
  EXPECT_TRUE(has_line_starting(result.out, "      fix: ")) << result.out;
  // The other checks still run and pass.
  EXPECT_TRUE(has_line_starting(result.out, "ok    database:")) << result.out;
  EXPECT_TRUE(has_line_starting(result.out, "ok    templates:")) << result.out;
}

TEST_F(DoctorTest, AMissingStateDirectoryAndAnUnreachableDatabaseFail) {
  write_config("[database]\nurl = \"postgresql://caseaudit:pw@127.0.0.1:" +
               std::to_string(notifier::testing::free_port()) + "/caseaudit\"\n");
  std::filesystem::remove_all(state_);
  const Result result = doctor();
  EXPECT_EQ(result.status, 1) << result.out << result.err;
  EXPECT_TRUE(has_line_starting(result.out, "FAIL  state directory:")) << result.out;
  EXPECT_TRUE(has_line_starting(result.out, "FAIL  database:")) << result.out;
  EXPECT_THAT(result.out, Not(HasSubstr(":pw@")));
  EXPECT_FALSE(std::filesystem::exists(state_)) << "doctor changes nothing";
}

TEST_F(DoctorTest, AConfigurationThatDoesNotReadIsTheFirstFailure) {
  write_config("[mail.smtp]\nurl = \"smtp://relay.council.gov.uk:25\"\ntls = \"none\"\n");
  const Result result = doctor();
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  EXPECT_TRUE(has_line_starting(result.out, "FAIL  config:")) << result.out;
  EXPECT_THAT(result.out, HasSubstr("mail.smtp.tls"));
}

}  // namespace
}  // namespace caseaudit::testing
