// Test support: running the real caseaudit binary as a child process, bounded
// in time, and listening to what it tells systemd.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace caseaudit::testing {

// A started child with stdout and stderr in files. The destructor kills it
// (SIGKILL) and reaps it if it is still running, so no test leaves one behind.
class ChildProcess {
 public:
  // Runs `program` with `args`; the environment is this process's, minus the
  // variables that would change caseaudit's behaviour (NOTIFY_SOCKET,
  // WATCHDOG_USEC, JOURNAL_STREAM, STATE_DIRECTORY, CASEAUDIT_CONFIG ...), plus
  // `env`.
  ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env,
               const std::filesystem::path& output_directory);
  ~ChildProcess();

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void signal(int signal_number) const;
  // The exit status, or nullopt if it has not exited within `timeout`; -N
  // when killed by signal N.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running() const { return !status_; }

  std::string stdout_text() const;
  std::string stderr_text() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path stdout_path_;
  std::filesystem::path stderr_path_;
};

// The caseaudit binary this build made: the one the tests run.
std::filesystem::path caseaudit_binary();

// What a child left when it ended: its exit status (-1 when it had not
// exited in time) and what it wrote to stdout and stderr.
struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

// Waits at most `timeout` for `child` to exit; a test failure if it does not.
Result finish(ChildProcess& child, std::chrono::seconds timeout);

// The port from the child's "listening on ADDRESS:PORT" log line; 0 until
// that line is logged.
int listening_port(const ChildProcess& child);
// Waits at most `timeout` for that line: its port, or 0.
int wait_for_listening_port(const ChildProcess& child, std::chrono::milliseconds timeout);

// Waits at most `timeout` for `text` in the child's stderr; whether it came.
bool logged_within(const ChildProcess& child, const std::string& text,
                   std::chrono::milliseconds timeout);
// Waits at most `timeout` for each of serve's jobs (allocation, reminders,
// delivery) to log "job NAME: turn done": the line of the first that did
// not, or nullopt when every job had its turn.
std::optional<std::string> missing_job_turn(const ChildProcess& child,
                                            std::chrono::milliseconds timeout);

// A file's whole text ("" if it cannot be read).
std::string read_text(const std::filesystem::path& path);

// A Unix datagram socket standing in for systemd's NOTIFY_SOCKET.
class NotifySocket {
 public:
  explicit NotifySocket(const std::filesystem::path& path);
  ~NotifySocket();

  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Waits for a datagram containing the line `line` ("READY=1"); every
  // datagram read is appended to received(). False on timeout.
  bool wait_for(const std::string& line, std::chrono::milliseconds timeout);
  const std::vector<std::string>& received() const { return received_; }

 private:
  int fd_ = -1;
  std::filesystem::path path_;
  std::vector<std::string> received_;
  std::size_t checked_ = 0;
};

// A fresh directory under /tmp, removed with everything in it at the end.
class TempDirectory {
 public:
  TempDirectory();
  ~TempDirectory();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Polls `read` until `predicate` holds on its result or `timeout` passes.
template <typename Read, typename Predicate>
bool eventually(Read read, Predicate predicate, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (predicate(read())) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace caseaudit::testing
