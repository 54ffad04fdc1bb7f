#include "daemon/state_directory.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "scheduler/errors.h"

namespace caseaudit::daemon {

void ensure_writable_directory(const std::filesystem::path& directory, std::string_view what) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    throw RuntimeFailure(
        fmt::format("{} {}: cannot create: {}", what, directory.string(), error.message()));
  }
  if (!std::filesystem::is_directory(directory, error)) {
    throw RuntimeFailure(fmt::format("{} {}: is not a directory", what, directory.string()));
  }
  std::string probe = (directory / ".caseaudit-write-test").string();
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw RuntimeFailure(
        fmt::format("{} {}: not writable: {}", what, directory.string(), std::strerror(errno)));
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace caseaudit::daemon
