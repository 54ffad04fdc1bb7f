// check-config refuses (exit 2, one line naming the key and the rule) every
// value that would stop serve at start, and only those.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/allocation_policy.h"
#include "daemon/commands.h"
#include "daemon/config.h"
#include "daemon/exit_codes.h"
#include "daemon/notifications.h"

namespace caseaudit::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Mailboxes a lax reader took ('@' present, one line) but serve refused,
// and ones both accept.
const std::vector<std::string> kRefusedMailboxes = {"QA <not an@address>",
                                                    "qa team@council.example",
                                                    "@council.example",
                                                    "qa@",
                                                    "QA qa@x.org>",
                                                    "<qa@x.org",
                                                    "a@b@c",
                                                    "Qa <\"q\"@x.org>"};
const std::vector<std::string> kAcceptedMailboxes = {
    "qa@council.example", "QA Team <qa@council.example>", "Quality \"Assurance\" <qa@x.org>"};

Config parse(const std::string& text) { return parse_config(text, "c.toml", ConfigEnvironment{}); }

std::string toml_quoted(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '"' ? std::string("\\\"") : std::string(1, c);
  return "\"" + out + "\"";
}

bool serve_accepts_from(const std::string& from) {
  try {
    parse_mailbox(from);
    return true;
  } catch (const ConfigError&) {
    return false;
  }
}

TEST(CheckConfig, MailFromIsRefusedWhenReadExactlyWhenServeWouldRefuseIt) {
  for (const std::string& from : kRefusedMailboxes) {
    EXPECT_FALSE(serve_accepts_from(from)) << from;
    try {
      parse("[mail]\nfrom = " + toml_quoted(from) + "\n");
      ADD_FAILURE() << "read accepted mail.from " << from;
    } catch (const ConfigError& error) {
      EXPECT_EQ(error.field(), "mail.from");
      EXPECT_THAT(error.what(), HasSubstr("is not an email address")) << from;
    }
  }
  for (const std::string& from : kAcceptedMailboxes) {
    EXPECT_TRUE(serve_accepts_from(from)) << from;
    EXPECT_EQ(parse("[mail]\nfrom = " + toml_quoted(from) + "\n").mail.from, from);
  }
}

TEST(CheckConfig, QaTeamEmailIsRefusedWhenReadExactlyWhenServeWouldRefuseIt) {
  for (const std::string& email : kRefusedMailboxes) {
    const std::string text =
        "[allocation]\nmode = \"approve\"\nqa_team_email = " + toml_quoted(email) + "\n";
    EXPECT_THROW(parse(text), ConfigError) << email;
  }
  for (const std::string& email : kAcceptedMailboxes) {
    Config config =
        parse("[allocation]\nmode = \"approve\"\nqa_team_email = " + toml_quoted(email) + "\n");
    EXPECT_NO_THROW(commit_schedule(config.allocation)) << email;
  }
}

class CheckConfigCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/caseaudit-check-config-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    directory_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  // Runs `caseaudit --config FILE check-config` with `body` as FILE.
  int check(const std::string& body) {
    config_ = directory_ / "caseaudit.toml";
    std::ofstream(config_) << "[state]\ndirectory = "
                           << toml_quoted((directory_ / "state").string()) << "\n"
                           << body;
    const std::string path = config_.string();
    const char* argv[] = {"caseaudit", "--config", path.c_str(), "check-config"};
    std::ostringstream out, err;
    const int status = run_cli(4, argv, out, err);
    out_ = out.str();
    err_ = err.str();
    return status;
  }

  std::filesystem::path directory_, config_;
  std::string out_, err_;
};

TEST_F(CheckConfigCommand, AValidFileIsPrinted) {
  EXPECT_EQ(check("[mail]\nfrom = \"QA <qa@council.example>\"\n"), kExitOk) << err_;
  EXPECT_THAT(out_, HasSubstr("from = \"QA <qa@council.example>\""));
}

TEST_F(CheckConfigCommand, AMailFromServeWouldRefuseIsOneLineNamingTheKey) {
  EXPECT_EQ(check("[mail]\nfrom = \"QA <not an@address>\"\n"), kExitUsage);
  EXPECT_EQ(err_, "caseaudit: config " + config_.string() +
                      ": mail.from: \"QA <not an@address>\" is not an email address (e.g. "
                      "qa-audit@council.gov.uk)\n");
}

TEST_F(CheckConfigCommand, ATemplatesFolderServeCouldNotLoadIsRefused) {
  const std::filesystem::path templates = directory_ / "templates";
  std::filesystem::create_directories(templates);
  std::ofstream(templates / "no_such_kind.subject.mustache") << "x";
  EXPECT_EQ(check("[notifier]\ntemplates = " + toml_quoted(templates.string()) + "\n"), kExitUsage);
  EXPECT_THAT(err_, StartsWith("caseaudit: config " + config_.string() + ": notifier.templates: "));
  EXPECT_EQ(std::count(err_.begin(), err_.end(), '\n'), 1) << err_;
  EXPECT_EQ(
      check("[notifier]\ntemplates = " + toml_quoted((directory_ / "absent").string()) + "\n"),
      kExitUsage);
  EXPECT_THAT(err_, HasSubstr(": notifier.templates: cannot read template folder"));
}

}  // namespace
}  // namespace caseaudit::daemon
