// Integration tests: the real byline-searchd on a free loopback port.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "sample_server_fixture.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;

class SearchdTest : public testing::SampleServerTest {};

TEST_F(SearchdTest, SearchReturnsRankedHighlightedHits) {
  json body = GetJson("/search?q=sourdough+starter");
  EXPECT_EQ(body["query"], "sourdough starter");
  EXPECT_EQ(body["page"], 1);
  EXPECT_EQ(body["per_page"], 10);
  EXPECT_TRUE(body["took_ms"].is_number());
  ASSERT_GE(body["hits"].size(), 1u);
  EXPECT_EQ(body["total"].get<int>(), static_cast<int>(body["hits"].size()));
  const json& top = body["hits"][0];
  for (const char* field :
       {"id", "title", "url", "published", "source", "score", "title_html", "snippet_html"}) {
    EXPECT_TRUE(top.contains(field)) << field;
  }
  EXPECT_NE(top["snippet_html"].get<std::string>().find("<mark>"), std::string::npos);
  double previous = 1e300;
  for (const auto& hit : body["hits"]) {
    EXPECT_LE(hit["score"].get<double>(), previous);
    previous = hit["score"].get<double>();
  }
}

TEST_F(SearchdTest, PagesThroughResults) {
  json page1 = GetJson("/search?q=harbour&per_page=2&page=1");
  json page2 = GetJson("/search?q=harbour&per_page=2&page=2");
  ASSERT_EQ(page1["hits"].size(), 2u);
  ASSERT_EQ(page2["hits"].size(), 2u);
  EXPECT_NE(page1["hits"][0]["id"], page2["hits"][0]["id"]);
  EXPECT_EQ(page2["page"], 2);
  EXPECT_EQ(page1["total"], page2["total"]);
}

TEST_F(SearchdTest, BadParametersAre400NamingTheParameter) {
  struct Case {
    std::string path, parameter;
  } cases[] = {
      {"/search?q=x&per_page=0", "per_page"},
      {"/search?q=x&per_page=101", "per_page"},
      {"/search?q=x&per_page=ten", "per_page"},
      {"/search?q=x&page=0", "page"},
      {"/search?q=x&page=-1", "page"},
      {"/search?q=x&page=1x", "page"},
      {"/search?q=x&page=999&per_page=100", "page"},
      {"/search?q=x&op=xor", "op"},
      {"/search?q=x&snippet_chars=5", "snippet_chars"},
      {"/search?q=" + std::string(3000, 'a'), "q"},
  };
  for (const auto& c : cases) {
    json body = GetJson(c.path, 400);
    EXPECT_EQ(body["error"]["code"], "invalid_parameter") << c.path;
    EXPECT_EQ(body["error"]["parameter"], c.parameter) << c.path;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(c.parameter), std::string::npos);
  }
}

TEST_F(SearchdTest, OddQueriesAreAnsweredNotRejected) {
  for (const std::string q : {"%22unbalanced", "AND", "((((", "%FF%FE", "title%3A", "-", "%00x"}) {
    json body = GetJson("/search?q=" + q);
    EXPECT_TRUE(body["hits"].is_array()) << q;
  }
}

TEST_F(SearchdTest, OpOrFindsMoreThanTheDefaultAnd) {
  json all = GetJson("/search?q=sourdough+marathon");
  json any = GetJson("/search?q=sourdough+marathon&op=or");
  EXPECT_LT(all["total"].get<int>(), any["total"].get<int>());
}

TEST_F(SearchdTest, GetsAnArticleByIdOr404) {
  json a = GetJson("/articles/byline-0009");
  EXPECT_EQ(a["id"], "byline-0009");
  EXPECT_FALSE(a["body"].get<std::string>().empty());
  json missing = GetJson("/articles/no-such-article", 404);
  EXPECT_EQ(missing["error"]["code"], "not_found");
  GetJson("/articles/..%2F..%2Fetc%2Fpasswd", 404);
}

