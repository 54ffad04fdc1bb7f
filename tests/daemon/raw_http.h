// raw_exchange(): one HTTP exchange written byte for byte, for requests that
// httplib::Client cannot send (no Content-Length, malformed lines). The
// request should say "Connection: close"; the answer is read until the
// server closes or `timeout` passes.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <string_view>

namespace caseaudit::daemon::testing {

struct RawAnswer {
  std::string text;  // status line, headers and body as received
  std::chrono::milliseconds took{0};
  int status() const {  // 0 when nothing parseable arrived
    return text.size() > 12 && text.starts_with("HTTP/1.") ? std::stoi(text.substr(9, 3)) : 0;
  }
};

inline RawAnswer raw_exchange(int port, std::string_view request,
                              std::chrono::seconds timeout = std::chrono::seconds(10)) {
  const auto started = std::chrono::steady_clock::now();
  RawAnswer answer;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return answer;
  timeval tv{.tv_sec = static_cast<time_t>(timeout.count()), .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    for (ssize_t n; (n = recv(fd, buffer, sizeof(buffer), 0)) > 0;) answer.text.append(buffer, n);
  }
  close(fd);
  answer.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return answer;
}

}  // namespace caseaudit::daemon::testing
