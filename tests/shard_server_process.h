// Runs xapian-tcpsrv on a free loopback port serving one database, for tests
// of remote shards. Kill() stops it and every connection it forked, as a
// crashed machine would.
#ifndef BYLINE_TESTS_SHARD_SERVER_PROCESS_H_
#define BYLINE_TESTS_SHARD_SERVER_PROCESS_H_

#include <sys/types.h>

#include <string>

namespace byline::testing {

class ShardServerProcess {
 public:
  // Starts xapian-tcpsrv for `database` and waits (10 s at most) until it
  // accepts connections. ok() is false if it did not.
  explicit ShardServerProcess(const std::string& database);
  ~ShardServerProcess();
  ShardServerProcess(const ShardServerProcess&) = delete;
  ShardServerProcess& operator=(const ShardServerProcess&) = delete;

  bool ok() const { return ok_; }
  int port() const { return port_; }
  // "remote 127.0.0.1:PORT": its line in a stub.
  std::string StubLine() const;

  // SIGSTOPs / SIGCONTs the server's process group: a shard that accepts
  // connections (the kernel does) but never answers.
  void Pause();
  void Resume();

  // SIGKILLs the server's process group (the listener and its forked
  // per-connection children) and reaps it.
  void Kill();

 private:
  pid_t pid_ = -1;
  int port_ = -1;
  bool ok_ = false;
};

// Path of xapian-tcpsrv, or "" when it is not installed.
std::string TcpsrvPath();

// A loopback TCP port nobody listens on right now.
int FreeLoopbackPort();

}  // namespace byline::testing

#endif  // BYLINE_TESTS_SHARD_SERVER_PROCESS_H_
