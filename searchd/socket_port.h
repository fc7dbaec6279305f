// The local port of a socket searchd finds among its descriptors
// (/proc/self/fd), since cpp-httplib 0.11.4 does not expose the sockets it
// accepts.
#ifndef BYLINE_SEARCHD_SOCKET_PORT_H_
#define BYLINE_SEARCHD_SOCKET_PORT_H_

namespace byline::searchd {

// The port `fd` is bound to when it is an IPv4 or IPv6 socket; else -1.
int LocalPort(int fd);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_SOCKET_PORT_H_
