// Writes over HTTP against the real byline-searchd: PUT/POST/DELETE
// /admin/articles and POST /admin/delete, what their answers say, that an
// acknowledged write is found by the next search, group commit, the write
// lock shared with byline-indexer (409 index_busy), body limits, and kill -9
// while writing (nothing acknowledged is lost).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "byline/fields.h"
#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/write_lock.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::SearchdProcess;

constexpr char kToken[] = "writes-admin-token-0123";

const httplib::Headers& Admin() {
  static const httplib::Headers headers = {{"Authorization", std::string("Bearer ") + kToken}};
  return headers;
}

json Body(const httplib::Result& res) {
  if (!res) return json();
  return json::parse(res->body, nullptr, false);
}

std::string WriteLine(const std::string& id, const std::string& title, const std::string& body) {
  return json({{"id", id}, {"title", title}, {"body", body}}).dump() + "\n";
}

// Ids of the hits of GET /search?q=QUERY (per_page 100).
std::set<std::string> HitIds(httplib::Client& client, const std::string& query) {
  auto res =
      client.Get(("/search?per_page=100&q=" + httplib::detail::encode_query_param(query)).c_str());
  std::set<std::string> ids;
  if (!res || res->status != 200) return ids;
  const json body = Body(res);
  for (const auto& hit : body["hits"]) ids.insert(hit["id"].get<std::string>());
  return ids;
}

class SearchdWritesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    for (int i = 0; i < 20; ++i) {
      ASSERT_OK((*writer)->Upsert(
          testing::MakeArticle("old-" + std::to_string(i), "Harbour report " + std::to_string(i),
                               "Boats came into the harbour at dawn, and the quay was busy.")));
    }
    ASSERT_OK((*writer)->Commit());
  }

  // Searchd with a long reopen interval, so only the writes make searchers look.
  std::unique_ptr<SearchdProcess> Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--admin-token", kToken, "--reopen-interval-ms", "600000"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto server = std::make_unique<SearchdProcess>(dir_.path(), args);
    EXPECT_TRUE(server->ok()) << server->startup_output();
    return server;
  }

  testing::TempDir dir_;
};

