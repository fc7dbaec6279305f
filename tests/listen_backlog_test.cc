// WidenListenBacklog: a socket listening with cpp-httplib's backlog of 5
// takes a burst of connections only after its backlog was raised.
#include "listen_backlog.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

namespace byline::searchd {
namespace {

// A socket on 127.0.0.1 listening with `backlog`; sets *port.
int Listen(int backlog, int* port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, backlog) != 0) {
    close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

// Opens `n` connections at once (nobody accepts them) and counts those whose
// handshake completed within about a second.
int ConnectBurst(int port, int n) {
  std::vector<int> fds;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  for (int i = 0; i < n; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fds.push_back(fd);
  }
  // Retried handshakes come back after 1 s: wait less than that in all.
  int connected = 0;
  std::vector<int> pending = fds;
  for (int round = 0; round < 8 && !pending.empty(); ++round) {
    std::vector<pollfd> polls;
    for (int fd : pending) polls.push_back({fd, POLLOUT, 0});
    poll(polls.data(), polls.size(), 100);
    pending.clear();
    for (const auto& p : polls) {
      int error = -1;
      socklen_t len = sizeof error;
      if (!(p.revents & POLLOUT)) {
        pending.push_back(p.fd);
      } else if (getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0) {
        ++connected;
      }
    }
  }
  for (int fd : fds) close(fd);
  return connected;
}

TEST(ListenBacklogTest, RaisesTheBacklogOfTheSocketOnThatPortOnly) {
  int narrow_port = 0, widened_port = 0;
  int narrow = Listen(5, &narrow_port);
  int widened = Listen(5, &widened_port);
  ASSERT_GE(narrow, 0);
  ASSERT_GE(widened, 0);

  EXPECT_EQ(WidenListenBacklog(widened_port, 128), 1);
  EXPECT_EQ(ConnectBurst(widened_port, 40), 40);
  // The other socket keeps its 5 (Linux queues backlog + 1 handshakes).
  EXPECT_LE(ConnectBurst(narrow_port, 40), 10);
  EXPECT_EQ(WidenListenBacklog(1, 128), 0);  // nothing listens on port 1 here
  close(narrow);
  close(widened);
}

}  // namespace
}  // namespace byline::searchd
