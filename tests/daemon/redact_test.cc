#include "daemon/redact.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/stat.h>

#include <cstdlib>
#include <sstream>

#include "daemon/logging.h"
#include "daemon/redacting_sink.h"

namespace caseaudit::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RedactUrlPassword, ReplacesOnlyThePassword) {
  EXPECT_EQ(redact_url_password("postgresql://u:secret@127.0.0.1:1/x"),
            "postgresql://u:********@127.0.0.1:1/x");
  EXPECT_EQ(redact_url_password("smtps://relay:p%40ss@mail:465"),
            "smtps://relay:********@mail:465");
}

TEST(RedactUrlPassword, AnUnencodedAtInThePasswordIsStillHidden) {
  EXPECT_EQ(redact_url_password("postgresql://u:pa@ss@db/x"), "postgresql://u:********@db/x");
}

TEST(RedactUrlPassword, UrlsWithoutPasswordAreUnchanged) {
  EXPECT_EQ(redact_url_password("sqlite:/var/lib/caseaudit/caseaudit.db"),
            "sqlite:/var/lib/caseaudit/caseaudit.db");
  EXPECT_EQ(redact_url_password("postgresql://u@db:5432/x"), "postgresql://u@db:5432/x");
  EXPECT_EQ(redact_url_password("postgresql://db/x?user=a:b@c"), "postgresql://db/x?user=a:b@c");
}

TEST(SecretsOf, CollectsRawAndDecodedPasswords) {
  Config config;
  config.database.url = "postgresql://u:p%40ss@db/x";
  config.mail.smtp.password = "smtp-secret";
  std::vector<std::string> secrets = secrets_of(config);
  EXPECT_THAT(secrets, ::testing::UnorderedElementsAre("p%40ss", "p@ss", "smtp-secret"));
}

TEST(RedactSecrets, ReplacesEveryOccurrenceLongestFirst) {
  EXPECT_EQ(redact_secrets("a secret and a secretive secret", {"secret", "secretive"}),
            "a ******** and a ******** ********");
  EXPECT_EQ(redact_secrets("nothing here", {}), "nothing here");
}

TEST(RedactingSink, NoSecretReachesTheOutput) {
  std::ostringstream written;
  auto inner = std::make_shared<spdlog::sinks::ostream_sink_mt>(written);
  auto sink = std::make_shared<RedactingSink>(inner, std::vector<std::string>{"hunter2"});
  spdlog::logger logger("test", sink);
  logger.set_pattern("%v");
  logger.info("connecting with password hunter2 to db");
  EXPECT_EQ(written.str(), "connecting with password ******** to db\n");

  sink->set_secrets({"swordfish"});
  logger.info("now swordfish, then hunter2");
  EXPECT_THAT(written.str(), HasSubstr("now ********, then hunter2"));
  EXPECT_THAT(written.str(), Not(HasSubstr("swordfish")));
}

TEST(RedactLinkTokens, EveryActionLinkTokenIsReplaced) {
  const std::string token = "act_Zq3-x_9AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
  EXPECT_EQ(redact_link_tokens("POST /act/" + token + " from 10.0.0.1: boom"),
            "POST /act/act_******** from 10.0.0.1: boom");
  EXPECT_EQ(redact_link_tokens("a=" + token + "&b=" + token), "a=act_********&b=act_********");
  // Words that merely contain "act_", and short tails, are left alone.
  EXPECT_EQ(redact_link_tokens("contact_name act_short impact_follow_up"),
            "contact_name act_short impact_follow_up");
  EXPECT_EQ(redact_link_tokens(""), "");
}

TEST(RedactingSink, NoActionLinkTokenReachesTheOutputEvenWithoutSecrets) {
  std::ostringstream written;
  auto inner = std::make_shared<spdlog::sinks::ostream_sink_mt>(written);
  auto sink = std::make_shared<RedactingSink>(inner, std::vector<std::string>{});
  spdlog::logger logger("test", sink);
  logger.set_pattern("%v");
  logger.error("GET /act/act_Zq3x9AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 from 127.0.0.1: failed");
  EXPECT_EQ(written.str(), "GET /act/act_******** from 127.0.0.1: failed\n");
}

TEST(StderrIsJournal, OnlyWhenJournalStreamNamesStderr) {
  struct stat status {};
  ASSERT_EQ(fstat(2, &status), 0);
  std::string mine = std::to_string(status.st_dev) + ":" + std::to_string(status.st_ino);
  ::setenv("JOURNAL_STREAM", mine.c_str(), 1);
  EXPECT_TRUE(stderr_is_journal());
  // Inherited by a process whose stderr went elsewhere.
  ::setenv("JOURNAL_STREAM", "1:2", 1);
  EXPECT_FALSE(stderr_is_journal());
  ::unsetenv("JOURNAL_STREAM");
  EXPECT_FALSE(stderr_is_journal());
}

TEST(LoggablePath, KeepsWordsAndIdsAndHidesAnythingElse) {
  EXPECT_EQ(loggable_path("/v1/actions/376/complete"), "/v1/actions/376/complete");
  EXPECT_EQ(loggable_path("/healthz"), "/healthz");
  EXPECT_EQ(loggable_path("/"), "/");
  EXPECT_EQ(loggable_path(""), "*");
  // A sign-in link's secret or a token pasted into a path never reaches the log.
  EXPECT_EQ(loggable_path("/sign-in/Zq3xT9mK2pL8vR4wN6yB1cD5"), "/sign-in/*");
  EXPECT_EQ(loggable_path("/v1/cat_0123456789abcdefABCDEF"), "/v1/*");
  EXPECT_EQ(loggable_path("/v1/" + std::string(25, 'a')), "/v1/*");
  EXPECT_EQ(loggable_path("/v1/1234567890123456789"), "/v1/*");  // 19 digits: not an id
  // Bytes a client sent that would forge or garble a log line.
  EXPECT_EQ(loggable_path("/v1/x\nINFO forged"), "/v1/*");
  EXPECT_EQ(loggable_path("/v1/Staff"), "/v1/*");
}

}  // namespace
}  // namespace caseaudit::daemon
