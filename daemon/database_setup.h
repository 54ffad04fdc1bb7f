// Opening the configured database the same way for every command.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "daemon/config.h"
#include "db/database.h"
#include "scheduler/clock.h"

namespace caseaudit::daemon {

// Makes sure the state directory is writable (it holds the default SQLite
// file), then connects; the store takes its timestamps from `clock`, which
// must outlive the database. Throws RuntimeFailure for the directory,
// DatabaseUnavailable (naming host or file, never the password) or
// InputError from db::Database::open.
std::unique_ptr<db::Database> open_database(const Config& config, const Clock& clock);
// As above at the system clock, for the commands that act at the real time.
std::unique_ptr<db::Database> open_database(const Config& config);

// Before a SQLite file at schema version N (N > 0) is migrated, copies it to
// "FILE.schema-vN.bak" (replacing an older copy of the same version), the
// file a rollback to the previous caseaudit restores (docs/operations.md).
// Returns that path; nullopt when nothing is pending, the database is new,
// in memory or PostgreSQL. Throws RuntimeFailure when the copy fails.
std::optional<std::filesystem::path> back_up_before_migrating(db::Database& database);

// Backs up (back_up_before_migrating), applies pending migrations and logs
// how many; returns the count. Throws RuntimeFailure when the schema is
// newer than this binary or the backup fails.
int migrate_database(db::Database& database);

}  // namespace caseaudit::daemon
