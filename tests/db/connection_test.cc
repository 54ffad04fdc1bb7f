// Opening and losing connections: clear errors that never show the password,
// and a PostgreSQL session killed under a transaction is reconnected and the
// work committed exactly once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const SystemClock kClock;

TEST(OpenDatabase, UnreachablePostgresqlNamesTheAddressNotThePassword) {
  try {
    Database::open("postgresql://u:secret@127.0.0.1:1/x?connect_timeout=3", kClock);
    FAIL() << "connected to a closed port";
  } catch (const DatabaseUnavailable& error) {
    const std::string message = error.what();
    EXPECT_THAT(message, HasSubstr("127.0.0.1:1"));
    EXPECT_THAT(message, Not(HasSubstr("secret")));
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(OpenDatabase, UnopenableSqliteFileNamesThePath) {
  try {
    Database::open("sqlite:/nonexistent-dir-for-caseaudit/sub/caseaudit.db", kClock);
    FAIL() << "opened a database in a directory that does not exist";
  } catch (const DatabaseUnavailable& error) {
    EXPECT_THAT(error.what(), HasSubstr("/nonexistent-dir-for-caseaudit/sub/caseaudit.db"));
  }
}

TEST(OpenDatabase, BadUrlAndPoolSizeAreInputErrors) {
  EXPECT_THROW(Database::open("mysql://root:pw@localhost/db", kClock), InputError);
  EXPECT_THROW(Database::open("sqlite::memory:", kClock, 0), InputError);
}

TEST(OpenDatabase, ASqliteFileIsSharedBetweenOpens) {
  std::unique_ptr<TestDatabase> test = TestDatabase::create("sqlite_file");
  ASSERT_NE(test, nullptr);
  test->open()->migrate();
  std::unique_ptr<Database> reopened = test->open();
  EXPECT_EQ(reopened->migrate(), 0);
  EXPECT_EQ(reopened->query_raw_integer("PRAGMA foreign_keys"), 1);
  reopened->store().transact(
      [](Transaction& tx) { tx.jobs().record_run("allocate", "2027-02", Instant{}); });
  EXPECT_TRUE(test->open()->store().transact_result<bool>(
      [](Transaction& tx) { return tx.jobs().ran("allocate", "2027-02"); }));
}

// The fault: pg_terminate_backend() from a second session kills the store's
// connection in the middle of `work`, as a server restart or a failover would.
// The store's backend is found by its application_name, unique to the test.
class LostConnection : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = TestDatabase::create("postgresql");
    ASSERT_NE(test_, nullptr) << missing_postgresql_message();
    // Unique across the test processes ctest runs side by side.
    application_ = "caseaudit_store_" + std::to_string(::getpid()) + "_" +
                   std::to_string(std::random_device{}() % 1000000);
    // One session, so the store's backend is the only one with that name.
    database_ =
        Database::open(with_parameter(test_->url(), "application_name=" + application_), kClock, 1);
    database_->migrate();
    admin_ = Database::open(postgresql_base_url(), kClock, 1);
  }

  std::optional<std::int64_t> store_backend_pid() {
    return admin_->query_raw_integer("SELECT pid FROM pg_stat_activity WHERE application_name = '" +
                                     application_ + "'");
  }

  void kill_store_backend() {
    const std::optional<std::int64_t> pid = store_backend_pid();
    ASSERT_TRUE(pid.has_value()) << "no backend with application_name " << application_;
    EXPECT_EQ(admin_->query_raw_integer("SELECT CASE WHEN pg_terminate_backend(" +
                                        std::to_string(*pid) + ") THEN 1 ELSE 0 END"),
              1);
    // pg_terminate_backend only signals; wait until the backend is gone.
    for (int i = 0; i < 100; ++i) {
      if (admin_->query_raw_integer("SELECT count(*) FROM pg_stat_activity WHERE pid = " +
                                    std::to_string(*pid)) == 0) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "backend " << *pid << " did not terminate";
  }

  std::unique_ptr<TestDatabase> test_;
  std::string application_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<Database> admin_;
};

TEST_F(LostConnection, TransactReconnectsAndCommitsTheWorkOnce) {
  const std::optional<std::int64_t> first_pid = store_backend_pid();
  ASSERT_TRUE(first_pid.has_value());
  int calls = 0;
  database_->store().transact([&](Transaction& tx) {
    ++calls;
    tx.organisation().insert_service(Service{.name = "Early Help"});
    if (calls == 1) kill_store_backend();
    tx.jobs().record_run("allocate", "2027-02", Instant{});
  });
  EXPECT_EQ(calls, 2);
  const Authority loaded = database_->store().transact_result<Authority>(
      [](Transaction& tx) { return tx.load_authority(); });
  ASSERT_EQ(loaded.services.size(), 1u);
  EXPECT_EQ(loaded.services[0].name, "Early Help");
  EXPECT_TRUE(database_->store().transact_result<bool>(
      [](Transaction& tx) { return tx.jobs().ran("allocate", "2027-02"); }));
  EXPECT_NE(store_backend_pid(), first_pid);
  EXPECT_TRUE(database_->ping());
}

TEST_F(LostConnection, PreparedStatementsSurviveTheLoss) {
  database_->store().transact([](Transaction& tx) {
    const Id service = tx.organisation().insert_service(Service{.name = "S"});
    tx.organisation().insert_team(Team{.name = "T", .service_id = service});
  });
  const Id team = database_->store().transact_result<Id>(
      [](Transaction& tx) { return tx.load_authority().teams.at(0).id; });
  int calls = 0;
  database_->store().transact([&](Transaction& tx) {
    ++calls;
    tx.caseload().upsert_child(Child{.case_reference = "C-1", .team_id = team});
    if (calls == 1) kill_store_backend();
    tx.caseload().upsert_child(Child{.case_reference = "C-2", .team_id = team});
  });
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(database_->store()
                .transact_result<Authority>([](Transaction& tx) { return tx.load_authority(); })
                .children.size(),
            2u);
}

TEST_F(LostConnection, ASessionKilledBetweenTransactionsIsReplaced) {
  kill_store_backend();
  int calls = 0;
  database_->store().transact([&](Transaction& tx) {
    ++calls;
    tx.jobs().record_run("allocate", "2027-03", Instant{});
  });
  EXPECT_EQ(calls, 1);  // BEGIN failed, not the work: it ran once, on the new connection
  EXPECT_TRUE(database_->store().transact_result<bool>(
      [](Transaction& tx) { return tx.jobs().ran("allocate", "2027-03"); }));
}

TEST_F(LostConnection, GivesUpWithDatabaseUnavailableAfterBoundedAttempts) {
  int calls = 0;
  try {
    database_->store().transact([&](Transaction& tx) {
      ++calls;
      kill_store_backend();
      tx.jobs().ran("allocate", "2027-04");
    });
    FAIL() << "transact() succeeded although every attempt lost its connection";
  } catch (const DatabaseUnavailable& error) {
    EXPECT_THAT(error.what(), HasSubstr("gave up after"));
  }
  EXPECT_EQ(calls, 3);
  // And the store recovers once the database stays up.
  EXPECT_FALSE(database_->store().transact_result<bool>(
      [](Transaction& tx) { return tx.jobs().ran("allocate", "2027-04"); }));
}

TEST_F(LostConnection, CachedStatementsArePreparedAgainOnTheNewConnection) {
  database_->store().transact([](Transaction& tx) {
    tx.tokens().insert(ApiToken{.name = "viewer", .secret_hash = std::string(64, 'a')});
  });
  auto token_name = [&] {
    return database_->store().read_result<std::string>(
        [](Transaction& tx) { return tx.tokens().find_by_hash(std::string(64, 'a'))->name; });
  };
  EXPECT_EQ(token_name(), "viewer");  // prepared on the first connection
  kill_store_backend();
  EXPECT_EQ(token_name(), "viewer");  // BEGIN fails; the retry prepares it again
  int calls = 0;
  database_->store().read([&](Transaction& tx) {
    ++calls;
    EXPECT_EQ(tx.tokens().find_by_hash(std::string(64, 'a'))->name, "viewer");
    if (calls == 1) kill_store_backend();
    EXPECT_EQ(tx.tokens().find_by_hash(std::string(64, 'a'))->name, "viewer");
  });
  EXPECT_EQ(calls, 2);
}

TEST_F(LostConnection, PingReconnects) {
  kill_store_backend();
  EXPECT_TRUE(database_->ping());
}

}  // namespace
}  // namespace caseaudit::db::testing
