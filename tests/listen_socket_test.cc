// searchd's listening socket: a port in use is refused (not shared, as with
// cpp-httplib's default SO_REUSEPORT), a restart is not blocked by TIME_WAIT,
// and the reason for a failure is said plainly.
#include "listen_socket.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>

namespace byline::searchd {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

int PortOf(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

// A socket given `options`, bound to 127.0.0.1:port and listening; -1 with
// errno set when that fails.
int Listen(int port, const std::function<void(int)>& options) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  options(fd);
  sockaddr_in addr = Loopback(port);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 8) != 0) {
    int error = errno;
    close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

TEST(ListenSocketTest, APortSomeoneListensOnIsRefused) {
  int first = Listen(0, SetListenSocketOptions);
  ASSERT_GE(first, 0);
  EXPECT_EQ(Listen(PortOf(first), SetListenSocketOptions), -1);
  EXPECT_EQ(errno, EADDRINUSE);
  close(first);
}

TEST(ListenSocketTest, HttplibsDefaultOptionsWouldShareThePort) {
  // Why searchd sets its own: with cpp-httplib 0.11.4's, a second socket
  // binds and listens on the same port, and the kernel splits connections.
  int first = Listen(0, httplib::default_socket_options);
  ASSERT_GE(first, 0);
  int second = Listen(PortOf(first), httplib::default_socket_options);
  EXPECT_GE(second, 0);
  if (second >= 0) close(second);
  close(first);
}

TEST(ListenSocketTest, ARestartIsNotBlockedByConnectionsInTimeWait) {
  int listener = Listen(0, SetListenSocketOptions);
  ASSERT_GE(listener, 0);
  const int port = PortOf(listener);
  int client = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(port);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  int served = accept(listener, nullptr, nullptr);
  ASSERT_GE(served, 0);
  // The server closes first, so its side of the connection (on `port`)
  // stays in TIME_WAIT after the listener is gone, as after a restart.
  close(served);
  char byte;
  EXPECT_EQ(read(client, &byte, 1), 0);
  close(client);
  close(listener);

  int no_options = Listen(port, [](int) {});
  EXPECT_EQ(no_options, -1) << "no connection in TIME_WAIT: this test shows nothing";
  if (no_options >= 0) close(no_options);
  int restarted = Listen(port, SetListenSocketOptions);
  EXPECT_GE(restarted, 0) << std::strerror(errno);
  if (restarted >= 0) close(restarted);
}

TEST(ListenSocketTest, DescribesWhyAnAddressCannotBeListenedOn) {
  int first = Listen(0, SetListenSocketOptions);
  ASSERT_GE(first, 0);
  const int port = PortOf(first);
  EXPECT_EQ(DescribeListenFailure("127.0.0.1", port)
                .rfind("127.0.0.1:" + std::to_string(port) + " is already in use", 0),
            0u);
  close(first);
  // TEST-NET-1 (RFC 5737) is no address of this machine.
  EXPECT_EQ(
      DescribeListenFailure("192.0.2.1", port),
      "cannot listen on 192.0.2.1:" + std::to_string(port) + ": " + std::strerror(EADDRNOTAVAIL));
}

TEST(ListenSocketTest, HostPortBracketsIpv6) {
  EXPECT_EQ(HostPort("127.0.0.1", 8080), "127.0.0.1:8080");
  EXPECT_EQ(HostPort("::1", 8080), "[::1]:8080");
}

}  // namespace
}  // namespace byline::searchd
