#include "db/session_pool.h"

#include <algorithm>

#include "db/soci_errors.h"
#include "scheduler/errors.h"

namespace caseaudit::db {
namespace {

// Applied to every SQLite session: enforce foreign keys (off by default in
// SQLite), wait for a busy writer instead of failing at once.
constexpr std::string_view kSqliteForeignKeys = "PRAGMA foreign_keys = ON";
constexpr std::string_view kSqliteBusyTimeout = "PRAGMA busy_timeout = 5000";
// File databases only: readers do not block the writer, nor it them.
constexpr std::string_view kSqliteWal = "PRAGMA journal_mode = WAL";

constexpr std::string_view kPostgresQuietNotices = "SET client_min_messages = warning";

Dialect dialect_of(const DatabaseUrl& url) {
  return Dialect(url.is_postgresql() ? Dialect::Engine::kPostgresql : Dialect::Engine::kSqlite);
}

}  // namespace

std::string describe_connect_failure(const DatabaseUrl& url, std::string_view driver_message) {
  // libpq explains itself over several lines (and SOCI puts its own line
  // first); a log line must be one line.
  std::string detail;
  std::size_t start = 0;
  while (start <= driver_message.size()) {
    const std::size_t end = std::min(driver_message.find('\n', start), driver_message.size());
    std::string_view line = driver_message.substr(start, end - start);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (!line.empty() && line != "Cannot establish connection to the database.") {
      if (!detail.empty()) detail += "; ";
      detail += line;
    }
    start = end + 1;
  }
  constexpr std::string_view kSociPrefix = "Cannot establish connection to the database. ";
  if (detail.starts_with(kSociPrefix)) detail.erase(0, kSociPrefix.size());
  if (url.password.size() >= 3) {
    for (std::size_t at; (at = detail.find(url.password)) != std::string::npos;) {
      detail.replace(at, url.password.size(), "***");
    }
  }
  const std::string what =
      url.is_postgresql() ? "cannot connect to PostgreSQL at " : "cannot open SQLite database ";
  return what + url.location() + ": " + (detail.empty() ? "no reason given" : detail);
}

SessionPool::SessionPool(const DatabaseUrl& url, std::size_t size)
    : url_(url), dialect_(dialect_of(url)), pool_(size) {
  for (std::size_t i = 0; i < size; ++i) {
    open(pool_.at(i));
    statements_.push_back(std::make_unique<StatementCache>(pool_.at(i), dialect_));
  }
}

SessionPool::~SessionPool() = default;

void SessionPool::open(soci::session& session) {
  try {
    session.open(url_.soci_backend(), url_.soci_connect_string());
  } catch (const soci::soci_error& error) {
    throw DatabaseUnavailable(describe_connect_failure(url_, error.get_error_message()));
  }
  prepare(session);
}

void SessionPool::prepare(soci::session& session) {
  if (url_.is_postgresql()) {
    // libpq prints NOTICEs ("relation ... already exists, skipping") on
    // stderr, which is the daemon's log; only warnings and errors matter.
    translating("prepare session", session, [&] { session << kPostgresQuietNotices; });
    return;
  }
  translating("prepare session", session, [&] {
    session << kSqliteForeignKeys;
    session << kSqliteBusyTimeout;
    if (!url_.is_sqlite_memory()) {
      std::string mode;
      session << kSqliteWal, soci::into(mode);
    }
  });
}

std::unique_ptr<SessionPool::Lease> SessionPool::try_lease(std::chrono::milliseconds timeout) {
  std::size_t position = 0;
  if (!pool_.try_lease(position, static_cast<int>(timeout.count()))) return nullptr;
  return std::make_unique<Lease>(*this, position);
}

void SessionPool::reconnect(soci::session& session) {
  for (std::size_t i = 0; i < statements_.size(); ++i) {
    if (&pool_.at(i) == &session) statements_[i]->clear();
  }
  try {
    session.close();
  } catch (const soci::soci_error&) {
    // Closing a dead connection may fail; it is being replaced anyway.
  }
  open(session);
}

}  // namespace caseaudit::db
