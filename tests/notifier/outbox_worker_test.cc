// OutboxWorker with a real SMTP server (aiosmtpd on loopback), a FakeClock,
// and FaultyStore (the real SQLite store, with injected mark failures).
#include "notifier/outbox_worker.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "notifier/smtp_transport.h"
#include "tests/notifier/faulty_store.h"
#include "tests/notifier/smtp_sink.h"

namespace caseaudit::notifier {
namespace {

using namespace std::chrono_literals;
using testing::FaultyStore;
using testing::SmtpSink;
using testing::TempDir;

const Instant kStart = std::chrono::sys_days{std::chrono::year{2027} / 3 / 1} + 9h;
const SenderIdentity kSender{{"Quality Assurance", "qa@council.example"}, "council.example"};

SmtpTransport loopback_transport(int port) {
  return SmtpTransport({.url = "smtp://127.0.0.1:" + std::to_string(port),
                        .connect_timeout = 2s,
                        .total_timeout = 10s,
                        .allow_plaintext = true});
}

Id enqueue(FaultyStore& store, const std::string& to, int n, Instant at) {
  OutboxMessage message;
  message.dedup_key = "audit_due_reminder/audit:" + std::to_string(n) + "/1/2027-03";
  message.rule = "audit_due_reminder";
  message.recipient_email = to;
  message.recipient_name = "Auditor " + std::to_string(n);
  message.subject = "Reminder " + std::to_string(n);
  message.text_body = "Audit " + std::to_string(n) + " is due.\n";
  message.html_body = "<p>Audit " + std::to_string(n) + " is due.</p>";
  message.message_id = "caseaudit." + std::to_string(n) + ".test@council.example";
  message.created_at = at;
  message.next_attempt_at = at;
  store.transact([&](Transaction& tx) { EXPECT_TRUE(tx.outbox().enqueue(message)); });
  return store
      .transact_result<std::vector<OutboxMessage>>(
          [](Transaction& tx) { return tx.outbox().messages(std::nullopt); })
      .back()
      .id;
}

std::vector<OutboxMessage> rows(FaultyStore& store, std::optional<OutboxStatus> status) {
  return store.transact_result<std::vector<OutboxMessage>>(
      [&](Transaction& tx) { return tx.outbox().messages(status); });
}

std::vector<std::string> received_message_ids(const SmtpSink& sink) {
  std::vector<std::string> ids;
  for (const auto& parsed : testing::parse_emls(sink.messages())) {
    ids.emplace_back(parsed.at("message_id").as_string());
  }
  return ids;
}

TEST(Backoff, GrowsExponentiallyUpToTheCap) {
  RetryPolicy policy;
  policy.first_backoff = 60s;
  policy.multiplier = 2;
  policy.max_backoff = 1h;
  EXPECT_EQ(backoff_before_jitter(policy, 1), 60s);
  EXPECT_EQ(backoff_before_jitter(policy, 2), 120s);
  EXPECT_EQ(backoff_before_jitter(policy, 4), 480s);
  EXPECT_EQ(backoff_before_jitter(policy, 7), 1h);
  EXPECT_EQ(backoff_before_jitter(policy, 40), 1h);
}

TEST(OutboxWorker, ServerDownForAWhileThenUpDeliversEverythingExactlyOnce) {
  TempDir dir;
  const int port = testing::free_port();
  FaultyStore store;
  FakeClock clock(kStart);
  for (int n = 1; n <= 20; ++n)
    enqueue(store, "auditor" + std::to_string(n) + "@council.example", n, kStart);
  SmtpTransport transport = loopback_transport(port);
  RetryPolicy policy;  // first backoff 60 s, jitter 20%
  OutboxWorker worker(store, transport, clock, kSender, policy, /*seed=*/42);

  // Down: every message fails transiently and is rescheduled with jitter.
  DeliveryStats stats = worker.deliver_due(100);
  EXPECT_EQ(stats.claimed, 20);
  EXPECT_EQ(stats.retried, 20);
  std::set<Instant> next_attempts;
  for (const OutboxMessage& row : rows(store, std::nullopt)) {
    EXPECT_EQ(row.status, OutboxStatus::kPending);
    EXPECT_EQ(row.attempts, 1);
    EXPECT_GE(row.next_attempt_at, kStart + 48s);
    EXPECT_LE(row.next_attempt_at, kStart + 72s);
    EXPECT_TRUE(row.last_error.starts_with("transient")) << row.last_error;
    next_attempts.insert(row.next_attempt_at);
  }
  EXPECT_GT(next_attempts.size(), 5u) << "jitter should spread the retries";
  clock.advance(30s);
  EXPECT_EQ(worker.deliver_due(100).claimed, 0) << "nothing is due before its backoff";

  // Up again.
  SmtpSink sink(port, dir.path());
  clock.advance(60s);
  stats = worker.deliver_due(100);
  EXPECT_EQ(stats.sent, 20);
  clock.advance(24h);
  EXPECT_EQ(worker.deliver_due(100).claimed, 0);

  EXPECT_EQ(rows(store, OutboxStatus::kSent).size(), 20u);
  const auto ids = received_message_ids(sink);
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 20u);
  for (const OutboxMessage& row : rows(store, std::nullopt)) {
    EXPECT_EQ(row.sent_at, kStart + 90s);
    EXPECT_TRUE(row.last_error.empty());
  }
}

// A relay (aiosmtpd on loopback) answering from the start, a plaintext
// transport to it, and the store and the clock.
class OutboxWorkerWithRelay : public ::testing::Test {
 protected:
  TempDir dir_;
  SmtpSink sink_{testing::free_port(), dir_.path()};
  FaultyStore store_;
  FakeClock clock_{kStart};
  SmtpTransport transport_ = loopback_transport(sink_.port());
};

TEST_F(OutboxWorkerWithRelay, TemporaryRejectionsThenSuccess) {
  const Id id = enqueue(store_, "defer2x@council.example", 1, kStart);
  RetryPolicy policy;
  policy.jitter = 0;
  OutboxWorker worker(store_, transport_, clock_, kSender, policy, 1);

  EXPECT_EQ(worker.deliver_due(10).retried, 1);
  EXPECT_EQ(store_.row(id).next_attempt_at, kStart + 60s);
  EXPECT_NE(store_.row(id).last_error.find("451 4.3.0 Deferred (1 of 2)"), std::string::npos);
  clock_.advance(60s);
  EXPECT_EQ(worker.deliver_due(10).retried, 1);
  EXPECT_EQ(store_.row(id).next_attempt_at, kStart + 60s + 120s) << "the backoff doubles";
  clock_.advance(120s);
  EXPECT_EQ(worker.deliver_due(10).sent, 1);
  EXPECT_EQ(store_.row(id).status, OutboxStatus::kSent);
  EXPECT_EQ(store_.row(id).attempts, 3);
  EXPECT_EQ(received_message_ids(sink_),
            std::vector<std::string>{"<caseaudit.1.test@council.example>"});
}

TEST_F(OutboxWorkerWithRelay, PermanentRejectionIsDeadWithTheServersAnswer) {
  const Id bad = enqueue(store_, "reject550@council.example", 1, kStart);
  const Id good = enqueue(store_, "auditor@council.example", 2, kStart);
  OutboxWorker worker(store_, transport_, clock_, kSender, RetryPolicy{}, 1);

  const DeliveryStats stats = worker.deliver_due(10);
  EXPECT_EQ(stats.dead, 1);
  EXPECT_EQ(stats.sent, 1);
  EXPECT_EQ(store_.row(bad).status, OutboxStatus::kDead);
  EXPECT_EQ(store_.row(bad).attempts, 1);
  EXPECT_NE(store_.row(bad).last_error.find(
                "permanent 550: 550 5.1.1 <reject550@council.example>: mailbox unavailable"),
            std::string::npos)
      << store_.row(bad).last_error;
  EXPECT_EQ(store_.row(good).status, OutboxStatus::kSent);
  clock_.advance(48h);
  EXPECT_EQ(worker.deliver_due(10).claimed, 0) << "the dead are never retried";
}

TEST_F(OutboxWorkerWithRelay, GivesUpAfterMaxAttempts) {
  const Id id = enqueue(store_, "defer451@council.example", 1, kStart);
  RetryPolicy policy;
  policy.max_attempts = 3;
  OutboxWorker worker(store_, transport_, clock_, kSender, policy, 1);
  for (int pass = 0; pass < 3; ++pass) {
    worker.deliver_due(10);
    clock_.advance(1h);
  }
  EXPECT_EQ(store_.row(id).status, OutboxStatus::kDead);
  EXPECT_EQ(store_.row(id).attempts, 3);
  EXPECT_NE(store_.row(id).last_error.find("451 4.3.0 Try again later"), std::string::npos);
  EXPECT_TRUE(sink_.messages().empty());
}

TEST_F(OutboxWorkerWithRelay, CrashBetweenSendAndMarkResendsOnceWithTheSameMessageId) {
  const Id id = enqueue(store_, "auditor@council.example", 1, kStart);
  RetryPolicy policy;
  policy.lease = 5min;
  OutboxWorker worker(store_, transport_, clock_, kSender, policy, 1);

  store_.fail_marks(1);  // the send succeeds, the database then goes away
  DeliveryStats stats = worker.deliver_due(10);
  EXPECT_EQ(stats.unrecorded, 1);
  EXPECT_EQ(sink_.messages().size(), 1u);
  EXPECT_EQ(store_.row(id).status, OutboxStatus::kPending);

  EXPECT_EQ(worker.deliver_due(10).claimed, 0) << "the lease holds it while it may be in flight";
  clock_.advance(5min);
  stats = worker.deliver_due(10);
  EXPECT_EQ(stats.sent, 1);
  clock_.advance(24h);
  EXPECT_EQ(worker.deliver_due(10).claimed, 0);

  EXPECT_EQ(store_.row(id).status, OutboxStatus::kSent);
  EXPECT_EQ(received_message_ids(sink_),
            (std::vector<std::string>{"<caseaudit.1.test@council.example>",
                                      "<caseaudit.1.test@council.example>"}));
}

TEST_F(OutboxWorkerWithRelay, RowsWithoutMessageIdGetOneThatSurvivesRetries) {
  OutboxMessage message;
  message.dedup_key = "impact_follow_up/audit:9";
  message.recipient_email = "defer1x@council.example";
  message.subject = "Follow-up";
  message.text_body = "Did it help?";
  message.next_attempt_at = kStart;
  store_.transact([&](Transaction& tx) { tx.outbox().enqueue(message); });
  const OutboxMessage stored = rows(store_, std::nullopt).at(0);
  OutboxWorker worker(store_, transport_, clock_, kSender, RetryPolicy{}, 1);
  EXPECT_EQ(worker.deliver_due(10).retried, 1);
  clock_.advance(1h);
  EXPECT_EQ(worker.deliver_due(10).sent, 1);
  EXPECT_EQ(received_message_ids(sink_),
            std::vector<std::string>{"<" + derived_message_id(stored, "council.example") + ">"});
  EXPECT_TRUE(derived_message_id(stored, "council.example").starts_with("caseaudit.1."));
}

TEST_F(OutboxWorkerWithRelay, ConcurrentWorkersNeverSendAMessageTwice) {
  for (int n = 1; n <= 60; ++n) enqueue(store_, "auditor@council.example", n, kStart);
  std::vector<std::thread> threads;
  std::atomic<int> sent{0};
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      OutboxWorker worker(store_, transport_, clock_, kSender, RetryPolicy{}, t);
      while (true) {
        const DeliveryStats stats = worker.deliver_due(4);
        sent += stats.sent;
        if (stats.claimed == 0) break;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(sent.load(), 60);
  const auto ids = received_message_ids(sink_);
  EXPECT_EQ(ids.size(), 60u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 60u);
}

}  // namespace
}  // namespace caseaudit::notifier

