// How searchd's listening socket is set up, and why it could not be.
//
// cpp-httplib 0.11.4's default_socket_options sets SO_REUSEPORT on Linux
// (and not SO_REUSEADDR): a second byline-searchd on a port already in use
// then binds as well, says it is listening, and the kernel shares the port's
// connections between the two. searchd sets SO_REUSEADDR alone instead.
#ifndef BYLINE_SEARCHD_LISTEN_SOCKET_H_
#define BYLINE_SEARCHD_LISTEN_SOCKET_H_

#include <string>

namespace byline::searchd {

// For httplib::Server::set_socket_options: SO_REUSEADDR only, so a restart
// is not refused while the old connections sit in TIME_WAIT, but a port
// another socket listens on is (EADDRINUSE).
void SetListenSocketOptions(int sock);

// "HOST:PORT", with an IPv6 host in brackets ("[::1]:8080").
std::string HostPort(const std::string& host, int port);

// Why listening on host:port failed, found by trying to bind it again as
// httplib does: "127.0.0.1:8080 is already in use ...", else "cannot listen
// on HOST:PORT: " and the system's reason.
std::string DescribeListenFailure(const std::string& host, int port);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_LISTEN_SOCKET_H_
