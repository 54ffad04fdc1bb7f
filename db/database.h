// The database behind caseaudit: which one (DatabaseUrl), its schema
// (migrations), and the Store over it (Database::store()).
//
// Two engines are supported with one schema: PostgreSQL for production and
// SQLite for the embedded default. Storage conventions, identical on both:
//   * ids: 64-bit integers assigned by the database (identity / rowid);
//   * dates: TEXT 'YYYY-MM-DD'; months: TEXT 'YYYY-MM' (CHECKed for shape);
//   * instants: TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC, sorts as it reads);
//   * booleans: INTEGER 0/1 with a CHECK;
//   * enumerations: their to_string() names, CHECKed against the full list.
// The only dialect differences (id column type, transaction start, migration
// locking, row locking of the outbox claim, catalogue lookup) live in
// db/dialect.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scheduler/clock.h"
#include "scheduler/model.h"
#include "scheduler/store.h"

namespace caseaudit::db {

// Which database, parsed from the config's URL. Accepted forms:
//   "sqlite:/abs/or/rel/path.db", "sqlite::memory:",
//   "postgresql://user:password@host:port/dbname" (user, password, port
//   optional; "postgres://" too; components may be %-encoded, so a Unix socket
//   directory is written "%2Frun%2Fpostgresql"; ?sslmode=... and other libpq
//   parameters are passed through).
// A value type; thread-compatible.
struct DatabaseUrl {
  enum class Engine { kSqlite, kPostgresql };

  // Throws InputError (field "database.url") naming what is wrong; the
  // message never contains the password.
  static DatabaseUrl parse(std::string_view url);

  bool is_postgresql() const { return engine == Engine::kPostgresql; }
  bool is_sqlite() const { return engine == Engine::kSqlite; }
  // The URL with the password dropped, safe for logs and error messages,
  // e.g. "postgresql://caseaudit@db.internal:5432/caseaudit".
  std::string redacted() const;
  std::string soci_backend() const;         // "sqlite3" or "postgresql"
  std::string soci_connect_string() const;  // contains the password: never log it
  std::string sqlite_path() const;          // empty for :memory: and for postgresql
  bool is_sqlite_memory() const { return is_sqlite() && path.empty(); }
  // "host:port" (PostgreSQL) or the file path (SQLite), for messages.
  std::string location() const;

  Engine engine = Engine::kSqlite;
  std::string path;  // SQLite file; empty = in memory
  std::string user;
  std::string password;
  std::string host;  // empty = libpq default; starting with '/' = socket directory
  int port = 0;      // 0 = libpq default (5432)
  std::string dbname;
  std::vector<std::pair<std::string, std::string>> parameters;  // ?key=value, decoded
};

struct SchemaStatus {
  int current = 0;
  int latest = 0;
};

// The schema version this binary's migrations produce.
int latest_schema_version();

class SociStore;

// Owns a pool of sessions and the Store over them. Thread-safe: store() may be
// used from any number of threads; migrate() serialises itself (on PostgreSQL
// across processes too, with an advisory lock).
class Database {
 public:
  // Connects (pool_size sessions; always 1 for "sqlite::memory:", whose data
  // lives in that one connection). Every timestamp the database writes of
  // its own accord (an allocation run's created_at / updated_at, a
  // migration's applied_at) is `clock.now()`; `clock` must outlive the
  // Database. Throws InputError for a
  // bad URL or pool_size < 1, DatabaseUnavailable with a one-line message
  // naming the host:port (or file path), never the password.
  static std::unique_ptr<Database> open(const std::string& url, const Clock& clock,
                                        int pool_size = 4);
  // As above, for a URL already parsed (e.g. with its password from a file).
  static std::unique_ptr<Database> open(DatabaseUrl url, const Clock& clock, int pool_size = 4);
  ~Database();

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const DatabaseUrl& url() const { return url_; }

  // Applies pending migrations, each in its own transaction, and returns how
  // many were applied (0 when up to date). Throws RuntimeFailure "database
  // schema version N is newer than this caseaudit (supports up to M)".
  int migrate();
  // Current version (0 on an empty database) and latest.
  SchemaStatus schema_status();
  // True when a trivial query succeeds (for /readyz); false too when no session
  // frees up within 2 s. Reconnects a dropped session. Never throws.
  bool ping() noexcept;
  // The Store over this database, owned by this object.
  Store& store();

  // Refreshes the query planner's statistics (ANALYZE, on either backend),
  // outside any Store transaction: after a bulk load, so the first queries
  // are planned on the rows it loaded instead of waiting for PostgreSQL's
  // autovacuum to notice them.
  void analyze();

  // Maintenance access for tests and operator tools, outside any Store
  // transaction: runs one fixed statement (no bound values, so never with
  // user input) on a pooled session. Errors are translated as the Store's.
  void execute_raw(std::string_view statement);
  // As execute_raw, for a query whose first row's first column is an integer;
  // nullopt when it returns no row or NULL.
  std::optional<std::int64_t> query_raw_integer(std::string_view query);

 private:
  struct Impl;
  Database(DatabaseUrl url, std::unique_ptr<Impl> impl);

  DatabaseUrl url_;
  std::unique_ptr<Impl> impl_;
};

// Inserts a whole generated Authority (e.g. from generate_demo_authority) into
// an EMPTY database, remapping ids: the input's ids are only references within
// the input, and the stored records get the database's own ids. One call is
// one transaction's work (call it inside Store::transact). Throws InputError
// when a reference in the input points at no record of the input, and
// Conflict when the database already holds services, teams, staff or children.
void import_authority(Transaction& tx, const Authority& authority);

}  // namespace caseaudit::db
