#include "listen_backlog.h"

#include <dirent.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdlib>

#include "socket_port.h"

namespace byline::searchd {
namespace {

bool IsListeningOnPort(int fd, int port) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
  int listening = 0;
  socklen_t len = sizeof listening;
  if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) return false;
  return LocalPort(fd) == port;
}

}  // namespace

int WidenListenBacklog(int port, int backlog) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  const int dir_fd = dirfd(dir);
  int changed = 0;
  while (const dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dir_fd) continue;
    if (IsListeningOnPort(static_cast<int>(fd), port) &&
        listen(static_cast<int>(fd), backlog) == 0) {
      ++changed;
    }
  }
  closedir(dir);
  return changed;
}

}  // namespace byline::searchd
