#include "notifier/outbox_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>

namespace caseaudit::notifier {

std::chrono::seconds backoff_before_jitter(const RetryPolicy& policy, int attempts) {
  const double exponent = std::max(0, attempts - 1);
  const double seconds =
      static_cast<double>(policy.first_backoff.count()) * std::pow(policy.multiplier, exponent);
  const double cap = static_cast<double>(policy.max_backoff.count());
  return std::chrono::seconds(static_cast<std::int64_t>(std::min(seconds, cap)));
}

std::string derived_message_id(const OutboxMessage& message, const std::string& domain) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a of the dedup key
  for (char c : message.dedup_key) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  char id[96];
  std::snprintf(id, sizeof id, "caseaudit.%lld.%016llx@", static_cast<long long>(message.id),
                static_cast<unsigned long long>(h));
  return id + domain;
}

OutboxWorker::OutboxWorker(Store& store, Transport& transport, const Clock& clock,
                           SenderIdentity sender, RetryPolicy policy, std::uint64_t seed)
    : store_(store),
      transport_(transport),
      clock_(clock),
      sender_(std::move(sender)),
      policy_(policy),
      random_(seed) {}

DeliveryStats OutboxWorker::deliver_due(int limit) {
  DeliveryStats stats;
  const Instant now = clock_.now();
  const auto claimed = store_.transact_result<std::vector<OutboxMessage>>(
      [&](Transaction& tx) { return tx.outbox().claim_due(now, limit, policy_.lease); });
  stats.claimed = static_cast<int>(claimed.size());
  for (const OutboxMessage& message : claimed) {
    // Past the lease another worker may have claimed this message already.
    if (clock_.now() >= now + policy_.lease) {
      ++stats.expired;
      continue;
    }
    // Claimed more often than allowed without an outcome recorded: it may be
    // what kills the process. Stop rather than crash forever.
    if (message.attempts > policy_.max_attempts) {
      record(message,
             {DeliveryOutcome::kPermanent, 0,
              "no outcome recorded after " + std::to_string(message.attempts - 1) + " attempts"},
             stats);
      continue;
    }
    const DeliveryResult result = transport_.send(to_email(message));
    record(message, result, stats);
  }
  return stats;
}

Email OutboxWorker::to_email(const OutboxMessage& message) const {
  Email email;
  email.from = sender_.from;
  email.reply_to = sender_.reply_to;
  email.to.push_back(Mailbox{message.recipient_name, message.recipient_email});
  email.subject = message.subject;
  email.text_body = message.text_body;
  email.html_body = message.html_body;
  email.message_id = message.message_id.empty()
                         ? derived_message_id(message, sender_.message_id_domain)
                         : message.message_id;
  email.date = clock_.now();
  // RFC 3834: out-of-office replies must not answer automated mail.
  email.headers.emplace_back("Auto-Submitted", "auto-generated");
  if (!message.rule.empty()) email.headers.emplace_back("X-Caseaudit-Rule", message.rule);
  if (message.urgent) email.headers.emplace_back("Importance", "high");
  return email;
}

bool OutboxWorker::configuration_fault_expired(const DeliveryResult& result, Instant now) {
  if (!result.configuration_fault) return false;
  const bool first = !health_.fault().has_value();
  const Instant since = health_.note_configuration_fault(now, result.detail);
  if (first) {
    spdlog::error(
        "mail relay: {}; this is a configuration fault: fix the relay or mail.smtp "
        "(tls, ca_file), or messages are dead-lettered after {} min",
        result.detail, policy_.configuration_fault_limit.count() / 60);
  }
  return now - since >= policy_.configuration_fault_limit;
}

void OutboxWorker::record(const OutboxMessage& message, const DeliveryResult& result,
                          DeliveryStats& stats) {
  const Instant now = clock_.now();
  if (result.sent()) health_.note_sent();
  if (result.configuration_fault) ++stats.configuration_faults;
  const bool fault_expired = configuration_fault_expired(result, now);
  const std::string error =
      result.configuration_fault
          ? "configuration fault: " + result.detail
          : std::string(to_string(result.outcome)) +
                (result.smtp_code != 0 ? " " + std::to_string(result.smtp_code) : "") + ": " +
                result.detail;
  const bool dead =
      result.outcome == DeliveryOutcome::kPermanent || fault_expired ||
      (result.outcome == DeliveryOutcome::kTransient && message.attempts >= policy_.max_attempts);
  Instant next = next_attempt(now, message.attempts);
  if (result.configuration_fault) {
    // Never retried past the fault's limit: then it is dead-lettered.
    const Instant limit =
        health_.fault().value_or(RelayFault{now, {}}).since + policy_.configuration_fault_limit;
    next = std::max(now + std::chrono::seconds(1), std::min(next, limit));
  }
  try {
    store_.transact([&](Transaction& tx) {
      if (result.sent()) {
        tx.outbox().mark_sent(message.id, now);
      } else if (dead) {
        tx.outbox().mark_dead(message.id, error);
      } else {
        tx.outbox().mark_retry(message.id, next, error);
      }
    });
  } catch (const std::exception& e) {
    // Not fatal: the lease brings the message back, to be sent at most once
    // more with the same Message-ID.
    ++stats.unrecorded;
    spdlog::error("outbox {}: {} but not recorded: {}", message.id, to_string(result.outcome),
                  e.what());
    return;
  }
  if (result.sent()) {
    ++stats.sent;
  } else if (dead) {
    ++stats.dead;
    if (fault_expired) {
      spdlog::error(
          "outbox {} to {} is dead: the relay has failed the configuration for {} min: {}",
          message.id, message.recipient_email, policy_.configuration_fault_limit.count() / 60,
          error);
    } else {
      spdlog::warn("outbox {} to {} is dead after {} attempt(s): {}", message.id,
                   message.recipient_email, message.attempts, error);
    }
  } else {
    ++stats.retried;
    spdlog::info("outbox {} will be retried: {}", message.id, error);
  }
}

Instant OutboxWorker::next_attempt(Instant now, int attempts) {
  const auto base = backoff_before_jitter(policy_, attempts);
  std::uniform_real_distribution<double> factor(1.0 - policy_.jitter, 1.0 + policy_.jitter);
  const auto jittered =
      static_cast<std::int64_t>(static_cast<double>(base.count()) * factor(random_));
  return now + std::chrono::seconds(std::max<std::int64_t>(1, jittered));
}

}  // namespace caseaudit::notifier
