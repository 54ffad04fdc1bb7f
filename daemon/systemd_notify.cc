#include "daemon/systemd_notify.h"

#include <fmt/format.h>
#include <systemd/sd-daemon.h>

#include <cstdint>
#include <string>

namespace caseaudit::daemon {

void SystemdNotifier::ready(std::string_view status) const {
  send(fmt::format("READY=1\nSTATUS={}", status));
}

void SystemdNotifier::stopping(std::string_view status) const {
  send(fmt::format("STOPPING=1\nSTATUS={}", status));
}

void SystemdNotifier::reloading() const { send("RELOADING=1\nSTATUS=reloading configuration"); }

void SystemdNotifier::status(std::string_view status) const {
  send(fmt::format("STATUS={}", status));
}

void SystemdNotifier::watchdog() const { send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> SystemdNotifier::watchdog_interval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

void SystemdNotifier::send(std::string_view message) const {
  std::string text(message);
  sd_notify(0, text.c_str());
}

}  // namespace caseaudit::daemon
