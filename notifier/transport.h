// Transport: the one way the notifier reaches the outside world with a
// message. Like leveldb's Env, it is injected, so delivery logic is tested
// without a server and faults can be injected where a real server can't
// produce them on demand.
#pragma once

#include <string>
#include <string_view>

#include "notifier/email.h"

namespace caseaudit::notifier {

enum class DeliveryOutcome {
  kSent,       // the server accepted the message (or it was written)
  kTransient,  // 4xx, refused, timed out, TLS unavailable: retry later
  kPermanent,  // 5xx about this message: retrying will not help
};

struct DeliveryResult {
  DeliveryOutcome outcome = DeliveryOutcome::kSent;
  int smtp_code = 0;   // the server's last reply code; 0 when it said nothing
  std::string detail;  // the server's last reply line, or why there was none
  // Set (with kTransient) when the relay cannot meet our configuration: it
  // offers no STARTTLS though TLS is required, its certificate does not
  // verify against the CA file or the system store, the TLS handshake fails,
  // or the CA file is unusable. Retrying soon will not help: an operator has
  // to change the configuration or the relay. The outbox worker dead-letters
  // such messages after a bounded time (RetryPolicy::configuration_fault_limit).
  bool configuration_fault = false;

  bool sent() const { return outcome == DeliveryOutcome::kSent; }
};

std::string_view to_string(DeliveryOutcome outcome);

class Transport {
 public:
  virtual ~Transport() = default;

  // Delivers `email` to every recipient or to none. Never throws: failures,
  // including an email that cannot be encoded (no recipient, an address or a
  // header that would break the message; see validate_email()), are reported
  // in the result, the latter as kPermanent.
  //
  // Thread safety: implementations are thread-safe; calls may be serialized.
  virtual DeliveryResult send(const Email& email) = 0;
};

}  // namespace caseaudit::notifier
