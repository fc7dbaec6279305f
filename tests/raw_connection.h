// A raw TCP connection to a loopback port, for requests a client library
// will not send (half requests, NUL bytes, slow clients).
#ifndef BYLINE_TESTS_RAW_CONNECTION_H_
#define BYLINE_TESTS_RAW_CONNECTION_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "openapi_log.h"

namespace byline::testing {

class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  // What it got is recorded for the OpenAPI check (openapi_log.h).
  ~RawConnection() {
    close(fd_);
    LogRawExchange(sent_, received_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  bool Send(const std::string& data) {
    const ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) sent_.append(data, 0, static_cast<size_t>(n));
    return n == static_cast<ssize_t>(data.size());
  }
  // Everything until the server closes, or `timeout_ms` without data.
  std::string ReadUntilClosed(int timeout_ms) {
    std::string out;
    char buf[4096];
    for (;;) {
      pollfd pfd{fd_, POLLIN, 0};
      if (poll(&pfd, 1, timeout_ms) <= 0) break;
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    received_ += out;
    return out;
  }
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string sent_;
  std::string received_;
};

}  // namespace byline::testing

#endif  // BYLINE_TESTS_RAW_CONNECTION_H_
