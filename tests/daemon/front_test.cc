// The supported front, systemd/nginx-caseaudit.conf as shipped (only its
// ports, certificate and upstream changed for the test), with the real
// caseaudit binary behind it on loopback, under issue 13's slow-client
// attack: 200 TLS connections each sending one header byte every 200 ms.
// While they drip, /healthz and an authenticated API GET through nginx must
// each answer within 1 s; nginx must cut every dripping connection once its
// header deadline passes. Bounded: about 12 s.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/daemon/child_process.h"

namespace caseaudit::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

constexpr const char* kNginx = "/usr/sbin/nginx";
constexpr int kDripConnections = 200;
constexpr auto kDripInterval = 200ms;

// Replaces the one occurrence of `from` in `text`; fails the test if absent,
// so a reshaped config file cannot silently escape the test.
void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << "systemd/nginx-caseaudit.conf no longer has: " << from;
  text.replace(at, from.size(), to);
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// The attacker: TLS connections that send a request header one byte at a
// time and never finish it.
class DripAttack {
 public:
  explicit DripAttack(int port) : context_(SSL_CTX_new(TLS_client_method())) {
    SSL_CTX_set_verify(context_, SSL_VERIFY_NONE, nullptr);
    for (int i = 0; i < kDripConnections; ++i) {
      Connection connection{.fd = connect_loopback(port)};
      if (connection.fd < 0) continue;
      connection.ssl = SSL_new(context_);
      SSL_set_fd(connection.ssl, connection.fd);
      if (SSL_connect(connection.ssl) != 1) {
        SSL_free(connection.ssl);
        close(connection.fd);
        continue;
      }
      fcntl(connection.fd, F_SETFL, fcntl(connection.fd, F_GETFL) | O_NONBLOCK);
      connections_.push_back(connection);
    }
    started_ = std::chrono::steady_clock::now();
    thread_ = std::thread([this] { drip(); });
  }
  ~DripAttack() {
    stop_ = true;
    thread_.join();
    for (Connection& connection : connections_) {
      SSL_free(connection.ssl);
      close(connection.fd);
    }
    SSL_CTX_free(context_);
  }

  int established() const { return static_cast<int>(connections_.size()); }
  int still_open() const { return open_; }
  std::chrono::steady_clock::duration running() const {
    return std::chrono::steady_clock::now() - started_;
  }

 private:
  struct Connection {
    int fd = -1;
    SSL* ssl = nullptr;
    std::size_t sent = 0;
    bool closed = false;
  };

  void drip() {
    const std::string header = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Drip: ";
    while (!stop_) {
      int open = 0;
      for (Connection& connection : connections_) {
        if (connection.closed || closed_by_server(connection)) continue;
        const char byte = connection.sent < header.size() ? header[connection.sent] : 'a';
        const int written = SSL_write(connection.ssl, &byte, 1);
        if (written == 1) {
          ++connection.sent;
        } else if (!would_block(connection, written)) {
          connection.closed = true;
          continue;
        }
        ++open;
      }
      open_ = open;
      std::this_thread::sleep_for(kDripInterval);
    }
  }

  static bool would_block(Connection& connection, int result) {
    const int error = SSL_get_error(connection.ssl, result);
    ERR_clear_error();
    return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE;
  }

  // Any HTTP answer (nginx's 408), a close alert or EOF ends the connection;
  // TLS 1.3 session tickets after the handshake do not.
  static bool closed_by_server(Connection& connection) {
    pollfd ready{.fd = connection.fd, .events = POLLIN, .revents = 0};
    if (poll(&ready, 1, 0) <= 0) return false;
    char buffer[512];
    const int read = SSL_read(connection.ssl, buffer, sizeof(buffer));
    if (read <= 0 && would_block(connection, read)) return false;
    connection.closed = true;
    return true;
  }

  SSL_CTX* context_;
  std::vector<Connection> connections_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> stop_{false};
  std::atomic<int> open_{kDripConnections};
  std::thread thread_;
};

