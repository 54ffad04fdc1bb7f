// Test helpers around real outside parts: SmtpSink runs tests/notifier/
// smtp_sink.py (aiosmtpd under /usr/bin/python3) on a loopback port, and
// parse_eml() reads a message with Python's email package, an independent
// reader of what we wrote.
//
// Every sink is bounded in time twice: the script exits by itself after
// `lifetime`, and the destructor stops it (SIGTERM, then SIGKILL).
#pragma once

#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace caseaudit::notifier::testing {

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();

// A fresh, empty folder under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct SinkOptions {
  std::string tls_cert;  // PEM; set both to offer STARTTLS
  std::string tls_key;
  bool save = true;  // false: count only (for the benchmark)
  std::string auth;  // "user:password": AUTH required
  std::chrono::seconds lifetime{120};
};

class SmtpSink {
 public:
  // Starts the sink on `port` and waits (at most 15 s) until it listens.
  // Throws std::runtime_error when it does not come up.
  SmtpSink(int port, const std::filesystem::path& outdir, SinkOptions options = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  void stop();
  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // The saved messages, oldest first.
  std::vector<std::filesystem::path> messages() const;
  // commands.log: "EHLO <host> tls|plain", "MAIL <addr> tls|plain", "RCPT <addr>", "DATA <n>".
  std::vector<std::string> commands() const;

 private:
  int port_;
  std::filesystem::path outdir_;
  pid_t pid_ = -1;
};

// The source folder of these tests (for the scripts).
std::filesystem::path source_dir();

// One JSON object per file: see parse_eml.py for the fields.
boost::json::object parse_eml(const std::filesystem::path& file);
// The same for many files with one Python process.
std::vector<boost::json::object> parse_emls(const std::vector<std::filesystem::path>& files);

// Makes a self-signed certificate for 127.0.0.1 with the openssl CLI;
// returns false when openssl is not there.
bool make_self_signed(const std::filesystem::path& cert, const std::filesystem::path& key);

// A test certificate authority and a server certificate for 127.0.0.1 that it
// signed, made in `folder` with the openssl CLI: ca.pem (what mail.smtp.ca_file
// names), cert.pem and key.pem (what the sink serves). Throws
// std::runtime_error when openssl fails.
struct TestCa {
  std::filesystem::path ca;
  std::filesystem::path cert;
  std::filesystem::path key;
};
TestCa make_test_ca(const std::filesystem::path& folder);

}  // namespace caseaudit::notifier::testing
