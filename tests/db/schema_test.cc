// Migrations: a fresh database reaches the latest version, re-running is a
// no-op, and a database newer than the binary is refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "db/dialect.h"
#include "db/migrations.h"
#include "db/queries.h"
#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

using ::testing::HasSubstr;

class Schema : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_database_ = TestDatabase::create(GetParam());
    ASSERT_NE(test_database_, nullptr);
    database_ = test_database_->open();
  }
  std::unique_ptr<TestDatabase> test_database_;
  std::unique_ptr<Database> database_;
};

TEST_P(Schema, FreshDatabaseIsVersionZero) {
  const SchemaStatus status = database_->schema_status();
  EXPECT_EQ(status.current, 0);
  EXPECT_EQ(status.latest, latest_schema_version());
  EXPECT_GE(latest_schema_version(), 1);
}

TEST_P(Schema, MigrateAppliesEveryMigrationThenNothing) {
  EXPECT_EQ(database_->migrate(), latest_schema_version());
  EXPECT_EQ(database_->schema_status().current, latest_schema_version());
  EXPECT_EQ(database_->migrate(), 0);
  EXPECT_EQ(database_->schema_status().current, latest_schema_version());
  EXPECT_EQ(database_->query_raw_integer("SELECT count(*) FROM schema_migrations"),
            latest_schema_version());
}

TEST_P(Schema, MigrationsAreNumberedWithoutGaps) {
  int expected = 1;
  for (const Migration& migration : migrations()) {
    EXPECT_EQ(migration.version, expected++);
    EXPECT_FALSE(migration.name.empty());
    EXPECT_FALSE(migration.statements.empty());
  }
}

TEST_P(Schema, RefusesADatabaseNewerThanTheBinary) {
  database_->migrate();
  const int newer = latest_schema_version() + 1;
  database_->execute_raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
                         std::to_string(newer) + ", 'from the future', '2030-01-01T00:00:00Z')");
  try {
    database_->migrate();
    FAIL() << "migrate() accepted a newer schema";
  } catch (const RuntimeFailure& error) {
    EXPECT_EQ(std::string(error.what()), "database schema version " + std::to_string(newer) +
                                             " is newer than this caseaudit (supports up to " +
                                             std::to_string(latest_schema_version()) + ")");
  }
  EXPECT_EQ(database_->schema_status().current, newer);
}

// Version 7 rebuilds action_links (to drop its list of purposes): the links
// already sent keep their rows and ids, and new ones get later ids (on
// PostgreSQL the identity sequence is moved past the copied rows).
TEST_P(Schema, Version7KeepsTheActionLinksAlreadySent) {
  const Dialect dialect(GetParam() == "postgresql" ? Dialect::Engine::kPostgresql
                                                   : Dialect::Engine::kSqlite);
  database_->execute_raw(sql::kCreateSchemaMigrations);
  for (const Migration& migration : migrations()) {
    if (migration.version > 6) break;
    for (std::string_view statement : migration.statements) {
      database_->execute_raw(dialect.expand(statement));
    }
    database_->execute_raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
                           std::to_string(migration.version) + ", 'by hand', " +
                           "'2027-01-01T00:00:00Z')");
  }
  ASSERT_EQ(database_->schema_status().current, 6);
  Store& store = database_->store();
  ActionLink sent{.secret_hash = "abc123",
                  .purpose = LinkPurpose::kModerateAudit,
                  .record_id = 41,
                  .created_at = Instant(std::chrono::seconds(1798761600)),
                  .expires_at = Instant(std::chrono::seconds(1800000000))};
  store.transact([&](Transaction& tx) {
    sent.staff_id = tx.organisation().insert_staff(make_staff("Sam Sent", Role::kTeamManager));
    tx.action_links().insert_action_link(sent);
    sent.secret_hash = "def456";
    sent.id = tx.action_links().insert_action_link(sent);
  });
  EXPECT_EQ(database_->migrate(), latest_schema_version() - 6);
  store.transact([&](Transaction& tx) {
    const std::optional<ActionLink> kept = tx.action_links().find_action_link(sent.id);
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->secret_hash, "def456");
    EXPECT_EQ(kept->purpose, LinkPurpose::kModerateAudit);
    EXPECT_EQ(kept->staff_id, sent.staff_id);
    EXPECT_TRUE(tx.action_links().find_action_link(std::string("abc123")));
    ActionLink later = sent;
    later.secret_hash = "ghi789";
    later.purpose = LinkPurpose::kUpdateConcern;
    EXPECT_GT(tx.action_links().insert_action_link(later), sent.id);
  });
}

TEST_P(Schema, PingAnswersOnALiveDatabase) { EXPECT_TRUE(database_->ping()); }

TEST_P(Schema, AFailedMigrationLeavesNothingBehind) {
  // A table that the first migration also creates makes it fail halfway:
  // the transaction must take everything it did with it.
  database_->execute_raw("CREATE TABLE change_log (id INTEGER)");
  EXPECT_THROW(database_->migrate(), RuntimeFailure);
  EXPECT_EQ(database_->schema_status().current, 0);
  // staff is created before change_log in the first migration.
  EXPECT_THROW(database_->query_raw_integer("SELECT count(*) FROM staff"), RuntimeFailure);
}

// Two daemons starting at once against one database: each migration is applied
// exactly once, and neither fails. (sqlite_memory has no second opener.)
void migrate_concurrently(const std::string& backend) {
  std::unique_ptr<TestDatabase> test = TestDatabase::create(backend);
  ASSERT_NE(test, nullptr);
  constexpr int kMigrators = 3;
  std::vector<std::unique_ptr<Database>> databases;
  for (int i = 0; i < kMigrators; ++i) databases.push_back(test->open(1));
  std::vector<int> applied(kMigrators, -1);
  std::vector<std::string> errors(kMigrators);
  std::vector<std::thread> threads;
  for (int i = 0; i < kMigrators; ++i) {
    threads.emplace_back([&, i] {
      try {
        applied[i] = databases[i]->migrate();
      } catch (const std::exception& error) {
        errors[i] = error.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  int total = 0;
  for (int i = 0; i < kMigrators; ++i) {
    EXPECT_EQ(errors[i], "");
    total += applied[i];
  }
  EXPECT_EQ(total, latest_schema_version());
  EXPECT_EQ(databases[0]->query_raw_integer("SELECT count(*) FROM schema_migrations"),
            latest_schema_version());
}

TEST(ConcurrentMigrators, SqliteFile) { migrate_concurrently("sqlite_file"); }
TEST(ConcurrentMigrators, Postgresql) { migrate_concurrently("postgresql"); }

INSTANTIATE_TEST_SUITE_P(Backends, Schema, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
