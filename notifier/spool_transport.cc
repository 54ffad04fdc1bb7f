#include "notifier/spool_transport.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "notifier/mime_message.h"
#include "scheduler/errors.h"

namespace caseaudit::notifier {
namespace {

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

// Writes all of `data` to a new file at `path` and fsyncs it; "" or why not.
std::string write_synced(const std::filesystem::path& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return errno_text("open " + path.string());
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string error = errno_text("write " + path.string());
      ::close(fd);
      return error;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    std::string error = errno_text("fsync " + path.string());
    ::close(fd);
    return error;
  }
  if (::close(fd) != 0) return errno_text("close " + path.string());
  return {};
}

// Makes the rename itself durable. Best effort: the file is complete either
// way, and a lost rename after a power cut only means one resend.
void sync_folder(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string spool_file_name(const std::string& message_id) {
  std::string name;
  for (char c : message_id.substr(0, 100)) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    name += safe ? c : '_';
  }
  // Never hidden, never "..": temporaries start with a dot.
  if (name.empty() || name[0] == '.') name.insert(0, "m");
  char hash[24];
  std::snprintf(hash, sizeof hash, "-%08llx.eml",
                static_cast<unsigned long long>(fnv1a(message_id) & 0xffffffffull));
  return name + hash;
}

SpoolTransport::SpoolTransport(std::filesystem::path folder) : folder_(std::move(folder)) {
  std::error_code error;
  std::filesystem::create_directories(folder_, error);
  if (error)
    throw RuntimeFailure("cannot create spool folder " + folder_.string() + ": " + error.message());
}

DeliveryResult SpoolTransport::send(const Email& email) {
  if (auto problem = validate_email(email)) {
    return {DeliveryOutcome::kPermanent, 0, "not written: " + *problem};
  }
  const std::string name = spool_file_name(email.message_id);
  const std::filesystem::path target = folder_ / name;
  const std::filesystem::path temp = folder_ / ("." + name + "." + std::to_string(::getpid()) +
                                                "." + std::to_string(++counter_) + ".tmp");
  if (std::string error = write_synced(temp, render_message(email)); !error.empty()) {
    ::unlink(temp.c_str());
    return {DeliveryOutcome::kTransient, 0, error};
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    std::string error = errno_text("rename to " + target.string());
    ::unlink(temp.c_str());
    return {DeliveryOutcome::kTransient, 0, error};
  }
  sync_folder(folder_);
  return {DeliveryOutcome::kSent, 0, "written to " + target.string()};
}

}  // namespace caseaudit::notifier