TEST_F(SearchdWritesTest, PutIsFoundByTheNextSearchOnEveryWorker) {
  auto server = Start({"--threads", "8"});
  auto client = server->Client();
  // Warm several workers' searchers on the old revision first: searches at
  // the same time, so that the pool opens several searchers (one search at
  // a time would reuse one).
  {
    std::atomic<bool> go{false};
    std::atomic<int> found{0};
    std::vector<std::thread> warmers;
    for (int t = 0; t < 8; ++t) {
      warmers.emplace_back([&] {
        auto c = server->Client();
        while (!go.load()) std::this_thread::yield();
        for (int i = 0; i < 3; ++i) {
          if (!HitIds(*c, "zeppelin").empty()) ++found;
        }
      });
    }
    go = true;
    for (auto& t : warmers) t.join();
    ASSERT_EQ(found.load(), 0);
  }
  auto res = client->Put("/admin/articles/new-1", Admin(),
                         R"({"title": "Zeppelin over the harbour", "body": "A zeppelin flew."})",
                         "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json answer = Body(res);
  EXPECT_EQ(answer["indexed"], true);
  EXPECT_EQ(answer["result"], "added");
  EXPECT_EQ(answer["added"], 1);
  EXPECT_EQ(answer["id"], "new-1");
  // Every search from now on, on any worker, finds it.
  std::vector<std::thread> searchers;
  std::atomic<int> missed{0};
  for (int t = 0; t < 4; ++t) {
    searchers.emplace_back([&] {
      auto c = server->Client();
      for (int i = 0; i < 5; ++i) {
        if (HitIds(*c, "zeppelin") != std::set<std::string>{"new-1"}) ++missed;
      }
    });
  }
  for (auto& t : searchers) t.join();
  EXPECT_EQ(missed.load(), 0);
  auto article = client->Get("/articles/new-1");
  ASSERT_TRUE(article);
  EXPECT_EQ(article->status, 200);
  EXPECT_EQ(Body(article)["title"], "Zeppelin over the harbour");

  // The same again: updated, then unchanged.
  res = client->Put("/admin/articles/new-1", Admin(),
                    R"({"id": "new-1", "title": "Zeppelin gone", "body": "It left."})",
                    "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(Body(res)["result"], "updated");
  EXPECT_EQ(HitIds(*client, "left"), std::set<std::string>{"new-1"});
  res = client->Put("/admin/articles/new-1", Admin(),
                    R"({"id": "new-1", "title": "Zeppelin gone", "body": "It left."})",
                    "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(Body(res)["result"], "unchanged");
}

TEST_F(SearchdWritesTest, PutRefusesBadArticlesNamingWhatIsWrong) {
  auto server = Start();
  auto client = server->Client();
  auto res = client->Put("/admin/articles/a", Admin(), R"({"id": "b", "title": "T", "body": "x"})",
                         "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["code"], "id_mismatch");

  res = client->Put("/admin/articles/a", Admin(), R"({"title": "T", "body": )", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["code"], "invalid_json");

  res = client->Put("/admin/articles/a", Admin(), R"({"body": "no title"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["code"], "invalid_article");
  EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("title"), std::string::npos);
  EXPECT_FALSE(testing::IndexHas(dir_.path(), "a"));
}

TEST_F(SearchdWritesTest, BatchIndexesTheGoodRecordsAndListsTheBadOnes) {
  auto server = Start();
  auto client = server->Client();
  const std::string body = WriteLine("b-1", "Walrus one", "A walrus sat on the rocks.") +
                           WriteLine("b-1", "Walrus again", "The same id twice.") + "{not json\n" +
                           R"({"id": "b-3", "body": "a walrus without title"})" + "\n" +
                           WriteLine("b-4", "Walrus four", "Another walrus swam.");
  auto res = client->Post("/admin/articles", Admin(), body, "application/x-ndjson");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json answer = Body(res);
  EXPECT_EQ(answer["added"], 2);
  EXPECT_EQ(answer["skipped"], 3);
  ASSERT_EQ(answer["errors"].size(), 3u) << answer.dump();
  EXPECT_EQ(answer["errors"][0]["line"], 2);
  EXPECT_EQ(answer["errors"][0]["id"], "b-1");
  EXPECT_NE(answer["errors"][0]["reason"].get<std::string>().find("already given"),
            std::string::npos);
  EXPECT_EQ(answer["errors"][1]["line"], 3);
  EXPECT_TRUE(answer["errors"][1]["id"].is_null());
  EXPECT_EQ(answer["errors"][2]["line"], 4);
  EXPECT_EQ(answer["errors"][2]["id"], "b-3");
  EXPECT_NE(answer["errors"][2]["reason"].get<std::string>().find("title"), std::string::npos);
  EXPECT_EQ(HitIds(*client, "walrus"), (std::set<std::string>{"b-1", "b-4"}));
  // The first b-1 was kept.
  EXPECT_EQ(Body(client->Get("/articles/b-1"))["title"], "Walrus one");

  // A JSON array, pretty-printed: the bad element is named by the line it starts on.
  const std::string array = R"([
  {"id": "arr-1", "title": "Narwhal", "body": "A narwhal."},
  {"id": "arr-2", "title": "Narwhal two",
   "body": 7},
  {"id": "arr-3", "title": "Narwhal three", "body": "Third narwhal."}
])";
  res = client->Post("/admin/articles", Admin(), array, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  answer = Body(res);
  EXPECT_EQ(answer["added"], 2);
  ASSERT_EQ(answer["errors"].size(), 1u);
  EXPECT_EQ(answer["errors"][0]["line"], 3);
  EXPECT_EQ(answer["errors"][0]["id"], "arr-2");
  EXPECT_EQ(HitIds(*client, "narwhal"), (std::set<std::string>{"arr-1", "arr-3"}));
}

TEST_F(SearchdWritesTest, DatesAsSitesWriteThemAreReadAndOddOnesWarned) {
  auto server = Start();
  auto client = server->Client();
  const std::string body =
      R"({"id": "d-1", "title": "Otter", "body": "An otter.", "published": "March 5, 2024"})"
      "\n"
      R"({"id": "d-2", "title": "Otter two", "body": "An otter.", "published": "someday"})"
      "\n"
      R"({"id": "d-3", "title": "Otter three", "body": "An otter.", "published": "2023"})"
      "\n";
  auto res = client->Post("/admin/articles", Admin(), body, "application/x-ndjson");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json answer = Body(res);
  EXPECT_EQ(answer["added"], 3);
  EXPECT_EQ(answer["skipped"], 0);
  ASSERT_EQ(answer["warnings"].size(), 1u) << answer.dump();
  EXPECT_EQ(answer["warnings"][0]["line"], 2);
  EXPECT_EQ(answer["warnings"][0]["id"], "d-2");
  EXPECT_EQ(answer["warnings"][0]["reason"],
            "published \"someday\" not understood; indexed without a date");
  EXPECT_EQ(Body(client->Get("/articles/d-1"))["published"], "2024-03-05");
  EXPECT_FALSE(Body(client->Get("/articles/d-2")).contains("published"));
  EXPECT_EQ(Body(client->Get("/articles/d-3"))["published"], "2023");
  res =
      client->Put("/admin/articles/d-4", Admin(),
                  R"({"title": "Otter four", "body": "An otter.", "published": "Tue, 05 Mar 2024 )"
                  R"(10:00:00 EST"})",
                  "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_FALSE(Body(res).contains("warnings"));
  EXPECT_EQ(Body(client->Get("/articles/d-4"))["published"], "2024-03-05T10:00:00-05:00");
  res = client->Put("/admin/articles/d-5", Admin(),
                    R"({"title": "Otter five", "body": "An otter.", "published": "Feb 30, 2024"})",
                    "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["warnings"][0]["id"], "d-5");
}

TEST_F(SearchdWritesTest, BatchWithNoGoodRecordIs400AndChangesNothing) {
  auto server = Start();
  auto client = server->Client();
  const uint64_t before = testing::ArticleCount(dir_.path());
  auto res =
      client->Post("/admin/articles", Admin(), "{bad\n{\"id\": \"x\"}\n", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  json answer = Body(res);
  EXPECT_EQ(answer["indexed"], false);
  EXPECT_EQ(answer["error"]["code"], "no_valid_articles");
  ASSERT_EQ(answer["errors"].size(), 2u);
  EXPECT_EQ(answer["errors"][1]["id"], "x");
  res = client->Post("/admin/articles", Admin(), "  \n", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["code"], "empty_batch");
  EXPECT_EQ(testing::ArticleCount(dir_.path()), before);
}

// Declared fields (byline-indexer --field) hold for HTTP writes too: a value
// of the wrong type is that record's error, naming the field, and the other
// records of the batch (and of its commit group) are still written; a good
// keyword value filters at once.
// The snippet of the only hit of GET /search?q=QUERY, or why there is none.
std::string OnlySnippet(httplib::Client& client, const std::string& query) {
  auto res = client.Get(("/search?q=" + httplib::detail::encode_query_param(query)).c_str());
  if (!res || res->status != 200) return "search failed";
  const json body = Body(res);
  if (body["hits"].size() != 1) return "hits: " + body["hits"].dump();
  return body["hits"][0]["snippet_html"].get<std::string>();
}

TEST_F(SearchdWritesTest, HtmlBodiesAreIndexedAsTheirText) {
  auto server = Start();
  auto client = server->Client();
  auto res = client->Put(
      "/admin/articles/cms-1", Admin(),
      R"({"title": "Gulls &amp; terns", "body": "<div class=\"x\"><p>Gulls nest on the <b>cliffs</b></p></div>", "body_format": "html"})",
      "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(OnlySnippet(*client, "cliffs"), "Gulls nest on the <mark>cliffs</mark>");
  auto article = client->Get("/articles/cms-1");
  ASSERT_TRUE(article);
  EXPECT_EQ(Body(article)["title"], "Gulls & terns");
  EXPECT_EQ(Body(article)["body"], "Gulls nest on the cliffs");
  EXPECT_FALSE(Body(article).contains("body_format")) << article->body;
  EXPECT_FALSE(Body(article)["fields"].contains("body_format")) << article->body;

  // A batch: markup detected (auto), text with a '<' kept, a record's own say, a bad value.
  const std::string batch =
      R"({"id": "b-1", "title": "T", "body": "<p>Puffins <i>dive</i></p>"})"
      "\n"
      R"({"id": "b-2", "title": "T", "body": "Shags: if depth < 10 and speed > 2, dive"})"
      "\n"
      R"({"id": "b-3", "title": "T", "body": "<p>Skuas steal</p>", "body_format": "text"})"
      "\n"
      R"({"id": "b-4", "title": "T", "body": "x", "body_format": "pdf"})"
      "\n";
  res = client->Post("/admin/articles", Admin(), batch, "application/x-ndjson");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json answer = Body(res);
  EXPECT_EQ(answer["added"], 3);
  ASSERT_EQ(answer["errors"].size(), 1u) << res->body;
  EXPECT_EQ(answer["errors"][0]["line"], 4);
  EXPECT_NE(answer["errors"][0]["reason"].get<std::string>().find("\"body_format\""),
            std::string::npos);
  EXPECT_EQ(OnlySnippet(*client, "puffins"), "<mark>Puffins</mark> dive");
  EXPECT_EQ(OnlySnippet(*client, "shags"),
            "<mark>Shags</mark>: if depth &lt; 10 and speed &gt; 2, dive");
  EXPECT_EQ(OnlySnippet(*client, "skuas"), "&lt;p&gt;<mark>Skuas</mark> steal&lt;/p&gt;");
}

TEST_F(SearchdWritesTest, BodyFormatOptionReadsRecordsThatDoNotSay) {
  auto server = Start({"--body-format", "markdown"});
  auto client = server->Client();
  auto res = client->Put("/admin/articles/md-1", Admin(),
                         R"({"title": "T", "body": "**Gannets** plunge <!-- draft -->"})",
                         "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(OnlySnippet(*client, "gannets"), "<mark>Gannets</mark> plunge");
  std::string out, err;
  EXPECT_EQ(testing::RunProgram({testing::ProgramPath("byline-searchd"), "--index", dir_.path(),
                                 "--admin-token", kToken, "--body-format", "rtf"},
                                &out, "", &err),
            2);
  EXPECT_NE(err.find("--body-format: unknown body format \"rtf\""), std::string::npos) << err;
}

TEST_F(SearchdWritesTest, DeclaredFieldsAreCheckedAndIndexed) {
  {
    IndexOptions options;
    options.fields = {*ParseFieldSpec("desk:keyword"), *ParseFieldSpec("minutes:number")};
    auto writer = IndexWriter::Open(dir_.path(), options);
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Commit());
  }
  auto server = Start();
  auto client = server->Client();
  auto res = client->Put("/admin/articles/f-0", Admin(),
                         R"({"title": "Walrus", "body": "A walrus.", "minutes": "five"})",
                         "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("minutes"), std::string::npos)
      << res->body;
  const std::string batch =
      WriteLine("f-1", "Walrus one", "A walrus on the ice.").insert(1, R"("desk": "Nature", )") +
      R"({"id": "f-2", "title": "Walrus two", "body": "A walrus.", "minutes": [3]})" + "\n" +
      WriteLine("f-3", "Walrus three", "A walrus swims.").insert(1, R"("minutes": 4, )");
  res = client->Post("/admin/articles", Admin(), batch, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json answer = Body(res);
  EXPECT_EQ(answer["added"], 2);
  ASSERT_EQ(answer["errors"].size(), 1u) << res->body;
  EXPECT_EQ(answer["errors"][0]["line"], 2);
  EXPECT_EQ(answer["errors"][0]["id"], "f-2");
  EXPECT_NE(answer["errors"][0]["reason"].get<std::string>().find("minutes"), std::string::npos);
  EXPECT_EQ(HitIds(*client, "walrus"), (std::set<std::string>{"f-1", "f-3"}));
  auto filtered = client->Get("/search?q=walrus&desk=nature");
  ASSERT_TRUE(filtered);
  ASSERT_EQ(filtered->status, 200) << filtered->body;
  ASSERT_EQ(Body(filtered)["hits"].size(), 1u) << filtered->body;
  EXPECT_EQ(Body(filtered)["hits"][0]["id"], "f-1");
  // All wrong: 400, nothing indexed.
  res = client->Post("/admin/articles", Admin(),
                     R"({"id": "f-4", "title": "W", "body": "B", "minutes": true})",
                     "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(Body(res)["error"]["code"], "no_valid_articles");
}

// A CMS can start from nothing: --create makes an empty index to fill over
// HTTP; without it a missing index stops searchd at start.
TEST_F(SearchdWritesTest, CreateStartsAnEmptyIndexToFillOverHttp) {
  const std::string missing = dir_.path() + "/new-index";
  std::string output;
  EXPECT_EQ(testing::RunProgram({testing::ProgramPath("byline-searchd"), "--index", missing,
                                 "--listen", "127.0.0.1:0", "--admin-token", kToken},
                                &output),
            1);
  EXPECT_NE(output.find("no Byline index"), std::string::npos) << output;
  SearchdProcess server(missing, {"--admin-token", kToken, "--create"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  EXPECT_TRUE(HitIds(*client, "walrus").empty());
  auto res =
      client->Put("/admin/articles/w-1", Admin(),
                  R"({"title": "Walrus", "body": "A walrus on the ice."})", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(HitIds(*client, "walrus"), std::set<std::string>{"w-1"});
  EXPECT_EQ(testing::ArticleCount(missing), 1u);
}

// Hostile nesting is a 400 on every write route, and searchd stays up.
TEST_F(SearchdWritesTest, DeeplyNestedBodiesAre400) {
  auto server = Start();
  auto client = server->Client();
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  auto res =
      client->Put("/admin/articles/d-1", Admin(),
                  R"({"title": "T", "body": "B", "extra": )" + deep + "}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body.substr(0, 300);
  res = client->Post("/admin/articles", Admin(),
                     R"({"id": "d-2", "title": "T", "body": "B", "extra": )" + deep + "}\n",
                     "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body.substr(0, 300);
  EXPECT_EQ(Body(res)["errors"][0]["line"], 1);
  res = client->Post("/admin/delete", Admin(), R"({"query": "a", "force": )" + deep + "}",
                     "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body.substr(0, 300);
  auto health = client->Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(SearchdWritesTest, DeleteOneArticle) {
  auto server = Start();
  auto client = server->Client();
  ASSERT_EQ(HitIds(*client, "\"harbour report 3\"").count("old-3"), 1u);
  auto res = client->Delete("/admin/articles/old-3", Admin());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["deleted"], 1);
  EXPECT_EQ(HitIds(*client, "\"harbour report 3\"").count("old-3"), 0u);
  EXPECT_EQ(client->Get("/articles/old-3")->status, 404);
  res = client->Delete("/admin/articles/old-3", Admin());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Body(res)["error"]["code"], "not_found");
}

TEST_F(SearchdWritesTest, DeleteByQueryHasDryRunAndTheDeletionGuard) {
  auto server = Start({"--max-delete", "2"});
  auto client = server->Client();
  // Three articles match; the limit is 2.
  auto dry =
      client->Post("/admin/delete", Admin(),
                   R"({"query": "title:\"report 1\" OR title:\"report 2\" OR title:\"report 3\"",
                         "dry_run": true})",
                   "application/json");
  ASSERT_TRUE(dry);
  ASSERT_EQ(dry->status, 200) << dry->body;
  json answer = Body(dry);
  EXPECT_EQ(answer["dry_run"], true);
  EXPECT_EQ(answer["matched"], 3);
  EXPECT_EQ(answer["would_delete"], 0);
  EXPECT_TRUE(answer["refused"].is_string());
  EXPECT_EQ(testing::ArticleCount(dir_.path()), 20u);

  const std::string query =
      R"({"query": "title:\"report 1\" OR title:\"report 2\" OR title:\"report 3\""})";
  auto res = client->Post("/admin/delete", Admin(), query, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["code"], "delete_limit");
  EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("nothing was deleted"),
            std::string::npos);
  EXPECT_EQ(testing::ArticleCount(dir_.path()), 20u);

  // Within the limit, or forced.
  res = client->Post("/admin/delete", Admin(), R"({"query": "title:\"report 1\""})",
                     "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["deleted"], 1);
  res =
      client->Post("/admin/delete?force=true", Admin(),
                   R"({"query": "title:\"report 2\" OR title:\"report 3\" OR title:\"report 4\""})",
                   "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["deleted"], 3);
  EXPECT_EQ(testing::ArticleCount(dir_.path()), 16u);
  EXPECT_TRUE(HitIds(*client, "title:\"report 4\"").empty());

  // A query that does not parse, and unknown parameters.
  res = client->Post("/admin/delete", Admin(), R"({"query": "AND ("})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["code"], "invalid_query");
  res = client->Post("/admin/delete", Admin(), R"({"q": "harbour"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["code"], "unknown_parameter");
  EXPECT_EQ(testing::ArticleCount(dir_.path()), 16u);
}

// A query holding '=' reaches the writer whole, from the query string and
// from a form body (httplib's own parser kept only what follows the last '=').
TEST_F(SearchdWritesTest, DeleteByQueryKeepsEqualsSignsInTheQuery) {
  auto server = Start();
  auto client = server->Client();
  const std::string query = "title:\"report 1\" OR \"x=y\"";
  // '=' left as it is, as curl -d 'query=...' and many clients send it.
  std::string encoded = httplib::detail::encode_query_param(query);
  for (size_t at; (at = encoded.find("%3D")) != std::string::npos;) encoded.replace(at, 3, "=");
  ASSERT_NE(encoded.find('='), std::string::npos);
  auto res = client->Post(("/admin/delete?dry_run=true&query=" + encoded).c_str(), Admin(), "",
                          "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["matched"], 1);
  EXPECT_EQ(Body(res)["ids"], json::array({"old-1"}));
  res = client->Post("/admin/delete", Admin(), "query=" + encoded,
                     "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["deleted"], 1);
  EXPECT_EQ(testing::ArticleCount(dir_.path()), 19u);
  EXPECT_TRUE(HitIds(*client, "title:\"report 1\"").empty());
}

// The revision of the index's live generation (one more per commit).
Xapian::rev Revision(const std::string& dir) {
  IndexLayout layout(dir);
  auto generation = layout.CurrentGeneration();
  if (!generation.ok()) return 0;
  return Xapian::Database(layout.GenerationPath(*generation)).get_revision();
}

// A batch of more changes than a writer commits by itself
// (IndexOptions::commit_every) is still one commit, as its answer says.
TEST_F(SearchdWritesTest, ABigBatchIsOneCommit) {
  auto server = Start();
  auto client = server->Client();
  const size_t records = IndexOptions{}.commit_every + 5;
  std::string body;
  for (size_t i = 0; i < records; ++i) {
    body += WriteLine("big-" + std::to_string(i), "Big batch", "Gannets over the reef.");
  }
  const Xapian::rev before = Revision(dir_.path());
  auto res = client->Post("/admin/articles", Admin(), body, "application/x-ndjson");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 500);
  EXPECT_EQ(Body(res)["added"], records);
  EXPECT_EQ(Revision(dir_.path()), before + 1);
  EXPECT_EQ(testing::ArticleCount(dir_.path()), 20u + records);
}

// Writes that change nothing (an unchanged article, a missing id) make no
// commit: the revision and the commit count stay.
TEST_F(SearchdWritesTest, AWriteThatChangesNothingMakesNoCommit) {
  auto server = Start();
  auto client = server->Client();
  auto put = [&] {
    return client->Put("/admin/articles/same", Admin(),
                       json({{"title", "Same"}, {"body", "Kittiwakes nest."}}).dump(),
                       "application/json");
  };
  auto res = put();
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["result"], "added");
  const Xapian::rev before = Revision(dir_.path());
  const double commits =
      testing::MetricSample(client->Get("/metrics")->body, "byline_write_commits_total");
  res = put();
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["result"], "unchanged");
  EXPECT_EQ(Body(res)["commit_ms"], 0);
  res = client->Delete("/admin/articles/no-such-id", Admin());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Revision(dir_.path()), before);
  EXPECT_EQ(testing::MetricSample(client->Get("/metrics")->body, "byline_write_commits_total"),
            commits);
}

// A write to an index that went away is a server error (503), not "no such
// article" (404), which a client may take as done.
TEST_F(SearchdWritesTest, AWriteToAMissingIndexIs503) {
  auto server = Start();
  auto client = server->Client();
  const std::string stub = IndexLayout(dir_.path()).StubPath();
  std::filesystem::rename(stub, stub + ".away");
  auto res = client->Delete("/admin/articles/old-3", Admin());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503) << res->body;
  res = client->Put("/admin/articles/new-1", Admin(),
                    json({{"title", "New"}, {"body", "Terns."}}).dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503) << res->body;
  std::filesystem::rename(stub + ".away", stub);
  EXPECT_EQ(testing::ArticleCount(dir_.path()), 20u);
}

TEST_F(SearchdWritesTest, WritesNeedTheAdminTokenAndTheirMethods) {
  auto server = Start();
  auto client = server->Client();
  const std::string article = R"({"title": "T", "body": "b"})";
  auto res = client->Put("/admin/articles/x", article, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = client->Put("/admin/articles/x", {{"Authorization", "Bearer wrong-token-000000"}}, article,
                    "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = client->Delete("/admin/articles/old-1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_FALSE(testing::IndexHas(dir_.path(), "x"));
  EXPECT_TRUE(testing::IndexHas(dir_.path(), "old-1"));

  res = client->Get("/admin/articles", Admin());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "POST");
  res = client->Post("/admin/articles/x", Admin(), article, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "PUT, DELETE");
  res = client->Get("/admin/delete", Admin());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
}

TEST_F(SearchdWritesTest, BodiesAreBoundedPerRoute) {
  auto server = Start({"--max-write-bytes", "100000"});
  auto client = server->Client();
  std::string big;
  for (int i = 0; big.size() < 150000; ++i) {
    big += WriteLine("big-" + std::to_string(i), "Big", std::string(100, 'x'));
  }
  auto res = client->Post("/admin/articles", Admin(), big, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(Body(res)["error"]["code"], "payload_too_large");
  EXPECT_FALSE(testing::IndexHas(dir_.path(), "big-0"));
  // Under --max-write-bytes but over --max-request-bytes (64 KiB): fine for a write...
  std::string medium = big.substr(0, big.find('\n', 80000) + 1);
  res = client->Post("/admin/articles", Admin(), medium, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  // ... but not for another route.
  res = client->Post("/admin/reopen", Admin(), medium, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

// Sends `body` chunked (Transfer-Encoding: chunked, no Content-Length), in
// pieces of `piece` bytes that split lines and characters anywhere.
httplib::Result PostChunked(httplib::Client& client, const std::string& body, size_t piece) {
  return client.Post(
      "/admin/articles", Admin(),
      [&body, piece](size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) {
          sink.write(body.data() + offset, std::min(piece, body.size() - offset));
        } else {
          sink.done();
        }
        return true;
      },
      "application/x-ndjson");
}

TEST_F(SearchdWritesTest, ChunkedBatchIsReadAsItArrives) {
  auto server = Start();
  auto client = server->Client();
  constexpr int kRecords = 4000;
  std::string body;
  std::vector<size_t> bad_lines;
  for (int i = 1; i <= kRecords; ++i) {
    if (i % 397 == 0) {
      body += "{\"id\": \"chunk-" + std::to_string(i) + "\", \"title\": \n";  // broken JSON
      bad_lines.push_back(i);
    } else if (i % 1000 == 0) {
      body += WriteLine("chunk-1", "Repeated", "The id of line one again.");
      bad_lines.push_back(i);
    } else {
      body += WriteLine("chunk-" + std::to_string(i), "Caf\xC3\xA9 seal " + std::to_string(i),
                        "A grey seal \xE2\x80\x94 number " + std::to_string(i) + " \xE6\x97\xA5.");
    }
  }
  auto res = PostChunked(*client, body, 1021);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 500);
  json answer = Body(res);
  EXPECT_EQ(answer["added"], kRecords - bad_lines.size());
  EXPECT_EQ(answer["skipped"], bad_lines.size());
  ASSERT_EQ(answer["errors"].size(), bad_lines.size());
  for (size_t i = 0; i < bad_lines.size(); ++i) {
    const json& e = answer["errors"][i];
    EXPECT_EQ(e["line"], bad_lines[i]) << e.dump();
    const std::string reason = e["reason"].get<std::string>();
    if (bad_lines[i] % 397 == 0) {
      EXPECT_EQ(e["id"], "chunk-" + std::to_string(bad_lines[i])) << e.dump();
      EXPECT_NE(reason.find("invalid JSON"), std::string::npos) << reason;
    } else {
      EXPECT_EQ(e["id"], "chunk-1");
      EXPECT_NE(reason.find("already given by body:1"), std::string::npos) << reason;
    }
  }
  EXPECT_EQ(testing::ArticleCount(dir_.path()), 20 + kRecords - bad_lines.size());
  EXPECT_TRUE(testing::IndexHas(dir_.path(), "chunk-3999"));
  EXPECT_FALSE(testing::IndexHas(dir_.path(), "chunk-397"));
  EXPECT_EQ(Body(client->Get("/articles/chunk-1"))["title"], "Caf\xC3\xA9 seal 1");
  EXPECT_EQ(Body(client->Get("/articles/chunk-2500"))["title"], "Caf\xC3\xA9 seal 2500");

  // A JSON array is streamed too: the bad element is named by its start line and id.
  std::string array = "[\n";
  for (int i = 1; i <= 500; ++i) {
    array += i == 1 ? "" : ",\n";
    array += i == 250 ? R"({"id": "arr-250", "title": "Bad",
  "body": 7})"
                      : json({{"id", "arr-" + std::to_string(i)},
                              {"title", "Array seal"},
                              {"body", "Element " + std::to_string(i)}})
                            .dump();
  }
  array += "\n]\n";
  res = PostChunked(*client, array, 13);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 500);
  answer = Body(res);
  EXPECT_EQ(answer["added"], 499);
  ASSERT_EQ(answer["errors"].size(), 1u);
  EXPECT_EQ(answer["errors"][0]["line"], 251);
  EXPECT_EQ(answer["errors"][0]["id"], "arr-250");
  EXPECT_TRUE(testing::IndexHas(dir_.path(), "arr-500"));
}

TEST_F(SearchdWritesTest, ChunkedBatchOverTheLimitIs413AndWritesNothing) {
  auto server = Start({"--max-write-bytes", "100000"});
  auto client = server->Client();
  const uint64_t before = testing::ArticleCount(dir_.path());
  std::string body;
  for (int i = 0; body.size() < 150000; ++i) {
    body += WriteLine("over-" + std::to_string(i), "Over", std::string(100, 'x'));
  }
  auto res = PostChunked(*client, body, 4096);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(Body(res)["error"]["code"], "payload_too_large");
  EXPECT_EQ(testing::ArticleCount(dir_.path()), before);
  EXPECT_FALSE(testing::IndexHas(dir_.path(), "over-0"));
  // Far over (more than twice the limit): no longer read, the connection
  // ended after the 413 (what is left of the body is not read as another
  // request), and the server goes on answering.
  while (body.size() < 1000000) body += body;
  res = PostChunked(*client, body, 65536);
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->get_header_value("Connection"), "close");
  EXPECT_EQ(testing::ArticleCount(dir_.path()), before);
  const std::string metrics = client->Get("/metrics")->body;
  EXPECT_EQ(metrics.find("status=\"400\""), std::string::npos) << metrics;
  auto fresh = server->Client();
  res = PostChunked(*fresh, body.substr(0, body.find('\n', 50000) + 1), 777);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body.substr(0, 300);
  EXPECT_TRUE(testing::IndexHas(dir_.path(), "over-0"));
}

// The other write routes take a chunked body too, held to --max-write-bytes
// (httplib itself would read a chunked body whole, however long).
TEST_F(SearchdWritesTest, ChunkedBodiesOfTheOtherWriteRoutesAreBounded) {
  auto server = Start({"--max-write-bytes", "100000"});
  auto client = server->Client();
  auto chunked = [](const std::string& body) {
    return [body](size_t offset, httplib::DataSink& sink) {
      if (offset < body.size()) {
        sink.write(body.data() + offset, std::min<size_t>(1000, body.size() - offset));
      } else {
        sink.done();
      }
      return true;
    };
  };
  auto res =
      client->Put("/admin/articles/chunked-put", Admin(),
                  chunked(R"({"title": "Chunked", "body": "A chunked PUT."})"), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(testing::IndexHas(dir_.path(), "chunked-put"));
  const std::string big = json({{"title", "Big"}, {"body", std::string(300000, 'x')}}).dump();
  // The connection is closed once answered, but only after the rest of the
  // body was read and dropped for a while (a lingering close), so the
  // client, which sends it all before reading, gets the answer.
  res = client->Put("/admin/articles/chunked-big", Admin(), chunked(big), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(Body(res)["error"]["code"], "payload_too_large");
  EXPECT_EQ(res->get_header_value("Connection"), "close");
  EXPECT_FALSE(testing::IndexHas(dir_.path(), "chunked-big"));
  // A method the path does not take: 405, its body unread.
  auto fresh = server->Client();
  res = fresh->Patch("/admin/articles", Admin(), chunked(big), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Connection"), "close");
  // The server goes on answering.
  fresh = server->Client();
  res = fresh->Delete("/admin/articles/chunked-put", Admin());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

TEST_F(SearchdWritesTest, AnotherWriterMakesWritesWaitThen409WhileSearchesGoOn) {
  auto server = Start({"--write-wait", "3"});
  auto client = server->Client();
  {
    auto lock = WriteLock::Acquire(dir_.path(), {"byline-indexer", "a reindex"});
    ASSERT_OK(lock);
    // The write waits for the lock in a thread of its own; a search made
    // meanwhile is answered before it gives up (order, not a time limit: a
    // search that waited for the lock would come back after the write).
    std::atomic<bool> write_done{false};
    std::optional<httplib::Result> written;
    double waited = 0;
    std::thread writer([&] {
      auto write_client = server->Client();
      const auto start = std::chrono::steady_clock::now();
      written =
          write_client->Put("/admin/articles/busy-1", Admin(),
                            R"({"title": "Busy", "body": "Waiting writer."})", "application/json");
      waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      write_done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the write is waiting
    EXPECT_FALSE(HitIds(*client, "harbour").empty());
    EXPECT_FALSE(write_done) << "the search came back only after the write gave up";
    writer.join();
    ASSERT_TRUE(written && *written);
    const httplib::Result& res = *written;
    EXPECT_EQ(res->status, 409) << res->body;
    EXPECT_EQ(Body(res)["error"]["code"], "index_busy");
    EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("a reindex"),
              std::string::npos);
    EXPECT_TRUE(res->has_header("Retry-After"));
    EXPECT_GE(waited, 2.9);
  }
  // Lock released: a write goes through; and searchd does not hold the lock
  // between writes, so byline-indexer can write too.
  auto res = client->Put("/admin/articles/busy-1", Admin(),
                         R"({"title": "Busy", "body": "Waiting writer."})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  std::string err;
  EXPECT_EQ(
      testing::RunIndexer({"--index", dir_.path(), "-"}, &err,
                          WriteLine("from-indexer", "Indexer article", "Written by the indexer.")),
      0)
      << err;
  EXPECT_TRUE(testing::IndexHas(dir_.path(), "from-indexer"));
}

// Waiting longer than --request-timeout, which bounds only how long a request
// takes to arrive: the write is not cut off.
TEST_F(SearchdWritesTest, AWriteWaitingForTheLockGoesThroughWhenItIsReleased) {
  auto server = Start({"--write-wait", "10", "--request-timeout", "1"});
  auto client = server->Client();
  auto lock = WriteLock::Acquire(dir_.path(), {"byline-indexer", "an update"});
  ASSERT_OK(lock);
  std::thread release([&lock] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    lock->reset();
  });
  // A streamed batch too, chunked (its body is read inside its handler).
  int batch_status = 0;
  std::thread batch_writer([&] {
    auto batch_client = server->Client();
    auto batch = PostChunked(*batch_client, WriteLine("late-2", "Late", "A patient batch."), 7);
    if (batch) batch_status = batch->status;
  });
  auto res = client->Put("/admin/articles/late-1", Admin(),
                         R"({"title": "Late", "body": "A patient writer."})", "application/json");
  batch_writer.join();
  release.join();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(testing::IndexHas(dir_.path(), "late-1"));
  EXPECT_EQ(batch_status, 200);
  EXPECT_TRUE(testing::IndexHas(dir_.path(), "late-2"));
}

TEST_F(SearchdWritesTest, ConcurrentWritersShareCommits) {
  auto server = Start({"--threads", "16"});
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::atomic<int> failures{0};
  std::atomic<int> max_group{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      auto client = server->Client();
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "c-" + std::to_string(t) + "-" + std::to_string(i);
        auto res =
            client->Put(("/admin/articles/" + id).c_str(), Admin(),
                        json({{"title", "Concurrent " + id}, {"body", "Parallel puffin."}}).dump(),
                        "application/json");
        if (!res || res->status != 200) {
          ++failures;
          continue;
        }
        const int group = Body(res)["requests_in_commit"].get<int>();
        int seen = max_group.load();
        while (group > seen && !max_group.compare_exchange_weak(seen, group)) {
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto client = server->Client();
  EXPECT_EQ(HitIds(*client, "puffin").size(), 100u);  // per_page 100: the first page is full
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) {
      EXPECT_TRUE(
          testing::IndexHas(dir_.path(), "c-" + std::to_string(t) + "-" + std::to_string(i)));
    }
  }
  auto metrics = client->Get("/metrics");
  ASSERT_TRUE(metrics);
  const double writes = testing::MetricSample(metrics->body, "byline_writes_total");
  const double commits = testing::MetricSample(metrics->body, "byline_write_commits_total");
  EXPECT_EQ(writes, kThreads * kEach);
  EXPECT_GT(commits, 0);
  EXPECT_LT(commits, writes);
  EXPECT_GT(max_group.load(), 1);
}

// kill -9 while several clients write: every id acknowledged before the kill
// is in the index after a restart.
TEST_F(SearchdWritesTest, FaultKill9WhileWritingLosesNothingAcknowledged) {
  for (int round = 0; round < 3; ++round) {
    auto server = Start();
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::vector<std::string> acknowledged;
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&, t] {
        auto client = server->Client();
        for (int i = 0; !stop.load(); ++i) {
          const std::string id =
              "k" + std::to_string(round) + "-" + std::to_string(t) + "-" + std::to_string(i);
          std::string body;
          if (i % 5 == 4) {  // some batches too
            for (int j = 0; j < 20; ++j) {
              body += WriteLine(id + "-" + std::to_string(j), "Killed batch", "Kestrel " + id);
            }
            auto res = client->Post("/admin/articles", Admin(), body, "application/x-ndjson");
            if (res && res->status == 200) {
              std::lock_guard<std::mutex> lock(mutex);
              for (int j = 0; j < 20; ++j) acknowledged.push_back(id + "-" + std::to_string(j));
            }
          } else {
            auto res = client->Put(("/admin/articles/" + id).c_str(), Admin(),
                                   json({{"title", "Killed " + id}, {"body", "Kestrel."}}).dump(),
                                   "application/json");
            if (res && res->status == 200) {
              std::lock_guard<std::mutex> lock(mutex);
              acknowledged.push_back(id);
            }
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + 200 * round));
    kill(server->pid(), SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
    server->Stop();  // reaps it
    ASSERT_FALSE(acknowledged.empty());
    // Restarted, it serves every acknowledged article.
    auto restarted = Start();
    auto client = restarted->Client();
    size_t missing = 0;
    for (const auto& id : acknowledged) {
      auto res = client->Get(("/articles/" + id).c_str());
      if (!res || res->status != 200) ++missing;
    }
    EXPECT_EQ(missing, 0u) << "round " << round << ": " << missing << " of " << acknowledged.size()
                           << " acknowledged articles lost";
  }
}

}  // namespace
}  // namespace byline
