// SessionPool: the open SOCI sessions of one database, lent out one at a time.
// Every session is prepared the same way when opened and when reconnected
// (SQLite pragmas), so a borrower never sees a half-configured connection.
// Each session has its StatementCache (db/statement_cache.h), emptied when
// the session reconnects: its statements die with the old connection.
//
// Thread-safe. A Lease must not outlive its pool nor be shared between threads.
#pragma once

#include <soci/soci.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

#include "db/database.h"
#include "db/dialect.h"
#include "db/statement_cache.h"

namespace caseaudit::db {

class SessionPool {
 public:
  // Opens `size` sessions. Throws DatabaseUnavailable naming url.location().
  SessionPool(const DatabaseUrl& url, std::size_t size);
  ~SessionPool();

  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  class Lease {
   public:
    // Waits for a free session as long as it takes.
    explicit Lease(SessionPool& pool) : pool_(pool), position_(pool.pool_.lease()) {}
    Lease(SessionPool& pool, std::size_t position) : pool_(pool), position_(position) {}
    ~Lease() { pool_.pool_.give_back(position_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::session& session() { return pool_.pool_.at(position_); }
    // The prepared statements of this session.
    StatementCache& statements() { return *pool_.statements_.at(position_); }

   private:
    SessionPool& pool_;
    std::size_t position_;
  };

  // A lease if a session frees up within `timeout`, else nullptr.
  std::unique_ptr<Lease> try_lease(std::chrono::milliseconds timeout);

  const Dialect& dialect() const { return dialect_; }
  const DatabaseUrl& url() const { return url_; }

  // Reopens a session whose connection was lost and prepares it again; its
  // StatementCache is emptied first. Throws DatabaseUnavailable when the
  // database is still away.
  void reconnect(soci::session& session);

 private:
  void open(soci::session& session);
  void prepare(soci::session& session);

  DatabaseUrl url_;
  Dialect dialect_;
  soci::connection_pool pool_;
  // One per session, by position; declared after pool_ so that the
  // statements die before their sessions.
  std::vector<std::unique_ptr<StatementCache>> statements_;
};

// A one-line description of a failure to connect: names the location, never
// the password (which is scrubbed from the driver's message too).
std::string describe_connect_failure(const DatabaseUrl& url, std::string_view driver_message);

}  // namespace caseaudit::db
