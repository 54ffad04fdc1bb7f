// The test double must behave like a database where the worker relies on
// it: claims lease and count, and a throwing transaction changes nothing.
#include "tests/notifier/memory_store.h"

#include <gtest/gtest.h>

#include "scheduler/errors.h"

namespace caseaudit::notifier::testing {
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

TEST(MemoryStore, RequeueAndCountsFollowTheStoreContract) {
  MemoryStore store;
  store.transact([](Transaction& tx) {
    OutboxMessage bounced = message("bounced", kNow);
    bounced.message_id = "<bounced@caseaudit>";
    tx.enqueue(bounced);
    tx.enqueue(message("waiting", kNow));
  });
  store.transact([](Transaction& tx) {
    EXPECT_EQ(tx.outbox_counts(), (std::map<OutboxStatus, long long>{{OutboxStatus::kPending, 2},
                                                                     {OutboxStatus::kSent, 0},
                                                                     {OutboxStatus::kDead, 0}}));
    tx.claim_due_outbox(kNow, 1, 300s);
    tx.mark_outbox_dead(1, "550 mailbox unavailable");
    EXPECT_EQ(tx.outbox_counts().at(OutboxStatus::kDead), 1);
    tx.requeue_outbox_message(1, kNow + 2h);
  });
  const OutboxMessage requeued = store.row(1);
  EXPECT_EQ(requeued.status, OutboxStatus::kPending);
  EXPECT_EQ(requeued.attempts, 0);
  EXPECT_EQ(requeued.next_attempt_at, kNow + 2h);
  EXPECT_EQ(requeued.message_id, "<bounced@caseaudit>");
  EXPECT_EQ(requeued.last_error, "550 mailbox unavailable");
  store.transact([](Transaction& tx) {
    ASSERT_TRUE(tx.find_outbox_message(2).has_value());
    EXPECT_EQ(tx.find_outbox_message(2)->dedup_key, "waiting");
    EXPECT_FALSE(tx.find_outbox_message(99).has_value());
  });
  EXPECT_THROW(store.transact([](Transaction& tx) { tx.requeue_outbox_message(99, kNow); }),
               NotFound);
}

TEST(MemoryStore, TokensAndTheChangeLogRollBackWithTheirTransaction) {
  MemoryStore store;
  const auto token = [](std::string name, std::string hash) {
    return ApiToken{.name = std::move(name), .secret_hash = std::move(hash), .created_at = kNow};
  };
  store.transact([&](Transaction& tx) {
    tx.insert_api_token(token("ops", "h1"));
    tx.log_change(ChangeRecord{.at = kNow, .actor = "cli:admin", .record_type = "api_token"});
  });
  EXPECT_THROW(store.transact([&](Transaction& tx) {
    EXPECT_TRUE(tx.revoke_api_token("ops", kNow));
    tx.insert_api_token(token("ci", "h2"));
    tx.log_change(ChangeRecord{.at = kNow + 1h, .actor = "ops", .record_type = "api_token"});
    tx.insert_api_token(token("ops", "h3"));  // name taken: Conflict
  }),
               Conflict);
  store.transact([](Transaction& tx) {
    const std::vector<ApiToken> tokens = tx.api_tokens();
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_EQ(tokens[0].name, "ops");
    EXPECT_EQ(tokens[0].revoked_at, std::nullopt);
    EXPECT_FALSE(tx.find_api_token_by_hash("h2").has_value());
    ASSERT_EQ(tx.changes(ChangeFilter{}).size(), 1u);
    EXPECT_EQ(tx.changes(ChangeFilter{})[0].actor, "cli:admin");
  });
}

TEST(MemoryStore, ChangesComeNewestFirstAndPage) {
  MemoryStore store;
  store.transact([](Transaction& tx) {
    for (int i = 0; i < 5; ++i) {
      tx.log_change(ChangeRecord{.at = kNow + std::chrono::hours(i),
                                 .actor = "daemon",
                                 .record_type = i % 2 == 0 ? "staff" : "audit",
                                 .record_id = std::to_string(i)});
    }
  });
  store.transact([](Transaction& tx) {
    const std::vector<ChangeRecord> page = tx.changes(ChangeFilter{.limit = 2});
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0].record_id, "4");
    EXPECT_EQ(page[1].record_id, "3");
    const std::vector<ChangeRecord> next =
        tx.changes(ChangeFilter{.record_type = "staff", .before_id = page[1].id});
    ASSERT_EQ(next.size(), 2u);
    EXPECT_EQ(next[0].record_id, "2");
    EXPECT_EQ(next[1].record_id, "0");
    EXPECT_EQ(tx.changes(ChangeFilter{.since = kNow + 1h, .until = kNow + 3h}).size(), 2u);
    EXPECT_TRUE(tx.changes(ChangeFilter{.limit = -1}).empty());
  });
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
}  // namespace caseaudit::notifier::testing
