// WidenListenBacklog: a cpp-httplib server bound with its backlog of 5
// takes a burst of connections only after its backlog was raised.
#include "listen_backlog.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

namespace byline::searchd {
namespace {

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

TEST(ListenBacklogTest, RaisesTheBacklogOfThatServerOnly) {
  // Bound, not serving: nobody accepts, so connections wait in the backlog.
  httplib::Server narrow, widened, unbound;
  const int narrow_port = narrow.bind_to_any_port("127.0.0.1");
  const int widened_port = widened.bind_to_any_port("127.0.0.1");
  ASSERT_GT(narrow_port, 0);
  ASSERT_GT(widened_port, 0);

  EXPECT_TRUE(WidenListenBacklog(widened, 128));
  EXPECT_EQ(ConnectBurst(widened_port, 40), 40);
  // The other server keeps httplib's 5 (Linux queues backlog + 1 handshakes).
  EXPECT_LE(ConnectBurst(narrow_port, 40), 10);
  EXPECT_FALSE(WidenListenBacklog(unbound, 128));  // no listening socket yet
}

}  // namespace
}  // namespace byline::searchd
