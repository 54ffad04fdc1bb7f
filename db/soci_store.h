// SociStore: the Store over a SessionPool (SQLite or PostgreSQL).
//
// transact() borrows a session, begins a transaction (BEGIN IMMEDIATE on
// SQLite), runs `work`, and commits. When the connection is lost while `work`
// runs, the session is reconnected and `work` re-run from the start, at most
// kMaxAttempts times in all with a short backoff, then DatabaseUnavailable.
// A PostgreSQL serialization failure or deadlock is retried the same way. A
// connection that died while idle in the pool is found at BEGIN (not by a
// ping before every transaction: that would be one more round trip each) and
// reconnected there at once.
// Errors that are the caller's fault are never retried.
//
// A loss during COMMIT itself is not retried: whether the commit happened is
// then unknown, and re-running could apply the work twice; the caller gets
// DatabaseUnavailable saying so.
//
// read() is the same with a read-only transaction (BEGIN DEFERRED on SQLite,
// REPEATABLE READ, READ ONLY on PostgreSQL: one snapshot), which on SQLite
// neither waits for nor blocks others. A read() inside a read() on the same
// thread joins it (scheduler/store.h).
//
// Each transaction runs its frequent statements through the session's
// StatementCache (prepared once per connection), and takes the timestamps it
// writes itself (allocation runs' created_at / updated_at) from `clock`.
//
// On SQLite, this process's writers take turns on a mutex before BEGIN
// IMMEDIATE: SQLite's busy handler waits by sleeping in growing steps (up to
// 100 ms), so writers contending inside SQLite see long, unfair waits (p99
// over a second at 8 concurrent writers) where a queue gives each its turn at
// once. busy_timeout still covers writers in other processes (the CLI).
//
// Thread-safe; blocks while every session is lent out. So never call
// transact() from inside `work`: with one session (sqlite::memory:) that
// waits forever.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>

#include "db/session_pool.h"
#include "scheduler/store.h"

namespace caseaudit::db {

class SociStore final : public Store {
 public:
  static constexpr int kMaxAttempts = 3;

  // `pool` and `clock` must outlive this store.
  SociStore(SessionPool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  void transact(const std::function<void(Transaction&)>& work) override;

 protected:
  void read_transaction(const std::function<void(Transaction&)>& work) override;

 private:
  // One attempt; throws ConnectionLost / TransientConflict to ask for another.
  // `check_connection` (a retry) tests the session before BEGIN.
  void attempt(SessionPool::Lease& lease, const std::function<void(Transaction&)>& work,
               bool read_only, bool check_connection);
  // BEGIN; on a session not checked first, a connection lost at BEGIN is
  // reconnected and BEGIN sent again, once.
  void begin(soci::session& session, bool read_only, bool checked);
  // The pool's reconnect, its failure as ConnectionLost (retryable).
  void reconnect(soci::session& session);
  void run(const std::function<void(Transaction&)>& work, bool read_only);

  SessionPool& pool_;
  const Clock& clock_;
  std::mutex sqlite_writers_;  // see above; unused on PostgreSQL
};

}  // namespace caseaudit::db
