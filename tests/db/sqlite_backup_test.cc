// caseaudit backup / restore on SQLite (db/sqlite_backup.h): a backup taken
// while another connection keeps writing is one consistent snapshot, and a
// restore into a fresh database reproduces every table row for row.
#include "db/sqlite_backup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include "db/database.h"
#include "scheduler/demo/demo.h"
#include "scheduler/errors.h"

namespace caseaudit::db {
namespace {

using ::testing::HasSubstr;

// Every row of every table of a SQLite file, as text, in rowid order.
using Dump = std::map<std::string, std::vector<std::string>>;

Dump dump(const std::filesystem::path& file) {
  sqlite3* handle = nullptr;
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> owner(handle, sqlite3_close);
  const auto rows = [&](const std::string& query) {
    std::vector<std::string> out;
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(handle, query.c_str(), -1, &statement, nullptr), SQLITE_OK)
        << query << ": " << sqlite3_errmsg(handle);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        const unsigned char* text = sqlite3_column_text(statement, i);
        row += text == nullptr ? std::string("NULL")
                               : "'" + std::string(reinterpret_cast<const char*>(text)) + "'";
        row += '|';
      }
      out.push_back(row);
    }
    sqlite3_finalize(statement);
    return out;
  };
  Dump tables;
  for (const std::string& name :
       rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")) {
    const std::string table = name.substr(1, name.size() - 3);  // 'name'|
    tables[table] = rows("SELECT * FROM \"" + table + "\" ORDER BY rowid");
  }
  tables["(schema)"] = rows("SELECT type, name, sql FROM sqlite_master ORDER BY name");
  return tables;
}

class SqliteBackup : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("caseaudit-backup-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    database_ = Database::open("sqlite:" + source().string(), clock_);
    database_->migrate();
    database_->store().transact(
        [](Transaction& tx) { import_authority(tx, generate_demo_authority(demo_size_s(7))); });
  }
  void TearDown() override {
    database_.reset();
    std::filesystem::remove_all(directory_);
  }
  std::filesystem::path source() const { return directory_ / "caseaudit.db"; }
  std::filesystem::path file(const std::string& name) const { return directory_ / name; }

  // Writes pairs of rows, each pair in one transaction, until told to stop.
  void write_pairs(std::atomic<bool>& stop, std::atomic<int>& written) {
    soci::session session("sqlite3", "db=\"" + source().string() + "\" timeout=5");
    for (int n = 0; !stop; ++n) {
      soci::transaction tx(session);
      const std::string key = "backup-test-" + std::to_string(n);
      session << "INSERT INTO services (name) VALUES (:name)", soci::use(key);
      session << "INSERT INTO job_runs (job, period, at) VALUES ('backup-test', :period, "
                 "'2027-01-01T00:00:00Z')",
          soci::use(key);
      tx.commit();
      ++written;
    }
  }

  SystemClock clock_;
  std::filesystem::path directory_;
  std::unique_ptr<Database> database_;
};

TEST_F(SqliteBackup, TakenWhileWritesGoOnItIsOneSnapshotThatRestoresTableForTable) {
  std::atomic<bool> stop = false;
  std::atomic<int> written = 0;
  std::thread writer([&] { write_pairs(stop, written); });
  while (written < 50) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  backup_sqlite(source(), file("during.db"));
  const int written_at_backup_end = written;
  while (written < written_at_backup_end + 50) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  writer.join();

  // The snapshot holds both rows of every pair it holds, and is a prefix.
  restore_sqlite(file("during.db"), file("restored-during.db"));
  const Dump during = dump(file("restored-during.db"));
  EXPECT_EQ(during, dump(file("during.db")));
  const auto pairs_in = [](const Dump& tables) {
    std::size_t services = 0;
    for (const std::string& row : tables.at("services")) {
      services += row.find("'backup-test-") != std::string::npos;
    }
    return std::pair{services, tables.at("job_runs").size()};
  };
  const auto [services, job_runs] = pairs_in(during);
  EXPECT_EQ(services, job_runs) << "a transaction torn in two";
  EXPECT_GE(services, 50u);
  EXPECT_LT(services, static_cast<std::size_t>(written.load()));

  // Once writing has stopped, a backup restored into a fresh database equals
  // the source in every table, row for row.
  backup_sqlite(source(), file("after.db"));
  restore_sqlite(file("after.db"), file("restored-after.db"));
  const Dump original = dump(source());
  const Dump restored = dump(file("restored-after.db"));
  EXPECT_EQ(restored.size(), original.size());
  for (const auto& [table, rows] : original) {
    EXPECT_EQ(restored.count(table) ? restored.at(table) : std::vector<std::string>{}, rows)
        << "table " << table;
  }
  EXPECT_GT(original.at("staff").size(), 10u);
  EXPECT_EQ(pairs_in(restored).first, static_cast<std::size_t>(written.load()));

  // The restored file is a working caseaudit database at the same version.
  auto reopened = Database::open("sqlite:" + file("restored-after.db").string(), clock_);
  EXPECT_EQ(reopened->schema_status().current, latest_schema_version());
  EXPECT_EQ(reopened->migrate(), 0);
}

TEST_F(SqliteBackup, NeverOverwritesAFile) {
  std::ofstream(file("taken.db")) << "precious";
  try {
    backup_sqlite(source(), file("taken.db"));
    FAIL() << "overwrote an existing file";
  } catch (const InputError& error) {
    EXPECT_EQ(error.field(), "--to");
    EXPECT_THAT(error.what(), HasSubstr(file("taken.db").string() + " already exists"));
  }
  std::ifstream in(file("taken.db"));
  std::string text;
  in >> text;
  EXPECT_EQ(text, "precious");
}

TEST_F(SqliteBackup, RestoresOnlyIntoAnEmptyDatabase) {
  backup_sqlite(source(), file("backup.db"));
  try {
    restore_sqlite(file("backup.db"), source());
    FAIL() << "restored over a database in use";
  } catch (const Conflict& error) {
    EXPECT_THAT(error.what(), HasSubstr("the database " + source().string() + " is not empty"));
  }
}

TEST_F(SqliteBackup, RestoresOnlyACaseauditDatabase) {
  std::ofstream(file("notes.txt")) << "not a database at all, but long enough to look at";
  EXPECT_THROW(restore_sqlite(file("notes.txt"), file("new.db")), InputError);
  {
    soci::session other("sqlite3", "db=\"" + file("other.db").string() + "\"");
    other << "CREATE TABLE t (x INTEGER)";
  }
  try {
    restore_sqlite(file("other.db"), file("new.db"));
    FAIL() << "restored a database that is not caseaudit's";
  } catch (const InputError& error) {
    EXPECT_EQ(error.field(), "--from");
    EXPECT_THAT(error.what(), HasSubstr("is not a sound caseaudit database"));
  }
  EXPECT_THROW(restore_sqlite(file("missing.db"), file("new.db")), InputError);
}

}  // namespace
}  // namespace caseaudit::db
