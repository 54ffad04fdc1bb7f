// SpoolTransport: "delivers" each message as an RFC 5322 .eml file in a
// folder, the embedded default for demos and for sites that hand files to
// their own mail system. The text is render_message()'s, the same headers,
// encodings and MIME structure SmtpTransport puts on the wire.
//
// Files appear atomically: written to a hidden temporary name in the same
// folder, flushed to disk, then renamed. The name comes from the Message-ID
// (safe characters only, plus a hash so distinct IDs never share a file), so
// a resend of the same message replaces its file instead of adding one.
//
// Thread safety: thread-safe (no shared mutable state besides a counter).
#pragma once

#include <atomic>
#include <filesystem>
#include <string>

#include "notifier/transport.h"

namespace caseaudit::notifier {

class SpoolTransport final : public Transport {
 public:
  // Creates `folder` (and parents) when missing; throws RuntimeFailure when
  // it cannot.
  explicit SpoolTransport(std::filesystem::path folder);

  // A write or rename failure (disk full, permissions) is kTransient: the
  // folder may be fixed while the outbox keeps the message.
  DeliveryResult send(const Email& email) override;

  const std::filesystem::path& folder() const { return folder_; }

 private:
  const std::filesystem::path folder_;
  std::atomic<unsigned long> counter_{0};
};

// "caseaudit.42.abc_example.org-1f3a5c7e.eml" for "caseaudit.42.abc@example.org":
// letters, digits, '.', '-' and '_' only, at most ~120 characters.
std::string spool_file_name(const std::string& message_id);

}  // namespace caseaudit::notifier
