// Runs the real byline-searchd binary on a free loopback port for
// integration tests, and stops it (SIGTERM, then wait) at scope end.
#ifndef BYLINE_TESTS_SEARCHD_PROCESS_H_
#define BYLINE_TESTS_SEARCHD_PROCESS_H_

#include <httplib.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "testutil.h"  // ProgramPath, RunProgram, RunIndexer, RunSearch

namespace byline::testing {

class SearchdProcess {
 public:
  // Starts `byline-searchd --index DIR --listen 127.0.0.1:0 EXTRA...` and waits
  // until it prints the port it listens on. ok() is false if it did not.
  SearchdProcess(const std::string& index_dir, const std::vector<std::string>& extra_args = {});
  ~SearchdProcess();

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Everything the process printed on stdout up to the "listening" line.
  const std::string& startup_output() const { return output_; }

  // A client with short timeouts, bound to this server.
  std::unique_ptr<httplib::Client> Client() const;

  // Sends SIGTERM and waits; returns the exit status (or -1 if signalled).
  int Stop();

 private:
  pid_t pid_ = -1;
  int port_ = -1;
  std::string output_;
};

// Sends each JSON answer `client` gets to the OpenAPI record (openapi_log.h);
// the clients of SearchdProcess::Client() do it already.
void RecordAnswers(httplib::Client* client);
void RecordAnswers(httplib::ClientImpl* client);  // an SSLClient

}  // namespace byline::testing

#endif  // BYLINE_TESTS_SEARCHD_PROCESS_H_
