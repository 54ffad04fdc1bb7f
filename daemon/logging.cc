#include "daemon/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "daemon/redacting_sink.h"

namespace caseaudit::daemon {
namespace {

std::shared_ptr<RedactingSink>& redactor() {
  static std::shared_ptr<RedactingSink> sink;
  return sink;
}

}  // namespace

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
    case LogLevel::kCritical:
      return spdlog::level::critical;
  }
  return spdlog::level::info;
}

bool stderr_is_journal() {
  // systemd sets JOURNAL_STREAM to "device:inode" of the stream it connected;
  // a child whose stderr was redirected elsewhere inherits the variable, so
  // compare rather than trust it.
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  unsigned long long device = 0;
  unsigned long long inode = 0;
  if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  struct stat status {};
  if (fstat(2, &status) != 0) return false;
  return status.st_dev == device && status.st_ino == inode;
}

void init_logging(LogLevel level, std::vector<std::string> secrets) {
  spdlog::sink_ptr inner;
  std::string pattern;
  if (stderr_is_journal()) {
    inner = std::make_shared<spdlog::sinks::systemd_sink_mt>("caseaudit", false);
    pattern = "%v";  // the journal adds time, level and process
  } else {
    inner = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    pattern = "%Y-%m-%dT%H:%M:%S.%e %l %v";
  }
  auto sink = std::make_shared<RedactingSink>(std::move(inner), std::move(secrets));
  redactor() = sink;
  auto logger = std::make_shared<spdlog::logger>("caseaudit", sink);
  logger->set_pattern(pattern);
  logger->set_level(to_spdlog(level));
  // Errors matter more than throughput: never lose them in a buffer.
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

void set_log_level(LogLevel level) { spdlog::default_logger()->set_level(to_spdlog(level)); }

void set_log_secrets(std::vector<std::string> secrets) {
  if (redactor()) redactor()->set_secrets(std::move(secrets));
}

}  // namespace caseaudit::daemon
