// OutboxWorker: delivers the outbox. Each deliver_due() pass
//   1. claims due messages in one short transaction (a lease hides them from
//      other workers and brings them back if this one dies),
//   2. sends each with no transaction open (SMTP can take seconds),
//   3. records each outcome in its own transaction: sent; retry later with
//      exponential backoff and jitter; or dead (a permanent failure, or the
//      last allowed attempt) with the server's answer.
// A crash, or a failed write, between 2 and 3 leaves the message claimed:
// when the lease runs out it is sent once more, with the same Message-ID, so
// the receiving side can recognise the duplicate. That is the only way a
// message goes out twice. A pass also stops sending once its lease has run
// out (a slow server), leaving the rest to whoever claims them next, so two
// workers never hold the same message at once. A message claimed more than
// max_attempts times with no outcome recorded (it may be what crashes the
// process) is marked dead without being sent again.
//
// A configuration fault (the relay refuses TLS, its certificate does not
// verify: DeliveryResult::configuration_fault) is retried with the usual
// backoff, but never past configuration_fault_limit after the fault began:
// then each message that meets it is dead-lettered with the reason, logged at
// error. The fault, and a count of such sends, are kept in health().
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include "notifier/delivery_health.h"
#include "notifier/transport.h"
#include "scheduler/clock.h"
#include "scheduler/store.h"

namespace caseaudit::notifier {

struct RetryPolicy {
  int max_attempts = 8;  // including the first; then the message is dead
  std::chrono::seconds first_backoff{std::chrono::minutes(1)};
  double multiplier = 2.0;
  std::chrono::seconds max_backoff{std::chrono::hours(6)};
  // Each delay is scaled by a factor drawn uniformly from [1 - jitter,
  // 1 + jitter] so that messages failed together do not retry in lockstep.
  double jitter = 0.2;
  // How long a claim hides a message. Must exceed the transport's total
  // timeout, or a slow send could be claimed and sent again by another worker.
  std::chrono::seconds lease{std::chrono::minutes(5)};
  // How long the relay may fail our configuration (see above) before the
  // messages that meet the fault are dead-lettered instead of retried.
  std::chrono::seconds configuration_fault_limit{std::chrono::minutes(30)};
};

// The delay before retry number `attempts` + 1, without jitter:
// first_backoff * multiplier^(attempts - 1), at most max_backoff.
std::chrono::seconds backoff_before_jitter(const RetryPolicy& policy, int attempts);

struct DeliveryStats {
  int claimed = 0;
  int sent = 0;
  int retried = 0;
  int dead = 0;
  int unrecorded = 0;            // sent or failed, but the store refused the mark
  int expired = 0;               // claimed, but not sent: its lease ran out first
  int configuration_faults = 0;  // sends that failed for a configuration fault
};

struct SenderIdentity {
  Mailbox from;                     // "Quality Assurance <qa-audit@council.example>"
  std::string message_id_domain;    // right side of generated Message-IDs
  std::optional<Mailbox> reply_to;  // the Reply-To of every message, if set
};

class OutboxWorker {
 public:
  // `store`, `transport` and `clock` must outlive the worker. `seed` drives
  // the jitter, so tests are reproducible.
  OutboxWorker(Store& store, Transport& transport, const Clock& clock, SenderIdentity sender,
               RetryPolicy policy, std::uint64_t seed);

  // One pass over at most `limit` due messages. Exceptions from the claim
  // (DatabaseUnavailable) propagate: nothing was sent. A failed mark is logged
  // and counted in `unrecorded`; the lease brings that message back.
  //
  // Thread safety: not thread-safe; run one worker per thread. Workers in
  // several threads or processes over one store never send a message twice
  // at once: the claim sees to that.
  DeliveryStats deliver_due(int limit);

  // Thread-safe to read while deliver_due() runs on another thread.
  const DeliveryHealth& health() const { return health_; }

 private:
  // When a configuration fault is past its limit: the message is dead.
  bool configuration_fault_expired(const DeliveryResult& result, Instant now);
  Email to_email(const OutboxMessage& message) const;
  void record(const OutboxMessage& message, const DeliveryResult& result, DeliveryStats& stats);
  Instant next_attempt(Instant now, int attempts);

  Store& store_;
  Transport& transport_;
  const Clock& clock_;
  const SenderIdentity sender_;
  const RetryPolicy policy_;
  std::mt19937_64 random_;
  DeliveryHealth health_;
};

// The Message-ID used when an outbox row has none: derived from the row's id
// and dedup key only, so every retry of that row carries the same one.
std::string derived_message_id(const OutboxMessage& message, const std::string& domain);

}  // namespace caseaudit::notifier
