// Splitting argv into the global options and the command words.
//
//   caseaudit [--config FILE] [--help] [<command words> [command options]]
//
// Global options come before the command; everything from the first word
// that is not a global option on belongs to the command.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/clock.h"
#include "scheduler/errors.h"

namespace date {
class time_zone;
}

namespace caseaudit::daemon {

// A bad command line; the message says what and how to get help.
class UsageError : public InputError {
 public:
  using InputError::InputError;
};

struct CommandLine {
  std::optional<std::filesystem::path> config_path;
  bool help = false;
  std::vector<std::string> words;  // e.g. {"demo-data", "--seed", "7"}
};

// Throws UsageError for an unknown global option or a missing FILE.
CommandLine parse_command_line(int argc, const char* const argv[]);

// Reads command options out of a command's argument list: options are
// "--name VALUE" or "--name=VALUE"; anything left at the end is an error.
class CommandArgs {
 public:
  CommandArgs(std::string command, std::vector<std::string> args)
      : command_(std::move(command)), args_(std::move(args)) {}

  // Removes and returns the value of option `name` ("--seed"), if present.
  // Throws UsageError when the value is missing.
  std::optional<std::string> take_option(std::string_view name);
  // Removes option `name` and parses its value as a whole number (a seed).
  // Throws UsageError naming the command, the option and the value.
  std::optional<std::uint64_t> take_unsigned(std::string_view name);
  // Removes a flag ("--help"), returning whether it was present.
  bool take_flag(std::string_view name);
  // Removes and returns the first argument that is not an option ("--..."):
  // take the options first, so that their values are gone. nullopt if none.
  std::optional<std::string> take_positional();
  // Throws UsageError naming the first argument nobody took.
  void expect_no_more() const;

 private:
  std::string command_;
  std::vector<std::string> args_;
};

// "2027-01-29T09:00", a local time in `zone`, as the instant it names.
// Throws UsageError naming `command` and `option` for anything else.
Instant parse_local_instant(const std::string& text, const date::time_zone* zone,
                            std::string_view command, std::string_view option);

}  // namespace caseaudit::daemon