namespace caseaudit::notifier {
namespace {

// A real transport behind a slow link: each send takes `delay` of fake time.
class SlowTransport final : public Transport {
 public:
  SlowTransport(Transport& inner, FakeClock& clock, std::chrono::seconds delay)
      : inner_(inner), clock_(clock), delay_(delay) {}
  DeliveryResult send(const Email& email) override {
    clock_.advance(delay_);
    return inner_.send(email);
  }

 private:
  Transport& inner_;
  FakeClock& clock_;
  std::chrono::seconds delay_;
};

TEST_F(OutboxWorkerWithRelay, StopsSendingWhenItsLeaseRunsOut) {
  for (int n = 1; n <= 3; ++n) enqueue(store_, "auditor@council.example", n, kStart);
  SmtpTransport smtp = loopback_transport(sink_.port());
  SlowTransport slow(smtp, clock_, 3min);
  RetryPolicy policy;
  policy.lease = 5min;
  OutboxWorker worker(store_, slow, clock_, kSender, policy, 1);

  DeliveryStats stats = worker.deliver_due(10);  // sends at 0 and 3 min; 6 min is too late
  EXPECT_EQ(stats.claimed, 3);
  EXPECT_EQ(stats.sent, 2);
  EXPECT_EQ(stats.expired, 1);
  EXPECT_EQ(sink_.messages().size(), 2u);
  stats = worker.deliver_due(10);  // the third is claimable again, and sent once
  EXPECT_EQ(stats.sent, 1);
  EXPECT_EQ(received_message_ids(sink_).size(), 3u);
  EXPECT_EQ(rows(store_, OutboxStatus::kSent).size(), 3u);
}

}  // namespace
}  // namespace caseaudit::notifier

