// The commands of `caseaudit` and how they are found.
//
// A command is one or more words ("serve", "pairings rotate") with its own
// options. Adding one: write command_<name>.cc defining a function that
// returns its Command, declare it below, and add it to all_commands() in
// commands.cc.
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

Command serve_command();
Command migrate_command();
Command check_config_command();
Command doctor_command();
Command demo_data_command();
Command version_command();
Command run_due_command();
Command close_month_command();
Command allocate_command();
Command pairings_rotate_command();
Command token_create_command();
Command token_list_command();
Command token_revoke_command();
Command unit_network_command();
Command backup_command();
Command restore_command();
Command session_list_command();
Command session_revoke_command();
Command links_revoke_command();
Command staff_access_command();

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
