// The sockets searchd finds among its descriptors (/proc/self/fd), since
// cpp-httplib 0.11.4 does not expose the sockets it accepts.
#ifndef BYLINE_SEARCHD_SOCKET_PORT_H_
#define BYLINE_SEARCHD_SOCKET_PORT_H_

#include <httplib.h>
#include <sys/stat.h>

#include <functional>
#include <string>

namespace byline::searchd {

// Calls `visit` with each socket among this process's descriptors (listed
// in /proc/self/fd) and its fstat, until it returns false. False when
// /proc/self/fd cannot be read. A descriptor may be closed (and its number
// reused) by another thread meanwhile: `visit` pins what it acts on (dup).
bool ForEachSocket(const std::function<bool(int fd, const struct stat& st)>& visit);

// The port `fd` is bound to when it is an IPv4 or IPv6 socket; else -1.
int LocalPort(int fd);

// The local port and the peer of a connected TCP socket, the peer's address
// spelled as httplib spells Request::remote_addr (getnameinfo, numeric).
// False for anything else.
bool TcpEndpoints(int fd, int* local_port, std::string* peer_addr, int* peer_port);

// Asks that the connection of `req`, which this worker thread is serving,
// be closed once its response is written (CloseIfAsked, from the logger):
// for a request whose body was not read to its end, which httplib would
// otherwise read as the client's next request. The response says
// "Connection: close".
void CloseAfterResponse(const httplib::Request& req);
// From the logger, after the response of `req` was written: shuts its
// connection down (found by local port and peer) when CloseAfterResponse was
// asked for it (and forgets any other ask); httplib then ends it.
void CloseIfAsked(const httplib::Request& req);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_SOCKET_PORT_H_
