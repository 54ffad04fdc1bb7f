// SignInLimiter: how many sign-in links may be asked for per email address
// and per peer (req.remote_addr) in an hour. Keyed by the address as typed
// (lower-cased), known or not, so the answer never tells whether an address
// belongs to anyone. In memory: a restart forgets it, which at worst lets a
// few more links through.
//
// Thread-safe (one mutex).
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "scheduler/clock.h"

namespace caseaudit::daemon::web {

struct SignInLimits {
  int per_address_per_hour = 5;
  int per_peer_per_hour = 20;
};

class SignInLimiter {
 public:
  explicit SignInLimiter(SignInLimits limits) : limits_(limits) {}

  // Whether one more request for `address_key` from `peer` is allowed at
  // `now`; an allowed one is counted against both.
  bool allow(const std::string& address_key, const std::string& peer, Instant now);

 private:
  using Window = std::deque<Instant>;
  static void prune(Window& window, Instant now);
  // Drops keys whose window emptied, so memory follows recent traffic only.
  void forget_idle(Instant now);

  SignInLimits limits_;
  std::mutex mutex_;
  std::map<std::string, Window> by_address_;
  std::map<std::string, Window> by_peer_;
  int since_sweep_ = 0;
};

}  // namespace caseaudit::daemon::web
