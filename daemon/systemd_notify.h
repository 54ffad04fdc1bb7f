// Talking to systemd's service manager (sd_notify): readiness, stopping,
// status lines and the watchdog. Without $NOTIFY_SOCKET (not under systemd)
// every call does nothing, so the same code runs anywhere.
//
// Thread-safe (sd_notify is); calls never throw, and failures are ignored:
// the service manager being away must not stop the daemon.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace caseaudit::daemon {

class SystemdNotifier {
 public:
  // READY=1: start-up finished (migrations done, HTTP bound).
  void ready(std::string_view status) const;
  // STOPPING=1: a graceful stop has begun.
  void stopping(std::string_view status) const;
  // RELOADING=1, then ready() again when the reload is done.
  void reloading() const;
  void status(std::string_view status) const;
  void watchdog() const;

  // How often to send watchdog(): half the WatchdogSec systemd asked for
  // ($WATCHDOG_USEC), or nullopt when no watchdog is armed for this process.
  static std::optional<std::chrono::microseconds> watchdog_interval();

 private:
  void send(std::string_view message) const;
};

}  // namespace caseaudit::daemon
