#include "db/soci_errors.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace caseaudit::db {
namespace {

enum class Kind {
  kUnique,
  kForeignKey,
  kCheck,
  kNotNull,
  kBadData,
  kLost,
  kTransient,
  kBusy,
  kOther
};

Kind classify_postgresql(const soci::postgresql_soci_error& error, soci::session& session) {
  const std::string state = error.sqlstate();
  if (state == "23505") return Kind::kUnique;
  if (state == "23503") return Kind::kForeignKey;
  if (state == "23514") return Kind::kCheck;
  if (state == "23502") return Kind::kNotNull;
  if (state == "40001" || state == "40P01") return Kind::kTransient;
  if (state.starts_with("22")) return Kind::kBadData;
  // Class 08 and the admin shutdown states (57P01 is pg_terminate_backend)
  // mean the server is gone; an empty state with a dead session is libpq
  // noticing the socket closed.
  if (state.starts_with("08") || state.starts_with("57P") || !session.is_connected()) {
    return Kind::kLost;
  }
  return Kind::kOther;
}

Kind classify_sqlite(const soci::soci_error& error) {
  const std::string message = error.get_error_message();
  const auto has = [&message](std::string_view text) {
    return message.find(text) != std::string::npos;
  };
  if (has("UNIQUE constraint failed")) return Kind::kUnique;
  if (has("FOREIGN KEY constraint failed")) return Kind::kForeignKey;
  if (has("CHECK constraint failed")) return Kind::kCheck;
  if (has("NOT NULL constraint failed")) return Kind::kNotNull;
  if (has("datatype mismatch")) return Kind::kBadData;
  // Another writer held the lock for longer than busy_timeout.
  if (has("database is locked") || has("database is busy")) return Kind::kBusy;
  return Kind::kOther;
}

Kind classify(const soci::soci_error& error, soci::session& session) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    return classify_postgresql(*pg, session);
  }
  if (session.get_backend_name() == "postgresql") {
    // Errors raised by libpq itself, before any server answer.
    return session.is_connected() ? Kind::kOther : Kind::kLost;
  }
  return classify_sqlite(error);
}

}  // namespace

std::string first_line(std::string_view message) {
  std::string_view line = message.substr(0, message.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  return std::string(line);
}

void throw_translated(const soci::soci_error& error, std::string_view operation,
                      soci::session& session) {
  const std::string op(operation);
  const std::string detail = first_line(error.get_error_message());
  switch (classify(error, session)) {
    case Kind::kUnique:
      throw Conflict(op + ": a record with the same unique key already exists (" + detail + ")");
    case Kind::kForeignKey:
      throw InputError(op + ": refers to a record that does not exist (" + detail + ")");
    case Kind::kCheck:
      throw InputError(op + ": a value breaks a rule of the schema (" + detail + ")");
    case Kind::kNotNull:
      throw InputError(op + ": a required value is missing (" + detail + ")");
    case Kind::kBadData:
      throw InputError(op + ": a value is not valid for its column (" + detail + ")");
    case Kind::kLost:
      throw ConnectionLost(op + ": the database connection was lost (" + detail + ")");
    case Kind::kTransient:
      throw TransientConflict(op + ": concurrent update, to be retried (" + detail + ")");
    case Kind::kBusy:
      throw DatabaseUnavailable(op + ": the database stayed locked by another writer (" + detail +
                                ")");
    case Kind::kOther:
      break;
  }
  throw RuntimeFailure(op + ": database error: " + detail);
}

}  // namespace caseaudit::db
