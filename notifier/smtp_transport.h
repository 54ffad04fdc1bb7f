// SmtpTransport: delivers over SMTP with libcurl, one connection kept open
// and reused between messages.
//
// Outcome mapping (see classify_smtp_result in smtp_transport.cc):
//   * accepted (250 after DATA)                        -> kSent
//   * a 4xx reply, connection refused or dropped,
//     a timeout, DNS failure, TLS unavailable or
//     failed, login refused                            -> kTransient
//   * a 5xx reply to MAIL FROM, RCPT TO or DATA        -> kPermanent
//   * TLS required but not offered, a certificate that
//     does not verify, a failed handshake, an unusable
//     CA file                                          -> kTransient with
//                                                         configuration_fault
// Failures of our own set-up (TLS, login) are not this message's fault, so
// they are never kPermanent; a TLS failure is flagged as a configuration
// fault, which the outbox worker dead-letters after a bounded time.
//
// Thread safety: thread-safe; concurrent send() calls are serialized on the
// one connection (use one transport per thread for parallel delivery).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "notifier/transport.h"

namespace caseaudit::notifier {

struct SmtpConfig {
  // "smtp://relay.example:587" (STARTTLS) or "smtps://relay.example:465"
  // (implicit TLS). A path names the HELO domain: "smtp://relay:25/caseaudit.example".
  std::string url;
  // Both empty = no AUTH. The password is handed to libcurl and never logged,
  // nor put in any DeliveryResult.
  std::string username;
  std::string password;
  std::string ca_file;  // PEM bundle to verify the server; empty = system store
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds total_timeout{std::chrono::seconds(60)};
  // Off by default, and only for a relay on loopback: no TLS at all, the
  // message (and any password) in clear text, and no STARTTLS even when the
  // relay offers it. With it off an smtp:// relay must offer STARTTLS: one
  // that does not gets no message (the send fails before MAIL FROM, as a
  // configuration fault). The daemon sets it for mail.smtp.tls = "none".
  bool allow_plaintext = false;
};

// Sets the TLS options of `easy` from `config`: STARTTLS required unless
// allow_plaintext (then none), the CA file, peer and host verification on.
// The one place both sending and probing take their TLS behaviour from.
// `easy` is a CURL*.
void apply_tls_options(void* easy, const SmtpConfig& config);

// Connects to the relay of `config` as a send would (greeting, EHLO,
// STARTTLS and the certificate check, AUTH when a username is set), sends no
// mail, and disconnects. kSent means the relay would take mail from us; a
// failure is classified as send() classifies it (configuration_fault for
// TLS). Throws InputError as SmtpTransport's constructor does.
DeliveryResult probe_smtp_relay(const SmtpConfig& config);

class SmtpTransport final : public Transport {
 public:
  // Throws InputError (field "smtp.url") when the URL is not smtp:// or
  // smtps://, and when allow_plaintext is set for a host that is not
  // loopback (127.0.0.0/8, ::1, localhost).
  explicit SmtpTransport(SmtpConfig config);
  ~SmtpTransport() override;
  SmtpTransport(const SmtpTransport&) = delete;
  SmtpTransport& operator=(const SmtpTransport&) = delete;

  DeliveryResult send(const Email& email) override;

 private:
  friend DeliveryResult probe_smtp_relay(const SmtpConfig& config);
  struct Curl;
  const SmtpConfig config_;
  std::mutex mutex_;
  std::unique_ptr<Curl> curl_;  // guarded by mutex_
};

// Maps a finished transfer to an outcome. `curl_code` is a CURLcode;
// `smtp_code` the last reply code (CURLINFO_RESPONSE_CODE); `last_command`
// the verb of the last command sent ("MAIL", "RCPT", "DATA", "EHLO" ...);
// `reply` the server's last reply line; `curl_error` libcurl's message.
// A 5xx is permanent only when it answers MAIL, RCPT or DATA: a 5xx to EHLO,
// STARTTLS or AUTH is about the connection, not the message.
DeliveryResult classify_smtp_result(int curl_code, int smtp_code, std::string_view last_command,
                                    const std::string& reply, const std::string& curl_error);

}  // namespace caseaudit::notifier