class NginxFrontTest : public ::testing::Test {
 protected:
  void SetUp() override {
    signal(SIGPIPE, SIG_IGN);  // writes to connections nginx has closed
    ASSERT_TRUE(std::filesystem::exists(kNginx)) << kNginx << " is missing: run scripts/setup";
    make_certificate();
    start_daemon();
    start_nginx();
  }

  void make_certificate() {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-subj /CN=localhost -days 1 -keyout " +
        (temp_.path() / "key.pem").string() + " -out " + (temp_.path() / "cert.pem").string() +
        " 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }

  std::string run(const std::vector<std::string>& command) {
    std::vector<std::string> args{"--config", config_path().string()};
    args.insert(args.end(), command.begin(), command.end());
    ChildProcess child(caseaudit_binary(), args, {}, temp_.path());
    EXPECT_EQ(child.wait(60s), 0) << child.stderr_text();
    return child.stdout_text();
  }
  std::filesystem::path config_path() const { return temp_.path() / "caseaudit.toml"; }

  // The daemon as docs/systemd.md runs it behind nginx: on loopback,
  // trusting nginx's X-Forwarded-For, with its default 4 threads.
  void start_daemon() {
    std::ofstream(config_path()) << "[http]\naddress = \"127.0.0.1\"\nport = 0\n"
                                 << "trusted_proxies = [\"127.0.0.1\"]\n[state]\ndirectory = \""
                                 << (temp_.path() / "state").string() << "\"\n";
    run({"migrate"});
    const std::string created = run({"token", "create", "--name", "qa", "--role", "viewer"});
    token_ = created.substr(0, created.find('\n'));
    ASSERT_FALSE(token_.empty());
    std::filesystem::create_directories(temp_.path() / "daemon");
    daemon_ = std::make_unique<ChildProcess>(
        caseaudit_binary(), std::vector<std::string>{"--config", config_path().string(), "serve"},
        std::map<std::string, std::string>{}, temp_.path() / "daemon");
    daemon_port_ = wait_for_listening_port(*daemon_, 30s);
    ASSERT_GT(daemon_port_, 0) << daemon_->stderr_text();
  }

  // nginx as the test user, with its own prefix, the shipped server config
  // on a free port (IPv4 loopback only) and the redirect server left out.
  void start_nginx() {
    const std::filesystem::path prefix = temp_.path() / "nginx";
    std::filesystem::create_directories(prefix / "temp");
    std::string site =
        read_text(std::filesystem::path(CASEAUDIT_SOURCE_DIR) / "systemd/nginx-caseaudit.conf");
    nginx_port_ = free_port();
    replace_once(site, "listen 443 ssl;",
                 "listen 127.0.0.1:" + std::to_string(nginx_port_) + " ssl;");
    replace_once(site, "listen [::]:443 ssl;", "");
    replace_once(site, "server 127.0.0.1:8080;",
                 "server 127.0.0.1:" + std::to_string(daemon_port_) + ";");
    replace_once(site, "/etc/caseaudit/tls/cert.pem", (temp_.path() / "cert.pem").string());
    replace_once(site, "/etc/caseaudit/tls/key.pem", (temp_.path() / "key.pem").string());
    const std::size_t redirect = site.find("# Plain HTTP only redirects.");
    ASSERT_NE(redirect, std::string::npos);
    site.erase(redirect);
    std::ofstream(prefix / "caseaudit.conf") << site;
    const std::string temp = (prefix / "temp").string();
    std::ofstream(prefix / "nginx.conf")
        << (geteuid() == 0 ? "user root;\n" : "") << "daemon off;\nworker_processes 1;\n"
        << "pid " << (prefix / "nginx.pid").string() << ";\n"
        << "error_log " << (prefix / "error.log").string() << " info;\n"
        << "events { worker_connections 1024; }\n"
        << "http {\n  access_log off;\n"
        << "  client_body_temp_path " << temp << "/body;\n  proxy_temp_path " << temp
        << "/proxy;\n  fastcgi_temp_path " << temp << "/fastcgi;\n  uwsgi_temp_path " << temp
        << "/uwsgi;\n  scgi_temp_path " << temp << "/scgi;\n"
        << "  include " << (prefix / "caseaudit.conf").string() << ";\n}\n";
    nginx_ = std::make_unique<ChildProcess>(
        kNginx,
        std::vector<std::string>{"-p", prefix.string(), "-e", (prefix / "error.log").string(), "-c",
                                 (prefix / "nginx.conf").string()},
        std::map<std::string, std::string>{}, prefix);
    ASSERT_TRUE(eventually(
        [&] {
          int fd = connect_loopback(nginx_port_);
          if (fd >= 0) close(fd);
          return fd >= 0;
        },
        [](bool up) { return up; }, 10s))
        << read_text(prefix / "error.log") << nginx_->stderr_text();
  }

  // One request through nginx: its status (0: no answer) and how long it took.
  std::pair<int, std::chrono::milliseconds> timed(const std::string& path,
                                                  const httplib::Headers& headers) const {
    httplib::SSLClient front("127.0.0.1", nginx_port_);
    front.enable_server_certificate_verification(false);  // the test's self-signed certificate
    front.set_connection_timeout(5s);
    front.set_read_timeout(5s);
    const auto started = std::chrono::steady_clock::now();
    auto result = front.Get(path.c_str(), headers);
    return {result ? result->status : 0, std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - started)};
  }

