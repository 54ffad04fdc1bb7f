// Several delivering workers on one PostgreSQL database (issue 4: "several
// instances may deliver at once without double sending"): each worker has its
// own connection from the pool, its own SMTP connection and its own thread,
// as separate daemons would; they claim with FOR UPDATE SKIP LOCKED and send
// to one real SMTP server (aiosmtpd on loopback). Every message must arrive
// exactly once.
//
// Needs CASEAUDIT_TEST_PG_URL (tests/db/test_database.h): without it the test
// fails, it does not skip.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <map>
#include <set>
#include <thread>

#include "notifier/outbox_worker.h"
#include "notifier/smtp_transport.h"
#include "tests/db/test_database.h"
#include "tests/notifier/smtp_sink.h"

namespace caseaudit::notifier {
namespace {

using namespace std::chrono_literals;

constexpr int kMessages = 300;
constexpr int kWorkers = 3;
constexpr int kBatch = 10;  // small claims, so the workers interleave

OutboxMessage message(int n, Instant at) {
  OutboxMessage m;
  m.dedup_key = "action_overdue:action:" + std::to_string(n) + ":owner::7";
  m.rule = "action_overdue_escalation";
  m.recipient_email = "manager" + std::to_string(n % 17) + "@council.example";
  m.recipient_name = "Manager " + std::to_string(n % 17);
  m.subject = "Overdue action " + std::to_string(n);
  m.text_body = "Action " + std::to_string(n) + " is overdue.\n";
  m.html_body = "<p>Action " + std::to_string(n) + " is overdue.</p>";
  // No Message-ID: the worker derives one from the row, as for real rows.
  m.created_at = at;
  m.next_attempt_at = at;
  return m;
}

TEST(ConcurrentDelivery, WorkersOnOnePostgresqlDatabaseSendEachMessageOnce) {
  const auto test_database = db::testing::TestDatabase::create("postgresql");
  ASSERT_NE(test_database, nullptr) << db::testing::missing_postgresql_message();
  const auto database = test_database->open(kWorkers + 1);
  database->migrate();
  Store& store = database->store();

  SystemClock clock;
  const Instant now = clock.now();
  store.transact([&](Transaction& tx) {
    for (int n = 0; n < kMessages; ++n) ASSERT_TRUE(tx.outbox().enqueue(message(n, now)));
  });

  testing::TempDir dir;
  testing::SmtpSink sink(testing::free_port(), dir.path());
  const auto pending = [&] {
    return store.transact_result<std::size_t>(
        [](Transaction& tx) { return tx.outbox().messages(OutboxStatus::kPending).size(); });
  };

  std::latch start(kWorkers);
  std::vector<DeliveryStats> totals(kWorkers);
  std::vector<std::string> failures(kWorkers);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      try {
        SmtpTransport transport({.url = sink.url(),
                                 .connect_timeout = 2s,
                                 .total_timeout = 10s,
                                 .allow_plaintext = true});
        OutboxWorker worker(store, transport, clock,
                            {{"Quality Assurance", "qa@council.example"}, "council.example"},
                            RetryPolicy{}, 1000 + w);
        start.arrive_and_wait();
        const auto deadline = std::chrono::steady_clock::now() + 90s;
        while (std::chrono::steady_clock::now() < deadline) {
          const DeliveryStats stats = worker.deliver_due(kBatch);
          totals[w].claimed += stats.claimed;
          totals[w].sent += stats.sent;
          totals[w].retried += stats.retried;
          totals[w].dead += stats.dead;
          totals[w].unrecorded += stats.unrecorded;
          totals[w].expired += stats.expired;
          // Nothing left to claim: done once no other worker holds a row either.
          if (stats.claimed == 0 && pending() == 0) return;
          if (stats.claimed == 0) std::this_thread::sleep_for(20ms);
        }
        failures[w] = "deadline passed";
      } catch (const std::exception& error) {
        failures[w] = error.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();

  int sent = 0;
  for (int w = 0; w < kWorkers; ++w) {
    EXPECT_EQ(failures[w], "") << "worker " << w;
    EXPECT_EQ(totals[w].claimed, totals[w].sent) << "worker " << w;
    EXPECT_EQ(totals[w].retried + totals[w].dead + totals[w].unrecorded + totals[w].expired, 0)
        << "worker " << w;
    // They really delivered side by side.
    EXPECT_GT(totals[w].sent, 0) << "worker " << w;
    sent += totals[w].sent;
  }
  EXPECT_EQ(sent, kMessages);

  // The database: every row sent, each claimed once.
  const auto rows = store.transact_result<std::vector<OutboxMessage>>(
      [](Transaction& tx) { return tx.outbox().messages(std::nullopt); });
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kMessages));
  for (const OutboxMessage& row : rows) {
    EXPECT_EQ(row.status, OutboxStatus::kSent) << row.dedup_key;
    EXPECT_EQ(row.attempts, 1) << row.dedup_key;
  }

  // The server: each message exactly once, by Message-ID and by subject.
  const auto received = testing::parse_emls(sink.messages());
  ASSERT_EQ(received.size(), static_cast<std::size_t>(kMessages));
  std::set<std::string> message_ids;
  std::map<std::string, int> subjects;
  for (const auto& parsed : received) {
    message_ids.insert(std::string(parsed.at("message_id").as_string()));
    ++subjects[std::string(parsed.at("subject").as_string())];
  }
  EXPECT_EQ(message_ids.size(), static_cast<std::size_t>(kMessages));
  ASSERT_EQ(subjects.size(), static_cast<std::size_t>(kMessages));
  for (int n = 0; n < kMessages; ++n) {
    EXPECT_EQ(subjects["Overdue action " + std::to_string(n)], 1) << n;
  }
}

}  // namespace
}  // namespace caseaudit::notifier
