#include "daemon/sqlite_serve_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "db/database.h"

namespace caseaudit::daemon {
namespace {

// The first line of the lock file: the holder's pid and what it is doing.
std::string holder_of(int fd) {
  char buffer[64] = {};
  const ssize_t n = pread(fd, buffer, sizeof(buffer) - 1, 0);
  std::string text(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  text = text.substr(0, text.find('\n'));
  return text.empty() ? "pid unknown" : text;
}

}  // namespace

std::unique_ptr<SqliteServeLock> SqliteServeLock::acquire(const Config& config,
                                                          std::string_view what) {
  const db::DatabaseUrl url = db::DatabaseUrl::parse(config.database.url);
  if (!url.is_sqlite() || url.is_sqlite_memory()) return nullptr;
  const std::filesystem::path database = url.sqlite_path();
  const std::filesystem::path path = database.string() + ".serve.lock";
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw RuntimeFailure(
        fmt::format("lock file {}: cannot open: {}", path.string(), std::strerror(errno)));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string holder = holder_of(fd);
    close(fd);
    if (error != EWOULDBLOCK) {
      throw RuntimeFailure(
          fmt::format("lock file {}: cannot lock: {}", path.string(), std::strerror(error)));
    }
    throw DatabaseInUse(fmt::format(
        "{}: database {} is in use by another caseaudit ({}, lock {}); SQLite allows one serve "
        "per database file: stop that one first, or use PostgreSQL to run two",
        what, database.string(), holder, path.string()));
  }
  const std::string line = fmt::format("pid {} ({})\n", getpid(), what);
  if (ftruncate(fd, 0) != 0 || pwrite(fd, line.data(), line.size(), 0) < 0) {
    // The lock holds without the note; only the refusal's detail is lost.
  }
  return std::unique_ptr<SqliteServeLock>(new SqliteServeLock(fd, path));
}

SqliteServeLock::~SqliteServeLock() {
  // Emptied, not removed: removing would let a third process lock a new
  // file of the same name while a second still waits on the old one.
  if (ftruncate(fd_, 0) != 0) {
    // A stale note is harmless: the kernel drops the lock with the file.
  }
  close(fd_);
}

}  // namespace caseaudit::daemon
