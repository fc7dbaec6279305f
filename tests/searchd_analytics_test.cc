// Integration tests of the search analytics over HTTP with the real
// byline-searchd: what counts as a query, zero-result queries, the click
// beacon, GET /admin/analytics and its token, the /admin/ page, off mode,
// and counts kept across a restart and a crash in --state-dir.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;

constexpr char kAnalyticsToken[] = "analytics-token-0123456789";

json Body(const httplib::Result& res) {
  if (!res) return json();
  return json::parse(res->body, nullptr, false);
}

std::string TodayUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

class SearchdAnalyticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Article> articles;
    for (int i = 0; i < 25; ++i) {
      articles.push_back(testing::MakeArticle("h" + std::to_string(i),
                                              "Harbour report " + std::to_string(i),
                                              "Boats came into the harbour at dawn."));
    }
    testing::BuildIndex(index_.path(), articles);
  }

  std::vector<std::string> Args(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--admin-token", kAnalyticsToken, "--state-dir",
                                     state_.File("state")};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  static json Analytics(testing::SearchdProcess& server, const std::string& query = "") {
    auto res = server.Client()->Get("/admin/analytics" + query,
                                    {{"Authorization", std::string("Bearer ") + kAnalyticsToken}});
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << res->body;
    return Body(res);
  }

  static int Click(testing::SearchdProcess& server, const std::string& body,
                   const std::string& type = "text/plain;charset=UTF-8") {
    auto res = server.Client()->Post("/events/click", body, type.c_str());
    return res ? res->status : -1;
  }

  testing::TempDir index_;
  testing::TempDir state_;
};

TEST_F(SearchdAnalyticsTest, CountsEachSearchOnceAndZeroResultSearches) {
  testing::SearchdProcess server(index_.path(), Args());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_NE(server.startup_output().find("search analytics in " + state_.File("state")),
            std::string::npos)
      << server.startup_output();
  auto client = server.Client();
  ASSERT_EQ(client->Get("/search?q=Harbour")->status, 200);
  ASSERT_EQ(client->Get("/search?q=%20%20harbour%20%20")->status, 200);
  ASSERT_EQ(client->Get("/search?q=harbour&page=2&per_page=5")->status, 200);  // paging
  ASSERT_EQ(client->Get("/search?q=harbour&byline_analytics=false")->status, 200);
  ASSERT_EQ(client->Get("/search?q=boats&byline_analytics=true")->status, 200);
  ASSERT_EQ(client->Get("/search?q=zzqxv")->status, 200);  // matches nothing
  ASSERT_EQ(client->Get("/search?q=")->status, 200);       // no query: not counted
  ASSERT_EQ(client->Get("/suggest?q=harb")->status, 200);  // as-you-type: never counted
  ASSERT_EQ(client->Get("/search?q=x&byline_analytics=maybe")->status, 400);

  json a = Analytics(server);
  EXPECT_EQ(a["enabled"], true);
  EXPECT_EQ(a["storage"], "state_dir");
  EXPECT_EQ(a["days"], 7);
  EXPECT_EQ(a["to"], TodayUtc());
  EXPECT_EQ(a["totals"]["queries"], 4) << a;
  EXPECT_EQ(a["totals"]["zero_results"], 1) << a;
  ASSERT_EQ(a["per_day"].size(), 7u);
  EXPECT_EQ(a["per_day"].back()["date"], TodayUtc());
  EXPECT_EQ(a["per_day"].back()["queries"], 4);
  ASSERT_GE(a["top_queries"].size(), 3u) << a;
  EXPECT_EQ(a["top_queries"][0], json({{"query", "harbour"}, {"count", 2}, {"error", 0}}));
  ASSERT_EQ(a["top_zero_results"].size(), 1u) << a;
  EXPECT_EQ(a["top_zero_results"][0]["query"], "zzqxv");
  EXPECT_EQ(Analytics(server, "?limit=1")["top_queries"].size(), 1u);
}

TEST_F(SearchdAnalyticsTest, ClickBeaconsAreCountedByPosition) {
  testing::SearchdProcess server(index_.path(), Args());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_EQ(Click(server, R"({"query": "harbour", "id": "h1", "position": 1})"), 204);
  EXPECT_EQ(Click(server, R"({"query": "harbour", "id": "h1", "position": 1})", "application/json"),
            204);
  EXPECT_EQ(Click(server, R"({"query": "boats", "id": "h7", "position": 3})"), 204);
  EXPECT_EQ(Click(server, R"({"query": "boats", "id": "h9", "position": 45})"), 204);

  json a = Analytics(server);
  EXPECT_EQ(a["totals"]["clicks"], 4);
  EXPECT_EQ(a["per_day"].back()["clicks"], 4);
  const json& positions = a["clicks_by_position"];
  ASSERT_EQ(positions.size(), 21u);
  EXPECT_EQ(positions[0]["position"], 1);
  EXPECT_EQ(positions[0]["clicks"], 2);
  EXPECT_DOUBLE_EQ(positions[0]["share"].get<double>(), 0.5);
  EXPECT_EQ(positions[2]["clicks"], 1);
  EXPECT_EQ(positions[20]["clicks"], 1);  // 21 or later
  EXPECT_EQ(positions[20]["and_later"], true);
  ASSERT_FALSE(a["top_clicked"].empty());
  EXPECT_EQ(a["top_clicked"][0], json({{"id", "h1"}, {"count", 2}, {"error", 0}}));
}

