// The schema, as an ordered list of versioned migrations. A migration is
// never edited once released: a change to the schema is a new migration
// appended to the list. Each statement is written once for both engines (see
// dialect.h for the placeholders).
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace caseaudit::db {

struct Migration {
  int version;  // 1, 2, ... without gaps
  std::string_view name;
  // Run in order inside one transaction. One statement each: SQLite's
  // prepare would silently ignore a second one.
  std::vector<std::string_view> statements;
};

// All migrations in version order. The list lives for the whole program.
std::span<const Migration> migrations();

}  // namespace caseaudit::db
