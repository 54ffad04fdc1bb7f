// BackgroundJobs: the daemon's periodic work (allocation, reminders,
// delivery), each job on its own timer on the event loop, all run one at a
// time on a single worker thread.
//
// Why a worker thread: a job may take a second or more (a month's allocation,
// a reminder sweep over a large authority) and the event loop must keep
// answering signals and the systemd watchdog meanwhile. Why one thread: jobs
// write to the same database, and on SQLite writers queue anyway.
//
// Every job runs once at start() (so a daemon that was down catches up at
// once) and then every `every`. A job that throws is logged and tried again
// at its next turn; nothing a job does can stop the daemon. Jobs must be
// idempotent per period (they record (job, period) in the store).
//
// Thread safety: add(), start() and stop() from the event-loop thread only;
// run_soon() from any thread.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scheduler/clock.h"

namespace caseaudit::daemon {

class BackgroundJobs {
 public:
  struct Job {
    std::string name;
    std::chrono::milliseconds every;
    std::function<void(Instant now)> run;
  };

  // `io` and `clock` must outlive this object.
  BackgroundJobs(boost::asio::io_context& io, const Clock& clock);
  ~BackgroundJobs();

  void add(Job job);
  void start();
  // Runs job `name` as soon as the worker is free, instead of at its next
  // turn (a turn in flight is followed at once by another); its period then
  // counts from that run. Unknown names are ignored. Thread-safe.
  void run_soon(const std::string& name);
  // Cancels the timers and waits for the job in flight to finish.
  void stop();
  // When each job last finished a turn without throwing (by the clock given
  // to the constructor), for /metrics; a job that never did is absent.
  // Thread-safe.
  std::map<std::string, Instant> last_successes() const;

 private:
  struct Entry;
  void schedule(Entry& entry, std::chrono::milliseconds delay);
  void run_on_worker(Entry& entry);

  boost::asio::io_context& io_;
  const Clock& clock_;
  boost::asio::thread_pool worker_{1};
  std::vector<std::unique_ptr<Entry>> entries_;
  std::atomic<bool> stopped_{false};  // read by the worker thread
  mutable std::mutex successes_mutex_;
  std::map<std::string, Instant> last_successes_;  // guarded by successes_mutex_
};

}  // namespace caseaudit::daemon
