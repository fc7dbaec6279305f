// Hostile input against the real byline-searchd: huge queries, thousands of
// terms, wildcard explosions, deep pages, invalid UTF-8, NUL bytes, path
// traversal, oversized bodies, slow clients and a request flood. Each gets a
// clear 4xx or a bounded answer; never a 5xx, and the server keeps serving.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "raw_connection.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::RawConnection;

class SearchdHostileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    // 3,000 distinct words starting "zz": a wildcard that would expand to all.
    std::vector<Article> articles;
    for (int i = 0; i < 300; ++i) {
      std::string body = "Boats came into the harbour at dawn.";
      for (int j = 0; j < 10; ++j) body += " zz" + std::to_string(i * 10 + j);
      articles.push_back(testing::MakeArticle("a" + std::to_string(i),
                                              "Harbour report " + std::to_string(i), body));
    }
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_->path(), articles));
    server_ = new testing::SearchdProcess(
        dir_->path(),
        {"--threads", "4", "--read-timeout", "1", "--admin-token", "t0k3n-abcdef-0123456789"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(server_->ok()) << server_->startup_output(); }
  void TearDown() override {
    auto health = server_->Client()->Get("/health");
    ASSERT_TRUE(health) << "searchd stopped answering";
    EXPECT_EQ(health->status, 200);
  }

  // GET `target`; fails the test on no answer or a 5xx.
  static httplib::Result Get(const std::string& target) {
    auto res = server_->Client()->Get(target.c_str());
    EXPECT_TRUE(res) << "no answer to " << target.substr(0, 200);
    if (res) {
      EXPECT_LT(res->status, 500) << target.substr(0, 200) << "\n" << res->body;
    }
    return res;
  }
  static json Body(const httplib::Result& res) {
    return res ? json::parse(res->body, nullptr, /*allow_exceptions=*/false) : json();
  }
  // The answer to a raw request (which a client library would refuse to send).
  static std::string RawRequest(const std::string& request) {
    RawConnection raw(server_->port());
    EXPECT_TRUE(raw.connected());
    raw.Send(request);
    return raw.ReadUntilClosed(5000);
  }

  static testing::TempDir* dir_;
  static testing::SearchdProcess* server_;
};
testing::TempDir* SearchdHostileTest::dir_ = nullptr;
testing::SearchdProcess* SearchdHostileTest::server_ = nullptr;

TEST_F(SearchdHostileTest, HugeQueriesAreRefusedWithTheParameterNamed) {
  auto long_q = Get("/search?q=" + std::string(3000, 'a'));
  EXPECT_EQ(long_q->status, 400);
  EXPECT_EQ(Body(long_q)["error"]["parameter"], "q");
  auto long_suggest = Get("/suggest?q=" + std::string(3000, 'a'));
  EXPECT_EQ(long_suggest->status, 400);
  auto huge_target = Get("/search?q=" + std::string(100000, 'a'));
  EXPECT_EQ(huge_target->status, 414);
}

TEST_F(SearchdHostileTest, ThousandsOfTermsAreAnswered) {
  std::string q;
  for (int i = 0; q.size() < 2040; ++i) {
    q += std::string(1, static_cast<char>('a' + i % 26)) + static_cast<char>('a' + i / 26 % 26) +
         "+";
  }
  q.pop_back();
  for (const char* op : {"and", "or"}) {
    auto res = Get("/search?op=" + std::string(op) + "&q=" + q);
    EXPECT_EQ(res->status, 200) << op;
  }
  std::string harbours;
  for (int i = 0; i < 200; ++i) harbours += "harbour+";
  auto repeated = Get("/search?q=" + harbours + "dawn");
  EXPECT_EQ(repeated->status, 200);
  EXPECT_EQ(Body(repeated)["total"], 300);
}

TEST_F(SearchdHostileTest, WildcardExplosionsAreBounded) {
  for (const char* q : {"zz*", "z*", "zz*+zz1*+zz2*", "title:h*+zz*", "%22zz*+boats%22", "*",
                        "zz*+OR+a*+OR+b*+OR+h*"}) {
    auto res = Get(std::string("/search?op=or&per_page=100&q=") + q);
    EXPECT_EQ(res->status, 200) << q;
    EXPECT_LE(Body(res)["hits"].size(), 100u) << q;
  }
  // Expansion keeps the most frequent words, so a broad wildcard still finds.
  EXPECT_GT(Body(Get("/search?q=zz*"))["total"], 0);
  auto suggest = Get("/suggest?q=zz&completions=20");
  EXPECT_EQ(suggest->status, 200);
  EXPECT_LE(Body(suggest)["completions"].size(), 20u);
}

TEST_F(SearchdHostileTest, DeepPagesAndAbsurdNumbersAre400) {
  for (const char* params :
       {"page=1000&per_page=100", "page=101&per_page=10", "page=18446744073709551617", "page=-1",
        "page=0", "per_page=0", "per_page=1e3", "per_page=101", "page=1%00", "page=%20%201"}) {
    auto res = Get(std::string("/search?q=harbour&") + params);
    EXPECT_EQ(res->status, 400) << params;
    EXPECT_FALSE(Body(res)["error"]["parameter"].get<std::string>().empty()) << params;
  }
  auto deepest = Get("/search?q=harbour&page=10&per_page=100");
  EXPECT_EQ(deepest->status, 200);
  EXPECT_EQ(Body(deepest)["hits"].size(), 0u);
}

