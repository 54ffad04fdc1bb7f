// Job runs, the change log and the outbox: the records that make periodic
// jobs run once, changes auditable and emails sent once.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "db/soci_transaction.h"
#include "scheduler/errors.h"
#include "tests/db/store_contract.h"

namespace caseaudit::db::testing {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

class Bookkeeping : public StoreContract {};

TEST_P(Bookkeeping, AJobRunIsRecordedOnce) {
  const Instant now = at(2027, 2, 1, 6);
  EXPECT_FALSE(in_tx([](Transaction& tx) { return tx.jobs().ran("allocate", "2027-02"); }));
  EXPECT_TRUE(
      in_tx([&](Transaction& tx) { return tx.jobs().record_run("allocate", "2027-02", now); }));
  EXPECT_FALSE(
      in_tx([&](Transaction& tx) { return tx.jobs().record_run("allocate", "2027-02", now); }));
  EXPECT_TRUE(in_tx([](Transaction& tx) { return tx.jobs().ran("allocate", "2027-02"); }));
  EXPECT_FALSE(in_tx([](Transaction& tx) { return tx.jobs().ran("allocate", "2027-03"); }));
  EXPECT_TRUE(in_tx([&](Transaction& tx) { return tx.jobs().record_run("remind", "2027-02", now); }));
}

TEST_P(Bookkeeping, AReminderItemIsRecordedOnce) {
  const Instant now = at(2027, 2, 20, 7);
  EXPECT_TRUE(in_tx([&](Transaction& tx) {
    return tx.ledger().record_one("audit/17/overdue/1", "digest/tm/2027-02-20", now);
  }));
  EXPECT_FALSE(in_tx([&](Transaction& tx) {
    return tx.ledger().record_one("audit/17/overdue/1", "digest/tm/2027-02-21", now);
  }));
  // A digest carries several items.
  EXPECT_TRUE(in_tx([&](Transaction& tx) {
    return tx.ledger().record_one("audit/18/overdue/1", "digest/tm/2027-02-20", now);
  }));
  EXPECT_EQ(database_->query_raw_integer("SELECT count(*) FROM notified_items"), 2);
}

// The ledger in sets: one flag per element, true for the keys recorded now.
TEST_P(Bookkeeping, ABatchOfReminderItemsRecordsOnlyNewKeys) {
  const Instant now = at(2027, 2, 22, 9);
  EXPECT_TRUE(in_tx([&](Transaction& tx) {
    return tx.ledger().record_one("audit:1:due", "daily:7:2027-02-19", now);
  }));
  const std::vector<NotifiedItem> batch{
      {"audit:1:due", "daily:7:2027-02-22"},                     // already in the table
      {"action:5:overdue", "daily:7:2027-02-22"},                // new
      {"action:6:overdue", "daily:8:2027-02-22"},                // new, another message
      {"action:5:overdue", "daily:8:2027-02-22"},                // repeated within the batch
      {"with \"quote\" and \\ {brace},", "daily:8:2027-02-22"},  // array-literal syntax
  };
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.ledger().record(batch, now); }),
            (std::vector<bool>{false, true, true, false, true}));
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.ledger().record(batch, now); }),
            (std::vector<bool>{false, false, false, false, false}));
  EXPECT_EQ(database_->query_raw_integer("SELECT count(*) FROM notified_items"), 4);
  // Each key keeps the message that first told it.
  EXPECT_EQ(database_->query_raw_integer(
                "SELECT count(*) FROM notified_items WHERE item_key = 'audit:1:due' "
                "AND message_key = 'daily:7:2027-02-19'"),
            1);
  EXPECT_EQ(database_->query_raw_integer(
                "SELECT count(*) FROM notified_items WHERE item_key = 'action:5:overdue' "
                "AND message_key = 'daily:7:2027-02-22'"),
            1);
}

TEST_P(Bookkeeping, AnEmptyBatchOfReminderItemsDoesNothing) {
  const Instant now = at(2027, 2, 22, 9);
  EXPECT_TRUE(in_tx([&](Transaction& tx) { return tx.ledger().record({}, now); }).empty());
  EXPECT_EQ(database_->query_raw_integer("SELECT count(*) FROM notified_items"), 0);
}

