// A spdlog sink that redacts secrets (and emailed action links' tokens,
// redact_link_tokens) from each message, then hands it to
// another sink. Thread-safe (spdlog's base_sink locks around each call).
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <mutex>
#include <string>
#include <vector>

namespace caseaudit::daemon {

class RedactingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  RedactingSink(spdlog::sink_ptr inner, std::vector<std::string> secrets);

  void set_secrets(std::vector<std::string> secrets);

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override;
  void flush_() override;
  void set_pattern_(const std::string& pattern) override;
  void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override;

 private:
  spdlog::sink_ptr inner_;
  std::vector<std::string> secrets_;  // guarded by mutex_
};

}  // namespace caseaudit::daemon
