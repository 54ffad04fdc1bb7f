// Copying a caseaudit SQLite database file with SQLite's online backup API
// (sqlite3_backup_*): the copy is one consistent snapshot even while the
// daemon writes (it is taken in one step under a read transaction, which in
// WAL mode does not block the writers).
//
// PostgreSQL is backed up with pg_dump instead (docs/operations.md).
#pragma once

#include <filesystem>

namespace caseaudit::db {

// Copies the database `database` into a new file `to` (written beside it as
// "TO.partial", checked with PRAGMA quick_check, then renamed into place).
// Throws InputError (field "--to") when `to` already exists, RuntimeFailure
// naming the file and SQLite's reason otherwise.
void backup_sqlite(const std::filesystem::path& database, const std::filesystem::path& to);

// Copies the backup `from` into the database file `database`, which must be
// missing or hold no table. Throws InputError (field "--from") when `from` is
// missing or not a caseaudit database (no schema_migrations table, or it
// fails quick_check), Conflict when `database` already holds tables, and
// RuntimeFailure for SQLite's own errors.
void restore_sqlite(const std::filesystem::path& from, const std::filesystem::path& database);

}  // namespace caseaudit::db