  TempDirectory temp_;
  std::string token_;
  int daemon_port_ = 0;
  int nginx_port_ = 0;
  std::unique_ptr<ChildProcess> daemon_;
  std::unique_ptr<ChildProcess> nginx_;
};

TEST_F(NginxFrontTest, DripFeedingClientsLeaveTheApiAnsweringWithinASecond) {
  const httplib::Headers bearer{{"Authorization", "Bearer " + token_},
                                {"X-Forwarded-For", "203.0.113.66"}};
  ASSERT_EQ(timed("/healthz", {}).first, 200) << daemon_->stderr_text();

  DripAttack attack(nginx_port_);
  ASSERT_EQ(attack.established(), kDripConnections);
  std::this_thread::sleep_for(1s);  // every connection has sent a few bytes
  for (int probe = 0; probe < 5; ++probe) {
    auto [health, health_took] = timed("/healthz", {});
    EXPECT_EQ(health, 200);
    EXPECT_LT(health_took, 1s) << "probe " << probe;
    auto [api, api_took] = timed("/v1/changes?limit=5", bearer);
    EXPECT_EQ(api, 200);
    EXPECT_LT(api_took, 1s) << "probe " << probe;
    std::this_thread::sleep_for(300ms);
  }
  EXPECT_GT(attack.still_open(), kDripConnections / 2) << "the attack ended before the probes";

  // The whole header within client_header_timeout (5 s), however slowly it
  // is sent: nginx closes every dripping connection soon after.
  EXPECT_TRUE(
      eventually([&] { return attack.still_open(); }, [](int open) { return open == 0; }, 8s))
      << attack.still_open() << " connections still dripping after "
      << std::chrono::duration_cast<std::chrono::seconds>(attack.running()).count() << " s";

  // The daemon logged each API request with the client nginx saw, never the
  // address a client claimed in its own X-Forwarded-For.
  const std::string log = daemon_->stderr_text();
  EXPECT_THAT(log, HasSubstr("http GET /v1/changes 200 "));
  EXPECT_THAT(log, HasSubstr("from 127.0.0.1"));
  EXPECT_THAT(log, Not(HasSubstr("203.0.113.66")));
  EXPECT_THAT(log, Not(HasSubstr(token_)));
}

}  // namespace
}  // namespace caseaudit::testing
