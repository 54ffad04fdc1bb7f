// The test double must behave like a database where the worker relies on
// it: claims lease and count, and a throwing transaction changes nothing.
#include "tests/notifier/memory_store.h"

#include <gtest/gtest.h>

#include "scheduler/errors.h"

namespace auditd::notifier::testing {
namespace {

using namespace std::chrono_literals;

const Instant kNow = std::chrono::sys_days{std::chrono::year{2027} / 3 / 1};

OutboxMessage message(const std::string& key, Instant due) {
  OutboxMessage m;
  m.dedup_key = key;
  m.recipient_email = "a@b.example";
  m.next_attempt_at = due;
  return m;
}

TEST(MemoryStore, ClaimTakesDueRowsOldestFirstAndLeasesThem) {
  MemoryStore store;
  store.transact([](Transaction& tx) {
    EXPECT_TRUE(tx.enqueue(message("late", kNow)));
    EXPECT_TRUE(tx.enqueue(message("early", kNow - 1h)));
    EXPECT_TRUE(tx.enqueue(message("future", kNow + 1h)));
    EXPECT_FALSE(tx.enqueue(message("early", kNow)));  // dedup
  });
  const auto claimed = store.transact_result<std::vector<OutboxMessage>>(
      [](Transaction& tx) { return tx.claim_due_outbox(kNow, 10, 300s); });
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].dedup_key, "early");
  EXPECT_EQ(claimed[1].dedup_key, "late");
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_EQ(claimed[0].next_attempt_at, kNow + 300s);
  EXPECT_TRUE(store
                  .transact_result<std::vector<OutboxMessage>>(
                      [](Transaction& tx) { return tx.claim_due_outbox(kNow, 10, 300s); })
                  .empty());
}

TEST(MemoryStore, ThrowingWorkChangesNothing) {
  MemoryStore store;
  store.transact([](Transaction& tx) { tx.enqueue(message("kept", kNow)); });
  EXPECT_THROW(store.transact([](Transaction& tx) {
    tx.enqueue(message("rolled back", kNow));
    tx.claim_due_outbox(kNow, 10, 300s);
    tx.mark_outbox_sent(1, kNow);
    throw RuntimeFailure("boom");
  }),
               RuntimeFailure);
  const auto rows = store.transact_result<std::vector<OutboxMessage>>(
      [](Transaction& tx) { return tx.outbox(std::nullopt); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].dedup_key, "kept");
  EXPECT_EQ(rows[0].status, OutboxStatus::kPending);
  EXPECT_EQ(rows[0].attempts, 0);
  EXPECT_THROW(store.transact([](Transaction& tx) { tx.mark_outbox_dead(99, "x"); }), NotFound);
}

TEST(MemoryStore, TheLedgerRecordsEachKeyOnceAndRollsBack) {
  MemoryStore store;
  const auto record = [&store](const std::vector<NotifiedItem>& items) {
    return store.transact_result<std::vector<bool>>(
        [&](Transaction& tx) { return tx.record_notified_items(items, kNow); });
  };
  EXPECT_EQ(record({{"a", "m1"}, {"b", "m1"}, {"a", "m2"}}),
            (std::vector<bool>{true, true, false}));
  EXPECT_EQ(record({{"b", "m3"}, {"c", "m3"}}), (std::vector<bool>{false, true}));
  EXPECT_TRUE(record({}).empty());
  EXPECT_THROW(store.transact([](Transaction& tx) {
    EXPECT_TRUE(tx.record_notified_item("d", "m4", kNow));
    throw RuntimeFailure("boom");
  }),
               RuntimeFailure);
  const std::map<std::string, std::string> expected{{"a", "m1"}, {"b", "m1"}, {"c", "m3"}};
  EXPECT_EQ(store.ledger(), expected);
}

}  // namespace
}  // namespace auditd::notifier::testing
