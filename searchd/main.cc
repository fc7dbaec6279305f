// byline-searchd: answers ranked queries over a Byline index as JSON.
//
//   byline-searchd --index DIR [--listen 127.0.0.1:8080] [--config FILE] ...
//
// Options come from flags, a config file and BYLINE_* variables (see
// server_config.h; --help lists them all). Prints "byline-searchd: listening
// on http://HOST:PORT" once ready (port 0 picks a free one). SIGTERM or SIGINT
// finishes requests in flight, then exits 0. Exit status 1: it could not
// start (no index, the address in use, unreadable TLS files, ...); 2: a usage
// error (a bad flag, value or config key).
#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include "access_log.h"
#include "analytics/search_analytics.h"
#include "analytics/state_file.h"
#include "analytics_routes.h"
#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "command_line.h"
#include "listen_backlog.h"
#include "listen_socket.h"
#include "metrics.h"
#include "middleware.h"
#include "ops_handlers.h"
#include "request_deadline.h"
#include "routes.h"
#include "searcher_pool.h"
#include "server_config.h"
#include "server_options.h"
#include "web_routes.h"
#include "write_handlers.h"
#include "write_queue.h"

namespace {
namespace cli = byline::cli;

// Connections that may wait to be accepted (the kernel caps it at
// net.core.somaxconn, 4096 on Debian 12).
constexpr int kListenBacklog = 1024;
// An empty index at `dir` (--create), made under its write lock like any
// other write, so a byline-indexer starting at the same time cannot race it.
byline::Status CreateEmptyIndex(const std::string& dir) {
  byline::IndexOptions index_options;
  index_options.create_if_missing = true;
  auto writer = byline::IndexWriter::Open(dir, index_options);
  if (!writer.ok()) return writer.status();
  return (*writer)->Commit();
}
}  // namespace

