#include "daemon/commands.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "daemon/logging.h"
#include "daemon/redact.h"

namespace caseaudit::daemon {

CommandContext::CommandContext(std::string command,
                               std::optional<std::filesystem::path> config_path,
                               std::vector<std::string> args, std::ostream& out)
    : config_path_(choose_config_path(config_path)),
      environment_(ConfigEnvironment::from_process()),
      args_(std::move(command), std::move(args)),
      out_(out) {}

const Config& CommandContext::config() {
  if (!config_) {
    config_ = load_config_or_defaults(config_path_, environment_);
    init_logging(config_->log.level, secrets_of(*config_));
  }
  return *config_;
}

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
      serve_command(),           migrate_command(),        check_config_command(),
      doctor_command(),          demo_data_command(),      allocate_command(),
      pairings_rotate_command(), close_month_command(),    run_due_command(),
      token_create_command(),    token_list_command(),     token_revoke_command(),
      session_list_command(),    session_revoke_command(), staff_access_command(),
      links_revoke_command(),    backup_command(),         restore_command(),
      unit_network_command(),    version_command(),
  };
  return commands;
}

namespace {

std::vector<std::string_view> split_words(std::string_view name) {
  std::vector<std::string_view> words;
  while (!name.empty()) {
    std::size_t space = name.find(' ');
    words.push_back(name.substr(0, space));
    name = space == std::string_view::npos ? std::string_view() : name.substr(space + 1);
  }
  return words;
}

}  // namespace

const Command* find_command(const std::vector<Command>& commands,
                            const std::vector<std::string>& words, std::size_t* name_words) {
  const Command* best = nullptr;
  std::size_t best_words = 0;
  for (const Command& command : commands) {
    std::vector<std::string_view> name = split_words(command.name);
    bool matches =
        name.size() <= words.size() && std::equal(name.begin(), name.end(), words.begin());
    if (matches && name.size() > best_words) {
      best = &command;
      best_words = name.size();
    }
  }
  if (name_words != nullptr) *name_words = best_words;
  return best;
}

}  // namespace caseaudit::daemon
