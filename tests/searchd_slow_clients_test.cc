// The whole-request deadline (--request-timeout) against the real
// byline-searchd: clients that trickle a request slower than the deadline but
// faster than the per-read timeout (slowloris) are cut off and their workers
// freed; slow but complete requests, spaced-out keep-alive requests and
// requests queued behind busy workers are not. Bounds are generous: the
// machine may be loaded.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "raw_connection.h"
#include "request_deadline.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using Clock = std::chrono::steady_clock;
using testing::RawConnection;

constexpr char kAdminToken[] = "t0k3n-abcdef-0123456789";

// Sends `prefix`, then one more byte of `filler` every 0.5 s, and reports
// whether the server hung up within `give_up_seconds`.
bool TrickleUntilCutOff(int port, const std::string& prefix, int give_up_seconds) {
  RawConnection conn(port);
  if (!conn.connected() || !conn.Send(prefix)) return false;
  const auto give_up = Clock::now() + std::chrono::seconds(give_up_seconds);
  while (Clock::now() < give_up) {
    conn.ReadUntilClosed(500);
    if (conn.closed() || !conn.Send("a")) return true;
  }
  return false;
}

// The value of a counter in GET /metrics; -1 when missing.
long Counter(const testing::SearchdProcess& server, const std::string& name) {
  auto res = server.Client()->Get("/metrics");
  if (!res) return -1;
  const std::string line_start = "\n" + name + " ";
  auto at = res->body.find(line_start);
  if (at == std::string::npos) return -1;
  return std::stol(res->body.substr(at + line_start.size()));
}

// The counter once it reaches `want` (waiting up to 5 s), else its last
// value. The watchdog counts a cut-off just after it closes the socket, so a
// client may see the close before the count.
long CounterOnceAt(const testing::SearchdProcess& server, const std::string& name, long want) {
  long value = -1;
  for (int i = 0; i < 100; ++i) {
    value = Counter(server, name);
    if (value >= want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return value;
}

// Threads joined when it goes, also when an ASSERT returns early: a
// std::thread left joinable aborts the whole test binary instead of failing
// the one test.
struct JoinedThreads {
  std::vector<std::thread> threads;
  ~JoinedThreads() { Join(); }
  void Join() {
    for (auto& t : threads) {
      if (t.joinable()) t.join();
    }
  }
};

class SearchdSlowClientsTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::IndexSampleArticles(dir_.path()); }

  testing::TempDir dir_;
};

