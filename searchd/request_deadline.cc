#include "request_deadline.h"

#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <utility>

#include "socket_port.h"

namespace byline::searchd {
namespace {

constexpr auto kScanInterval = std::chrono::seconds(1);
// Enough to see the end of any head searchd accepts (8 KB request line and
// --max-header-bytes); a longer head counts as incomplete.
constexpr size_t kPeekBytes = size_t{64} * 1024;

// The peer of the connection this worker thread serves, as PeerKey spells
// it; empty until a request head was read on it.
thread_local std::string current_peer;
// The current request had a body: its deadline runs until RequestHandled.
thread_local bool current_has_body = false;

std::string PeerKey(const std::string& addr, int port) { return addr + "|" + std::to_string(port); }

// The local port and peer ("addr|port") of a TCP socket.
bool LocalPortAndPeer(int fd, int* local_port, std::string* peer) {
  std::string addr;
  int port = -1;
  if (!searchd::TcpEndpoints(fd, local_port, &addr, &port)) return false;
  *peer = PeerKey(addr, port);
  return true;
}

bool HasBody(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) return true;
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && length.find_first_not_of('0') != std::string::npos;
}

}  // namespace

bool IsCompleteRequestStart(std::string_view buffered, bool tls) {
  if (tls) {
    // A TLS record: type 22 (handshake), 2 version bytes, 2 length bytes.
    if (buffered.size() < 5 || static_cast<unsigned char>(buffered[0]) != 22) return false;
    const size_t length = static_cast<size_t>(static_cast<unsigned char>(buffered[3])) << 8 |
                          static_cast<unsigned char>(buffered[4]);
    return buffered.size() >= 5 + length;
  }
  // httplib ends the head at an empty CRLF line; the line before it may end
  // in a bare LF.
  return buffered.find("\n\r\n") != std::string_view::npos;
}

// httplib's thread pool, plus a note to the deadlines when a worker is done
// with its connection (httplib has closed the socket by then).
class RequestDeadlines::ForgettingPool : public httplib::TaskQueue {
 public:
  ForgettingPool(size_t threads, RequestDeadlines* deadlines)
      : pool_(threads), deadlines_(deadlines) {}
  void enqueue(std::function<void()> fn) override {
    pool_.enqueue([deadlines = deadlines_, fn = std::move(fn)] {
      current_peer.clear();
      fn();
      deadlines->ConnectionDone();
    });
  }
  void shutdown() override { pool_.shutdown(); }
  void on_idle() override { pool_.on_idle(); }

 private:
  httplib::ThreadPool pool_;
  RequestDeadlines* deadlines_;
};

RequestDeadlines::RequestDeadlines(Seconds request_timeout, Seconds keep_alive_timeout, bool tls,
                                   std::function<void()> on_cut_off)
    : request_timeout_(std::chrono::duration_cast<Clock::duration>(request_timeout)),
      keep_alive_timeout_(std::chrono::duration_cast<Clock::duration>(keep_alive_timeout)),
      tls_(tls),
      on_cut_off_(std::move(on_cut_off)) {}

RequestDeadlines::~RequestDeadlines() { Stop(); }

httplib::TaskQueue* RequestDeadlines::NewTaskQueue(size_t threads) {
  return new ForgettingPool(threads, this);
}

bool RequestDeadlines::Start(int listen_port) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return false;
  closedir(dir);
  listen_port_ = listen_port;
  peek_buffer_.resize(kPeekBytes);
  watchdog_ = std::thread([this] { WatchLoop(); });
  return true;
}

void RequestDeadlines::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

void RequestDeadlines::RequestHeadRead(const httplib::Request& req) {
  current_has_body = HasBody(req);
  // With a body, the deadline the request started with still runs.
  if (current_has_body) {
    if (current_peer.empty() && !req.remote_addr.empty()) {
      current_peer = PeerKey(req.remote_addr, req.remote_port);
    }
  } else {
    SetPeerState(req, false, {});
  }
}