TEST_F(SearchdAnalyticsTest, BadClicksAre400NamingTheField) {
  testing::SearchdProcess server(index_.path(), Args());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  struct Case {
    std::string body;
    std::string parameter;
  };
  const std::vector<Case> cases = {
      {R"({"id": "h1", "position": 1})", "query"},
      {R"({"query": "  ", "id": "h1", "position": 1})", "query"},
      {R"({"query": 3, "id": "h1", "position": 1})", "query"},
      {R"({"query": "q", "position": 1})", "id"},
      {R"({"query": "q", "id": "", "position": 1})", "id"},
      {R"({"query": "q", "id": ")" + std::string(201, 'x') + R"(", "position": 1})", "id"},
      {R"({"query": "q", "id": "h1"})", "position"},
      {R"({"query": "q", "id": "h1", "position": 0})", "position"},
      {R"({"query": "q", "id": "h1", "position": 1.5})", "position"},
      {R"({"query": "q", "id": "h1", "position": "2"})", "position"},
      {R"({"query": "q", "id": "h1", "position": 100000})", "position"},
  };
  for (const auto& c : cases) {
    auto res = client->Post("/events/click", c.body, "text/plain");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << c.body;
    EXPECT_EQ(Body(res)["error"]["parameter"], c.parameter) << c.body << " -> " << res->body;
  }
  for (const std::string body : {"", "not json", "[1, 2]", "{\"query\": "}) {
    auto res = client->Post("/events/click", body, "text/plain");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    EXPECT_EQ(Body(res)["error"]["code"], "invalid_body") << body;
  }
  auto form = client->Post("/events/click", "query=a&id=b", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  auto large = client->Post("/events/click", std::string(5000, ' '), "text/plain");
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);
  auto get = client->Get("/events/click");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 405);
  // Nothing of these was counted, and no cookie was ever set.
  EXPECT_EQ(Analytics(server)["totals"]["clicks"], 0);
  auto ok =
      client->Post("/events/click", R"({"query": "q", "id": "h1", "position": 2})", "text/plain");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 204);
  EXPECT_FALSE(ok->has_header("Set-Cookie"));
}