namespace caseaudit::notifier {
namespace {

TEST_F(OutboxWorkerWithRelay, AMessageThatNeverGetsAnOutcomeIsEventuallyDead) {
  const Id id = enqueue(store_, "auditor@council.example", 1, kStart);
  RetryPolicy policy;
  policy.max_attempts = 2;
  OutboxWorker worker(store_, transport_, clock_, kSender, policy, 1);
  store_.fail_marks(2);  // twice the outcome is lost, as if the process died
  for (int pass = 0; pass < 4; ++pass) {
    worker.deliver_due(10);
    clock_.advance(policy.lease);
  }
  EXPECT_EQ(store_.row(id).status, OutboxStatus::kDead);
  EXPECT_NE(store_.row(id).last_error.find("no outcome recorded after 2 attempts"),
            std::string::npos)
      << store_.row(id).last_error;
  EXPECT_EQ(sink_.messages().size(), 2u) << "sent twice, then given up without a third";
}

}  // namespace
}  // namespace caseaudit::notifier

// Issue 13: a relay that offers no STARTTLS was retried as "transient 250".
// It is a configuration fault: retried for at most configuration_fault_limit
// (by the injected clock), then dead-lettered with that reason.
namespace caseaudit::notifier {
namespace {

// Sends through whichever transport `target` points at, so one worker can
// meet a relay that is fixed half-way.
class SwitchableTransport final : public Transport {
 public:
  explicit SwitchableTransport(Transport* target) : target_(target) {}
  DeliveryResult send(const Email& email) override { return target_->send(email); }
  void point_at(Transport* target) { target_ = target; }

