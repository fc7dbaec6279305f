// RequestDeadlines: a whole-request deadline for byline-searchd.
//
// Why it exists: cpp-httplib 0.11.4 only has a per-read timeout, and it
// gives each connection a worker thread for the connection's whole life. A
// "slowloris" client that sends one byte of its request just inside every
// read timeout would keep a worker for hours, and a few dozen of them would
// hold every worker. httplib exposes neither the accepted socket nor a
// per-request timer, and its per-connection entry point
// (process_and_close_socket) is a private virtual: a subclass may override
// it but not call httplib's own, so it would have to copy httplib's request
// loop. This works from the outside instead (--request-timeout 0: not at all):
//
//  - A watchdog thread lists /proc/self/fd about once a second and finds the
//    TCP sockets whose local port is the one searchd listens on and that
//    have a peer: the accepted connections. Each gets a deadline of
//    first-seen + request timeout for its first request.
//  - The middleware tells it, keyed by the peer address and port httplib
//    reports, when a request's headers were read (no deadline while the
//    handler runs: a search's counting is bounded by --time-limit-ms; a request with
//    a body keeps its deadline until the body was read and handled), and
//    when a response was written (the next request must then be complete
//    within keep-alive timeout + request timeout).
//  - A connection past its deadline is shut down (shutdown(2) on a dup of
//    the descriptor after checking it is still the same socket; httplib
//    owns and closes the descriptor itself), which wakes its worker at once.
//  - A connection still waiting in the thread pool's queue has had nothing
//    read from it, so its whole request sits in the kernel's receive
//    buffer: when a peek there finds a complete request head (or, with TLS,
//    a complete handshake record), the client has done its part and is not
//    cut off for the pool being busy.
//  - The wrapped thread pool forgets a connection's state when its worker
//    is done with it, so a later connection from the same address and port
//    starts afresh.
//
// Thread safety: the Request* methods are called from worker threads, the
// rest from the thread that owns the server; all may run concurrently.
#ifndef BYLINE_SEARCHD_REQUEST_DEADLINE_H_
#define BYLINE_SEARCHD_REQUEST_DEADLINE_H_

#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace byline::searchd {

// True when `buffered` (the unread start of a connection) holds everything
// the client must send before the server answers: a request head up to its
// empty line, or with TLS a whole handshake record (the ClientHello).
bool IsCompleteRequestStart(std::string_view buffered, bool tls);

class RequestDeadlines {
 public:
  using Seconds = std::chrono::duration<double>;

  // `on_cut_off` runs on the watchdog thread for each connection closed.
  RequestDeadlines(Seconds request_timeout, Seconds keep_alive_timeout, bool tls,
                   std::function<void()> on_cut_off);
  ~RequestDeadlines();  // stops the watchdog
  RequestDeadlines(const RequestDeadlines&) = delete;
  RequestDeadlines& operator=(const RequestDeadlines&) = delete;

  // A thread pool of `threads` workers for httplib::Server::new_task_queue;
  // it tells this object when a connection's worker is done with it.
  httplib::TaskQueue* NewTaskQueue(size_t threads);

  // Starts the watchdog for connections accepted on `listen_port`. False,
  // and no deadline enforced, where /proc/self/fd cannot be listed.
  bool Start(int listen_port);
  // Stops and joins the watchdog. Idempotent.
  void Stop();

  // From the pre-routing handler: the request line and headers were read.
  void RequestHeadRead(const httplib::Request& req);
  // From the post-routing handler: the request (body included) was read and
  // the handler is done; only the response is left to write.
  void RequestHandled(const httplib::Request& req);
  // From the logger: the response was written; the connection is idle.
  void ResponseWritten(const httplib::Request& req);

 private:
  using Clock = std::chrono::steady_clock;

  // What the workers said about a connection, by peer ("addr|port").
  struct PeerState {
    bool has_deadline = false;
    Clock::time_point deadline;
  };
  // An open descriptor the watchdog saw, by socket inode.
  struct SeenSocket {
    int fd = -1;
    bool ours = false;  // accepted on our listening port
    bool cut_off = false;
    std::string peer;
    Clock::time_point first_seen;
    uint64_t scan = 0;  // the last scan that saw it
  };

  class ForgettingPool;

  void ConnectionDone();  // on a worker, once its connection is closed
  void SetPeerState(const httplib::Request& req, bool has_deadline, Clock::time_point deadline);
  void WatchLoop();
  void Scan();
  void Classify(int fd, SeenSocket* socket) const;
  // Shuts the connection down unless `fd` is no longer socket `inode` or the
  // client is only waiting for a free worker. Returns true when it was cut.
  bool CutOff(int fd, ino_t inode);

  const Clock::duration request_timeout_;
  const Clock::duration keep_alive_timeout_;
  const bool tls_;
  const std::function<void()> on_cut_off_;

  std::mutex mutex_;  // guards peers_ and stopping_
  std::unordered_map<std::string, PeerState> peers_;
  bool stopping_ = false;
  std::condition_variable wake_;

  // Owned by the watchdog thread.
  int listen_port_ = -1;
  std::unordered_map<ino_t, SeenSocket> sockets_;
  uint64_t scans_ = 0;
  std::vector<char> peek_buffer_;

  std::thread watchdog_;
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_REQUEST_DEADLINE_H_
