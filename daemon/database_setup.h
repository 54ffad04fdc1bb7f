// Opening the configured database the same way for every command.
#pragma once

#include <memory>

#include "daemon/config.h"
#include "db/database.h"

namespace caseaudit::daemon {

// Makes sure the state directory is writable (it holds the default SQLite
// file), then connects. Throws RuntimeFailure for the directory,
// DatabaseUnavailable (naming host or file, never the password) or
// InputError from db::Database::open.
std::unique_ptr<db::Database> open_database(const Config& config);

// Applies pending migrations and logs how many; returns the count. Throws
// RuntimeFailure when the schema is newer than this binary.
int migrate_database(db::Database& database);

}  // namespace caseaudit::daemon
