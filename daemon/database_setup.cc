#include "daemon/database_setup.h"

#include <spdlog/spdlog.h>

#include "daemon/state_directory.h"

namespace caseaudit::daemon {

std::unique_ptr<db::Database> open_database(const Config& config, const Clock& clock) {
  ensure_writable_directory(config.state.directory, "state directory");
  auto url = db::DatabaseUrl::parse(config.database.url);
  spdlog::info("opening database {}", url.redacted());
  return db::Database::open(config.database.url, clock, config.database.pool_size);
}

std::unique_ptr<db::Database> open_database(const Config& config) {
  static const SystemClock kSystemClock;
  return open_database(config, kSystemClock);
}

int migrate_database(db::Database& database) {
  int applied = database.migrate();
  db::SchemaStatus schema = database.schema_status();
  spdlog::info("database schema at version {} ({} migration{} applied)", schema.current, applied,
               applied == 1 ? "" : "s");
  return applied;
}

}  // namespace caseaudit::daemon
