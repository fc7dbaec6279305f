// byline-searchd: answers ranked queries over a Byline index as JSON.
//
//   byline-searchd --index DIR [--listen 127.0.0.1:8080] [--threads 8]
//
// Prints "byline-searchd: listening on http://HOST:PORT" once ready (port 0
// picks a free one). SIGTERM or SIGINT finishes requests in flight, then exits 0.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>

#include <cstdio>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "routes.h"
#include "searcher_pool.h"
#include "server_options.h"

namespace {

using byline::searchd::ServerOptions;

// "HOST:PORT", "[V6]:PORT" or ":PORT".
bool ParseListen(const std::string& text, ServerOptions* options) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    size_t used = 0;
    int port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port < 0 || port > 65535) return false;
    options->port = port;
  } catch (const std::exception&) {
    return false;
  }
  options->host = host.empty() ? "127.0.0.1" : host;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  ServerOptions options;
  std::string listen = "127.0.0.1:8080";
  double time_limit_ms = options.search.time_limit_seconds * 1000;

  CLI::App app{"byline-searchd: HTTP search over a Byline index"};
  app.add_option("--index,-i", options.index_dir, "Index directory (made by byline-indexer)")
      ->required();
  app.add_option("--listen", listen,
                 "Address to serve on, HOST:PORT; port 0 picks a free one. Binds to loopback "
                 "unless told otherwise")
      ->capture_default_str();
  app.add_option("--threads", options.threads, "Worker threads answering requests")
      ->capture_default_str();
  app.add_option("--max-per-page", options.max_per_page, "Largest per_page a client may ask for")
      ->capture_default_str();
  app.add_option("--max-depth", options.max_depth,
                 "Deepest result a client may page to (page * per_page)")
      ->capture_default_str();
  app.add_option("--max-query-bytes", options.max_query_bytes, "Longest q accepted")
      ->capture_default_str();
  app.add_option("--time-limit-ms", time_limit_ms,
                 "Per-query match time limit in milliseconds; 0 for none")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  if (!ParseListen(listen, &options)) {
    std::cerr << "byline-searchd: --listen: expected HOST:PORT, got \"" << listen << "\"\n";
    return 1;
  }
  options.search.time_limit_seconds = time_limit_ms / 1000.0;
  if (auto s = options.Validate(); !s.ok()) {
    std::cerr << "byline-searchd: " << s.message() << "\n";
    return 1;
  }

  byline::searchd::SearcherPool pool(options.index_dir, options.search);
  {
    // Fail at start, with a clear message, when there is no index to serve.
    auto first = pool.Acquire();
    if (!first.ok()) {
      std::cerr << "byline-searchd: " << first.status().message() << "\n";
      return 1;
    }
  }

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  httplib::Server server;
  byline::searchd::Context ctx{options, pool};
  byline::searchd::RegisterRoutes(server, ctx);
  // cpp-httplib 0.11.4 leaves Nagle on: small replies then wait for ACKs.
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(options.keep_alive_max_count);
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_write_timeout(options.read_timeout_seconds, 0);
  server.set_payload_max_length(options.max_request_bytes);
  const size_t threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    std::cerr << "byline-searchd: cannot listen on " << listen << "\n";
    return 1;
  }

  std::thread signal_waiter([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });

  std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::printf("byline-searchd: listening on http://%s:%d\n", shown_host.c_str(), port);
  std::fflush(stdout);
  bool clean = server.listen_after_bind();
  // listen_after_bind returns once stop() was called and the workers finished.
  if (signal_waiter.joinable()) {
    if (!clean) pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
  }
  std::printf("byline-searchd: stopped\n");
  return 0;
}
