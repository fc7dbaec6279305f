// Integration tests of byline-searchd as a site's own: the page's title,
// name, placeholder and accent colour from the options (escaped, the CSP
// kept), and the client address behind a trusted proxy in the access log.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;

class SearchdSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(
        dir_.path(), {testing::MakeArticle("a-1", "Harbour news", "Boats and tides.")}));
  }

  // Exit status of byline-searchd with these extra arguments; fills stderr.
  int RunSearchd(std::vector<std::string> args, std::string* err) {
    args.insert(args.begin(), {testing::ProgramPath("byline-searchd"), "--index", dir_.path(),
                               "--listen", "127.0.0.1:0"});
    std::string out;
    return testing::RunProgram(args, &out, "", err);
  }

  // The lines of a JSON access log.
  static std::vector<json> LogLines(const std::string& path) {
    std::vector<json> lines;
    std::istringstream in(testing::ReadFile(path));
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
    return lines;
  }

  // Sends GET /health?n=N with the Nth header set, then stops the server so
  // every line is written; returns the log's lines, Nth for the Nth request.
  std::vector<json> LogOf(const std::vector<std::string>& extra_args,
                          const std::vector<httplib::Headers>& requests) {
    const std::string log = dir_.File("access-" + std::to_string(++logs_) + ".log");
    std::vector<std::string> args = extra_args;
    args.insert(args.end(), {"--access-log", log});
    testing::SearchdProcess server(dir_.path(), args);
    EXPECT_TRUE(server.ok()) << server.startup_output();
    if (!server.ok()) return {};
    for (size_t i = 0; i < requests.size(); ++i) {
      auto res = server.Client()->Get(("/health?n=" + std::to_string(i)).c_str(), requests[i]);
      EXPECT_TRUE(res && res->status == 200);
    }
    EXPECT_EQ(server.Stop(), 0);
    // Workers log once their answer is out: put the lines back in order.
    std::vector<json> lines(requests.size());
    for (json& line : LogLines(log)) {
      const std::string target = line["target"];
      const size_t n = std::stoul(target.substr(target.find('=') + 1));
      if (n < lines.size()) lines[n] = std::move(line);
    }
    return lines;
  }

  testing::TempDir dir_;
  int logs_ = 0;
};

const std::vector<httplib::Headers> kForwardedRequests = {
    {},
    {{"X-Forwarded-For", "203.0.113.9"}},
    // What the client wrote itself is left of what the proxy appended.
    {{"X-Forwarded-For", "1.1.1.1, 198.51.100.7"}},
    {{"X-Forwarded-For", "unknown, junk;;"}},
    {{"Forwarded", "for=\"[2001:db8::17]:4711\";proto=https"}},
    {{"X-Forwarded-For", "198.51.100.8:5555, 127.0.0.1"}},
};

TEST_F(SearchdSiteTest, WithoutTrustedProxiesTheLogShowsThePeer) {
  auto lines = LogOf({}, kForwardedRequests);
  ASSERT_EQ(lines.size(), kForwardedRequests.size());
  for (const auto& line : lines) {
    EXPECT_EQ(line["remote"], "127.0.0.1") << line;
    EXPECT_FALSE(line.contains("peer")) << line;
  }
}

TEST_F(SearchdSiteTest, TrustedProxyGivesTheForwardedClient) {
  auto lines = LogOf({"--trusted-proxy", "127.0.0.1"}, kForwardedRequests);
  ASSERT_EQ(lines.size(), kForwardedRequests.size());
  const std::vector<std::string> expected = {
      "127.0.0.1",     // no header
      "203.0.113.9",   // the client
      "198.51.100.7",  // not the address the client made up
      "127.0.0.1",     // junk: the peer
      "127.0.0.1",     // Forwarded is not the header chosen
      "198.51.100.8",  // port off, our own proxy skipped
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i]["remote"], expected[i]) << lines[i];
    if (expected[i] != "127.0.0.1") {
      EXPECT_EQ(lines[i]["peer"], "127.0.0.1") << lines[i];
    }
  }
}

