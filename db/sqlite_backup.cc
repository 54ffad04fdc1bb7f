#include "db/sqlite_backup.h"

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "scheduler/errors.h"

namespace caseaudit::db {
namespace {

using namespace std::chrono_literals;

constexpr int kBusyTimeoutMs = 5000;
constexpr auto kBackupPatience = 30s;

struct CloseDatabase {
  void operator()(sqlite3* handle) const { sqlite3_close_v2(handle); }
};
using Handle = std::unique_ptr<sqlite3, CloseDatabase>;

Handle open(const std::filesystem::path& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle handle(raw);
  if (rc != SQLITE_OK) {
    throw RuntimeFailure("SQLite database " + path.string() + ": cannot open: " +
                         (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return handle;
}

// The first column of the first row of `query`, as text ("" when no row).
std::string query_text(sqlite3* handle, const char* query, const std::filesystem::path& path) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(handle, query, -1, &statement, nullptr) != SQLITE_OK) {
    throw RuntimeFailure("SQLite database " + path.string() + ": " + sqlite3_errmsg(handle));
  }
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> owner(statement, sqlite3_finalize);
  const int rc = sqlite3_step(statement);
  if (rc == SQLITE_DONE) return {};
  if (rc != SQLITE_ROW) {
    throw RuntimeFailure("SQLite database " + path.string() + ": " + sqlite3_errmsg(handle));
  }
  const unsigned char* text = sqlite3_column_text(statement, 0);
  return text == nullptr ? std::string{} : std::string(reinterpret_cast<const char*>(text));
}

bool passes_quick_check(sqlite3* handle, const std::filesystem::path& path) {
  return query_text(handle, "PRAGMA quick_check", path) == "ok";
}

int table_count(sqlite3* handle, const std::filesystem::path& path) {
  return std::stoi(query_text(
      handle,
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      path));
}

// A file SQLite reads, that passes quick_check and has caseaudit's
// schema_migrations table; false too for a file that is not a database.
bool is_sound_caseaudit_database(sqlite3* handle, const std::filesystem::path& path) {
  try {
    const std::string found = query_text(
        handle,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", path);
    return !found.empty() && passes_quick_check(handle, path);
  } catch (const RuntimeFailure&) {
    return false;
  }
}

// Copies all of `from` into `to` in one step, so the copy is one snapshot;
// retried while a writer holds a lock that the busy timeout did not outlast.
void copy_all(sqlite3* from, sqlite3* to, const std::filesystem::path& to_path) {
  const auto deadline = std::chrono::steady_clock::now() + kBackupPatience;
  for (;;) {
    sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
    if (backup == nullptr) {
      throw RuntimeFailure("SQLite database " + to_path.string() + ": " + sqlite3_errmsg(to));
    }
    const int step = sqlite3_backup_step(backup, -1);
    const int finish = sqlite3_backup_finish(backup);
    if (step == SQLITE_DONE && finish == SQLITE_OK) return;
    const bool busy = step == SQLITE_BUSY || step == SQLITE_LOCKED;
    if (!busy || std::chrono::steady_clock::now() > deadline) {
      throw RuntimeFailure("SQLite database " + to_path.string() + ": backup failed: " +
                           sqlite3_errstr(step == SQLITE_DONE ? finish : step));
    }
    std::this_thread::sleep_for(100ms);
  }
}

}  // namespace

void backup_sqlite(const std::filesystem::path& database, const std::filesystem::path& to) {
  std::error_code error;
  if (std::filesystem::exists(to, error)) {
    throw InputError("--to: " + to.string() + " already exists; choose a new file name", "--to");
  }
  if (!std::filesystem::exists(database, error)) {
    throw RuntimeFailure("SQLite database " + database.string() + ": does not exist");
  }
  const std::filesystem::path partial = to.string() + ".partial";
  std::filesystem::remove(partial, error);
  {
    Handle source = open(database, SQLITE_OPEN_READWRITE);
    Handle copy = open(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    copy_all(source.get(), copy.get(), partial);
    if (!passes_quick_check(copy.get(), partial)) {
      throw RuntimeFailure("backup " + partial.string() + ": fails PRAGMA quick_check");
    }
  }
  std::filesystem::rename(partial, to, error);
  if (error) {
    throw RuntimeFailure("backup " + to.string() + ": cannot rename " + partial.string() + ": " +
                         error.message());
  }
}

void restore_sqlite(const std::filesystem::path& from, const std::filesystem::path& database) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(from, error)) {
    throw InputError("--from: " + from.string() + " is not a file", "--from");
  }
  Handle backup = open(from, SQLITE_OPEN_READWRITE);
  if (!is_sound_caseaudit_database(backup.get(), from)) {
    throw InputError("--from: " + from.string() +
                         " is not a sound caseaudit database (no schema_migrations table, or "
                         "it fails PRAGMA quick_check)",
                     "--from");
  }
  Handle target = open(database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (const int tables = table_count(target.get(), database); tables > 0) {
    throw Conflict("restore: the database " + database.string() + " is not empty (" +
                   std::to_string(tables) +
                   " tables); restore only into a new database: move the file away first");
  }
  copy_all(backup.get(), target.get(), database);
}

}  // namespace caseaudit::db