// More keys than one statement takes on either engine, with repeats on both
// sides of a chunk boundary and keys already recorded in later chunks.
TEST_P(Bookkeeping, ABatchLargerThanOneChunkIsRecordedWhole) {
  const Instant now = at(2027, 2, 22, 9);
  const std::size_t size =
      std::max(SociTransaction::kLedgerChunkPostgresql, SociTransaction::kLedgerChunkSqlite) + 1234;
  const auto key = [](std::size_t i) { return "action_overdue:action:" + std::to_string(i); };
  std::vector<NotifiedItem> earlier;
  for (std::size_t i = 0; i < size; i += 1000) earlier.push_back({key(i), "daily:1:2027-02-19"});
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.ledger().record(earlier, now); }),
            std::vector<bool>(earlier.size(), true));

  std::vector<NotifiedItem> batch;
  std::vector<bool> expected;
  for (std::size_t i = 0; i < size; ++i) {
    batch.push_back({key(i), "daily:" + std::to_string(i % 50) + ":2027-02-22"});
    expected.push_back(i % 1000 != 0);
  }
  for (std::size_t i = 1; i < size; i += 997) {  // repeats, after their first occurrence
    batch.push_back({key(i), "daily:99:2027-02-22"});
    expected.push_back(false);
  }
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.ledger().record(batch, now); }), expected);
  EXPECT_EQ(database_->query_raw_integer("SELECT count(*) FROM notified_items"),
            static_cast<std::int64_t>(size));
  EXPECT_EQ(database_->query_raw_integer(
                "SELECT count(*) FROM notified_items WHERE message_key = 'daily:99:2027-02-22'"),
            0);
}

TEST_P(Bookkeeping, TheChangeLogListsByTypeAndTime) {
  const ChangeRecord staff_change{.at = at(2027, 1, 10),
                                  .actor = "token:coordinator",
                                  .action = "staff.update",
                                  .record_type = "staff",
                                  .record_id = "12",
                                  .before_json = R"({"fte":1.0})",
                                  .after_json = R"({"fte":0.5})"};
  ChangeRecord audit_change{.at = at(2027, 2, 1),
                            .actor = "daemon",
                            .action = "allocation.commit",
                            .record_type = "audit",
                            .record_id = "2027-02",
                            .before_json = "",
                            .after_json = R"({"audits":30})"};
  ChangeRecord later_staff = staff_change;
  later_staff.at = at(2027, 3, 5);
  later_staff.action = "staff.create";
  in_tx([&](Transaction& tx) {
    tx.changes().log(staff_change);
    tx.changes().log(audit_change);
    tx.changes().log(later_staff);
  });
  const auto all = in_tx([](Transaction& tx) { return tx.changes().since(std::nullopt, std::nullopt); });
  ASSERT_EQ(all.size(), 3u);
  const auto strip = [](ChangeRecord c) {
    c.id = 0;
    return c;
  };
  // Newest first.
  EXPECT_TRUE(fields(strip(all[0])) == fields(later_staff));
  EXPECT_TRUE(fields(strip(all[1])) == fields(audit_change));
  EXPECT_TRUE(fields(strip(all[2])) == fields(staff_change));
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.changes().since("staff", std::nullopt); }).size(), 2u);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.changes().since("audit", std::nullopt); }).size(), 1u);
  EXPECT_EQ(in_tx([](Transaction& tx) { return tx.changes().since(std::nullopt, at(2027, 2, 1)); }).size(),
            2u);
  const auto recent_staff =
      in_tx([](Transaction& tx) { return tx.changes().since("staff", at(2027, 2, 1)); });
  ASSERT_EQ(recent_staff.size(), 1u);
  EXPECT_EQ(recent_staff[0].action, "staff.create");
  EXPECT_TRUE(in_tx([](Transaction& tx) { return tx.changes().since("pairing", std::nullopt); }).empty());
}

TEST_P(Bookkeeping, TheOutboxDeduplicates) {
  const OutboxMessage m = make_message("overdue/audit/17/level1/2027-02", at(2027, 2, 20));
  EXPECT_TRUE(in_tx([&](Transaction& tx) { return tx.outbox().enqueue(m); }));
  EXPECT_FALSE(in_tx([&](Transaction& tx) { return tx.outbox().enqueue(m); }));
  const auto pending = in_tx([](Transaction& tx) { return tx.outbox().messages(OutboxStatus::kPending); });
  ASSERT_EQ(pending.size(), 1u);
  OutboxMessage expected = m;
  expected.id = pending[0].id;
  EXPECT_TRUE(fields(pending[0]) == fields(expected));
  EXPECT_TRUE(in_tx([](Transaction& tx) { return tx.outbox().messages(OutboxStatus::kSent); }).empty());
}