TEST_F(SearchdTest, RelatedArticlesNeverTheArticleItselfWithSearchFilters) {
  json body = GetJson("/articles/byline-0006/related");
  EXPECT_EQ(body["id"], "byline-0006");
  EXPECT_TRUE(body["took_ms"].is_number());
  ASSERT_EQ(body["hits"].size(), 5u);  // the default limit
  for (const json& hit : body["hits"]) {
    EXPECT_NE(hit["id"], "byline-0006");
    EXPECT_TRUE(hit.contains("title_html") && hit.contains("snippet_html")) << hit;
  }
  const json& tags = body["hits"][0]["tags"];  // a marathon article: running first
  EXPECT_NE(std::find(tags.begin(), tags.end(), "running"), tags.end()) << body;

  EXPECT_EQ(GetJson("/articles/byline-0006/related?limit=2")["hits"].size(), 2u);
  json filtered = GetJson("/articles/byline-0006/related?limit=20&source=Field+Notes+Science");
  ASSERT_FALSE(filtered["hits"].empty());
  for (const json& hit : filtered["hits"]) EXPECT_EQ(hit["source"], "Field Notes Science");

  // Bad parameters: named, with the very messages of /search.
  json bad_limit = GetJson("/articles/byline-0006/related?limit=0", 400);
  EXPECT_EQ(bad_limit["error"]["parameter"], "limit");
  json bad_from = GetJson("/articles/byline-0006/related?from=yesterday", 400);
  EXPECT_EQ(bad_from["error"]["parameter"], "from");
  EXPECT_EQ(bad_from["error"]["message"],
            GetJson("/search?q=x&from=yesterday", 400)["error"]["message"]);

  json missing = GetJson("/articles/no-such-article/related", 404);
  EXPECT_NE(missing["error"]["message"].get<std::string>().find("no-such-article"),
            std::string::npos);
  // An encoded "/related" is part of an id (here of no article), not this route.
  GetJson("/articles/byline-0006%2Frelated", 404);

  auto metrics = server_->Client()->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("route=\"/articles/{id}/related\",status=\"200\""),
            std::string::npos);
}

TEST_F(SearchdTest, UnknownRoutesAndMethodsGetJsonErrors) {
  json body = GetJson("/nope", 404);
  EXPECT_EQ(body["error"]["code"], "not_found");
  auto client = server_->Client();
  auto res = client->Post("/search", "x", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD");
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "method_not_allowed");
}

TEST_F(SearchdTest, HealthReportsTheIndex) {
  json body = GetJson("/health");
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["articles"], 40);
  EXPECT_EQ(body["generation"], "gen-000001");
  // The version the program itself says it is.
  std::string said;
  ASSERT_EQ(testing::RunProgram({testing::ProgramPath("byline-searchd"), "--version"}, &said), 0);
  EXPECT_EQ("byline-searchd " + body["version"].get<std::string>() + "\n", said);
  EXPECT_EQ(body["version"].get<std::string>().rfind(BYLINE_PROJECT_VERSION, 0), 0u)
      << "starts with project()'s version";
}

// Updating an article while the daemon runs: the next searches see it.
TEST(SearchdLiveUpdateTest, SeesUpdatesWithoutARestart) {
  testing::TempDir dir;
  testing::IndexSampleArticles(dir.path());
  testing::SearchdProcess server(dir.path());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  auto count = [&](const std::string& q) {
    auto res = client->Get(("/search?q=" + q).c_str());
    EXPECT_TRUE(res && res->status == 200);
    return res ? json::parse(res->body)["total"].get<int>() : -1;
  };
  ASSERT_EQ(count("quasar"), 0);
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(
      dir.path(), {testing::MakeArticle("byline-0009", "A quasar over the bakery",
                                        "The sourdough article now talks about a quasar.")}));
  // Searchers look for changes at most every 50 ms: allow a few tries.
  int found = 0;
  for (int i = 0; i < 50 && (found = count("quasar")) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(found, 1);
  auto res = client->Get("/articles/byline-0009");
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["title"], "A quasar over the bakery");
  EXPECT_EQ(server.Stop(), 0);  // SIGTERM: clean exit
}

TEST(SearchdStartupTest, RefusesToStartWithoutAnIndex) {
  testing::TempDir dir;
  std::string out;
  int rc = testing::RunProgram({testing::ProgramPath("byline-searchd"), "--index",
                                dir.path() + "/missing", "--listen", "127.0.0.1:0"},
                               &out);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("no Byline index"), std::string::npos) << out;
}

// cpp-httplib's default SO_REUSEPORT would let a second searchd bind the
// same port and take a share of its connections.
TEST(SearchdStartupTest, RefusesAnAddressAlreadyInUse) {
  testing::TempDir dir;
  testing::IndexSampleArticles(dir.path());
  testing::SearchdProcess first(dir.path());
  ASSERT_TRUE(first.ok()) << first.startup_output();
  const std::string address = "127.0.0.1:" + std::to_string(first.port());

  std::string out, err;
  // Under timeout: a second server that starts anyway fails the test, not hangs it.
  int rc = testing::RunProgram({"/usr/bin/timeout", "20", testing::ProgramPath("byline-searchd"),
                                "--index", dir.path(), "--listen", address},
                               &out, "", &err);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("byline-searchd: " + address + " is already in use"), std::string::npos)
      << err;
  EXPECT_EQ(out.find("listening"), std::string::npos) << out;

  // The first one still answers, every time (no second server sharing the port).
  auto client = first.Client();
  for (int i = 0; i < 5; ++i) {
    auto res = client->Get("/health");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  EXPECT_EQ(first.Stop(), 0);
}

}  // namespace
}  // namespace byline
