#include "searchd_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "openapi_log.h"

namespace byline::testing {
namespace {

std::vector<char*> ToArgv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

// Each JSON answer a test client gets goes to the OpenAPI record.
void LogClientAnswer(const httplib::Request& req, const httplib::Response& res) {
  LogJsonAnswer(req.method, req.path, res.status, res.get_header_value("Content-Type"), res.body);
}

}  // namespace

// The program runners declared in testutil.h live here, beside the process
// handling of SearchdProcess.

std::string ProgramPath(const std::string& name) {
  return std::string(BYLINE_BINARY_DIR) + "/" +
         (name == "byline-indexer"   ? "indexer/"
          : name == "byline-searchd" ? "searchd/"
                                     : "search/") +
         name;
}

SearchdProcess::SearchdProcess(const std::string& index_dir,
                               const std::vector<std::string>& extra_args) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) return;
  std::vector<std::string> args = {ProgramPath("byline-searchd"), "--index", index_dir, "--listen",
                                   "127.0.0.1:0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  auto argv = ToArgv(args);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  // Read until the "listening on http[s]://127.0.0.1:PORT" line, for 20 s at most.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  char buf[256];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{out_pipe[0], POLLIN, 0};
    if (poll(&pfd, 1, 100) <= 0) continue;
    ssize_t n = read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    output_.append(buf, static_cast<size_t>(n));
    constexpr char kLoopback[] = "://127.0.0.1:";
    auto pos = output_.find("listening on http");
    if (pos != std::string::npos) pos = output_.find(kLoopback, pos);
    if (pos != std::string::npos && output_.find('\n', pos) != std::string::npos) {
      port_ = std::atoi(output_.c_str() + pos + std::strlen(kLoopback));
      break;
    }
  }
  // Keep draining stdout in the background so the server never blocks on it.
  int fd = out_pipe[0];
  std::thread([fd] {
    char sink[512];
    while (read(fd, sink, sizeof sink) > 0) {
    }
    close(fd);
  }).detach();
}

SearchdProcess::~SearchdProcess() { Stop(); }

void RecordAnswers(httplib::Client* client) { client->set_logger(LogClientAnswer); }
void RecordAnswers(httplib::ClientImpl* client) { client->set_logger(LogClientAnswer); }

std::unique_ptr<httplib::Client> SearchdProcess::Client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_connection_timeout(5);
  client->set_read_timeout(10);
  client->set_write_timeout(5);
  client->set_url_encode(false);  // tests send paths encoded as a browser would
  RecordAnswers(client.get());
  return client;
}

int SearchdProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int RunProgram(const std::vector<std::string>& args, std::string* output,
               const std::string& stdin_text, std::string* stderr_out) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) return -1;
  auto argv = ToArgv(args);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(stderr_out ? err_pipe[1] : out_pipe[1], STDERR_FILENO);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
      close(fd);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  std::thread writer([fd = in_pipe[1], &stdin_text] {
    signal(SIGPIPE, SIG_IGN);
    size_t done = 0;
    while (done < stdin_text.size()) {
      ssize_t n = write(fd, stdin_text.data() + done, stdin_text.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    close(fd);
  });
  std::string err;
  std::thread err_reader([fd = err_pipe[0], &err] {
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) err.append(buf, static_cast<size_t>(n));
    close(fd);
  });
  output->clear();
  char buf[4096];
  ssize_t n;
  while ((n = read(out_pipe[0], buf, sizeof buf)) > 0) output->append(buf, static_cast<size_t>(n));
  close(out_pipe[0]);
  writer.join();
  err_reader.join();
  if (stderr_out) *stderr_out = err;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int RunIndexer(std::vector<std::string> args, std::string* err, const std::string& stdin_text) {
  args.insert(args.begin(), ProgramPath("byline-indexer"));
  std::string out;
  return RunProgram(args, &out, stdin_text, err);
}

int RunSearch(std::vector<std::string> args, std::string* out, const std::string& stdin_text,
              std::string* err) {
  args.insert(args.begin(), ProgramPath("byline-search"));
  return RunProgram(args, out, stdin_text, err);
}

}  // namespace byline::testing
