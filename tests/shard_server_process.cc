#include "shard_server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

namespace byline::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr = Loopback(port);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace

std::string TcpsrvPath() {
  for (const char* path : {"/usr/bin/xapian-tcpsrv", "/usr/local/bin/xapian-tcpsrv"}) {
    if (access(path, X_OK) == 0) return path;
  }
  return "";
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof addr;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

ShardServerProcess::ShardServerProcess(const std::string& database) {
  const std::string tcpsrv = TcpsrvPath();
  port_ = FreeLoopbackPort();
  if (tcpsrv.empty() || port_ <= 0) return;
  std::vector<std::string> args = {
      tcpsrv, "--quiet", "--interface", "127.0.0.1", "--port", std::to_string(port_), database};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    setpgid(0, 0);  // its own group, so Kill() reaches the forked children too
    // It reports every closed connection (our readiness probes too) on stderr.
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      dup2(null_fd, STDOUT_FILENO);
      dup2(null_fd, STDERR_FILENO);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid_ < 0) return;
  setpgid(pid_, pid_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Accepts(port_)) {
      ok_ = true;
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: bad database or port taken
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ShardServerProcess::~ShardServerProcess() { Kill(); }

std::string ShardServerProcess::StubLine() const {
  return "remote 127.0.0.1:" + std::to_string(port_);
}

void ShardServerProcess::Pause() {
  if (pid_ > 0) kill(-pid_, SIGSTOP);
}

void ShardServerProcess::Resume() {
  if (pid_ > 0) kill(-pid_, SIGCONT);
}

void ShardServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGKILL);  // a stopped process dies of SIGKILL too
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  ok_ = false;
}

}  // namespace byline::testing
