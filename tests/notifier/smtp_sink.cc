#include "tests/notifier/smtp_sink.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace caseaudit::notifier::testing {
namespace {

using namespace std::chrono_literals;

// Runs argv, returns its stdout; throws when it fails.
std::string run_capture(const std::vector<std::string>& argv) {
  std::string command;
  for (const std::string& arg : argv) command += "'" + arg + "' ";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  if (::pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
  return out;
}

bool wait_exit(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

}  // namespace

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("caseaudit-notifier-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path source_dir() { return CASEAUDIT_NOTIFIER_TEST_DIR; }

SmtpSink::SmtpSink(int port, const std::filesystem::path& outdir, SinkOptions options)
    : port_(port), outdir_(outdir) {
  std::vector<std::string> args = {"/usr/bin/python3", (source_dir() / "smtp_sink.py").string(),
                                   "--port",           std::to_string(port),
                                   "--outdir",         outdir.string(),
                                   "--lifetime",       std::to_string(options.lifetime.count())};
  if (!options.tls_cert.empty()) {
    args.insert(args.end(), {"--tls-cert", options.tls_cert, "--tls-key", options.tls_key});
  }
  if (!options.save) args.emplace_back("--no-save");
  if (!options.auth.empty()) args.insert(args.end(), {"--auth", options.auth});
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  const int spawned = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    throw std::runtime_error("cannot start /usr/bin/python3");
  }
  // Wait for "READY <port>" or give up.
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (seen.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{out[0], POLLIN, 0};
    if (::poll(&poll_fd, 1, 100) <= 0) continue;
    char buffer[256];
    ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    seen.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  if (!seen.starts_with("READY")) {
    stop();
    throw std::runtime_error("the SMTP sink did not start on port " + std::to_string(port));
  }
}

SmtpSink::~SmtpSink() { stop(); }

void SmtpSink::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (!wait_exit(pid_, 5s)) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
}

std::vector<std::filesystem::path> SmtpSink::messages() const {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(outdir_)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> SmtpSink::commands() const {
  std::vector<std::string> lines;
  std::ifstream in(outdir_ / "commands.log");
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

boost::json::object parse_eml(const std::filesystem::path& file) {
  const std::string out =
      run_capture({"/usr/bin/python3", (source_dir() / "parse_eml.py").string(), file.string()});
  return boost::json::parse(out).as_object();
}

std::vector<boost::json::object> parse_emls(const std::vector<std::filesystem::path>& files) {
  std::vector<boost::json::object> parsed;
  if (files.empty()) return parsed;
  std::vector<std::string> argv = {"/usr/bin/python3", (source_dir() / "parse_eml.py").string()};
  for (const auto& file : files) argv.push_back(file.string());
  std::istringstream lines(run_capture(argv));
  for (std::string line; std::getline(lines, line);) {
    parsed.push_back(boost::json::parse(line).as_object());
  }
  return parsed;
}

bool make_self_signed(const std::filesystem::path& cert, const std::filesystem::path& key) {
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
      " -addext subjectAltName=IP:127.0.0.1 -keyout '" +
      key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

TestCa make_test_ca(const std::filesystem::path& folder) {
  TestCa ca{folder / "ca.pem", folder / "cert.pem", folder / "key.pem"};
  const std::string dir = "'" + folder.string() + "/";
  {
    std::ofstream ext(folder / "server.ext");
    ext << "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n";
  }
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=caseaudit-test-ca"
      " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign"
      " -keyout " +
      dir + "ca.key' -out " + dir +
      "ca.pem' >/dev/null 2>&1"
      " && openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout " +
      dir + "key.pem' -out " + dir +
      "server.csr' >/dev/null 2>&1"
      " && openssl x509 -req -in " +
      dir + "server.csr' -CA " + dir + "ca.pem' -CAkey " + dir +
      "ca.key' -CAcreateserial -days 1 -extfile " + dir + "server.ext' -out " + dir +
      "cert.pem' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0)
    throw std::runtime_error("openssl could not make a test CA");
  return ca;
}

}  // namespace caseaudit::notifier::testing
