#include "daemon/command_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "daemon/commands.h"
#include "daemon/exit_codes.h"

namespace caseaudit::daemon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

CommandLine parse(std::vector<const char*> args) {
  args.insert(args.begin(), "caseaudit");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(ParseCommandLine, NoArgumentsMeansServeWithDefaults) {
  CommandLine line = parse({});
  EXPECT_FALSE(line.config_path);
  EXPECT_FALSE(line.help);
  EXPECT_TRUE(line.words.empty());
}

TEST(ParseCommandLine, ConfigInBothSpellings) {
  EXPECT_EQ(parse({"--config", "/x.toml", "migrate"}).config_path, "/x.toml");
  EXPECT_EQ(parse({"--config=/y.toml"}).config_path, "/y.toml");
  EXPECT_THAT(parse({"-c", "/z.toml", "demo-data", "--seed", "3"}).words,
              ElementsAre("demo-data", "--seed", "3"));
}

TEST(ParseCommandLine, BadGlobalOptions) {
  EXPECT_THROW(parse({"--config"}), UsageError);
  EXPECT_THROW(parse({"--config="}), UsageError);
  EXPECT_THROW(parse({"--verbose", "serve"}), UsageError);
}

TEST(CommandArgs, TakesOptionsAndRejectsLeftovers) {
  CommandArgs args("demo-data", {"--seed", "7", "--flag"});
  EXPECT_EQ(args.take_option("--seed"), "7");
  EXPECT_FALSE(args.take_option("--seed"));
  EXPECT_THROW(args.expect_no_more(), UsageError);
  EXPECT_TRUE(args.take_flag("--flag"));
  EXPECT_NO_THROW(args.expect_no_more());

  CommandArgs equals("demo-data", {"--seed=9"});
  EXPECT_EQ(equals.take_option("--seed"), "9");

  CommandArgs missing("demo-data", {"--seed"});
  EXPECT_THROW(missing.take_option("--seed"), UsageError);
}

TEST(FindCommand, EveryRegisteredCommandIsFound) {
  for (const Command& command : all_commands()) {
    std::vector<std::string> words;
    std::istringstream name(command.name);
    for (std::string word; name >> word;) words.push_back(word);
    std::size_t name_words = words.size();
    words.push_back("--extra");
    std::size_t used = 0;
    EXPECT_EQ(find_command(all_commands(), words, &used), &command) << command.name;
    EXPECT_EQ(used, name_words) << command.name;
  }
  std::size_t used = 0;
  EXPECT_EQ(find_command(all_commands(), {"frobnicate"}, &used), nullptr);
  EXPECT_EQ(find_command(all_commands(), {}, &used), nullptr);
}

TEST(FindCommand, TheLongestMultiWordNameWins) {
  std::vector<Command> commands = {
      {.name = "pairings"}, {.name = "pairings rotate"}, {.name = "token create"}};
  std::size_t used = 0;
  EXPECT_EQ(find_command(commands, {"pairings", "rotate", "--month", "2027-02"}, &used),
            &commands[1]);
  EXPECT_EQ(used, 2u);
  EXPECT_EQ(find_command(commands, {"pairings", "--month", "2027-02"}, &used), &commands[0]);
  EXPECT_EQ(used, 1u);
  EXPECT_EQ(find_command(commands, {"token"}, &used), nullptr);
  EXPECT_EQ(find_command(commands, {"token", "revoke"}, &used), nullptr);
}

int run(std::vector<const char*> args, std::string* out, std::string* err) {
  args.insert(args.begin(), "caseaudit");
  std::ostringstream out_stream;
  std::ostringstream err_stream;
  int status = run_cli(static_cast<int>(args.size()), args.data(), out_stream, err_stream);
  *out = out_stream.str();
  *err = err_stream.str();
  return status;
}

TEST(RunCli, HelpListsEveryCommand) {
  std::string out, err;
  EXPECT_EQ(run({"--help"}, &out, &err), kExitOk);
  for (const Command& command : all_commands()) EXPECT_THAT(out, HasSubstr(command.name));
  EXPECT_THAT(out, HasSubstr("Exit status"));
}

TEST(RunCli, CommandHelp) {
  std::string out, err;
  EXPECT_EQ(run({"demo-data", "--help"}, &out, &err), kExitOk);
  EXPECT_THAT(out, HasSubstr("usage: caseaudit [--config FILE] demo-data [--seed N]"));
}

TEST(RunCli, UnknownCommandIsAUsageErrorOnOneLine) {
  std::string out, err;
  EXPECT_EQ(run({"frobnicate"}, &out, &err), kExitUsage);
  EXPECT_EQ(err, "caseaudit: unknown command \"frobnicate\" (see caseaudit --help)\n");
}

TEST(RunCli, MissingConfigFileIsAConfigError) {
  std::string out, err;
  EXPECT_EQ(run({"--config", "/nonexistent/caseaudit.toml", "check-config"}, &out, &err),
            kExitUsage);
  EXPECT_EQ(
      err,
      "caseaudit: config /nonexistent/caseaudit.toml: cannot read: No such file or directory\n");
}

}  // namespace
}  // namespace caseaudit::daemon
