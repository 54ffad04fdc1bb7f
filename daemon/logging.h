// Logging: spdlog's default logger, to the journal when stderr is connected
// to it (systemd sets JOURNAL_STREAM), to stderr otherwise. Every message is
// passed through a redactor that replaces the configured secrets, so that a
// password that reaches a log line by mistake (an error text quoting a URL,
// say) is still never written.
//
// Thread safety: the logger is thread-safe; init_logging() must be called
// once, before other threads log; set_log_level() and set_log_secrets() may be
// called at any time (SIGHUP reload).
#pragma once

#include <spdlog/common.h>

#include <string>
#include <vector>

#include "daemon/config.h"

namespace caseaudit::daemon {

spdlog::level::level_enum to_spdlog(LogLevel level);

// True when stderr is the journal stream named by $JOURNAL_STREAM.
bool stderr_is_journal();

void init_logging(LogLevel level, std::vector<std::string> secrets);
void set_log_level(LogLevel level);
void set_log_secrets(std::vector<std::string> secrets);

}  // namespace caseaudit::daemon