TEST_F(SearchdHostileTest, InvalidUtf8AndNulBytesGetValidJson) {
  for (const char* target :
       {"/search?q=%FF%FE%00harbour", "/search?q=caf%C3", "/search?q=%C0%AF%E2%82",
        "/search?q=harbour&tag=%00%FF", "/search?q=harbour&source=%ED%A0%80", "/suggest?q=%FFha",
        "/articles/%FF%00a1", "/search?q=harbour%00dawn", "/search?q%00=x&%FF=%FF"}) {
    auto res = Get(target);
    ASSERT_TRUE(res);
    EXPECT_TRUE(res->status == 200 || res->status == 400 || res->status == 404)
        << target << " " << res->status;
    EXPECT_FALSE(Body(res).is_discarded()) << target << ": not JSON\n" << res->body;
  }
  // A raw NUL or control byte in the request line is refused outright.
  for (std::string line : {std::string("GET /search?q=a\0b HTTP/1.1", 27),
                           std::string("GET /search?q=\x01\x7f HTTP/1.1")}) {
    std::string reply = RawRequest(line + "\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(reply.empty() || reply.substr(9, 1) == "4" || reply.substr(9, 3) == "200")
        << reply.substr(0, 200);
  }
}

TEST_F(SearchdHostileTest, PathTraversalFindsNoFile) {
  for (const char* target :
       {"/articles/../../../../etc/passwd", "/articles/..%2F..%2F..%2Fetc%2Fpasswd",
        "/articles/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd", "/health/../../etc/passwd", "/articles/....//....//etc/passwd",
        "/articles/%252e%252e%252fetc%252fpasswd", "/articles/a1/../../XAPIANDB", "/XAPIANDB",
        "/gen-000001/iamglass", "//etc/passwd"}) {
    auto res = Get(target);
    ASSERT_TRUE(res);
    EXPECT_GE(res->status, 400) << target;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << target;
    EXPECT_FALSE(Body(res).is_discarded()) << target;
  }
  // A real article is still found by id, and only by id.
  EXPECT_EQ(Get("/articles/a1")->status, 200);
  EXPECT_EQ(Get("/articles/a1%2F..%2Fa2")->status, 404);
}

TEST_F(SearchdHostileTest, OversizedBodiesAreRefused) {
  auto client = server_->Client();
  const httplib::Headers admin = {{"Authorization", "Bearer t0k3n-abcdef-0123456789"}};
  auto big = client->Post("/admin/reopen", admin, std::string(1 << 20, 'x'), "text/plain");
  // The server may hang up before reading the whole body; when it answers, 413.
  if (big) {
    EXPECT_EQ(big->status, 413);
  }
  auto on_search = client->Post("/search?q=a", std::string(1 << 20, 'x'), "text/plain");
  if (on_search) {
    EXPECT_TRUE(on_search->status == 413 || on_search->status == 405);
  }
  // A declared length far beyond the bound is refused without waiting for it.
  std::string reply = RawRequest(
      "POST /admin/reopen HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer t0k3n-abcdef-0123456789\r\n"
      "Content-Length: 1000000000000\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 413") << reply.substr(0, 200);
  reply = RawRequest(
      "POST /admin/reopen HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer t0k3n-abcdef-0123456789\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "FFFFFFFFFFFF\r\n" +
      std::string(70000, 'x'));
  // (411: chunked bodies go only to the write routes, whose limit is larger.)
  EXPECT_TRUE(reply.substr(0, 12) == "HTTP/1.1 413" || reply.substr(0, 12) == "HTTP/1.1 400" ||
              reply.substr(0, 12) == "HTTP/1.1 411")
      << reply.substr(0, 200);
}

TEST_F(SearchdHostileTest, SlowClientsAreCutOff) {
  // Sends a header byte less often than the read timeout (1 s): cut off.
  RawConnection slow(server_->port());
  ASSERT_TRUE(slow.Send("GET /health HTTP/1.1\r\nX-Slow: "));
  bool cut_off = false;
  for (int i = 0; i < 6 && !cut_off; ++i) {
    slow.ReadUntilClosed(1500);
    cut_off = slow.closed() || !slow.Send("a");
  }
  EXPECT_TRUE(cut_off) << "a client trickling slower than the read timeout must be dropped";
  // An idle kept-alive connection is closed too.
  RawConnection idle(server_->port());
  ASSERT_TRUE(idle.Send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n"));
  std::string reply = idle.ReadUntilClosed(10000);
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 200");
  EXPECT_TRUE(idle.closed());
}

TEST_F(SearchdHostileTest, RequestFloodGetsNoServerErrors) {
  // Four workers, 32 clients at once, valid and junk requests mixed.
  const std::vector<std::string> targets = {"/search?q=harbour",
                                            "/search?q=%FF%22",
                                            "/search?q=zz*&op=or",
                                            "/search?page=0",
                                            "/suggest?q=har",
                                            "/articles/a7",
                                            "/articles/nope",
                                            "/nope",
                                            "/health"};
  std::atomic<int> answered{0}, server_errors{0}, unanswered{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 32; ++c) {
    clients.emplace_back([&, c] {
      auto client = server_->Client();
      client->set_read_timeout(30);
      for (int i = 0; i < 25; ++i) {
        auto res = client->Get(targets[(c + i) % targets.size()].c_str());
        if (!res) {
          ++unanswered;
        } else if (res->status >= 500) {
          ++server_errors;
        } else {
          ++answered;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(server_errors, 0);
  EXPECT_EQ(unanswered, 0);
  EXPECT_EQ(answered, 32 * 25);
}

}  // namespace
}  // namespace byline
