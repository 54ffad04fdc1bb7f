// JobNotes: what the background jobs want the server's engineer to know
// without the daemon being unready (the allocation job has nothing to
// allocate: no active staff, no open caseload). /readyz shows them as its
// "detail"; each job logs a note once, when it changes.
//
// Thread-safe: the jobs' thread sets, the HTTP threads read.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace caseaudit::daemon {

class JobNotes {
 public:
  // Sets (or, with nullopt, clears) the note of `part` ("allocation");
  // returns whether it changed.
  bool set(const std::string& part, std::optional<std::string> note) {
    std::lock_guard lock(mutex_);
    const auto found = notes_.find(part);
    const std::optional<std::string> before =
        found == notes_.end() ? std::nullopt : std::optional(found->second);
    if (before == note) return false;
    if (note) {
      notes_[part] = *note;
    } else {
      notes_.erase(part);
    }
    return true;
  }

  std::map<std::string, std::string> all() const {
    std::lock_guard lock(mutex_);
    return notes_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> notes_;
};

}  // namespace caseaudit::daemon
