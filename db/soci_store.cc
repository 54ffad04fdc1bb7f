#include "db/soci_store.h"

#include <thread>

#include "db/soci_errors.h"
#include "db/soci_transaction.h"

namespace caseaudit::db {
namespace {

constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";

std::chrono::milliseconds backoff(int attempt) { return std::chrono::milliseconds(100 << attempt); }

void rollback_quietly(soci::session& session) noexcept {
  try {
    session << kRollback;
  } catch (...) {
    // The transaction is abandoned either way: a dead connection rolls back
    // on the server, and the original error is the one worth reporting.
  }
}

}  // namespace

void SociStore::reconnect(soci::session& session) {
  try {
    pool_.reconnect(session);
  } catch (const DatabaseUnavailable& error) {
    throw ConnectionLost(error.what());
  }
}

void SociStore::begin(soci::session& session, bool read_only, bool checked) {
  const auto statement = read_only ? pool_.dialect().begin_read() : pool_.dialect().begin_write();
  try {
    translating("begin transaction", session, [&] { session << statement; });
  } catch (const ConnectionLost&) {
    if (checked) throw;
    // The connection died while the session sat in the pool (a database
    // restart): nothing has run yet, so reconnect and begin again at once.
    reconnect(session);
    translating("begin transaction", session, [&] { session << statement; });
  }
}

void SociStore::attempt(SessionPool::Lease& lease, const std::function<void(Transaction&)>& work,
                        bool read_only, bool check_connection) {
  soci::session& session = lease.session();
  // On PostgreSQL is_connected() is a round trip (SOCI sends "/* ping */"),
  // so a session is checked only after a failure; otherwise a dead
  // connection shows itself at BEGIN.
  if (check_connection && !session.is_connected()) reconnect(session);
  begin(session, read_only, check_connection);
  try {
    SociTransaction transaction(session, lease.statements(), pool_.dialect(), clock_, read_only);
    work(transaction);
  } catch (...) {
    rollback_quietly(session);
    throw;
  }
  try {
    session << kCommit;
  } catch (const soci::soci_error& error) {
    if (!session.is_connected()) {
      throw DatabaseUnavailable(
          "the database connection was lost during COMMIT; the outcome of the transaction is "
          "unknown (" +
          first_line(error.get_error_message()) + ")");
    }
    rollback_quietly(session);
    throw_translated(error, "commit", session);
  }
}

void SociStore::transact(const std::function<void(Transaction&)>& work) { run(work, false); }

void SociStore::read_transaction(const std::function<void(Transaction&)>& work) { run(work, true); }

void SociStore::run(const std::function<void(Transaction&)>& work, bool read_only) {
  // Taken before the session, so a queued writer holds no session meanwhile.
  std::unique_lock<std::mutex> writer_turn;
  if (!read_only && !pool_.dialect().is_postgresql()) {
    writer_turn = std::unique_lock<std::mutex>(sqlite_writers_);
  }
  SessionPool::Lease lease(pool_);
  for (int attempt_number = 1;; ++attempt_number) {
    try {
      attempt(lease, work, read_only, /*check_connection=*/attempt_number > 1);
      return;
    } catch (const DatabaseUnavailable& error) {
      const bool retryable = dynamic_cast<const ConnectionLost*>(&error) != nullptr ||
                             dynamic_cast<const TransientConflict*>(&error) != nullptr;
      if (!retryable) throw;
      if (attempt_number >= kMaxAttempts) {
        throw DatabaseUnavailable(std::string(error.what()) + "; gave up after " +
                                  std::to_string(kMaxAttempts) + " attempts");
      }
      // The next attempt reconnects the session if it is dead.
      std::this_thread::sleep_for(backoff(attempt_number - 1));
    }
  }
}

}  // namespace caseaudit::db