TEST_F(SearchdSiteTest, ForwardedIsReadWhenChosenAndXForwardedForIsNot) {
  auto lines = LogOf({"--trusted-proxy", "127.0.0.0/8,::1", "--proxy-header", "forwarded"},
                     kForwardedRequests);
  ASSERT_EQ(lines.size(), kForwardedRequests.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i]["remote"], i == 4 ? "2001:db8::17" : "127.0.0.1") << lines[i];
  }
}

TEST_F(SearchdSiteTest, APeerOutsideTheTrustedRangesIsNotBelieved) {
  auto lines =
      LogOf({"--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "fd00::/8"}, kForwardedRequests);
  ASSERT_EQ(lines.size(), kForwardedRequests.size());
  for (const auto& line : lines) EXPECT_EQ(line["remote"], "127.0.0.1") << line;
}

TEST_F(SearchdSiteTest, CommonLogFormatAndConfigFileTakeTheForwardedClientToo) {
  testing::WriteFile(dir_.File("searchd.toml"),
                     "trusted-proxy = [\"192.0.2.0/24\", \"127.0.0.1\"]\n"
                     "access-log-format = \"common\"\n");
  const std::string log = dir_.File("common.log");
  {
    testing::SearchdProcess server(dir_.path(),
                                   {"--config", dir_.File("searchd.toml"), "--access-log", log});
    ASSERT_TRUE(server.ok()) << server.startup_output();
    server.Client()->Get("/health", {{"X-Forwarded-For", "203.0.113.50, 192.0.2.4"}});
    EXPECT_EQ(server.Stop(), 0);
  }
  const std::string text = testing::ReadFile(log);
  EXPECT_EQ(text.rfind("203.0.113.50 - - [", 0), 0u) << text;
}

// Statuses of GET /search?q=harbour with each header set, in turn.
std::vector<int> SearchStatuses(const testing::SearchdProcess& server,
                                const std::vector<httplib::Headers>& requests) {
  std::vector<int> statuses;
  for (const auto& headers : requests) {
    auto res = server.Client()->Get("/search?q=harbour", headers);
    statuses.push_back(res ? res->status : -1);
  }
  return statuses;
}

TEST_F(SearchdSiteTest, RateLimitHoldsBackOneClientAndSaysWhen) {
  // One request every 100 s after a burst of 3: the 4th is refused however
  // slow the machine.
  testing::SearchdProcess server(dir_.path(), {"--rate-limit", "0.01", "--rate-burst", "3"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_EQ(SearchStatuses(server, {{}, {}, {}}), (std::vector<int>{200, 200, 200}));
  auto refused = server.Client()->Get("/suggest?q=harb");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  const int retry_after = std::stoi(refused->get_header_value("Retry-After"));
  EXPECT_GT(retry_after, 90);
  EXPECT_LE(retry_after, 100);
  const json body = json::parse(refused->body);
  EXPECT_EQ(body["error"]["code"], "rate_limited");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("127.0.0.1"), std::string::npos);
  // A header sent straight to searchd does not make a new client.
  EXPECT_EQ(SearchStatuses(server, {{{"X-Forwarded-For", "198.51.100.1"}}}),
            (std::vector<int>{429}));
  // Health checks, metrics and the page are not counted.
  for (const char* path : {"/health", "/metrics", "/", "/widget.js"}) {
    auto res = server.Client()->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
  }
}

TEST_F(SearchdSiteTest, GuessingTheApiKeyCountsAgainstTheRateLimit) {
  testing::SearchdProcess server(
      dir_.path(), {"--rate-limit", "0.01", "--rate-burst", "2", "--api-key", "right-key-123"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_EQ(SearchStatuses(server, {{{"X-API-Key", "guess-1"}},
                                    {{"X-API-Key", "guess-2"}},
                                    {{"X-API-Key", "right-key-123"}}}),
            (std::vector<int>{403, 403, 429}));
}

TEST_F(SearchdSiteTest, BehindATrustedProxyEachForwardedClientHasItsOwnLimit) {
  testing::SearchdProcess server(
      dir_.path(), {"--rate-limit", "0.01", "--rate-burst", "2", "--trusted-proxy", "127.0.0.1"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  const httplib::Headers first = {{"X-Forwarded-For", "198.51.100.1"}};
  const httplib::Headers second = {{"X-Forwarded-For", "198.51.100.2"}};
  // The first client, pretending to be another to the proxy, stays itself.
  const httplib::Headers first_spoofing = {{"X-Forwarded-For", "198.51.100.9, 198.51.100.1"}};
  EXPECT_EQ(SearchStatuses(server, {first, first, first_spoofing, second, second, second}),
            (std::vector<int>{200, 200, 429, 200, 200, 429}));
}

TEST_F(SearchdSiteTest, BadProxyAndPageOptionsAreUsageErrorsNamingThem) {
  struct Case {
    std::vector<std::string> args;
    std::string expected;  // in stderr
  };
  const std::vector<Case> cases = {
      {{"--trusted-proxy", "10.0.0.0/33"}, "--trusted-proxy \"10.0.0.0/33\""},
      {{"--trusted-proxy", "127.0.0.1,proxy.example"}, "--trusted-proxy \"proxy.example\""},
      {{"--trusted-proxy", "::1/200"}, "--trusted-proxy \"::1/200\""},
      {{"--proxy-header", "x-real-ip"}, "--proxy-header"},
      {{"--rate-limit", "-1"}, "--rate-limit"},
      {{"--rate-limit", "nan"}, "--rate-limit"},
      {{"--rate-burst", "0.5"}, "--rate-burst"},
      {{"--accent-color", "red"}, "--accent-color \"red\""},
      {{"--accent-color", "#12345"}, "--accent-color \"#12345\""},
      {{"--accent-color", "#fff;}body{display:none"}, "--accent-color"},
      {{"--page-title", "Line\nbreak"}, "--page-title"},
      {{"--page-title", std::string(201, 'x')}, "--page-title"},
      {{"--logo-text", "\xff\xfe"}, "--logo-text"},
      {{"--placeholder", std::string("tab\there")}, "--placeholder"},
  };
  for (const auto& c : cases) {
    std::string err;
    EXPECT_EQ(RunSearchd(c.args, &err), 2) << c.expected;
    EXPECT_NE(err.find(c.expected), std::string::npos) << "stderr: " << err;
  }
}

TEST_F(SearchdSiteTest, DefaultPageIsByline) {
  testing::SearchdProcess server(dir_.path());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto page = server.Client()->Get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("<title>Byline search</title>"), std::string::npos);
  EXPECT_NE(page->body.find("placeholder=\"Search articles\""), std::string::npos);
  EXPECT_EQ(page->body.find("/assets/theme."), std::string::npos);
  EXPECT_EQ(page->body.find("{{"), std::string::npos);
  auto widget = server.Client()->Get("/widget.js");
  ASSERT_TRUE(widget);
  EXPECT_NE(widget->body.find("const SITE = {\"placeholder\":\"Search articles\"};"),
            std::string::npos);
}

TEST_F(SearchdSiteTest, ASiteTextNamingAnotherFieldStaysText) {
  // Filled in one pass: a value is never filled in again.
  testing::SearchdProcess server(
      dir_.path(), {"--placeholder", "{{site:theme}}", "--page-title", "{{site:logo_text}}",
                    "--logo-text", "Gazette", "--accent-color", "#b8321a"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto page = server.Client()->Get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("placeholder=\"{{site:theme}}\""), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("<title>{{site:logo_text}}</title>"), std::string::npos);
}

TEST_F(SearchdSiteTest, PageTakesTheSitesTextEscapedAndItsColour) {
  testing::WriteFile(dir_.File("site.toml"),
                     "page-title = \"Harbour <Gazette> & \\\"Co\\\"\"\n"
                     "placeholder = \"Search the </script> archive\"\n");
  testing::SearchdProcess server(dir_.path(), {"--config", dir_.File("site.toml"), "--logo-text",
                                               "Gazette's", "--accent-color", "#FE3"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  auto page = client->Get("/");
  ASSERT_TRUE(page);
  const std::string& html = page->body;
  EXPECT_NE(html.find("<title>Harbour &lt;Gazette&gt; &amp; &quot;Co&quot;</title>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find(">Gazette&#39;s</a>"), std::string::npos);
  EXPECT_NE(html.find("placeholder=\"Search the &lt;/script&gt; archive\""), std::string::npos);
  EXPECT_EQ(html.find("<Gazette>"), std::string::npos);
  // The CSP stays strict: the colour comes in a stylesheet of this origin.
  const std::string csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("style-src 'self';"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(html.find("<style"), std::string::npos);

  std::smatch theme;
  ASSERT_TRUE(std::regex_search(html, theme,
                                std::regex(R"re(href="(/assets/theme\.[0-9a-f]{10}\.css)")re")))
      << html;
  auto css = client->Get(theme[1].str());
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_NE(css->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  EXPECT_NE(css->body.find("--accent: #ffee33;"), std::string::npos) << css->body;
  // Yellow is too light for links on white or white text: a darker one for
  // links, dark text on the button.
  std::smatch text;
  ASSERT_TRUE(std::regex_search(css->body, text, std::regex("--accent-text: (#[0-9a-f]{6});")));
  EXPECT_NE(text[1].str(), "#ffee33");
  EXPECT_EQ(css->body.find("--on-accent: #fff;"), std::string::npos) << css->body;
  // In dark mode yellow reads on the dark background as it is.
  EXPECT_NE(
      css->body.find("@media (prefers-color-scheme: dark) {\n  :root { --accent-text: #ffee33;"),
      std::string::npos)
      << css->body;

  auto widget_css = client->Get("/widget.css");
  ASSERT_TRUE(widget_css);
  EXPECT_NE(widget_css->body.find("--byline-accent-text: " + text[1].str()), std::string::npos)
      << widget_css->body;
  auto widget_js = client->Get("/widget.js");
  ASSERT_TRUE(widget_js);
  EXPECT_NE(widget_js->body.find("{\"placeholder\":\"Search the </script> archive\"}"),
            std::string::npos);

  // The ETags follow what is served, and still answer 304.
  const std::string etag = page->get_header_value("ETag");
  auto again = client->Get("/", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  testing::SearchdProcess plain(dir_.path());
  ASSERT_TRUE(plain.ok());
  auto plain_page = plain.Client()->Get("/");
  ASSERT_TRUE(plain_page);
  EXPECT_NE(plain_page->get_header_value("ETag"), etag);
  EXPECT_NE(plain.Client()->Get("/widget.css")->get_header_value("ETag"),
            widget_css->get_header_value("ETag"));
}

// Keys as TOML files often spell them, and a colour's # kept in its quotes
// (CLI11 alone takes it for a comment) while a comment after a value goes.
TEST_F(SearchdSiteTest, ConfigKeysMayUseUnderscoresAndQuotedValuesKeepTheirHash) {
  testing::WriteFile(dir_.File("site.toml"),
                     "# the site\npage_title = \"Underscored # one\"  # a comment\n"
                     "logo_text = \"U\"\naccent_color = \"#123\" # dark blue\n"
                     "trusted_proxy = [\"127.0.0.1\"]\nthreads = 3 # workers\n");
  testing::SearchdProcess server(dir_.path(), {"--config", dir_.File("site.toml")});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto page = server.Client()->Get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("<title>Underscored # one</title>"), std::string::npos) << page->body;
  std::smatch theme;
  ASSERT_TRUE(
      std::regex_search(page->body, theme, std::regex(R"re(/assets/theme\.[0-9a-f]+\.css)re")));
  auto css = server.Client()->Get(theme[0].str());
  ASSERT_TRUE(css);
  EXPECT_NE(css->body.find("--accent: #112233;"), std::string::npos) << css->body;
}

}  // namespace
}  // namespace byline
