// Turning SOCI's exceptions into caseaudit's (see scheduler/errors.h), so that
// nothing above db/ ever sees a soci::soci_error.
#pragma once

#include <soci/soci.h>

#include <string>
#include <string_view>

#include "scheduler/errors.h"

namespace caseaudit::db {

// The connection dropped under a statement. Store::transact catches it,
// reconnects and re-runs the work; it escapes only as DatabaseUnavailable.
class ConnectionLost : public DatabaseUnavailable {
 public:
  using DatabaseUnavailable::DatabaseUnavailable;
};

// A PostgreSQL serialization failure or deadlock: the work is re-run too.
class TransientConflict : public DatabaseUnavailable {
 public:
  using DatabaseUnavailable::DatabaseUnavailable;
};

// Throws the caseaudit exception for `error`, raised while doing `operation`
// ("insert_audit") on `session`:
//   unique violation            -> Conflict
//   check / foreign key / NULL  -> InputError naming the constraint
//   lost connection             -> ConnectionLost
//   serialization / deadlock    -> TransientConflict
//   SQLite still locked         -> DatabaseUnavailable (not retried: busy_timeout waited)
//   anything else               -> RuntimeFailure
// The messages carry the database's own first line (which names the table or
// constraint) and never the connect string.
[[noreturn]] void throw_translated(const soci::soci_error& error, std::string_view operation,
                                   soci::session& session);

// Runs `body`, translating SOCI errors as above.
template <typename Body>
decltype(auto) translating(std::string_view operation, soci::session& session, Body&& body) {
  try {
    return body();
  } catch (const soci::soci_error& error) {
    throw_translated(error, operation, session);
  }
}

// The first line of a database message, without SOCI's context suffix.
std::string first_line(std::string_view message);

}  // namespace caseaudit::db
