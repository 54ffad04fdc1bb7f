// One `serve` per SQLite database file.
//
// SQLite serialises writers inside one file but knows nothing of jobs: two
// daemons on one file would both run every job's schedule. So serve (and
// restore, which replaces the file) holds an exclusive flock(2) on
// "DATABASE.serve.lock" beside the database for as long as it runs, with
// its pid written in the file; a second one is refused, naming the file and
// the pid. The kernel drops the lock when the process ends, however it
// ends. PostgreSQL needs no such lock: the job ledger and the outbox claim
// make two serves safe there (docs/operations.md, "High availability").
#pragma once

#include <filesystem>
#include <memory>

#include "daemon/config.h"
#include "scheduler/errors.h"

namespace caseaudit::daemon {

// Another process holds the database; `caseaudit` exits kExitInUse.
class DatabaseInUse : public RuntimeFailure {
 public:
  using RuntimeFailure::RuntimeFailure;
};

class SqliteServeLock {
 public:
  // Locks the SQLite file of `config.database.url`; nullptr (nothing to
  // lock) for PostgreSQL and for an in-memory database. `what` names the
  // locker in the refusal ("serve", "restore"). Throws DatabaseInUse
  // "database FILE is in use by another caseaudit serve (pid N, lock
  // FILE.serve.lock): ..." and RuntimeFailure when the lock file cannot be
  // opened.
  static std::unique_ptr<SqliteServeLock> acquire(const Config& config, std::string_view what);
  ~SqliteServeLock();

  SqliteServeLock(const SqliteServeLock&) = delete;
  SqliteServeLock& operator=(const SqliteServeLock&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  SqliteServeLock(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::filesystem::path path_;
};

}  // namespace caseaudit::daemon
