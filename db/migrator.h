// Applying the migrations of migrations.h to a database, one transaction per
// migration, recorded in schema_migrations (version, name, applied_at).
#pragma once

#include "db/database.h"
#include "db/session_pool.h"

namespace caseaudit::db {

// Applies the pending migrations; returns how many. Throws RuntimeFailure when
// the database is newer than this binary. Concurrent migrators are serialised
// (advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), so each migration
// is applied exactly once. Each is recorded as applied at `clock.now()`.
int apply_migrations(SessionPool& pool, const Clock& clock);

SchemaStatus read_schema_status(SessionPool& pool);

}  // namespace caseaudit::db