TEST_F(SearchdSlowClientsTest, TricklersAreCutOffAndTheirWorkersFreed) {
  // Two workers, both taken by clients that send a header byte every 0.5 s:
  // always inside the 1 s read timeout, never done within the 2 s deadline.
  testing::SearchdProcess server(
      dir_.path(), {"--threads", "2", "--read-timeout", "1", "--request-timeout", "2"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  std::atomic<int> cut_off{0};
  JoinedThreads tricklers;
  for (int i = 0; i < 2; ++i) {
    tricklers.threads.emplace_back([&] {
      if (TrickleUntilCutOff(server.port(), "GET /health HTTP/1.1\r\nHost: t\r\nX-Slow: ", 30)) {
        ++cut_off;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let them take the workers

  // A normal request waits for a worker: with both taken by tricklers, only
  // a cut-off frees one (without the deadline this would wait 30 s and fail).
  auto client = server.Client();
  client->set_read_timeout(20);
  auto res = client->Get("/health");
  ASSERT_TRUE(res) << "a normal request must be answered once the slow clients are cut off";
  EXPECT_EQ(res->status, 200);

  tricklers.Join();
  EXPECT_EQ(cut_off.load(), 2) << "every trickler must be cut off (within 30 s)";
  EXPECT_EQ(CounterOnceAt(server, "byline_slow_requests_closed_total", 2), 2);
  EXPECT_EQ(server.Client()->Get("/search?q=harbour")->status, 200) << "still serving";
}

TEST_F(SearchdSlowClientsTest, TrickledBodyIsCutOff) {
  testing::SearchdProcess server(
      dir_.path(), {"--read-timeout", "1", "--request-timeout", "2", "--admin-token", kAdminToken});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  const std::string head = std::string("POST /admin/reopen HTTP/1.1\r\nHost: t\r\n") +
                           "Authorization: Bearer " + kAdminToken +
                           "\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n";
  EXPECT_TRUE(TrickleUntilCutOff(server.port(), head, 30))
      << "a body trickled slower than the deadline must be cut off";
  EXPECT_EQ(CounterOnceAt(server, "byline_slow_requests_closed_total", 1), 1);
  // The same route with its body sent at once is answered.
  auto res = server.Client()->Post("/admin/reopen",
                                   {{"Authorization", std::string("Bearer ") + kAdminToken}},
                                   std::string(1000, 'x'), "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

// A streamed batch (POST /admin/articles reads its body inside the handler)
// is still under the deadline while its body arrives: trickled, it is cut
// off, and the records that had arrived are not written.
TEST_F(SearchdSlowClientsTest, TrickledChunkedBatchIsCutOffAndWritesNothing) {
  testing::SearchdProcess server(
      dir_.path(), {"--read-timeout", "1", "--request-timeout", "2", "--admin-token", kAdminToken});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  const std::string record = R"({"id": "trickled-1", "title": "Trickled", "body": "Sent at once."})"
                             "\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", record.size() + 1000);
  const std::string head = std::string("POST /admin/articles HTTP/1.1\r\nHost: t\r\n") +
                           "Authorization: Bearer " + kAdminToken +
                           "\r\nContent-Type: application/x-ndjson\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n" +
                           size + "\r\n" + record;
  EXPECT_TRUE(TrickleUntilCutOff(server.port(), head, 30))
      << "a batch trickled slower than the deadline must be cut off";
  EXPECT_EQ(CounterOnceAt(server, "byline_slow_requests_closed_total", 1), 1);
  EXPECT_FALSE(testing::IndexHas(dir_.path(), "trickled-1"));
  // The same batch sent at once is written.
  auto res = server.Client()->Post("/admin/articles",
                                   {{"Authorization", std::string("Bearer ") + kAdminToken}},
                                   record, "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(testing::IndexHas(dir_.path(), "trickled-1"));
}

TEST_F(SearchdSlowClientsTest, RequestTimeoutZeroTurnsTheDeadlineOff) {
  // Behind a proxy that buffers requests: --request-timeout 0. A client
  // trickling its headers for about 3.5 s, inside every 1 s read timeout, is
  // answered once it finishes (with any deadline of 1-3 s it was cut off).
  testing::SearchdProcess server(dir_.path(), {"--read-timeout", "1", "--request-timeout", "0"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  RawConnection conn(server.port());
  ASSERT_TRUE(conn.connected());
  ASSERT_TRUE(conn.Send("GET /health HTTP/1.1\r\nHost: t\r\nX-Slow: "));
  for (int i = 0; i < 7; ++i) {
    conn.ReadUntilClosed(500);
    ASSERT_FALSE(conn.closed()) << "cut off after " << i << " bytes";
    ASSERT_TRUE(conn.Send("a"));
  }
  ASSERT_TRUE(conn.Send("\r\nConnection: close\r\n\r\n"));
  std::string reply = conn.ReadUntilClosed(5000);
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 200") << reply;
  EXPECT_EQ(Counter(server, "byline_slow_requests_closed_total"), 0);
}

TEST_F(SearchdSlowClientsTest, SpacedOutKeepAliveRequestsAreNotCutOff) {
  // Each request arrives whole, about 1.3 s after the last answer: inside
  // the keep-alive timeout, so the connection lives well past the deadline.
  testing::SearchdProcess server(
      dir_.path(), {"--read-timeout", "1", "--request-timeout", "2", "--keep-alive-timeout", "5"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  RawConnection conn(server.port());
  ASSERT_TRUE(conn.connected());
  for (int i = 0; i < 5; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::seconds(1));
    ASSERT_TRUE(conn.Send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")) << "request " << i;
    std::string reply = conn.ReadUntilClosed(300);
    // ReadUntilClosed stops after 300 ms without data: the answer has come.
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 200") << "request " << i << ": " << reply;
    ASSERT_FALSE(conn.closed()) << "request " << i << ": the connection was closed";
  }
  EXPECT_EQ(Counter(server, "byline_slow_requests_closed_total"), 0);
}

TEST_F(SearchdSlowClientsTest, RequestQueuedBehindBusyWorkersIsNotCutOff) {
  // One worker, held by a kept-alive client for about 5 s; a second client
  // sends its whole request at once and waits in the queue well past the
  // 2 s deadline. It did its part, so it is answered, not cut off; a queued
  // client that stopped half-way through its headers is cut off.
  testing::SearchdProcess server(dir_.path(),
                                 {"--threads", "1", "--read-timeout", "1", "--request-timeout", "2",
                                  "--keep-alive-timeout", "5"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  RawConnection holder(server.port());
  ASSERT_TRUE(holder.connected());
  ASSERT_TRUE(holder.Send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(holder.ReadUntilClosed(300).substr(0, 12), "HTTP/1.1 200");

  RawConnection queued(server.port());
  RawConnection stalled(server.port());
  ASSERT_TRUE(queued.connected());
  ASSERT_TRUE(stalled.connected());
  ASSERT_TRUE(queued.Send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  ASSERT_TRUE(stalled.Send("GET /health HTTP/1.1\r\nHost: t\r\n"));
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    ASSERT_TRUE(holder.Send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_EQ(holder.ReadUntilClosed(300).substr(0, 12), "HTTP/1.1 200") << "holder " << i;
  }
  holder.Send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  holder.ReadUntilClosed(5000);

  std::string reply = queued.ReadUntilClosed(20000);
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 200") << reply;
  stalled.ReadUntilClosed(20000);
  EXPECT_TRUE(stalled.closed());
  EXPECT_EQ(CounterOnceAt(server, "byline_slow_requests_closed_total", 1), 1);
}

TEST_F(SearchdSlowClientsTest, HandlerSlowerThanTheDeadlineIsAnswered) {
  // A "remote shard" that accepts connections (the kernel does) but never
  // says a word: each search waits the 3 s remote timeout, three times the
  // request timeout. The request was read long before, so it is answered.
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t addr_len = sizeof addr;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &addr_len), 0);
  testing::WriteFile(dir_.File("XAPIANDB"),
                     "remote 127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "\n");
  testing::SearchdProcess server(dir_.path(), {"--request-timeout", "1", "--remote-timeout-ms",
                                               "3000", "--remote-connect-timeout-ms", "3000"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  client->set_read_timeout(30);
  const auto start = Clock::now();
  auto res = client->Get("/search?q=harbour");
  ASSERT_TRUE(res) << "the connection was cut while its handler ran";
  EXPECT_EQ(res->status, 503) << res->body;
  EXPECT_GE(Clock::now() - start, std::chrono::seconds(2)) << "the handler was not slow enough";
  EXPECT_EQ(Counter(server, "byline_slow_requests_closed_total"), 0);
  close(listener);
}

TEST(RequestDeadlineTest, CompleteRequestStartIsRecognised) {
  using byline::searchd::IsCompleteRequestStart;
  EXPECT_TRUE(IsCompleteRequestStart("GET / HTTP/1.1\r\nHost: t\r\n\r\n", false));
  EXPECT_TRUE(IsCompleteRequestStart("GET / HTTP/1.1\nHost: t\n\r\nbody", false));
  EXPECT_FALSE(IsCompleteRequestStart("GET / HTTP/1.1\r\nHost: t\r\n", false));
  EXPECT_FALSE(IsCompleteRequestStart("", false));
  // A TLS handshake record: type 22, version, length 3, then 3 bytes.
  const std::string record(
      "\x16\x03\x01\x00\x03"
      "abc",
      8);
  EXPECT_TRUE(IsCompleteRequestStart(record, true));
  EXPECT_FALSE(IsCompleteRequestStart(record.substr(0, 7), true));
  EXPECT_FALSE(IsCompleteRequestStart(record.substr(0, 4), true));
  EXPECT_FALSE(IsCompleteRequestStart("GET / HTTP/1.1\r\n\r\n", true));
}

}  // namespace
}  // namespace byline
