// FailureThrottle: answers 429 to a peer that keeps failing authentication.
//
// A peer (the socket's address, never a client-sent header) that fails
// `max_failures` times within `window` is blocked for `block` from its last
// failure; requests from it are refused before the token is even looked up,
// so guessing costs the guesser time, not us database reads. A success does
// not reset the count: a client with one good token cannot launder guesses.
//
// Memory is bounded: at most `max_peers` peers are tracked; when full, the
// entries with the oldest failures are dropped first.
//
// Thread-safe (one mutex; the work under it is a map lookup).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "scheduler/clock.h"

namespace caseaudit::daemon::api {

struct ThrottlePolicy {
  int max_failures = 10;
  std::chrono::seconds window{60};
  std::chrono::seconds block{300};
  std::size_t max_peers = 10000;
};

class FailureThrottle {
 public:
  explicit FailureThrottle(ThrottlePolicy policy = {}) : policy_(policy) {}

  // True when `peer` is blocked at `now`.
  bool blocked(const std::string& peer, Instant now) { return retry_after(peer, now).count() > 0; }
  // How long `peer` stays blocked after `now` (0 when it is not): Retry-After.
  std::chrono::seconds retry_after(const std::string& peer, Instant now);
  // Counts a failed attempt; returns true when this failure blocks the peer.
  bool record_failure(const std::string& peer, Instant now);

 private:
  struct Peer {
    std::deque<Instant> failures;  // within the window, oldest first
    Instant blocked_until{};
  };
  void forget_oldest();

  ThrottlePolicy policy_;
  std::mutex mutex_;
  std::unordered_map<std::string, Peer> peers_;
};

}  // namespace caseaudit::daemon::api
