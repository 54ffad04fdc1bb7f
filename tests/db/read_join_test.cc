// Store::read() inside a read() of the same store on the same thread joins
// it (scheduler/store.h): same Transaction, same snapshot; writes and other
// stores never join.
#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

class ReadJoin : public StoreContract {
 protected:
  // A concurrent writer needs a second connection, which sqlite::memory:
  // (one connection holds the data) cannot have.
  bool has_one_connection() const { return GetParam() == "sqlite_memory"; }

  // Records a job run from another thread, in its own transaction.
  void record_elsewhere(const std::string& period) {
    std::thread writer([&] {
      store().transact([&](Transaction& tx) { tx.jobs().record_run("job", period, {}); });
    });
    writer.join();
  }
};

TEST_P(ReadJoin, AReadInsideAReadRunsInTheSameTransaction) {
  int inner_calls = 0;
  store().read([&](Transaction& outer) {
    store().read([&](Transaction& inner) {
      ++inner_calls;
      EXPECT_EQ(&inner, &outer);
      store().read([&](Transaction& innermost) { EXPECT_EQ(&innermost, &outer); });
    });
    EXPECT_EQ(store().read_result<bool>([](Transaction& tx) { return tx.jobs().ran("job", "p"); }),
              false);
  });
  EXPECT_EQ(inner_calls, 1);
}

TEST_P(ReadJoin, AJoinedReadSeesTheOuterSnapshot) {
  if (has_one_connection()) GTEST_SKIP() << "needs a second connection for the writer";
  store().read([&](Transaction& outer) {
    EXPECT_FALSE(outer.jobs().ran("job", "2027-01"));  // the snapshot starts here
    record_elsewhere("2027-01");
    EXPECT_FALSE(
        store().read_result<bool>([](Transaction& tx) { return tx.jobs().ran("job", "2027-01"); }));
  });
  EXPECT_TRUE(
      store().read_result<bool>([](Transaction& tx) { return tx.jobs().ran("job", "2027-01"); }));
}

TEST_P(ReadJoin, AnExceptionInAJoinedReadPropagatesAndEndsTheOuterRead) {
  EXPECT_THROW(store().read([&](Transaction&) {
    store().read([](Transaction&) { throw std::runtime_error("inner"); });
  }),
               std::runtime_error);
  // The next read opens a transaction of its own, and the store still works.
  store().read([&](Transaction& outer) {
    store().read([&](Transaction& inner) { EXPECT_EQ(&inner, &outer); });
  });
  EXPECT_FALSE(
      store().read_result<bool>([](Transaction& tx) { return tx.jobs().ran("job", "p"); }));
}

TEST_P(ReadJoin, AWriteInsideAReadIsATransactionOfItsOwn) {
  if (has_one_connection()) GTEST_SKIP() << "a second transaction needs a second connection";
  store().read([&](Transaction& outer) {
    EXPECT_FALSE(outer.jobs().ran("job", "2027-02"));
    store().transact([&](Transaction& write) {
      EXPECT_NE(&write, &outer);
      write.jobs().record_run("job", "2027-02", {});
    });
    EXPECT_FALSE(outer.jobs().ran("job", "2027-02"));  // committed after the snapshot
  });
  EXPECT_TRUE(
      store().read_result<bool>([](Transaction& tx) { return tx.jobs().ran("job", "2027-02"); }));
}

TEST_P(ReadJoin, ReadInsideAWriteDoesNotJoinIt) {
  if (has_one_connection()) GTEST_SKIP() << "a second transaction needs a second connection";
  store().transact([&](Transaction& write) {
    write.jobs().record_run("job", "2027-03", {});
    store().read([&](Transaction& read) {
      EXPECT_NE(&read, &write);
      EXPECT_FALSE(read.jobs().ran("job", "2027-03"));  // not committed yet
    });
  });
}

TEST_P(ReadJoin, AReadOfAnotherStoreDoesNotJoin) {
  if (has_one_connection()) GTEST_SKIP() << "a second Database of sqlite::memory: is another one";
  std::unique_ptr<Database> other = test_database_->open(1);
  store().read([&](Transaction& outer) {
    other->store().read([&](Transaction& inner) {
      EXPECT_NE(&inner, &outer);
      // And this store's read is still the one joined inside the other's.
      store().read([&](Transaction& again) { EXPECT_EQ(&again, &outer); });
    });
  });
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ReadJoin, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
