#include "daemon/database_setup.h"

#include <spdlog/spdlog.h>

#include "daemon/state_directory.h"
#include "db/sqlite_backup.h"

namespace caseaudit::daemon {

std::unique_ptr<db::Database> open_database(const Config& config, const Clock& clock) {
  ensure_writable_directory(config.state.directory, "state directory");
  auto url = db::DatabaseUrl::parse(config.database.url);
  spdlog::info("opening database {}", url.redacted());
  if (!config.database.password.empty()) url.password = config.database.password;
  return db::Database::open(std::move(url), clock, config.database.pool_size);
}

std::unique_ptr<db::Database> open_database(const Config& config) {
  static const SystemClock kSystemClock;
  return open_database(config, kSystemClock);
}

std::optional<std::filesystem::path> back_up_before_migrating(db::Database& database) {
  const db::DatabaseUrl& url = database.url();
  if (!url.is_sqlite() || url.is_sqlite_memory()) return std::nullopt;
  const db::SchemaStatus schema = database.schema_status();
  if (schema.current == 0 || schema.current >= schema.latest) return std::nullopt;
  const std::filesystem::path file = url.sqlite_path();
  const std::filesystem::path backup =
      file.string() + ".schema-v" + std::to_string(schema.current) + ".bak";
  const std::filesystem::path fresh = backup.string() + ".new";
  std::error_code ignored;
  std::filesystem::remove(fresh, ignored);
  db::backup_sqlite(file, fresh);
  std::filesystem::rename(fresh, backup);
  spdlog::info("backed up the database to {} before migrating it from schema version {} to {}",
               backup.string(), schema.current, schema.latest);
  return backup;
}

int migrate_database(db::Database& database) {
  back_up_before_migrating(database);
  int applied = database.migrate();
  db::SchemaStatus schema = database.schema_status();
  spdlog::info("database schema at version {} ({} migration{} applied)", schema.current, applied,
               applied == 1 ? "" : "s");
  return applied;
}

}  // namespace caseaudit::daemon
