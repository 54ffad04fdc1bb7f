// Opening the configured database the same way for every command.
#pragma once

#include <memory>

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

// Applies pending migrations and logs how many; returns the count. Throws
// RuntimeFailure when the schema is newer than this binary.
int migrate_database(db::Database& database);

}  // namespace caseaudit::daemon
