// The commands of `caseaudit` and how they are found.
//
// A command is one or more words ("serve", "pairings rotate") with its own
// options. Adding one: write command_<name>.cc defining its run_<name>(),
// declare it below, and give it a row (name, synopsis, summary, function) in
// all_commands()'s table in commands.cc.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/command_line.h"
#include "daemon/config.h"

namespace caseaudit::daemon {

// What a command runs with. Not thread-safe; lives for one command.
class CommandContext {
 public:
  CommandContext(std::string command, std::optional<std::filesystem::path> config_path,
                 std::vector<std::string> args, std::ostream& out);

  // The configuration, read on first use (from --config, $CASEAUDIT_CONFIG or
  // /etc/caseaudit/caseaudit.toml); also starts logging at its level. Throws
  // ConfigError.
  const Config& config();
  bool config_loaded() const { return config_.has_value(); }
  // The file config() reads, if any.
  const std::optional<std::filesystem::path>& config_path() const { return config_path_; }
  const ConfigEnvironment& environment() const { return environment_; }

  CommandArgs& args() { return args_; }
  // Where results go (stdout); logs and errors go elsewhere.
  std::ostream& out() { return out_; }

 private:
  std::optional<std::filesystem::path> config_path_;
  ConfigEnvironment environment_;
  std::optional<Config> config_;
  CommandArgs args_;
  std::ostream& out_;
};

struct Command {
  std::string name;      // "serve", "pairings rotate"
  std::string synopsis;  // options after the name: "[--seed N]"
  std::string summary;   // one line, for --help
  // Returns the exit status; throws InputError (exit 2) or RuntimeFailure
  // (exit 1) with a one-line message.
  std::function<int(CommandContext&)> run;
};

// What each command runs (daemon/command_<name>.cc): returns the exit status;
// throws InputError (exit 2) or RuntimeFailure (exit 1) with a one-line message.
int run_serve(CommandContext& context);
int run_migrate(CommandContext& context);
int run_check_config(CommandContext& context);
int run_doctor(CommandContext& context);
int run_demo_data(CommandContext& context);
int run_allocate(CommandContext& context);
int run_pairings_rotate(CommandContext& context);
int run_close_month(CommandContext& context);
int run_run_due(CommandContext& context);
int run_token_create(CommandContext& context);
int run_token_list(CommandContext& context);
int run_token_revoke(CommandContext& context);
int run_session_list(CommandContext& context);
int run_session_revoke(CommandContext& context);
int run_staff_access(CommandContext& context);
int run_links_revoke(CommandContext& context);
int run_backup(CommandContext& context);
int run_restore(CommandContext& context);
int run_unit_network(CommandContext& context);
int run_version(CommandContext& context);

// Every command, in the order --help lists them.
const std::vector<Command>& all_commands();

// The command of `commands` that `words` start with (the longest name that
// matches, so "pairings rotate" wins over "pairings"), and how many words its
// name took; nullptr when none.
const Command* find_command(const std::vector<Command>& commands,
                            const std::vector<std::string>& words, std::size_t* name_words);

// The text of `caseaudit --help`.
std::string usage_text();

// The whole program: parses argv, runs the command, and turns an exception
// into one line "caseaudit: ..." on `err` and an ExitCode.
int run_cli(int argc, const char* const argv[], std::ostream& out, std::ostream& err);

}  // namespace caseaudit::daemon