void RequestDeadlines::RequestHandled(const httplib::Request& req) {
  if (current_has_body) SetPeerState(req, false, {});
  current_has_body = false;
}

void RequestDeadlines::ResponseWritten(const httplib::Request& req) {
  // The next request may start as late as the keep-alive timeout.
  SetPeerState(req, true, Clock::now() + keep_alive_timeout_ + request_timeout_);
}

void RequestDeadlines::SetPeerState(const httplib::Request& req, bool has_deadline,
                                    Clock::time_point deadline) {
  if (req.remote_addr.empty()) return;  // refused before httplib looked at the peer
  std::string key = PeerKey(req.remote_addr, req.remote_port);
  if (current_peer.empty()) current_peer = key;  // forgotten again in ConnectionDone
  std::lock_guard<std::mutex> lock(mutex_);
  peers_[std::move(key)] = PeerState{has_deadline, deadline};
}

void RequestDeadlines::ConnectionDone() {
  if (current_peer.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    peers_.erase(current_peer);
  }
  current_peer.clear();
  current_has_body = false;
}

void RequestDeadlines::WatchLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kScanInterval, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    Scan();
    lock.lock();
  }
}

void RequestDeadlines::Classify(int fd, SeenSocket* socket) const {
  int local_port = -1;
  // The same socket under another descriptor number keeps its clock.
  if (socket->scan == 0) socket->first_seen = Clock::now();
  socket->fd = fd;
  socket->ours = LocalPortAndPeer(fd, &local_port, &socket->peer) && local_port == listen_port_;
}

void RequestDeadlines::Scan() {
  ++scans_;
  if (!ForEachSocket([this](int fd, const struct stat& st) {
        SeenSocket& socket = sockets_[st.st_ino];
        if (socket.scan == 0 || socket.fd != fd) Classify(fd, &socket);
        socket.scan = scans_;
        return true;
      })) {
    return;
  }

  // Forget closed sockets; list the connections past their deadline.
  const Clock::time_point now = Clock::now();
  std::vector<std::pair<int, ino_t>> overdue;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = sockets_.begin(); it != sockets_.end();) {
      SeenSocket& socket = it->second;
      if (socket.scan != scans_) {
        it = sockets_.erase(it);
        continue;
      }
      if (socket.ours && !socket.cut_off) {
        Clock::time_point deadline = socket.first_seen + request_timeout_;
        bool has_deadline = true;
        if (auto peer = peers_.find(socket.peer); peer != peers_.end()) {
          has_deadline = peer->second.has_deadline;
          deadline = peer->second.deadline;
        }
        if (has_deadline && now >= deadline) overdue.emplace_back(socket.fd, it->first);
      }
      ++it;
    }
  }
  for (const auto& [fd, inode] : overdue) {
    if (CutOff(fd, inode)) {
      sockets_[inode].cut_off = true;
      if (on_cut_off_) on_cut_off_();
    }
  }
}

bool RequestDeadlines::CutOff(int fd, ino_t inode) {
  // A duplicate pins the socket: if httplib closes `fd` meanwhile, or the
  // number is reused, the check below sees it and nothing else is touched.
  const int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (dup_fd < 0) return false;
  bool cut = false;
  struct stat st {};
  if (fstat(dup_fd, &st) == 0 && st.st_ino == inode) {
    const ssize_t buffered =
        recv(dup_fd, peek_buffer_.data(), peek_buffer_.size(), MSG_PEEK | MSG_DONTWAIT);
    const bool waiting_for_worker =
        buffered > 0 &&
        IsCompleteRequestStart(std::string_view(peek_buffer_.data(), static_cast<size_t>(buffered)),
                               tls_);
    if (!waiting_for_worker) cut = shutdown(dup_fd, SHUT_RDWR) == 0;
  }
  close(dup_fd);  // our duplicate only; httplib still owns `fd`
  return cut;
}

}  // namespace byline::searchd
