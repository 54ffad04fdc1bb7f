// `caseaudit backup --to FILE` and `caseaudit restore --from FILE`.
#include <fmt/format.h>

#include <ostream>

#include "daemon/commands.h"
#include "daemon/exit_codes.h"
#include "daemon/sqlite_serve_lock.h"
#include "db/database.h"
#include "db/sqlite_backup.h"

namespace caseaudit::daemon {
namespace {

std::string required(CommandArgs& args, std::string_view command, std::string_view option) {
  auto value = args.take_option(option);
  if (!value || value->empty()) {
    throw UsageError(fmt::format("{}: {} FILE is required", command, option));
  }
  return *value;
}

// The SQLite file of the configuration; PostgreSQL has its own tools.
std::filesystem::path sqlite_file(const Config& config, std::string_view command,
                                  std::string_view postgresql_recipe) {
  const db::DatabaseUrl url = db::DatabaseUrl::parse(config.database.url);
  if (url.is_postgresql()) {
    throw UsageError(
        fmt::format("{}: database.url is PostgreSQL ({}): use {} (docs/operations.md, \"Backup and "
                    "restore\")",
                    command, url.redacted(), postgresql_recipe));
  }
  if (url.is_sqlite_memory()) {
    throw UsageError(fmt::format("{}: database.url is an in-memory database", command));
  }
  return url.sqlite_path();
}

}  // namespace

int run_backup(CommandContext& context) {
  const std::string to = required(context.args(), "backup", "--to");
  context.args().expect_no_more();
  const std::filesystem::path database =
      sqlite_file(context.config(), "backup", "pg_dump --format=custom --file FILE");
  db::backup_sqlite(database, to);
  context.out() << "backed up " << database.string() << " to " << to << "\n";
  return kExitOk;
}

int run_restore(CommandContext& context) {
  const std::string from = required(context.args(), "restore", "--from");
  context.args().expect_no_more();
  const std::filesystem::path database =
      sqlite_file(context.config(), "restore", "pg_restore --exit-on-error --dbname URL FILE");
  // Not under a running serve: it would keep the file it had open.
  const auto lock = SqliteServeLock::acquire(context.config(), "restore");
  db::restore_sqlite(from, database);
  context.out() << "restored " << from << " into " << database.string()
                << "; serve applies any newer migrations when it starts\n";
  return kExitOk;
}

}  // namespace caseaudit::daemon
