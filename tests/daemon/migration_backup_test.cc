// Before a migration changes a SQLite database, the daemon keeps a copy of
// it at its old version (daemon/database_setup.h), the file a rollback to
// the previous caseaudit restores.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <unistd.h>

#include "daemon/database_setup.h"
#include "db/dialect.h"
#include "db/migrations.h"
#include "db/queries.h"

namespace caseaudit::daemon {
namespace {

class MigrationBackup : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("caseaudit-migration-backup-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path file() const { return directory_ / "caseaudit.db"; }

  // A database as an older caseaudit left it: migration 1 only.
  void make_version_one() {
    soci::session session("sqlite3", "db=\"" + file().string() + "\"");
    const db::Dialect dialect(db::Dialect::Engine::kSqlite);
    session << db::sql::kCreateSchemaMigrations;
    for (std::string_view statement : db::migrations()[0].statements) {
      session << dialect.expand(statement);
    }
    session << "INSERT INTO schema_migrations (version, name, applied_at) "
               "VALUES (1, 'domain', '2026-01-01T00:00:00Z')";
    session << "INSERT INTO services (name) VALUES ('Children in Need')";
  }

  static int version_of(const std::filesystem::path& path) {
    soci::session session("sqlite3", "db=\"" + path.string() + "\"");
    int version = 0;
    session << "SELECT max(version) FROM schema_migrations", soci::into(version);
    return version;
  }

  SystemClock clock_;
  std::filesystem::path directory_;
};

TEST_F(MigrationBackup, AnOlderDatabaseIsCopiedBeforeItIsMigrated) {
  ASSERT_GT(db::latest_schema_version(), 1);
  make_version_one();
  auto database = db::Database::open("sqlite:" + file().string(), clock_);
  EXPECT_EQ(migrate_database(*database), db::latest_schema_version() - 1);

  const std::filesystem::path backup = directory_ / "caseaudit.db.schema-v1.bak";
  ASSERT_TRUE(std::filesystem::exists(backup));
  EXPECT_EQ(version_of(backup), 1);
  EXPECT_EQ(version_of(file()), db::latest_schema_version());
  soci::session copy("sqlite3", "db=\"" + backup.string() + "\"");
  std::string name;
  copy << "SELECT name FROM services", soci::into(name);
  EXPECT_EQ(name, "Children in Need");
}

TEST_F(MigrationBackup, ANewOrCurrentDatabaseIsNotCopied) {
  auto database = db::Database::open("sqlite:" + file().string(), clock_);
  EXPECT_EQ(back_up_before_migrating(*database), std::nullopt);  // new: nothing to keep
  migrate_database(*database);
  EXPECT_EQ(back_up_before_migrating(*database), std::nullopt);  // up to date
  for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(::testing::HasSubstr(".bak")));
  }
}

}  // namespace
}  // namespace caseaudit::daemon