int main(int argc, char** argv) {
  using namespace byline::searchd;

  ServerOptions options;
  if (auto exit_code = LoadServerOptions(argc, argv, &options)) return *exit_code;

  if (options.create_index && !byline::IndexLayout(options.index_dir).Exists()) {
    if (auto s = CreateEmptyIndex(options.index_dir); !s.ok()) {
      std::cerr << "byline-searchd: --create: " << s.message() << "\n";
      return cli::kExitFatal;
    }
  }
  SearcherPool pool(options.index_dir, options.search, options.max_searches,
                    std::chrono::seconds(options.queue_timeout_seconds));
  {
    // Fail at start, with a clear message, when there is no index to serve.
    auto first = pool.Acquire();
    if (!first.ok() && first.status().code() == byline::StatusCode::kUnavailable) {
      // A remote shard is down: serve anyway (503 naming it until it is
      // back), so a restarted node does not stay out of the pool.
      std::cerr << "byline-searchd: warning: " << first.status().message() << "\n";
    } else if (!first.ok()) {
      std::cerr << "byline-searchd: " << first.status().message() << "\n";
      return cli::kExitFatal;
    }
  }
  std::unique_ptr<AccessLog> access_log;
  if (!options.access_log.empty()) {
    auto opened = AccessLog::Open(options.access_log, options.access_log_format == "common"
                                                          ? AccessLog::Format::kCommon
                                                          : AccessLog::Format::kJson);
    if (!opened.ok()) {
      std::cerr << "byline-searchd: --access-log: " << opened.status().message() << "\n";
      return cli::kExitFatal;
    }
    access_log = std::move(opened).value();
  }

  // Search analytics: in --state-dir, else in memory only (said at start).
  std::unique_ptr<SearchAnalytics> analytics;
  std::unique_ptr<AnalyticsStateFile> analytics_file;
  if (options.analytics == "on") {
    SearchAnalytics::Config analytics_config;
    analytics_config.keep_days = options.analytics_days;
    analytics = std::make_unique<SearchAnalytics>(analytics_config);
    if (!options.state_dir.empty()) {
      std::string warning;
      auto opened = AnalyticsStateFile::Open(options.state_dir, analytics.get(), &warning);
      if (!opened.ok()) {
        std::cerr << "byline-searchd: --state-dir: " << opened.status().message() << "\n";
        return cli::kExitFatal;
      }
      if (!warning.empty()) std::cerr << "byline-searchd: warning: " << warning << "\n";
      analytics_file = std::move(opened).value();
    }
  }

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // HTTPS with --tls-cert/--tls-key: Debian's cpp-httplib is built with
  // OpenSSL, and SSLServer is a Server, so everything else is the same.
  std::unique_ptr<httplib::Server> server_ptr;
  if (!options.tls_cert.empty()) {
    auto tls =
        std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!tls->is_valid()) {
      std::cerr << "byline-searchd: cannot use --tls-cert " << options.tls_cert
                << " with --tls-key " << options.tls_key
                << ": unreadable, not PEM, or the key does not match\n";
      return cli::kExitFatal;
    }
    server_ptr = std::move(tls);
  } else {
    server_ptr = std::make_unique<httplib::Server>();
  }
  httplib::Server& server = *server_ptr;
  Metrics metrics;
  Context ctx{options, pool, analytics.get()};
  AnalyticsContext analytics_ctx{options, analytics.get(), analytics_file != nullptr};
  OpsContext ops_ctx{options, pool, metrics};
  // Closes connections that do not send a whole request in time (slowloris).
  RequestDeadlines deadlines(std::chrono::seconds(options.request_timeout_seconds),
                             std::chrono::seconds(options.keep_alive_timeout_seconds),
                             !options.tls_cert.empty(),
                             [&metrics] { metrics.SlowRequestClosed(); });
  InstallMiddleware(server, options, metrics, access_log.get(), &deadlines);
  RegisterRoutes(server, ctx);
  RegisterOpsRoutes(server, ops_ctx);
  RegisterAnalyticsRoutes(server, analytics_ctx);
  RegisterWebRoutes(server, options);
  // Writes over HTTP: one writer thread, group commit (write_queue.h).
  WriteQueue::Config write_config;
  write_config.index_dir = options.index_dir;
  write_config.wait_seconds = options.write_wait_seconds;
  write_config.max_delete = options.delete_limit;
  write_config.on_commit = [&pool, &metrics](size_t requests) {
    pool.WriteCommitted();
    metrics.WritesCommitted(requests);
  };
  write_config.auto_compact = options.auto_compact_policy;
  write_config.on_compact = [&pool, &metrics](const std::vector<byline::AutoCompaction>& made) {
    pool.WriteCommitted();  // searchers move to the compacted generation
    metrics.AutoCompacted(made.size());
  };
  write_config.on_waited_for_compaction = [&metrics](size_t requests) {
    metrics.WritesWaitedForCompaction(requests);
  };
  WriteQueue write_queue(write_config);
  WriteContext write_ctx{options, write_queue, &deadlines};
  RegisterWriteRoutes(server, write_ctx);
  // cpp-httplib 0.11.4 leaves Nagle on: small replies then wait for ACKs.
  server.set_tcp_nodelay(true);
  // Not httplib's default SO_REUSEPORT, which lets a second searchd share a
  // port already in use (listen_socket.h).
  server.set_socket_options(SetListenSocketOptions);
  server.set_keep_alive_max_count(options.keep_alive_max_count);
  server.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_write_timeout(options.write_timeout_seconds, 0);
  // The larger limit; the middleware holds other routes to --max-request-bytes.
  server.set_payload_max_length(std::max(options.max_request_bytes, options.max_write_bytes));
  const size_t threads = options.threads;
  server.new_task_queue = [threads, &deadlines] { return deadlines.NewTaskQueue(threads); };

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    std::cerr << "byline-searchd: " << DescribeListenFailure(options.host, options.port) << "\n";
    return cli::kExitFatal;
  }
  // cpp-httplib listens with a backlog of 5 (see listen_backlog.h).
  if (!WidenListenBacklog(server, kListenBacklog)) {
    std::cerr << "byline-searchd: warning: could not raise the listen backlog above "
                 "cpp-httplib's 5; bursts of new connections may wait seconds\n";
  }

  std::thread signal_waiter([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });

  if (analytics_file != nullptr) {
    analytics_file->StartSaving(std::chrono::seconds(options.analytics_save_seconds));
    std::printf("byline-searchd: search analytics in %s\n", analytics_file->path().c_str());
  } else if (analytics != nullptr) {
    std::printf(
        "byline-searchd: search analytics in memory only (no --state-dir): lost at a restart\n");
  }
  std::printf("byline-searchd: listening on %s://%s\n", options.tls_cert.empty() ? "http" : "https",
              HostPort(options.host, port).c_str());
  std::fflush(stdout);
  // --request-timeout 0: no whole-request deadline (a proxy in front buffers
  // requests); --read-timeout still bounds each read.
  if (options.request_timeout_seconds > 0 && !deadlines.Start(port)) {
    std::cerr << "byline-searchd: warning: /proc/self/fd cannot be listed, so --request-timeout "
                 "is not enforced (only --read-timeout bounds slow clients)\n";
  }
  bool clean = server.listen_after_bind();
  // listen_after_bind returns once stop() was called and the workers finished
  // (the watchdog kept cutting slow clients off while they did).
  deadlines.Stop();
  if (signal_waiter.joinable()) {
    // SIGTERM is blocked in every thread and the waiter takes it in sigwait:
    // this wakes it, it does not kill it.
    // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
    if (!clean) pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
  }
  if (analytics_file != nullptr) {
    if (byline::Status s = analytics_file->Stop(); !s.ok()) {
      std::cerr << "byline-searchd: warning: analytics not saved: " << s.message() << "\n";
    }
  }
  std::printf("byline-searchd: stopped\n");
  return cli::kExitOk;
}
