#include "daemon/web/sign_in_limiter.h"

namespace caseaudit::daemon::web {

namespace {
constexpr std::chrono::seconds kWindow = std::chrono::hours(1);
constexpr int kSweepEvery = 1000;
}  // namespace

void SignInLimiter::prune(Window& window, Instant now) {
  while (!window.empty() && window.front() + kWindow <= now) window.pop_front();
}

void SignInLimiter::forget_idle(Instant now) {
  for (auto* windows : {&by_address_, &by_peer_}) {
    for (auto it = windows->begin(); it != windows->end();) {
      prune(it->second, now);
      it = it->second.empty() ? windows->erase(it) : std::next(it);
    }
  }
}

bool SignInLimiter::allow(const std::string& address_key, const std::string& peer, Instant now) {
  std::lock_guard lock(mutex_);
  if (++since_sweep_ >= kSweepEvery) {
    since_sweep_ = 0;
    forget_idle(now);
  }
  Window& address = by_address_[address_key];
  Window& from_peer = by_peer_[peer];
  prune(address, now);
  prune(from_peer, now);
  if (static_cast<int>(address.size()) >= limits_.per_address_per_hour ||
      static_cast<int>(from_peer.size()) >= limits_.per_peer_per_hour) {
    return false;
  }
  address.push_back(now);
  from_peer.push_back(now);
  return true;
}

}  // namespace caseaudit::daemon::web
