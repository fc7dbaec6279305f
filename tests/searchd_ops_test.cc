// Integration tests of byline-searchd's operations side over HTTP: /stats,
// /metrics, the access log, CORS, API key and admin token, bounds, and a
// graceful shutdown.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "byline/index_layout.h"
#include "byline/schema.h"
#include "raw_connection.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;

constexpr char kAdminToken[] = "admin-token-0123456789";
constexpr char kApiKey[] = "search-key-42";

void IndexArticles(const std::string& dir, int count, int first = 0) {
  std::vector<Article> articles;
  for (int i = first; i < first + count; ++i) {
    articles.push_back(testing::MakeArticle(
        "a" + std::to_string(i), "Harbour report " + std::to_string(i),
        "Boats came into the harbour at dawn, and solar panels lit the quay."));
  }
  testing::BuildIndex(dir, articles);
}

using testing::RawConnection;

json ParseBody(const httplib::Result& res) {
  if (!res) return json();
  return json::parse(res->body, nullptr, false);
}

class SearchdOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { IndexArticles(dir_.path(), 30); }
  testing::TempDir dir_;
};

TEST_F(SearchdOpsTest, StatsReportsArticlesGenerationAndLastUpdate) {
  testing::SearchdProcess server(dir_.path());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto res = server.Client()->Get("/stats");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  json body = ParseBody(res);
  EXPECT_EQ(body["articles"], 30);
  EXPECT_EQ(body["generation"], "gen-000001");
  EXPECT_TRUE(std::regex_match(body["last_update"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << body;
  EXPECT_GT(body["last_update_unix"].get<int64_t>(), 1600000000);
  EXPECT_GT(body["size_bytes"].get<uint64_t>(), 0u);
  EXPECT_EQ(body["stemming"], "all_z");
  auto post = server.Client()->Post("/stats", "", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
}

TEST_F(SearchdOpsTest, MetricsCountRequestsErrorsLatencyAndReopens) {
  testing::SearchdProcess server(dir_.path(), {"--threads", "2"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(client->Get("/search?q=harbour")->status, 200);
  ASSERT_EQ(client->Get("/search?q=harbour&per_page=0")->status, 400);
  ASSERT_EQ(client->Get("/articles/a1")->status, 200);
  ASSERT_EQ(client->Get("/articles/missing")->status, 404);
  ASSERT_EQ(client->Get("/no/such/route")->status, 404);

  IndexArticles(dir_.path(), 5, 100);  // a commit: the next search reopens
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(client->Get("/search?q=harbour")->status, 200);

  auto res = client->Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = res->body;
  EXPECT_EQ(
      testing::MetricSample(text, R"(byline_http_requests_total{route="/search",status="200"})"),
      4);
  EXPECT_EQ(
      testing::MetricSample(text, R"(byline_http_requests_total{route="/search",status="400"})"),
      1);
  EXPECT_EQ(testing::MetricSample(
                text, R"(byline_http_request_errors_total{route="/search",status="400"})"),
            1);
  EXPECT_EQ(testing::MetricSample(
                text, R"(byline_http_request_errors_total{route="/search",status="200"})"),
            -1);
  EXPECT_EQ(testing::MetricSample(
                text, R"(byline_http_requests_total{route="/articles/{id}",status="200"})"),
            1);
  EXPECT_EQ(testing::MetricSample(
                text, R"(byline_http_requests_total{route="/articles/{id}",status="404"})"),
            1);
  EXPECT_EQ(
      testing::MetricSample(text, R"(byline_http_requests_total{route="other",status="404"})"), 1);
  EXPECT_EQ(
      testing::MetricSample(text, R"(byline_http_request_duration_seconds_count{route="/search"})"),
      5);
  EXPECT_EQ(testing::MetricSample(
                text, R"(byline_http_request_duration_seconds_bucket{route="/search",le="+Inf"})"),
            5);
  EXPECT_GT(
      testing::MetricSample(text, R"(byline_http_request_duration_seconds_sum{route="/search"})"),
      0);
  // Buckets are cumulative.
  EXPECT_LE(testing::MetricSample(
                text, R"(byline_http_request_duration_seconds_bucket{route="/search",le="0.001"})"),
            testing::MetricSample(
                text, R"(byline_http_request_duration_seconds_bucket{route="/search",le="0.01"})"));
  EXPECT_EQ(testing::MetricSample(text, "byline_http_requests_in_flight"),
            1);  // this very /metrics request
  EXPECT_EQ(testing::MetricSample(text, "byline_queries_in_flight"), 0);
  EXPECT_GE(testing::MetricSample(text, "byline_searches_max"), 2);  // 1.5 x cores + 1
  EXPECT_EQ(testing::MetricSample(text, "byline_searches_waiting"), 0);
  EXPECT_EQ(testing::MetricSample(text, "byline_searches_refused_total"), 0);
  EXPECT_EQ(testing::MetricSample(text, "byline_index_articles"), 35);
  EXPECT_GT(testing::MetricSample(text, "byline_index_size_bytes"), 0);
  EXPECT_GT(testing::MetricSample(text, "byline_index_last_update_timestamp_seconds"), 1600000000);
  EXPECT_GE(testing::MetricSample(text, "byline_index_reopens_total"), 1);
  EXPECT_GT(testing::MetricSample(text, "process_resident_memory_bytes"), 0);
  EXPECT_NE(text.find("# TYPE byline_http_request_duration_seconds histogram"), std::string::npos);
}

TEST_F(SearchdOpsTest, TimeLimitHitIsSaidClearly) {
  // 1 µs: any match outlasts it, so the limit is always hit. It cuts short
  // the counting of every match, which facets ask for.
  testing::SearchdProcess server(dir_.path(), {"--time-limit-ms", "0.001"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto res = server.Client()->Get("/search?q=harbour&facets=source");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  json body = ParseBody(res);
  EXPECT_EQ(body["timed_out"], true);
  EXPECT_EQ(body["total_exact"], false);
  EXPECT_NE(body["warning"].get<std::string>().find("time limit of 0.001 ms"), std::string::npos)
      << body["warning"];
  EXPECT_EQ(res->get_header_value("X-Byline-Time-Limit-Hit"), "true");
  // Without facets counting stops at 1,001 matches and is not time-limited:
  // nothing is cut short.
  auto plain = server.Client()->Get("/search?q=harbour");
  ASSERT_TRUE(plain);
  json plain_body = ParseBody(plain);
  EXPECT_EQ(plain_body["timed_out"], false);
  EXPECT_FALSE(plain_body.contains("warning"));
  EXPECT_FALSE(plain->has_header("X-Byline-Time-Limit-Hit"));
  std::string metrics = server.Client()->Get("/metrics")->body;
  EXPECT_EQ(testing::MetricSample(metrics, "byline_search_time_limit_hits_total"), 1);
}

TEST_F(SearchdOpsTest, NoWarningWhenTheLimitIsNotHit) {
  testing::SearchdProcess server(dir_.path(), {"--time-limit-ms", "0"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  json body = ParseBody(server.Client()->Get("/search?q=harbour"));
  EXPECT_EQ(body["timed_out"], false);
  EXPECT_FALSE(body.contains("warning"));
}

TEST_F(SearchdOpsTest, AccessLogWritesOneJsonLinePerRequest) {
  const std::string log = dir_.File("access.log");
  {
    testing::SearchdProcess server(dir_.path(), {"--access-log", log});
    ASSERT_TRUE(server.ok()) << server.startup_output();
    auto client = server.Client();
    client->Get("/search?q=harbour+dawn");
    client->Get("/articles/missing");
    client->Get("/health");
    EXPECT_EQ(server.Stop(), 0);
  }
  std::istringstream lines(testing::ReadFile(log));
  std::vector<json> entries;
  for (std::string line; std::getline(lines, line);) {
    entries.push_back(json::parse(line, nullptr, false));
    ASSERT_FALSE(entries.back().is_discarded()) << line;
  }
  ASSERT_EQ(entries.size(), 3u);
  // Each worker logs once its answer is out, so lines may come in any order.
  std::map<std::string, json> by_route;
  for (const auto& entry : entries) by_route[entry["route"].get<std::string>()] = entry;
  const json& search = by_route["/search"];
  EXPECT_EQ(search["method"], "GET");
  EXPECT_EQ(search["target"], "/search?q=harbour+dawn");
  EXPECT_EQ(search["status"], 200);
  EXPECT_EQ(search["remote"], "127.0.0.1");
  EXPECT_GT(search["bytes"].get<int>(), 0);
  EXPECT_GE(search["duration_ms"].get<double>(), 0);
  EXPECT_TRUE(search.contains("time"));
  EXPECT_EQ(by_route["/articles/{id}"]["status"], 404);
  EXPECT_EQ(by_route["/articles/{id}"]["target"], "/articles/missing");
  EXPECT_EQ(by_route["/health"]["status"], 200);
}

TEST_F(SearchdOpsTest, AccessLogInCommonLogFormat) {
  const std::string log = dir_.File("access.log");
  {
    testing::SearchdProcess server(dir_.path(),
                                   {"--access-log", log, "--access-log-format", "common"});
    ASSERT_TRUE(server.ok()) << server.startup_output();
    server.Client()->Get("/search?q=harbour");
    EXPECT_EQ(server.Stop(), 0);
  }
  std::string text = testing::ReadFile(log);
  EXPECT_TRUE(std::regex_match(
      text, std::regex(R"(127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] )"
                       R"("GET /search\?q=harbour HTTP/1\.1" 200 \d+\n)")))
      << text;
}

TEST_F(SearchdOpsTest, NoAccessLogByDefault) {
  testing::SearchdProcess server(dir_.path());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  server.Client()->Get("/health");
  EXPECT_EQ(server.Stop(), 0);
  // Nothing was written beside the index, and the flag is documented as off.
  EXPECT_EQ(server.startup_output().find("access"), std::string::npos);
}

TEST_F(SearchdOpsTest, CorsEchoesOnlyAllowedOrigins) {
  testing::SearchdProcess server(dir_.path(), {"--cors-origin", "https://news.example",
                                               "--cors-origin", "http://localhost:3000"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();

  auto allowed = client->Get("/search?q=harbour", {{"Origin", "http://localhost:3000"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_EQ(allowed->get_header_value("Vary"), "Origin");

  auto other = client->Get("/search?q=harbour", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);  // answered, but a browser will not let the page read it
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(other->get_header_value("Vary"), "Origin");

  auto preflight =
      client->Options("/search", {{"Origin", "https://news.example"},
                                  {"Access-Control-Request-Method", "GET"},
                                  {"Access-Control-Request-Headers", "authorization"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"), "https://news.example");
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Methods").find("GET"),
            std::string::npos);
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Headers").find("Authorization"),
            std::string::npos);
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Headers").find("X-API-Key"),
            std::string::npos);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Max-Age"), "600");
  // The admin write routes' methods too, for a page sending writes.
  auto write_preflight = client->Options(
      "/admin/articles/a1", {{"Origin", "https://news.example"},
                             {"Access-Control-Request-Method", "PUT"},
                             {"Access-Control-Request-Headers", "authorization, content-type"}});
  ASSERT_TRUE(write_preflight);
  EXPECT_EQ(write_preflight->status, 204);
  for (const char* method : {"GET", "POST", "PUT", "DELETE"}) {
    EXPECT_NE(write_preflight->get_header_value("Access-Control-Allow-Methods").find(method),
              std::string::npos)
        << method;
    EXPECT_NE(write_preflight->get_header_value("Allow").find(method), std::string::npos) << method;
  }

  auto refused = client->Options(
      "/search", {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_FALSE(refused->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(ParseBody(refused)["error"]["code"], "origin_not_allowed");
}

TEST_F(SearchdOpsTest, NoCorsHeadersWithoutAnAllowList) {
  testing::SearchdProcess server(dir_.path());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto res = server.Client()->Get("/search?q=harbour", {{"Origin", "https://news.example"}});
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(res->has_header("Vary"));
}

TEST_F(SearchdOpsTest, ApiKeyGuardsSearchRoutesOnly) {
  testing::SearchdProcess server(dir_.path(), {"--api-key", kApiKey, "--admin-token", kAdminToken});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  const std::string bearer = std::string("Bearer ") + kApiKey;

  for (const char* path : {"/search?q=harbour", "/articles/a1"}) {
    auto missing = client->Get(path);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 401) << path;
    EXPECT_EQ(missing->get_header_value("WWW-Authenticate"), "Bearer realm=\"byline\"");
    EXPECT_EQ(ParseBody(missing)["error"]["code"], "unauthorized");

    auto wrong = client->Get(path, {{"Authorization", "Bearer search-key-43"}});
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 403) << path;
    EXPECT_EQ(ParseBody(wrong)["error"]["code"], "forbidden");
    auto prefix = client->Get(path, {{"X-API-Key", "search-key-4"}});  // a prefix is not the key
    ASSERT_TRUE(prefix);
    EXPECT_EQ(prefix->status, 403) << path;

    EXPECT_EQ(client->Get(path, {{"Authorization", bearer}})->status, 200) << path;
    EXPECT_EQ(client->Get(path, {{"authorization", std::string("bearer ") + kApiKey}})->status, 200)
        << path;
    EXPECT_EQ(client->Get(path, {{"X-API-Key", kApiKey}})->status, 200) << path;
    EXPECT_EQ(client->Get(path, {{"Authorization", std::string("Bearer ") + kAdminToken}})->status,
              200)
        << path << ": the admin token may search too";
  }
  // Health, stats and metrics stay open for probes and scrapers.
  for (const char* path : {"/health", "/stats", "/metrics"}) {
    EXPECT_EQ(client->Get(path)->status, 200) << path;
  }
  // A preflight never carries the key, so it is not refused for lacking one.
  EXPECT_EQ(client->Options("/search", {{"Access-Control-Request-Method", "GET"}})->status, 204);
}

TEST_F(SearchdOpsTest, AdminRoutesRefuseWhenNoTokenIsConfigured) {
  testing::SearchdProcess server(dir_.path(), {"--api-key", kApiKey});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  for (const auto& headers :
       {httplib::Headers{}, httplib::Headers{{"Authorization", std::string("Bearer ") + kApiKey}},
        httplib::Headers{{"Authorization", "Bearer "}}}) {
    auto res = client->Get("/admin/stats", headers);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(ParseBody(res)["error"]["code"], "admin_disabled");
    auto reopen = client->Post("/admin/reopen", headers, "", "text/plain");
    ASSERT_TRUE(reopen);
    EXPECT_EQ(reopen->status, 403);
  }
  // The API's description is public, like /health: clients read it to learn
  // how to send the key.
  auto description = client->Get("/openapi.json");
  ASSERT_TRUE(description);
  EXPECT_EQ(description->status, 200);
  EXPECT_EQ(client->Get("/search")->status, 401);
}

// An index whose last update is unknown (no time recorded) shows null, in
// /stats as in /admin/stats (and as `byline-indexer stats --json` does).
TEST_F(SearchdOpsTest, UnknownLastUpdateIsNull) {
  {
    Xapian::WritableDatabase db(IndexLayout(dir_.path()).GenerationPath("gen-000001"));
    db.set_metadata(schema::kLastUpdateMetadataKey, "");
    db.commit();
  }
  testing::SearchdProcess server(dir_.path(), {"--admin-token", kAdminToken});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  const httplib::Headers admin = {{"Authorization", std::string("Bearer ") + kAdminToken}};
  for (const char* path : {"/stats", "/admin/stats"}) {
    auto res = server.Client()->Get(path, admin);
    ASSERT_TRUE(res) << path;
    ASSERT_EQ(res->status, 200) << path;
    json body = ParseBody(res);
    EXPECT_EQ(body["articles"], 30) << path;
    ASSERT_TRUE(body.contains("last_update")) << body;
    EXPECT_TRUE(body["last_update"].is_null()) << body;
    EXPECT_EQ(body["last_update_unix"], 0) << body;
  }
}

TEST_F(SearchdOpsTest, AdminRoutesNeedTheAdminToken) {
  testing::SearchdProcess server(dir_.path(), {"--api-key", kApiKey, "--admin-token", kAdminToken});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  const httplib::Headers admin = {{"Authorization", std::string("Bearer ") + kAdminToken}};

  EXPECT_EQ(client->Get("/admin/stats")->status, 401);
  EXPECT_EQ(
      client->Get("/admin/stats", {{"Authorization", std::string("Bearer ") + kApiKey}})->status,
      403)
      << "the search key is not an admin token";
  EXPECT_EQ(client->Get("/admin/stats", {{"X-API-Key", "admin-token-0123456788"}})->status, 403);
  EXPECT_EQ(client->Get("/admin/nothing-here", admin)->status, 404);

  auto stats = client->Get("/admin/stats", admin);
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->status, 200);
  json body = ParseBody(stats);
  EXPECT_EQ(body["articles"], 30);
  EXPECT_GT(body["terms"].get<int>(), 5);
  EXPECT_GT(body["average_length"].get<double>(), 0);
  EXPECT_EQ(body["limits"]["max_per_page"], 100);
  EXPECT_EQ(body["api_key_required"], true);
  EXPECT_EQ(body.dump().find(kAdminToken), std::string::npos) << "secrets never shown";
  EXPECT_EQ(body.dump().find(kApiKey), std::string::npos) << "secrets never shown";

  // Reopen: a commit made just now is visible at once, whatever the interval.
  IndexArticles(dir_.path(), 2, 200);
  auto reopen = client->Post("/admin/reopen", admin, "", "text/plain");
  ASSERT_TRUE(reopen);
  ASSERT_EQ(reopen->status, 200) << reopen->body;
  EXPECT_EQ(ParseBody(reopen)["articles"], 32);
  EXPECT_EQ(ParseBody(reopen)["reopened"], true);
  EXPECT_EQ(client->Get("/admin/reopen", admin)->status, 405);

  RawConnection raw(server.port());  // POST without Content-Length: 411, not a 5 s wait
  ASSERT_TRUE(raw.connected());
  ASSERT_TRUE(
      raw.Send(std::string("POST /admin/reopen HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ") +
               kAdminToken + "\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(raw.ReadUntilClosed(3000).substr(0, 12), "HTTP/1.1 411");
}

TEST_F(SearchdOpsTest, RequestsAreBounded) {
  testing::SearchdProcess server(dir_.path(), {"--admin-token", kAdminToken, "--max-request-bytes",
                                               "1024", "--max-header-bytes", "1024"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  const httplib::Headers admin = {{"Authorization", std::string("Bearer ") + kAdminToken}};

  auto big_body = client->Post("/admin/reopen", admin, std::string(4096, 'x'), "text/plain");
  ASSERT_TRUE(big_body);
  EXPECT_EQ(big_body->status, 413);
  EXPECT_EQ(ParseBody(big_body)["error"]["code"], "payload_too_large");

  auto big_headers = client->Get("/health", {{"X-Padding", std::string(2000, 'p')}});
  ASSERT_TRUE(big_headers);
  EXPECT_EQ(big_headers->status, 431);
  EXPECT_EQ(ParseBody(big_headers)["error"]["code"], "headers_too_large");

  auto long_uri = client->Get(("/search?q=" + std::string(9000, 'a')).c_str());
  ASSERT_TRUE(long_uri);
  EXPECT_EQ(long_uri->status, 414);
  EXPECT_EQ(ParseBody(long_uri)["error"]["code"], "uri_too_long");

  EXPECT_EQ(client->Get("/health")->status, 200) << "still serving";
}

TEST_F(SearchdOpsTest, SlowClientsAreCutOffAtTheReadTimeout) {
  testing::SearchdProcess server(dir_.path(), {"--read-timeout", "1"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  RawConnection raw(server.port());
  ASSERT_TRUE(raw.connected());
  ASSERT_TRUE(raw.Send("GET /health HTTP/1.1\r\nHost: t\r\n"));  // and never finishes
  raw.ReadUntilClosed(8000);
  EXPECT_TRUE(raw.closed()) << "the server should hang up on a client that stalls";
  EXPECT_EQ(server.Client()->Get("/health")->status, 200);
}

TEST_F(SearchdOpsTest, SigtermLetsTheRequestInFlightFinishThenExitsZero) {
  testing::SearchdProcess server(dir_.path());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  RawConnection raw(server.port());
  ASSERT_TRUE(raw.connected());
  // Half a request: a worker is now busy reading it.
  ASSERT_TRUE(raw.Send("GET /search?q=harbour HTTP/1.1\r\nHost: t\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(kill(server.pid(), SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Stopping: no new connections...
  httplib::Client late("127.0.0.1", server.port());
  late.set_connection_timeout(1);
  auto refused = late.Get("/health");
  EXPECT_FALSE(refused && refused->status == 200);
  // ...but the one in flight is answered in full.
  ASSERT_TRUE(raw.Send("Connection: close\r\n\r\n"));
  std::string reply = raw.ReadUntilClosed(5000);
  EXPECT_EQ(reply.substr(0, 15), "HTTP/1.1 200 OK") << reply;
  auto body_at = reply.find("\r\n\r\n");
  ASSERT_NE(body_at, std::string::npos);
  json body = json::parse(reply.substr(body_at + 4), nullptr, false);
  EXPECT_EQ(body["total"], 30);
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace byline
