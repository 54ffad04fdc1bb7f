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
      // name, synopsis (the options after the name), summary (one line for --help), run
      {"serve", "[--now YYYY-MM-DDTHH:MM]",
       "run the daemon (the default): migrate, serve HTTP, run the schedule; "
       "--now (drills and tests only) starts its clock at that local time",
       run_serve},
      {"migrate", "", "apply pending database migrations, then exit", run_migrate},
      {"check-config", "", "validate the configuration and print it, secrets redacted",
       run_check_config},
      {"doctor", "",
       "check the config, database, mail relay (no mail sent), templates and state "
       "directory",
       run_doctor},
      {"demo-data", "[--seed N] [--month YYYY-MM] [--size m|l] [--history-months N]",
       "migrate, then load a generated demo authority into an empty database", run_demo_data},
      {"allocate",
       "--month YYYY-MM [--dry-run] [--looped|--not-looped] [--seed N] [--json] "
       "[--export-dimacs FILE] "
       "[--pin AUDITOR_EMAIL=CASE_REFERENCE ... --reason TEXT]",
       "allocate a month's audits (ensure mode: adds only what is missing)", run_allocate},
      {"pairings rotate", "--period YYYY-MM [--dry-run] [--json]",
       "rotate auditor-moderator pairings for a period (once per period)", run_pairings_rotate},
      {"close-month", "--month YYYY-MM",
       "close a month: unsubmitted audits become nil returns, chasing stops", run_close_month},
      {"run-due", "--at YYYY-MM-DDTHH:MM [--deliver]",
       "enqueue the reminders due at that local time (and optionally deliver them)", run_run_due},
      {"token create", "--name NAME --role coordinator|viewer [--expires 90d]",
       "create an API token (printed once; only its hash is stored)", run_token_create},
      {"token list", "[--json]", "list API tokens (names, roles, expiry; never secrets)",
       run_token_list},
      {"token revoke", "--name NAME", "revoke an API token at once", run_token_revoke},
      {"session list", "[--json]",
       "list people's sign-in sessions (who, when, state; never secrets)", run_session_list},
      {"session revoke", "ID | --email EMAIL",
       "end a sign-in session, or every session of one person, at once", run_session_revoke},
      {"staff access", "EMAIL coordinator|viewer|none",
       "set a person's console access (none: their own items only)", run_staff_access},
      {"links revoke", "--audit ID | --action ID | --concern ID",
       "withdraw the unused links in emails to act on one audit, action or concern",
       run_links_revoke},
      {"backup", "--to FILE",
       "copy the SQLite database to a new FILE, consistent while serve runs "
       "(PostgreSQL: pg_dump, see docs/operations.md)",
       run_backup},
      {"restore", "--from FILE",
       "copy a backup into the configured SQLite database, which must be new or empty "
       "(PostgreSQL: pg_restore)",
       run_restore},
      {"unit-network", "",
       "print the systemd drop-in that lets the unit reach the configured database and "
       "SMTP hosts (IPAddressAllow=)",
       run_unit_network},
      {"version", "", "print the version and the database schema version it needs", run_version},
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
