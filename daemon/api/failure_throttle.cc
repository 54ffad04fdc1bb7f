#include "daemon/api/failure_throttle.h"

#include <algorithm>

namespace caseaudit::daemon::api {

std::chrono::seconds FailureThrottle::retry_after(const std::string& peer, Instant now) {
  std::lock_guard lock(mutex_);
  auto found = peers_.find(peer);
  if (found == peers_.end() || now >= found->second.blocked_until) return std::chrono::seconds(0);
  return std::chrono::duration_cast<std::chrono::seconds>(found->second.blocked_until - now);
}

bool FailureThrottle::record_failure(const std::string& peer, Instant now) {
  std::lock_guard lock(mutex_);
  if (!peers_.contains(peer) && peers_.size() >= policy_.max_peers) forget_oldest();
  Peer& entry = peers_[peer];
  entry.failures.push_back(now);
  while (!entry.failures.empty() && entry.failures.front() + policy_.window <= now) {
    entry.failures.pop_front();
  }
  if (static_cast<int>(entry.failures.size()) >= policy_.max_failures) {
    entry.blocked_until = now + policy_.block;
    return true;
  }
  return false;
}

void FailureThrottle::forget_oldest() {
  // Rare (only when max_peers distinct peers failed recently), so a linear
  // scan is cheaper to reason about than a second index.
  auto last_failure = [](const Peer& p) {
    return std::max(p.failures.empty() ? Instant{} : p.failures.back(), p.blocked_until);
  };
  auto oldest = std::min_element(peers_.begin(), peers_.end(), [&](const auto& a, const auto& b) {
    return last_failure(a.second) < last_failure(b.second);
  });
  if (oldest != peers_.end()) peers_.erase(oldest);
}

}  // namespace caseaudit::daemon::api
