// WidenListenBacklog: lets more connections wait to be accepted.
//
// Debian's cpp-httplib 0.11.4 is compiled with a listen backlog of 5
// (CPPHTTPLIB_LISTEN_BACKLOG), and its listening socket is private. When
// the accepting thread is briefly starved of CPU (a busy 2-core server), a
// burst of new connections (a page of search boxes, clients reconnecting
// after --keep-alive-max) overflows 5 places; Linux then drops their
// handshakes and the clients retry after 1 s, 3 s, ...: multi-second stalls
// (wrk timeouts in bench/soak). listen(2) on a socket that already listens
// only changes its backlog, so searchd finds its listening socket by port
// and calls it again with a real backlog.
#ifndef BYLINE_SEARCHD_LISTEN_BACKLOG_H_
#define BYLINE_SEARCHD_LISTEN_BACKLOG_H_

namespace byline::searchd {

// Sets the backlog of every listening TCP socket of this process bound to
// `port` (the kernel caps it at net.core.somaxconn). Returns how many
// sockets were changed (0: none found, or /proc/self/fd unreadable).
int WidenListenBacklog(int port, int backlog);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_LISTEN_BACKLOG_H_
