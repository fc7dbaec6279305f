#include "listen_socket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace byline::searchd {

void SetListenSocketOptions(int sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

std::string HostPort(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string DescribeListenFailure(const std::string& host, int port) {
  const std::string where = HostPort(host, port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0) {
    return "cannot listen on " + where + ": " + gai_strerror(rc);
  }
  // httplib listens on the first address that binds; report the first
  // address's reason when none does.
  int error = 0;
  bool bound = false;
  for (addrinfo* ai = found; ai != nullptr && !bound; ai = ai->ai_next) {
    int sock = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (sock >= 0) {
      SetListenSocketOptions(sock);
      if (ai->ai_family == AF_INET6) {  // as httplib: IPv4 too
        int no = 0;
        setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
      }
      bound = bind(sock, ai->ai_addr, ai->ai_addrlen) == 0 && listen(sock, 1) == 0;
    }
    if (!bound && error == 0) error = errno;
    if (sock >= 0) close(sock);
  }
  freeaddrinfo(found);
  if (bound) return "cannot listen on " + where + " (it works now: try again)";
  if (error == EADDRINUSE) {
    return where + " is already in use (another byline-searchd, or another server, listens there)";
  }
  return "cannot listen on " + where + ": " + std::strerror(error);
}

}  // namespace byline::searchd
