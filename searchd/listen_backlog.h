// WidenListenBacklog: lets more connections wait to be accepted.
//
// Debian's cpp-httplib 0.11.4 is compiled with a listen backlog of 5
// (CPPHTTPLIB_LISTEN_BACKLOG). When the accepting thread is briefly starved
// of CPU (a busy 2-core server), a burst of new connections (a page of
// search boxes, clients reconnecting after --keep-alive-max) overflows 5
// places; Linux then drops their handshakes and the clients retry after
// 1 s, 3 s, ...: multi-second stalls (wrk timeouts in bench/soak). listen(2)
// on a socket that already listens only changes its backlog, so searchd
// calls it again on httplib's listening socket (the protected
// Server::svr_sock_, set by bind_to_port) with a real backlog.
#ifndef BYLINE_SEARCHD_LISTEN_BACKLOG_H_
#define BYLINE_SEARCHD_LISTEN_BACKLOG_H_

#include <httplib.h>

namespace byline::searchd {

// Sets the backlog of the socket `server` listens on, once bind_to_port or
// bind_to_any_port succeeded (the kernel caps it at net.core.somaxconn).
// False when the server has no listening socket or listen(2) failed.
bool WidenListenBacklog(const httplib::Server& server, int backlog);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_LISTEN_BACKLOG_H_
