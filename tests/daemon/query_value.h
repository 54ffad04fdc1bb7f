// Test support: one value read with SOCI from the database a test of the
// real binary left behind.
#pragma once

#include <soci/soci.h>

#include <filesystem>
#include <string>

namespace caseaudit::testing {

// The one value `query` selects, on a new session of `backend` ("sqlite3",
// "postgresql") with `connection`.
template <typename Value>
Value query_value(const std::string& backend, const std::string& connection,
                  const std::string& query) {
  soci::session session(backend, connection);
  Value value{};
  session << query, soci::into(value);
  return value;
}

// The same from the SQLite file `file`.
template <typename Value>
Value sqlite_value(const std::filesystem::path& file, const std::string& query) {
  return query_value<Value>("sqlite3", "db=" + file.string(), query);
}

}  // namespace caseaudit::testing
