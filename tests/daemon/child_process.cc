#include "tests/daemon/child_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace caseaudit::testing {
namespace {

const std::set<std::string> kScrubbed = {
    "NOTIFY_SOCKET",   "WATCHDOG_USEC",    "WATCHDOG_PID", "JOURNAL_STREAM",
    "STATE_DIRECTORY", "CASEAUDIT_CONFIG", "LISTEN_FDS",   "LISTEN_PID",
};

std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    std::string name = text.substr(0, text.find('='));
    if (kScrubbed.count(name) == 0 && extra.count(name) == 0) env.push_back(text);
  }
  for (const auto& [name, value] : extra) env.push_back(name + "=" + value);
  return env;
}

}  // namespace

std::filesystem::path caseaudit_binary() { return CASEAUDIT_BINARY; }

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

ChildProcess::ChildProcess(const std::filesystem::path& program,
                           const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env,
                           const std::filesystem::path& output_directory) {
  static int serial = 0;
  ++serial;
  stdout_path_ = output_directory / ("stdout." + std::to_string(serial));
  stderr_path_ = output_directory / ("stderr." + std::to_string(serial));

  // Everything the child needs is prepared before fork(): after it, only
  // async-signal-safe calls.
  std::vector<std::string> env_text = child_environment(env);
  std::vector<char*> envp;
  for (auto& entry : env_text) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_text = {program.string()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int out = ::open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0 || err < 0) throw std::runtime_error("cannot create the child's output files");

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int null = ::open("/dev/null", O_RDONLY);
    dup2(null, 0);
    dup2(out, 1);
    dup2(err, 2);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  ::close(out);
  ::close(err);
}

ChildProcess::~ChildProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

void ChildProcess::signal(int signal_number) const {
  if (!status_) ::kill(pid_, signal_number);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

std::string ChildProcess::stdout_text() const { return read_text(stdout_path_); }
std::string ChildProcess::stderr_text() const { return read_text(stderr_path_); }

NotifySocket::NotifySocket(const std::filesystem::path& path) : path_(path) {
  fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (fd_ < 0 || path.string().size() >= sizeof(address.sun_path)) {
    throw std::runtime_error("cannot create the notify socket");
  }
  std::strcpy(address.sun_path, path.c_str());
  if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    throw std::runtime_error("cannot bind the notify socket " + path.string());
  }
}

NotifySocket::~NotifySocket() {
  if (fd_ >= 0) ::close(fd_);
  ::unlink(path_.c_str());
}

bool NotifySocket::wait_for(const std::string& line, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (; checked_ < received_.size(); ++checked_) {
      std::istringstream lines(received_[checked_]);
      for (std::string got; std::getline(lines, got);) {
        if (got == line) {
          ++checked_;
          return true;
        }
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd ready{fd_, POLLIN, 0};
    if (poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    ssize_t size = recv(fd_, buffer, sizeof(buffer), 0);
    if (size > 0) received_.emplace_back(buffer, static_cast<std::size_t>(size));
  }
}

Result finish(ChildProcess& child, std::chrono::seconds timeout) {
  const std::optional<int> status = child.wait(timeout);
  EXPECT_TRUE(status) << "did not exit within " << timeout.count() << " s";
  return {status.value_or(-1), child.stdout_text(), child.stderr_text()};
}

int listening_port(const ChildProcess& child) {
  static const std::regex kListening(R"(listening on [0-9.]+:([0-9]+))");
  std::smatch match;
  const std::string text = child.stderr_text();
  return std::regex_search(text, match, kListening) ? std::stoi(match[1]) : 0;
}

int wait_for_listening_port(const ChildProcess& child, std::chrono::milliseconds timeout) {
  int port = 0;
  eventually([&] { return port = listening_port(child); }, [](int found) { return found > 0; },
             timeout);
  return port;
}

bool logged_within(const ChildProcess& child, const std::string& text,
                   std::chrono::milliseconds timeout) {
  return eventually([&] { return child.stderr_text(); },
                    [&](const std::string& log) { return log.find(text) != std::string::npos; },
                    timeout);
}

std::optional<std::string> missing_job_turn(const ChildProcess& child,
                                            std::chrono::milliseconds timeout) {
  for (const char* job : {"allocation", "reminders", "delivery"}) {
    const std::string line = std::string("job ") + job + ": turn done";
    if (!logged_within(child, line, timeout)) return line;
  }
  return std::nullopt;
}

TempDirectory::TempDirectory() {
  char pattern[] = "/tmp/caseaudit-test-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDirectory::~TempDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace caseaudit::testing
