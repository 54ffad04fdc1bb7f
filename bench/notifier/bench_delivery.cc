// bench_delivery [count]: delivers `count` (default 10,000) outbox messages
// to the local aiosmtpd sink (not saving them) through OutboxWorker +
// SmtpTransport, and compares with the sink's ceiling measured by a plain
// sender (Python smtplib on one connection). Prints messages per second.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "notifier/outbox_worker.h"
#include "notifier/smtp_transport.h"
#include "tests/notifier/faulty_store.h"
#include "tests/notifier/smtp_sink.h"

namespace {

using namespace std::chrono_literals;
using namespace caseaudit;
using namespace caseaudit::notifier;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void fill(testing::FaultyStore& store, int count, Instant now) {
  store.transact([&](Transaction& tx) {
    for (int n = 0; n < count; ++n) {
      OutboxMessage message;
      message.dedup_key = "bench/" + std::to_string(n);
      message.rule = "audit_due_reminder";
      message.recipient_email = "auditor@council.example";
      message.recipient_name = "Sam Taylor";
      message.subject = "Reminder: audit CR-" + std::to_string(n) + " is due";
      message.text_body = "Dear Sam Taylor,\n\nYour audit is due.\n";
      message.html_body = "<p>Dear Sam Taylor,</p><p>Your audit is due.</p>";
      message.next_attempt_at = now;
      tx.outbox().enqueue(message);
    }
  });
}

double ceiling(int port, int count) {
  const std::string command = "/usr/bin/python3 '" CASEAUDIT_BENCH_NOTIFIER_DIR
                              "/smtplib_ceiling.py' " +
                              std::to_string(port) + " " + std::to_string(count);
  FILE* pipe = ::popen(command.c_str(), "r");
  double rate = 0;
  if (pipe == nullptr || std::fscanf(pipe, "%lf", &rate) != 1) rate = 0;
  if (pipe != nullptr) ::pclose(pipe);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
  testing::TempDir dir;
  testing::SmtpSink sink(testing::free_port(), dir.path(), {.save = false, .lifetime = 600s});

  const double plain = ceiling(sink.port(), count);

  testing::FaultyStore store;
  FakeClock clock(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  fill(store, count, clock.now());
  SmtpTransport transport({.url = sink.url(), .allow_plaintext = true});
  OutboxWorker worker(store, transport, clock, {{"QA", "qa@council.example"}, "council.example"},
                      RetryPolicy{}, 1);
  const auto start = std::chrono::steady_clock::now();
  int sent = 0;
  for (DeliveryStats stats; (stats = worker.deliver_due(100)).claimed > 0;) sent += stats.sent;
  const double elapsed = seconds_since(start);

  std::printf("messages: %d sent of %d in %.2f s\n", sent, count, elapsed);
  std::printf("caseaudit (OutboxWorker + SmtpTransport): %.1f msg/s\n", sent / elapsed);
  std::printf("sink ceiling (python smtplib, one connection): %.1f msg/s\n", plain);
  return sent == count ? 0 : 1;
}
