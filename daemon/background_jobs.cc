#include "daemon/background_jobs.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <exception>

namespace auditd::daemon {

struct BackgroundJobs::Entry {
  Entry(boost::asio::io_context& io, Job job_in) : job(std::move(job_in)), timer(io) {}
  Job job;
  boost::asio::steady_timer timer;
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

void BackgroundJobs::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& entry : entries_) entry->timer.cancel();
  worker_.join();  // the job in flight finishes; queued turns are dropped below
}

void BackgroundJobs::schedule(Entry& entry, std::chrono::milliseconds delay) {
  entry.timer.expires_after(delay);
  entry.timer.async_wait([this, &entry](const boost::system::error_code& error) {
    if (error || stopped_) return;
    run_on_worker(entry);
  });
}

void BackgroundJobs::run_on_worker(Entry& entry) {
  boost::asio::post(worker_, [this, &entry] {
    if (!stopped_) {
      try {
        entry.job.run(clock_.now());
        spdlog::debug("job {}: turn done", entry.job.name);
      } catch (const std::exception& error) {
        spdlog::error("job {}: {}; trying again at its next turn", entry.job.name, error.what());
      }
    }
    // The next turn is timed from the end of this one, so a slow job never
    // piles up behind itself.
    boost::asio::post(io_, [this, &entry] {
      if (!stopped_) schedule(entry, entry.job.every);
    });
  });
}

}  // namespace auditd::daemon
