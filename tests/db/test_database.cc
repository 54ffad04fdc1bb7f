#include "tests/db/test_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>

namespace caseaudit::db::testing {
namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device device;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(device() % 100000);
}

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

}  // namespace

std::vector<std::string> all_backends() { return {"sqlite_memory", "sqlite_file", "postgresql"}; }

std::string postgresql_base_url() {
  const char* url = std::getenv("CASEAUDIT_TEST_PG_URL");
  return url == nullptr ? std::string{} : std::string(url);
}

std::string missing_postgresql_message() {
  return "CASEAUDIT_TEST_PG_URL is not set, so the PostgreSQL tests cannot run (and a skip "
         "would hide it). Run them under pg_virtualenv, e.g.\n"
         "  pg_virtualenv sh -c 'CASEAUDIT_TEST_PG_URL=\"postgresql://$PGUSER:$PGPASSWORD@$PGHOST:"
         "$PGPORT/$PGDATABASE\" ctest --test-dir build -L db'";
}

std::string with_parameter(const std::string& url, const std::string& key_value) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + key_value;
}

std::unique_ptr<TestDatabase> TestDatabase::create(const std::string& backend) {
  std::unique_ptr<TestDatabase> db(new TestDatabase);
  db->backend_ = backend;
  if (backend == "sqlite_memory") {
    db->url_ = "sqlite::memory:";
  } else if (backend == "sqlite_file") {
    db->directory_ =
        std::filesystem::temp_directory_path() / ("caseaudit db test " + unique_suffix());
    std::filesystem::create_directories(db->directory_);
    db->url_ = "sqlite:" + (db->directory_ / "caseaudit.db").string();
  } else if (backend == "postgresql") {
    const std::string base = postgresql_base_url();
    if (base.empty()) {
      ADD_FAILURE() << missing_postgresql_message();
      return nullptr;
    }
    db->schema_ = "caseaudit_test_" + unique_suffix();
    Database::open(base, system_clock(), 1)->execute_raw("CREATE SCHEMA " + db->schema_);
    db->url_ = with_parameter(base, "options=-csearch_path%3D" + db->schema_);
  } else {
    ADD_FAILURE() << "unknown test backend " << backend;
    return nullptr;
  }
  return db;
}

TestDatabase::~TestDatabase() {
  try {
    if (!schema_.empty()) {
      Database::open(postgresql_base_url(), system_clock(), 1)
          ->execute_raw("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
    if (!directory_.empty()) std::filesystem::remove_all(directory_);
  } catch (const std::exception& error) {
    ADD_FAILURE() << "cleaning up the " << backend_ << " test database: " << error.what();
  }
}

std::unique_ptr<Database> TestDatabase::open(int pool_size) const {
  return open(system_clock(), pool_size);
}

std::unique_ptr<Database> TestDatabase::open(const Clock& clock, int pool_size) const {
  return Database::open(url_, clock, pool_size);
}

}  // namespace caseaudit::db::testing
