// TestDatabase: one isolated, empty database per test, on a named backend:
//   "sqlite_memory"  sqlite::memory:
//   "sqlite_file"    a SQLite file in a fresh temporary directory (WAL)
//   "postgresql"     a fresh schema in the PostgreSQL named by the environment
//                    variable CASEAUDIT_TEST_PG_URL, reached through search_path
//                    (libpq "options"), dropped with everything in it afterwards.
// Without CASEAUDIT_TEST_PG_URL, creating the PostgreSQL one fails the test: a
// skipped backend would look like a passing one.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "db/database.h"
#include "scheduler/clock.h"

namespace caseaudit::db::testing {

// The backends every contract test runs on.
std::vector<std::string> all_backends();

// The PostgreSQL URL from the environment; empty when unset.
std::string postgresql_base_url();
// The message for a test that needs PostgreSQL when none is configured.
std::string missing_postgresql_message();

class TestDatabase {
 public:
  // Returns nullptr (with a GoogleTest failure recorded) when the backend
  // cannot be set up.
  static std::unique_ptr<TestDatabase> create(const std::string& backend);
  ~TestDatabase();

  // The URL of this test's database; opens fine any number of times (except
  // sqlite_memory, whose data lives in one connection).
  const std::string& url() const { return url_; }
  // Opens the database (not migrated), its store at the system clock or at
  // `clock` (which must outlive it).
  std::unique_ptr<Database> open(int pool_size = 4) const;
  std::unique_ptr<Database> open(const Clock& clock, int pool_size = 4) const;

 private:
  TestDatabase() = default;

  std::string backend_;
  std::string url_;
  std::string schema_;               // postgresql
  std::filesystem::path directory_;  // sqlite_file
};

// Appends a libpq parameter to a postgresql:// URL.
std::string with_parameter(const std::string& url, const std::string& key_value);

}  // namespace caseaudit::db::testing
