#include "socket_port.h"

#include <dirent.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <vector>

namespace byline::searchd {
namespace {

// The peer CloseAfterResponse was asked for on this worker thread, as
// "addr|port"; empty when none.
thread_local std::string close_after_response;

// How long a connection ended by CloseIfAsked still reads what the client sends.
constexpr std::chrono::seconds kLinger{2};

std::string PeerOf(const httplib::Request& req) {
  return req.remote_addr + "|" + std::to_string(req.remote_port);
}

}  // namespace

bool ForEachSocket(const std::function<bool(int fd, const struct stat& st)>& visit) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return false;
  const int dir_fd = dirfd(dir);
  while (const dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dir_fd) continue;
    struct stat st {};
    if (fstat(static_cast<int>(fd), &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    if (!visit(static_cast<int>(fd), st)) break;
  }
  closedir(dir);
  return true;
}

int LocalPort(int fd) {
  sockaddr_storage local{};
  socklen_t len = sizeof local;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) return -1;
  if (local.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
  }
  if (local.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port);
  }
  return -1;
}

bool TcpEndpoints(int fd, int* local_port, std::string* peer_addr, int* peer_port) {
  int type = 0;
  socklen_t type_len = sizeof type;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &type_len) != 0 || type != SOCK_STREAM) {
    return false;
  }
  *local_port = LocalPort(fd);
  if (*local_port < 0) return false;
  sockaddr_storage remote{};
  socklen_t remote_len = sizeof remote;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_len) != 0) return false;
  char host[NI_MAXHOST];
  char port[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&remote), remote_len, host, sizeof host, port,
                  sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return false;
  }
  *peer_addr = host;
  *peer_port = std::atoi(port);
  return true;
}

// Ends the connection on `fd` (pinned by `dup_fd`) whose response was
// written but whose request was not read to its end: a lingering close.
void EndConnection(int fd, int dup_fd) {
  // The end of the response, then read and drop what the client still
  // sends, for a moment: closing with unread data sends a reset, which can
  // destroy the response before the client has read it.
  shutdown(dup_fd, SHUT_WR);
  const auto until = std::chrono::steady_clock::now() + kLinger;
  std::vector<char> buffer(size_t{64} * 1024);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{dup_fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    if (recv(dup_fd, buffer.data(), buffer.size(), MSG_DONTWAIT) <= 0) break;
  }
  shutdown(dup_fd, SHUT_RD);
  // httplib still owns `fd` and will read from it (a keep-alive connection)
  // and close it: what it finds there now is /dev/null, no request, so it
  // ends the connection; the socket closes with the last duplicate.
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd >= 0) {
    dup2(null_fd, fd);
    close(null_fd);
  }
}

void CloseAfterResponse(const httplib::Request& req) {
  close_after_response = PeerOf(req);
  // httplib then answers "Connection: close" (and stops reading requests
  // on the connection), so the client knows not to send another.
  auto& headers = const_cast<httplib::Headers&>(req.headers);
  headers.erase("Connection");
  headers.emplace("Connection", "close");
}

void CloseIfAsked(const httplib::Request& req) {
  if (close_after_response.empty()) return;
  const bool asked = close_after_response == PeerOf(req);
  close_after_response.clear();
  if (!asked || req.remote_addr.empty()) return;
  ForEachSocket([&req](int fd, const struct stat&) {
    // A duplicate pins the socket while it is checked: another thread may
    // close `fd` meanwhile, and its number be reused.
    const int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (dup_fd < 0) return true;
    int local_port = -1;
    int peer_port = -1;
    std::string peer_addr;
    const bool found = TcpEndpoints(dup_fd, &local_port, &peer_addr, &peer_port) &&
                       local_port == req.local_port && peer_port == req.remote_port &&
                       peer_addr == req.remote_addr;
    if (found) EndConnection(fd, dup_fd);
    close(dup_fd);
    return !found;
  });
}

}  // namespace byline::searchd
