// Integration tests of the browser-facing routes of the real byline-searchd:
// the page, its fingerprinted assets and the widget, with their headers.
// (tests/browser drives them in chromium; these run without a browser.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

class SearchdWebTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(
        dir_->path(), {testing::MakeArticle("a-1", "Harbour news", "Boats and tides.")}));
    server_ = new testing::SearchdProcess(dir_->path(), {"--cors-origin", "https://site.example"});
    ASSERT_TRUE(server_->ok()) << server_->startup_output();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  // The /assets/... paths the page names.
  static std::vector<std::string> AssetPaths(const std::string& html) {
    std::vector<std::string> paths;
    std::regex asset(R"re((?:src|href)="(/assets/[^"]+)")re");
    for (std::sregex_iterator it(html.begin(), html.end(), asset), end; it != end; ++it) {
      paths.push_back((*it)[1]);
    }
    return paths;
  }

  static testing::TempDir* dir_;
  static testing::SearchdProcess* server_;
};

testing::TempDir* SearchdWebTest::dir_ = nullptr;
testing::SearchdProcess* SearchdWebTest::server_ = nullptr;

TEST_F(SearchdWebTest, PageIsHtmlWithStrictContentSecurityPolicy) {
  auto res = server_->Client()->Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string csp = res->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  EXPECT_NE(res->body.find("<input id=\"q\""), std::string::npos);
  // Every placeholder was filled in at build time.
  EXPECT_EQ(res->body.find("{{"), std::string::npos);
}

TEST_F(SearchdWebTest, UnchangedPageAnswers304ToItsETag) {
  auto client = server_->Client();
  auto first = client->Get("/");
  ASSERT_TRUE(first);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = client->Get("/", {{"If-None-Match", "\"other\", " + etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->get_header_value("ETag"), etag);
  auto stale = client->Get("/", {{"If-None-Match", "W/\"0000\""}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);
}

TEST_F(SearchdWebTest, AssetsAreFingerprintedAndCachedForGood) {
  auto client = server_->Client();
  auto page = client->Get("/");
  ASSERT_TRUE(page);
  auto paths = AssetPaths(page->body);
  ASSERT_EQ(paths.size(), 2u) << page->body;
  for (const auto& path : paths) {
    auto res = client->Get(path.c_str());
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
    const std::string type = res->get_header_value("Content-Type");
    if (path.size() > 3 && path.compare(path.size() - 3, 3, ".js") == 0) {
      EXPECT_EQ(type, "text/javascript; charset=utf-8") << path;
    } else {
      EXPECT_EQ(type, "text/css; charset=utf-8") << path;
    }
    EXPECT_GT(res->body.size(), 500u) << path;
  }
  auto missing = client->Get("/assets/app.0000000000.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(SearchdWebTest, WidgetIsServedToOtherSitesWithAShortCache) {
  auto client = server_->Client();
  auto js = client->Get("/widget.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js->get_header_value("Cache-Control"), "public, max-age=300");
  EXPECT_FALSE(js->get_header_value("ETag").empty());
  EXPECT_NE(js->body.find("data-byline"), std::string::npos);
  auto css = client->Get("/widget.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(SearchdWebTest, WidgetRequestsFromAnAllowedOriginGetCorsHeaders) {
  auto client = server_->Client();
  auto allowed = client->Get("/suggest?q=harb", {{"Origin", "https://site.example"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "https://site.example");
  auto other = client->Get("/suggest?q=harb", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
}

TEST_F(SearchdWebTest, HeadAnswersWithoutBodyAndOtherMethodsAre405) {
  auto client = server_->Client();
  auto head = client->Head("/");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  auto post = client->Post("/", "", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  auto del = client->Delete("/widget.js");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
}

// docs/openapi.yaml, as JSON, open to all and revalidated by its ETag; every
// path it describes is a route searchd has (tests/validate_openapi_log.py
// checks the other way: every answer the tests get is described).
TEST_F(SearchdWebTest, OpenApiDescriptionIsServedAsJsonAndNamesRealRoutes) {
  auto res = server_->Client()->Get("/openapi.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  const std::string etag = res->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  const nlohmann::json doc = nlohmann::json::parse(res->body, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << res->body.substr(0, 200);
  EXPECT_EQ(doc.value("openapi", "").rfind("3.1", 0), 0u) << doc.value("openapi", "");
  ASSERT_TRUE(doc.contains("paths") && doc["paths"].is_object());
  for (const char* route : {"/search", "/suggest", "/articles/{id}", "/fields", "/health", "/stats",
                            "/metrics", "/admin/reopen", "/admin/stats", "/admin/articles",
                            "/admin/articles/{id}", "/admin/delete", "/openapi.json"}) {
    EXPECT_TRUE(doc["paths"].contains(route)) << route;
  }
  size_t checked = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    // A path template is filled in with a value; /assets/ only serves the
    // names the page links, so its template is left to the asset tests.
    if (path.rfind("/assets/", 0) == 0) continue;
    const std::string concrete = std::regex_replace(path, std::regex(R"(\{[a-z_]+\})"), "x");
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      const nlohmann::json& responses = operation["responses"];
      // An operation described only as 405 (and the admin token's 401 and
      // 403) answers that; the others answer a status they list.
      auto client = server_->Client();
      auto send = [&]() -> httplib::Result {
        if (method == "get") return client->Get(concrete.c_str());
        if (method == "post") return client->Post(concrete.c_str(), "", "application/json");
        if (method == "put") return client->Put(concrete.c_str(), "", "application/json");
        if (method == "patch") return client->Patch(concrete.c_str(), "", "application/json");
        return client->Delete(concrete.c_str());
      };
      if (method != "get" && method != "post" && method != "put" && method != "patch" &&
          method != "delete") {
        ADD_FAILURE() << path << " has method " << method << ", which searchd does not serve";
        continue;
      }
      httplib::Result answer = send();
      ASSERT_TRUE(answer) << method << " " << concrete;
      EXPECT_EQ(answer->body.find("no route for"), std::string::npos)
          << method << " " << concrete << ": " << answer->body;
      EXPECT_TRUE(responses.contains(std::to_string(answer->status)))
          << method << " " << concrete << " answered " << answer->status
          << ", which the description does not list";
      ++checked;
    }
  }
  EXPECT_GT(checked, 50u);

  httplib::Headers again = {{"If-None-Match", etag}};
  auto revalidated = server_->Client()->Get("/openapi.json", again);
  ASSERT_TRUE(revalidated);
  EXPECT_EQ(revalidated->status, 304);
}

}  // namespace
}  // namespace byline
