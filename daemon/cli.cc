#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <ostream>

#include "daemon/commands.h"
#include "daemon/exit_codes.h"
#include "daemon/redact.h"
#include "daemon/sqlite_serve_lock.h"

namespace caseaudit::daemon {
namespace {

std::string command_usage(const Command& command) {
  return fmt::format("usage: caseaudit [--config FILE] {}{}{}\n{}\n", command.name,
                     command.synopsis.empty() ? "" : " ", command.synopsis, command.summary);
}

int run_command(const CommandLine& line, std::ostream& out,
                std::optional<CommandContext>& context) {
  std::vector<std::string> words = line.words;
  if (words.empty()) {
    if (line.help) {
      out << usage_text();
      return kExitOk;
    }
    words.emplace_back("serve");
  }
  std::size_t name_words = 0;
  const Command* command = find_command(all_commands(), words, &name_words);
  if (command == nullptr) {
    throw UsageError(fmt::format("unknown command \"{}\" (see caseaudit --help)", words.front()));
  }
  std::vector<std::string> args(words.begin() + static_cast<long>(name_words), words.end());
  context.emplace(command->name, line.config_path, std::move(args), out);
  if (line.help || context->args().take_flag("--help")) {
    out << command_usage(*command);
    return kExitOk;
  }
  return command->run(*context);
}

}  // namespace

std::string usage_text() {
  std::string text =
      "usage: caseaudit [--config FILE] [COMMAND [OPTIONS]]\n"
      "\n"
      "Runs the case-file audit programme. Without a command, serves.\n"
      "\n"
      "Commands:\n";
  for (const Command& command : all_commands()) {
    std::string head = command.synopsis.empty()
                           ? command.name
                           : fmt::format("{} {}", command.name, command.synopsis);
    text += fmt::format("  {:<24} {}\n", head, command.summary);
  }
  text +=
      "\n"
      "Options:\n"
      "  --config FILE            configuration (default: $CASEAUDIT_CONFIG, else\n"
      "                           /etc/caseaudit/caseaudit.toml when present, else defaults)\n"
      "  --help                   this text; after a command, that command's usage\n"
      "\n"
      "Exit status: 0 success; 1 runtime failure (database, disk, network);\n"
      "2 bad command line or configuration; 70 internal error;\n"
      "75 the SQLite database is in use by another serve.\n";
  return text;
}

int run_cli(int argc, const char* const argv[], std::ostream& out, std::ostream& err) {
  std::optional<CommandContext> context;
  // A failing command states its reason in one line, with any secret the
  // configuration holds masked, whatever the message came from.
  auto report = [&](std::string_view kind, const std::exception& error) {
    std::vector<std::string> secrets;
    if (context && context->config_loaded()) secrets = secrets_of(context->config());
    std::string message = redact_secrets(error.what(), secrets);
    err << "caseaudit: " << kind << message << std::endl;
  };
  try {
    return run_command(parse_command_line(argc, argv), out, context);
  } catch (const InputError& error) {
    report("", error);
    return kExitUsage;
  } catch (const DatabaseInUse& error) {
    report("", error);
    return kExitDatabaseInUse;
  } catch (const RuntimeFailure& error) {
    report("", error);
    return kExitFailure;
  } catch (const std::exception& error) {
    report("internal error: ", error);
    return kExitSoftware;
  } catch (...) {
    err << "caseaudit: internal error: unknown exception" << std::endl;
    return kExitSoftware;
  }
}

}  // namespace caseaudit::daemon
