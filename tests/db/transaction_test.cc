// transact(): all or nothing, values stored verbatim, and concurrent writers
// on a SQLite file wait for each other instead of failing.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

class Transactions : public StoreContract {};

TEST_P(Transactions, WorkThatThrowsIsRolledBack) {
  EXPECT_THROW(in_tx([](Transaction& tx) {
                 seed_organisation(tx);
                 tx.jobs().record_run("allocate", "2027-02", Instant{});
                 throw std::runtime_error("changed my mind");
               }),
               std::runtime_error);
  const Authority loaded = in_tx([](Transaction& tx) { return tx.load_authority(); });
  EXPECT_TRUE(loaded.services.empty());
  EXPECT_TRUE(loaded.staff.empty());
  EXPECT_TRUE(loaded.children.empty());
  EXPECT_FALSE(in_tx([](Transaction& tx) { return tx.jobs().ran("allocate", "2027-02"); }));
}

TEST_P(Transactions, CallerErrorsAreNotRetried) {
  int calls = 0;
  EXPECT_THROW(in_tx([&](Transaction& tx) {
                 ++calls;
                 tx.organisation().insert_team(Team{.name = "Orphans", .service_id = 5555});
               }),
               InputError);
  EXPECT_EQ(calls, 1);
}

TEST_P(Transactions, AFailureAfterPreparedStatementsLeavesTheStoreUsable) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  EXPECT_THROW(in_tx([&](Transaction& tx) {
                 tx.caseload().upsert_child(Child{.case_reference = "NEW-1", .team_id = org.team_a});
                 tx.allocation().insert_audit(make_audit(Month(2027, 2), org.child_a, org.auditor));
                 tx.organisation().insert_team(Team{.name = "Orphans", .service_id = 5555});
               }),
               InputError);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.caseload().find_child_by_reference("NEW-1"); }),
            std::nullopt);
  in_tx([&](Transaction& tx) {
    tx.caseload().upsert_child(Child{.case_reference = "NEW-1", .team_id = org.team_a});
    tx.allocation().insert_audit(make_audit(Month(2027, 2), org.child_a, org.auditor));
  });
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.load_authority(); }).children.size(), 3u);
}

TEST_P(Transactions, ATransactionReadsItsOwnWrites) {
  const std::size_t children = in_tx([](Transaction& tx) {
    const Organisation org = seed_organisation(tx);
    tx.caseload().upsert_child(Child{.case_reference = "NEW-2", .team_id = org.team_b});
    return tx.load_authority().children.size();
  });
  EXPECT_EQ(children, 3u);
}

TEST_P(Transactions, SqlMetacharactersAreStoredVerbatim) {
  const Organisation org = in_tx([](Transaction& tx) { return seed_organisation(tx); });
  const std::string nasty = "x'); DROP TABLE children;--";
  const std::string quotes = R"(O'Brien "Bobby" \ :name ? $1 %s)";
  Child child{.case_reference = nasty, .team_id = org.team_a};
  child.id = in_tx([&](Transaction& tx) { return tx.caseload().upsert_child(child); });
  Staff staff = make_staff(quotes, Role::kOther);
  staff.email = "o'brien+test@council.example";
  staff.id = in_tx([&](Transaction& tx) { return tx.organisation().insert_staff(staff); });

  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.caseload().find_child_by_reference(nasty); }), child);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.organisation().find_staff_by_email(staff.email); }), staff);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.load_authority().children.size(); }), 3u);
  EXPECT_TRUE(in_tx([&](Transaction& tx) { return tx.jobs().record_run(nasty, quotes, Instant{}); }));
  EXPECT_TRUE(in_tx([&](Transaction& tx) { return tx.jobs().ran(nasty, quotes); }));
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.changes().since(nasty, std::nullopt); }).size(), 0u);
}

TEST_P(Transactions, ConcurrentWritersAllCommit) {
  // On sqlite_memory the one connection is shared through the pool's queue;
  // on a SQLite file writers wait on busy_timeout; on PostgreSQL they run at once.
  constexpr int kThreads = 3;
  constexpr int kEach = 20;
  std::vector<std::thread> threads;
  std::vector<std::string> errors(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &errors] {
      try {
        for (int i = 0; i < kEach; ++i) {
          in_tx([&](Transaction& tx) {
            tx.jobs().record_run("job" + std::to_string(t), std::to_string(i), Instant{});
          });
        }
      } catch (const std::exception& error) {
        errors[t] = error.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& error : errors) EXPECT_EQ(error, "");
  EXPECT_EQ(database_->query_raw_integer("SELECT count(*) FROM job_runs"), kThreads * kEach);
}

TEST_P(Transactions, AReadSeesWhatWasCommittedAndDoesNotWaitForAWriter) {
  in_tx([](Transaction& tx) { seed_organisation(tx); });
  // A writer holds its transaction open while a read runs: on a SQLite file
  // (WAL) and on PostgreSQL the read neither waits nor sees the uncommitted row.
  std::atomic<bool> writing{false}, release{false};
  std::thread writer;
  if (GetParam() != "sqlite_memory") {  // one connection there: nothing runs beside
    writer = std::thread([&] {
      in_tx([&](Transaction& tx) {
        tx.jobs().record_run("held", "open", Instant{});
        writing = true;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      });
    });
    while (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Were the reads to wait for the writer, they would wait forever (it is
  // released below): finishing at all is the proof.
  const std::size_t services = store().read_result<std::size_t>(
      [](Transaction& tx) { return tx.organisation().load().services.size(); });
  const bool held_seen =
      store().read_result<bool>([](Transaction& tx) { return tx.jobs().ran("held", "open"); });
  release = true;
  if (writer.joinable()) writer.join();
  EXPECT_EQ(services, 1u);
  EXPECT_FALSE(held_seen);
  // Once committed, a new read sees it.
  const bool wrote = GetParam() != "sqlite_memory";
  EXPECT_EQ(store().read_result<bool>([](Transaction& tx) { return tx.jobs().ran("held", "open"); }),
            wrote);
}

TEST_P(Transactions, PostgresqlRefusesAWriteInsideARead) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "SQLite has no read-only transactions";
  EXPECT_ANY_THROW(
      store().read([](Transaction& tx) { tx.jobs().record_run("sneaky", "write", Instant{}); }));
  EXPECT_FALSE(in_tx([](Transaction& tx) { return tx.jobs().ran("sneaky", "write"); }));
}

INSTANTIATE_TEST_SUITE_P(Backends, Transactions, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
