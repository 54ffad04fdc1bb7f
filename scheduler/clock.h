// Clock: the one way caseaudit learns the time, injected so that rules and jobs
// are tested at any instant without waiting.
#pragma once

#include <chrono>
#include <mutex>

namespace caseaudit {

using Instant = std::chrono::sys_seconds;  // UTC, whole seconds

class Clock {
 public:
  virtual ~Clock() = default;
  // Thread-safe.
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// The system clock shifted by a fixed offset: it reads `start` when
// constructed and then advances in real time. For drills and process tests
// of the daemon at a chosen instant (`caseaudit serve --now`). Thread-safe.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(Instant start) : offset_(start - SystemClock().now()) {}
  Instant now() const override { return SystemClock().now() + offset_; }
  std::chrono::seconds offset() const { return offset_; }

 private:
  std::chrono::seconds offset_;
};

// A clock that moves only when told. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Instant start) : now_(start) {}
  Instant now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void set(Instant instant) {
    std::lock_guard lock(mutex_);
    now_ = instant;
  }
  void advance(std::chrono::seconds by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }

 private:
  mutable std::mutex mutex_;
  Instant now_;
};

}  // namespace caseaudit