TEST_P(Bookkeeping, OutboxDeliveryClaimsDueMessagesOldestFirst) {
  const Instant now = at(2027, 2, 20, 9);
  in_tx([&](Transaction& tx) {
    tx.outbox().enqueue(make_message("c", now - hours(1)));
    tx.outbox().enqueue(make_message("a", now - hours(3)));
    tx.outbox().enqueue(make_message("later", now + hours(1)));
    tx.outbox().enqueue(make_message("b", now - hours(2)));
  });
  const auto claimed =
      in_tx([&](Transaction& tx) { return tx.outbox().claim_due(now, 2, seconds(300)); });
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].dedup_key, "a");
  EXPECT_EQ(claimed[1].dedup_key, "b");
  for (const OutboxMessage& m : claimed) {
    EXPECT_EQ(m.attempts, 1);
    EXPECT_EQ(m.next_attempt_at, now + seconds(300));
  }
  // Leased messages are hidden from the next claimer until the lease runs out.
  const auto next =
      in_tx([&](Transaction& tx) { return tx.outbox().claim_due(now, 10, seconds(300)); });
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].dedup_key, "c");

  in_tx([&](Transaction& tx) {
    tx.outbox().mark_sent(claimed[0].id, now);
    tx.outbox().mark_retry(claimed[1].id, now + hours(1), "451 try later");
    tx.outbox().mark_dead(next[0].id, "550 no such user");
  });
  const auto sent = in_tx([](Transaction& tx) { return tx.outbox().messages(OutboxStatus::kSent); });
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].sent_at, now);
  EXPECT_EQ(sent[0].last_error, "");
  const auto dead = in_tx([](Transaction& tx) { return tx.outbox().messages(OutboxStatus::kDead); });
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].last_error, "550 no such user");
  const auto retry =
      in_tx([&](Transaction& tx) { return tx.outbox().claim_due(now + hours(2), 10, seconds(300)); });
  ASSERT_EQ(retry.size(), 2u);  // "b" after its retry time, and "later"
  EXPECT_EQ(retry[0].dedup_key, "later");
  EXPECT_EQ(retry[1].dedup_key, "b");
  EXPECT_EQ(retry[1].attempts, 2);
  EXPECT_EQ(retry[1].last_error, "451 try later");
}

// Issue 13: outbox_depth counted mail scheduled for the future as waiting.
TEST_P(Bookkeeping, TheBacklogSplitsDueFromScheduledAndDatesTheOldestDue) {
  const Instant now = at(2027, 3, 1, 9);
  EXPECT_EQ(in_tx([&](Transaction& tx) { return tx.outbox().backlog(now).due; }), 0);
  EXPECT_FALSE(in_tx([&](Transaction& tx) { return tx.outbox().backlog(now).oldest_due; }));
  in_tx([&](Transaction& tx) {
    tx.outbox().enqueue(make_message("due-early", now - hours(3)));
    tx.outbox().enqueue(make_message("due-now", now));
    tx.outbox().enqueue(make_message("tomorrow", now + hours(24)));
    tx.outbox().enqueue(make_message("sent", now - hours(5)));
    tx.outbox().enqueue(make_message("dead", now - hours(6)));
  });
  const auto rows = in_tx([](Transaction& tx) { return tx.outbox().messages(std::nullopt); });
  for (const OutboxMessage& row : rows) {
    if (row.dedup_key == "sent")
      in_tx([&](Transaction& tx) { tx.outbox().mark_sent(row.id, now); });
    if (row.dedup_key == "dead")
      in_tx([&](Transaction& tx) { tx.outbox().mark_dead(row.id, "550"); });
  }
  const OutboxBacklog backlog = in_tx([&](Transaction& tx) { return tx.outbox().backlog(now); });
  EXPECT_EQ(backlog.due, 2);
  EXPECT_EQ(backlog.scheduled, 1);
  EXPECT_EQ(backlog.oldest_due, now - hours(3));
}

INSTANTIATE_TEST_SUITE_P(Backends, Bookkeeping, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace caseaudit::db::testing
