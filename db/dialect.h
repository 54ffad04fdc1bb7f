// Dialect: everything that differs between SQLite and PostgreSQL, in one place.
// The SQL elsewhere is written once, in the common subset of both engines,
// with a few {{PLACEHOLDERS}} that expand() rewrites:
//   {{ID}}              the primary key column type (identity / rowid alias)
//   {{MONTH col}}       CHECK expression: col is 'YYYY-MM' (or NULL)
//   {{DATE col}}        CHECK expression: col is 'YYYY-MM-DD' (or NULL)
//   {{INSTANT col}}     CHECK expression: col is 'YYYY-MM-DDTHH:MM:SSZ' (or NULL)
//   {{BOOL col}}        CHECK expression: col is 0 or 1
//   {{SKIP_LOCKED}}     "FOR UPDATE SKIP LOCKED" on PostgreSQL, nothing on SQLite
//   {{SYNC_ID table}}   PostgreSQL: moves table's id sequence past its largest id
//                       (after a copy with ids); SQLite: a no-op SELECT
//   {{STRING_AGG}}      the aggregate joining texts with a separator, called
//                       (text, separator): string_agg / group_concat
//   {{UNIT_SEPARATOR}}  the text of the one character U+001F (chr(31) / char(31))
// Thread-compatible value type.
#pragma once

#include <string>
#include <string_view>

namespace caseaudit::db {

class Dialect {
 public:
  enum class Engine { kSqlite, kPostgresql };
  explicit Dialect(Engine engine) : engine_(engine) {}

  Engine engine() const { return engine_; }
  bool is_postgresql() const { return engine_ == Engine::kPostgresql; }

  // Throws ProgramError on an unknown placeholder (a bug in our SQL).
  std::string expand(std::string_view sql) const;

  // Starts a transaction that will write. SQLite takes the write lock at once
  // (BEGIN IMMEDIATE) so that two writers wait on busy_timeout instead of
  // failing with SQLITE_BUSY halfway through.
  std::string_view begin_write() const;
  // Starts a transaction that only reads. SQLite: a deferred BEGIN, which in
  // WAL mode never waits for a writer (and takes no write lock, so readers
  // do not queue behind each other); PostgreSQL: READ ONLY, so a write inside
  // is refused, and REPEATABLE READ, so every statement sees the snapshot of
  // the first (a read that another joined stays consistent), with the
  // planner settings of sql::kPostgresBeginRead in the same message.
  std::string_view begin_read() const;

  // A query counting the tables named schema_migrations in the current schema
  // (0 or 1), so that the version is read without touching a missing table
  // (a failed query would abort a PostgreSQL transaction).
  std::string_view count_migrations_table() const;

  // Run at the start of each migration transaction: serialises concurrent
  // migrators on PostgreSQL; empty on SQLite (BEGIN IMMEDIATE already does).
  std::string_view migration_lock() const;

 private:
  Engine engine_;
};

}  // namespace caseaudit::db