TEST_F(SearchdAnalyticsTest, AdminAnalyticsNeedsTheTokenAndBoundsDays) {
  testing::SearchdProcess server(index_.path(), Args({"--analytics-days", "10"}));
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  auto none = client->Get("/admin/analytics");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  auto wrong = client->Get("/admin/analytics", {{"Authorization", "Bearer not-the-token-at-all"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  const httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kAnalyticsToken}};
  for (const char* bad : {"?days=0", "?days=11", "?days=x", "?days=-1"}) {
    auto res = client->Get(std::string("/admin/analytics") + bad, auth);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad;
    EXPECT_EQ(Body(res)["error"]["parameter"], "days") << bad;
  }
  auto bad_limit = client->Get("/admin/analytics?limit=0", auth);
  ASSERT_TRUE(bad_limit);
  EXPECT_EQ(Body(bad_limit)["error"]["parameter"], "limit");
  json ten = Analytics(server, "?days=10");
  EXPECT_EQ(ten["days"], 10);
  EXPECT_EQ(ten["per_day"].size(), 10u);

  // The page is served without the token (it asks for it), with the strict CSP.
  auto page = client->Get("/admin/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  EXPECT_NE(page->body.find("/assets/admin."), std::string::npos);
  EXPECT_EQ(page->body.find("<script>"), std::string::npos);  // no inline script

  testing::SearchdProcess no_token(index_.path());
  ASSERT_TRUE(no_token.ok()) << no_token.startup_output();
  auto disabled = no_token.Client()->Get("/admin/analytics");
  ASSERT_TRUE(disabled);
  EXPECT_EQ(disabled->status, 403);
  EXPECT_EQ(Body(disabled)["error"]["code"], "admin_disabled");
  EXPECT_NE(no_token.startup_output().find("in memory only"), std::string::npos)
      << no_token.startup_output();
}

TEST_F(SearchdAnalyticsTest, CountsSurviveARestartAndACrash) {
  {
    testing::SearchdProcess server(index_.path(), Args());
    ASSERT_TRUE(server.ok()) << server.startup_output();
    ASSERT_EQ(server.Client()->Get("/search?q=harbour")->status, 200);
    ASSERT_EQ(Click(server, R"({"query": "harbour", "id": "h1", "position": 1})"), 204);
    EXPECT_EQ(server.Stop(), 0);  // a clean stop saves
  }
  EXPECT_TRUE(std::filesystem::exists(state_.File("state/analytics.json")));
  {
    testing::SearchdProcess server(index_.path(), Args({"--analytics-save-seconds", "1"}));
    ASSERT_TRUE(server.ok()) << server.startup_output();
    json a = Analytics(server);
    EXPECT_EQ(a["totals"]["queries"], 1);
    EXPECT_EQ(a["totals"]["clicks"], 1);
    ASSERT_EQ(server.Client()->Get("/search?q=harbour")->status, 200);
    // Saved within the interval: a crash after it loses nothing.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    kill(server.pid(), SIGKILL);
    server.Stop();
  }
  testing::SearchdProcess server(index_.path(), Args());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  json a = Analytics(server);
  EXPECT_EQ(a["totals"]["queries"], 2);
  EXPECT_EQ(a["top_queries"][0]["count"], 2);
}

TEST_F(SearchdAnalyticsTest, ADamagedStateFileIsMovedAsideAndCountingStartsAfresh) {
  std::filesystem::create_directories(state_.File("state"));
  testing::WriteFile(state_.File("state/analytics.json"), "{\"format\": \"byline-search-");
  testing::SearchdProcess server(index_.path(), Args());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_FALSE(std::filesystem::exists(state_.File("state/analytics.json")));
  int aside = 0;
  for (const auto& entry : std::filesystem::directory_iterator(state_.File("state"))) {
    if (entry.path().filename().string().rfind("analytics.json.corrupt-", 0) == 0) ++aside;
  }
  EXPECT_EQ(aside, 1);
  EXPECT_EQ(Analytics(server)["totals"]["queries"], 0);
}

TEST_F(SearchdAnalyticsTest, AnUnreadableStateDirStopsTheStartNamingIt) {
  testing::WriteFile(state_.File("not-a-dir"), "x");
  std::string output;
  const int status =
      testing::RunProgram({testing::ProgramPath("byline-searchd"), "--index", index_.path(),
                           "--listen", "127.0.0.1:0", "--state-dir", state_.File("not-a-dir")},
                          &output);
  EXPECT_EQ(status, 1) << output;
  EXPECT_NE(output.find(state_.File("not-a-dir")), std::string::npos) << output;
}

TEST_F(SearchdAnalyticsTest, OffCountsNothingAndSaysSo) {
  testing::SearchdProcess server(index_.path(), Args({"--analytics", "off"}));
  ASSERT_TRUE(server.ok()) << server.startup_output();
  ASSERT_EQ(server.Client()->Get("/search?q=harbour")->status, 200);
  EXPECT_EQ(Click(server, R"({"query": "harbour", "id": "h1", "position": 1})"), 204);
  json a = Analytics(server);
  EXPECT_EQ(a["enabled"], false);
  EXPECT_EQ(a["storage"], "none");
  EXPECT_EQ(a["totals"]["queries"], 0);
  EXPECT_EQ(a["totals"]["clicks"], 0);
  server.Stop();
  EXPECT_FALSE(std::filesystem::exists(state_.File("state/analytics.json")));
}

TEST_F(SearchdAnalyticsTest, ClicksAreRateLimitedLikeSearchesButNeedNoApiKey) {
  testing::SearchdProcess server(index_.path(), Args({"--api-key", "search-key-42", "--rate-limit",
                                                      "1", "--rate-burst", "2"}));
  ASSERT_TRUE(server.ok()) << server.startup_output();
  const std::string click = R"({"query": "harbour", "id": "h1", "position": 1})";
  EXPECT_EQ(Click(server, click), 204);  // no key: a beacon cannot send one
  EXPECT_EQ(Click(server, click), 204);
  EXPECT_EQ(Click(server, click), 429);
}

TEST_F(SearchdAnalyticsTest, BadAnalyticsFlagsAreUsageErrors) {
  for (const std::vector<std::string>& flags : {std::vector<std::string>{"--analytics", "maybe"},
                                                {"--analytics-days", "0"},
                                                {"--analytics-days", "400"},
                                                {"--analytics-save-seconds", "0"}}) {
    std::vector<std::string> argv = {testing::ProgramPath("byline-searchd"), "--index",
                                     index_.path(), "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    std::string output;
    EXPECT_EQ(testing::RunProgram(argv, &output), 2) << flags[0] << " " << flags[1];
    EXPECT_NE(output.find(flags[0]), std::string::npos) << output;
  }
}

}  // namespace
}  // namespace byline
