#include "daemon/background_jobs.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <exception>
#include <utility>

namespace caseaudit::daemon {

struct BackgroundJobs::Entry {
  Entry(boost::asio::io_context& io, Job job_in) : job(std::move(job_in)), timer(io) {}
  Job job;
  boost::asio::steady_timer timer;
  // Both touched only on the event-loop thread.
  bool running = false;
  bool wanted_again = false;
};

BackgroundJobs::BackgroundJobs(boost::asio::io_context& io, const Clock& clock)
    : io_(io), clock_(clock) {}

BackgroundJobs::~BackgroundJobs() { stop(); }

void BackgroundJobs::add(Job job) {
  entries_.push_back(std::make_unique<Entry>(io_, std::move(job)));
}

void BackgroundJobs::start() {
  for (auto& entry : entries_) schedule(*entry, std::chrono::milliseconds(0));
}

void BackgroundJobs::run_soon(const std::string& name) {
  boost::asio::post(io_, [this, name] {
    if (stopped_) return;
    for (auto& entry : entries_) {
      if (entry->job.name != name) continue;
      if (entry->running) {
        entry->wanted_again = true;
      } else {
        schedule(*entry, std::chrono::milliseconds(0));  // replaces the pending wait
      }
    }
  });
}

void BackgroundJobs::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& entry : entries_) entry->timer.cancel();
  worker_.join();  // the job in flight finishes; queued turns are dropped below
}

std::map<std::string, Instant> BackgroundJobs::last_successes() const {
  std::lock_guard lock(successes_mutex_);
  return last_successes_;
}

void BackgroundJobs::schedule(Entry& entry, std::chrono::milliseconds delay) {
  entry.timer.expires_after(delay);
  entry.timer.async_wait([this, &entry](const boost::system::error_code& error) {
    if (error || stopped_) return;
    entry.running = true;
    run_on_worker(entry);
  });
}

void BackgroundJobs::run_on_worker(Entry& entry) {
  boost::asio::post(worker_, [this, &entry] {
    if (!stopped_) {
      try {
        entry.job.run(clock_.now());
        spdlog::debug("job {}: turn done", entry.job.name);
        std::lock_guard lock(successes_mutex_);
        last_successes_[entry.job.name] = clock_.now();
      } catch (const std::exception& error) {
        spdlog::error("job {}: {}; trying again at its next turn", entry.job.name, error.what());
      }
    }
    // The next turn is timed from the end of this one, so a slow job never
    // piles up behind itself.
    boost::asio::post(io_, [this, &entry] {
      entry.running = false;
      const bool again = std::exchange(entry.wanted_again, false);
      if (!stopped_) schedule(entry, again ? std::chrono::milliseconds(0) : entry.job.every);
    });
  });
}

}  // namespace caseaudit::daemon
