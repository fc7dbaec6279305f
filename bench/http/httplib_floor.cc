// The cpp-httplib floor for bench/http/run.sh: the same server library,
// thread pool and socket options as byline-searchd, answering every GET with
// a fixed JSON body of a given size. What HTTP alone costs on this machine.
//
//   byline-http-floor PORT BODY_BYTES THREADS   (port 0 picks a free one)
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: byline-http-floor PORT BODY_BYTES THREADS\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const size_t body_bytes = static_cast<size_t>(std::atol(argv[2]));
  const size_t threads = static_cast<size_t>(std::atol(argv[3]));
  // {"pad":"xxxx…"} padded to exactly body_bytes (at least the braces).
  const std::string prefix = "{\"pad\":\"", suffix = "\"}";
  const size_t pad =
      body_bytes > prefix.size() + suffix.size() ? body_bytes - prefix.size() - suffix.size() : 0;
  const std::string body = prefix + std::string(pad, 'x') + suffix;

  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.Get(".*", [&body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "application/json");
  });
  const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1")
                              : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "byline-http-floor: cannot listen on port %d\n", port);
    return 1;
  }
  std::printf("byline-http-floor: listening on http://127.0.0.1:%d\n", bound);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
