#include "daemon/redacting_sink.h"

#include <utility>

#include "daemon/redact.h"

namespace caseaudit::daemon {

RedactingSink::RedactingSink(spdlog::sink_ptr inner, std::vector<std::string> secrets)
    : inner_(std::move(inner)), secrets_(std::move(secrets)) {}

void RedactingSink::set_secrets(std::vector<std::string> secrets) {
  std::lock_guard lock(mutex_);
  secrets_ = std::move(secrets);
}

void RedactingSink::sink_it_(const spdlog::details::log_msg& message) {
  const std::string_view payload(message.payload.data(), message.payload.size());
  if (secrets_.empty() && payload.find("act_") == std::string_view::npos) {
    inner_->log(message);
    return;
  }
  std::string text = redact_link_tokens(redact_secrets(payload, secrets_));
  spdlog::details::log_msg redacted(message);
  redacted.payload = spdlog::string_view_t(text.data(), text.size());
  inner_->log(redacted);
}

void RedactingSink::flush_() { inner_->flush(); }

void RedactingSink::set_pattern_(const std::string& pattern) { inner_->set_pattern(pattern); }

void RedactingSink::set_formatter_(std::unique_ptr<spdlog::formatter> formatter) {
  inner_->set_formatter(std::move(formatter));
}

}  // namespace caseaudit::daemon