 private:
  Transport* target_;
};

TEST_F(OutboxWorkerWithRelay, ARelayRefusingTlsIsDeadLetteredWithTheReasonAfterTheLimit) {
  // The fixture's relay offers no STARTTLS.
  const Id id = enqueue(store_, "sam@council.example", 1, kStart);
  SmtpTransport tls_required({.url = sink_.url(), .connect_timeout = 2s, .total_timeout = 10s});
  RetryPolicy policy;
  policy.jitter = 0;
  policy.max_attempts = 100;  // the time limit, not the attempt limit, must end it
  policy.configuration_fault_limit = 30min;
  OutboxWorker worker(store_, tls_required, clock_, kSender, policy, 1);

  DeliveryStats first = worker.deliver_due(10);
  EXPECT_EQ(first.retried, 1);
  EXPECT_EQ(first.configuration_faults, 1);
  EXPECT_TRUE(
      store_.row(id).last_error.starts_with("configuration fault: the relay does not offer "
                                            "STARTTLS"))
      << store_.row(id).last_error;
  EXPECT_EQ(store_.row(id).last_error.find("transient 250"), std::string::npos);
  ASSERT_TRUE(worker.health().fault().has_value());
  EXPECT_EQ(worker.health().fault()->since, kStart);

  // Retried with the backoff, never past the limit, then dead at the limit.
  for (int turn = 0; turn < 20 && store_.row(id).status == OutboxStatus::kPending; ++turn) {
    EXPECT_LE(store_.row(id).next_attempt_at, kStart + 30min);
    clock_.set(store_.row(id).next_attempt_at);
    worker.deliver_due(10);
  }
  const OutboxMessage dead = store_.row(id);
  ASSERT_EQ(dead.status, OutboxStatus::kDead);
  EXPECT_EQ(clock_.now(), kStart + 30min) << "dead-lettered when the limit ran out, not later";
  EXPECT_TRUE(dead.last_error.starts_with("configuration fault: the relay does not offer STARTTLS"))
      << dead.last_error;
  EXPECT_EQ(worker.health().configuration_faults_total(), dead.attempts);
  EXPECT_TRUE(sink_.messages().empty());

  // Mail enqueued while the fault is past its limit is dead at once.
  const Id later = enqueue(store_, "alex@council.example", 2, clock_.now());
  EXPECT_EQ(worker.deliver_due(10).dead, 1);
  EXPECT_EQ(store_.row(later).status, OutboxStatus::kDead);
}

TEST_F(OutboxWorkerWithRelay, ASendAfterTheRelayIsFixedEndsTheFault) {
  SmtpTransport tls_required({.url = sink_.url(), .connect_timeout = 2s, .total_timeout = 10s});
  SmtpTransport fixed = loopback_transport(sink_.port());
  SwitchableTransport transport(&tls_required);
  RetryPolicy policy;
  policy.jitter = 0;
  OutboxWorker worker(store_, transport, clock_, kSender, policy, 1);

  const Id id = enqueue(store_, "sam@council.example", 1, kStart);
  worker.deliver_due(10);
  ASSERT_TRUE(worker.health().fault().has_value());
  transport.point_at(&fixed);
  clock_.set(store_.row(id).next_attempt_at);
  EXPECT_EQ(worker.deliver_due(10).sent, 1);
  EXPECT_FALSE(worker.health().fault().has_value());
  EXPECT_EQ(worker.health().configuration_faults_total(), 1);
}

}  // namespace
}  // namespace caseaudit::notifier
