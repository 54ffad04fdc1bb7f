#include "db/migrator.h"

#include <chrono>

#include "db/codec.h"
#include "db/migrations.h"
#include "db/queries.h"
#include "db/soci_errors.h"

namespace caseaudit::db {
namespace {

constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";

std::string newer_message(int current) {
  return "database schema version " + std::to_string(current) +
         " is newer than this caseaudit (supports up to " +
         std::to_string(latest_schema_version()) + ")";
}

int current_version(soci::session& session) {
  int version = 0;
  session << sql::kSelectSchemaVersion, soci::into(version);
  return version;
}

// One step: under the lock, applies the next migration if there is one.
// Returns false when there was nothing left to apply.
bool apply_next(soci::session& session, const Dialect& dialect, const Clock& clock) {
  session << dialect.begin_write();
  try {
    if (!dialect.migration_lock().empty()) {
      int ignored = 0;
      soci::indicator null_result = soci::i_ok;
      session << "SELECT 1 FROM (" << dialect.migration_lock() << ") AS locked",
          soci::into(ignored, null_result);
    }
    session << sql::kCreateSchemaMigrations;
    const int current = current_version(session);
    if (current > latest_schema_version()) throw RuntimeFailure(newer_message(current));
    if (current == latest_schema_version()) {
      session << kCommit;
      return false;
    }
    const Migration& next = migrations()[static_cast<std::size_t>(current)];
    for (std::string_view statement : next.statements) session << dialect.expand(statement);
    const std::string name(next.name);
    const std::string applied_at = format_instant(clock.now());
    session << sql::kInsertSchemaMigration, soci::use(next.version), soci::use(name),
        soci::use(applied_at);
    session << kCommit;
    return true;
  } catch (...) {
    try {
      session << kRollback;
    } catch (...) {
      // Lost with the connection; the server has rolled back.
    }
    throw;
  }
}

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations().size()); }

int apply_migrations(SessionPool& pool, const Clock& clock) {
  SessionPool::Lease lease(pool);
  soci::session& session = lease.session();
  int applied = 0;
  translating("migrate", session, [&] {
    while (apply_next(session, pool.dialect(), clock)) ++applied;
  });
  return applied;
}

SchemaStatus read_schema_status(SessionPool& pool) {
  SessionPool::Lease lease(pool);
  soci::session& session = lease.session();
  return translating("schema_status", session, [&] {
    SchemaStatus status{.current = 0, .latest = latest_schema_version()};
    int tables = 0;
    session << pool.dialect().count_migrations_table(), soci::into(tables);
    if (tables > 0) status.current = current_version(session);
    return status;
  });
}

}  // namespace caseaudit::db
