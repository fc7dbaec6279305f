#include "listen_backlog.h"

#include <sys/socket.h>

namespace byline::searchd {
namespace {

// Reads the protected svr_sock_ of any Server (an SSLServer too): a member
// pointer taken through a derived class may be applied to a base object.
struct ListeningSocketOf : httplib::Server {
  static socket_t Get(const httplib::Server& server) {
    return (server.*&ListeningSocketOf::svr_sock_).load();
  }
};

}  // namespace

bool WidenListenBacklog(const httplib::Server& server, int backlog) {
  const socket_t fd = ListeningSocketOf::Get(server);
  return fd != INVALID_SOCKET && listen(fd, backlog) == 0;
}

}  // namespace byline::searchd
