// CapturedLog: makes spdlog's default logger one that keeps its lines, for
// tests of what the daemon logs, and restores the previous one when it goes.
// HttpServer writes a request's access line after its response, so a test
// waits for the line it expects (wait_for) rather than reading at once.
// Thread-safe: server threads log while the test reads.
#pragma once

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace caseaudit::daemon::testing {

class CapturedLog {
 public:
  CapturedLog()
      : sink_(std::make_shared<Sink>()),
        logger_(std::make_shared<spdlog::logger>("capture", sink_)),
        previous_(spdlog::default_logger()) {
    logger_->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger_);
  }
  // Restores the previous logger; the captured one stays alive (a server
  // thread may still hold it) until the test's process ends.
  ~CapturedLog() {
    spdlog::set_default_logger(previous_);
    static std::mutex kept_mutex;
    static std::vector<std::shared_ptr<spdlog::logger>> kept;
    std::lock_guard lock(kept_mutex);
    kept.push_back(logger_);
  }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  std::string text() const { return sink_->text(); }
  // True once the log holds `needle` (waits at most `timeout`).
  bool wait_for(const std::string& needle,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    return sink_->wait_for(needle, timeout);
  }

 private:
  class Sink final : public spdlog::sinks::base_sink<std::mutex> {
   public:
    std::string text() {
      std::lock_guard lock(mutex_);
      return text_;
    }
    bool wait_for(const std::string& needle, std::chrono::milliseconds timeout) {
      std::unique_lock lock(mutex_);
      return changed_.wait_for(lock, timeout,
                               [&] { return text_.find(needle) != std::string::npos; });
    }

   protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
      text_.append(message.payload.data(), message.payload.size());
      text_ += '\n';
      changed_.notify_all();
    }
    void flush_() override {}

   private:
    std::string text_;
    std::condition_variable_any changed_;
  };

  std::shared_ptr<Sink> sink_;
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace caseaudit::daemon::testing
