// byline-searchd's options: --help, the config file, BYLINE_* variables,
// and bad values refused at start with a message naming the option.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;

class SearchdConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Article> articles;
    for (int i = 0; i < 40; ++i) {
      articles.push_back(testing::MakeArticle("a" + std::to_string(i),
                                              "Harbour report " + std::to_string(i),
                                              "Boats came into the harbour at dawn."));
    }
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_.path(), articles));
  }
  void TearDown() override {
    unsetenv("BYLINE_MAX_PER_PAGE");
    unsetenv("BYLINE_CONFIG");
  }

  // Exit status of byline-searchd with these extra arguments; fills stderr.
  int RunSearchd(std::vector<std::string> args, std::string* err) {
    args.insert(args.begin(), {testing::ProgramPath("byline-searchd"), "--index", dir_.path(),
                               "--listen", "127.0.0.1:0"});
    std::string out;
    return testing::RunProgram(args, &out, "", err);
  }

  // The status GET /search?q=harbour&per_page=N answers on `server`.
  static int PerPageStatus(const testing::SearchdProcess& server, int per_page) {
    auto res =
        server.Client()->Get(("/search?q=harbour&per_page=" + std::to_string(per_page)).c_str());
    return res ? res->status : -1;
  }

  testing::TempDir dir_;
};

TEST_F(SearchdConfigTest, HelpExplainsEveryOptionAndItsVariable) {
  std::string out;
  ASSERT_EQ(testing::RunProgram({testing::ProgramPath("byline-searchd"), "--help"}, &out), 0);
  for (const char* flag : {"--config",
                           "--index",
                           "--listen",
                           "--threads",
                           "--max-query-bytes",
                           "--max-per-page",
                           "--default-per-page",
                           "--max-depth",
                           "--max-snippet-chars",
                           "--time-limit-ms",
                           "--reopen-interval-ms",
                           "--max-wildcard-expansion",
                           "--max-request-bytes",
                           "--max-header-bytes",
                           "--read-timeout",
                           "--request-timeout",
                           "--write-timeout",
                           "--keep-alive-max",
                           "--keep-alive-timeout",
                           "--cors-origin",
                           "--api-key",
                           "--admin-token",
                           "--access-log",
                           "--access-log-format",
                           "--tls-cert",
                           "--tls-key",
                           "--remote-timeout-ms",
                           "--remote-connect-timeout-ms",
                           "--allow-partial",
                           "--max-searches",
                           "--queue-timeout"}) {
    EXPECT_NE(out.find(flag), std::string::npos) << flag;
  }
  for (const char* env : {"BYLINE_CONFIG", "BYLINE_THREADS", "BYLINE_ADMIN_TOKEN", "BYLINE_API_KEY",
                          "BYLINE_CORS_ORIGIN", "BYLINE_ACCESS_LOG"}) {
    EXPECT_NE(out.find(env), std::string::npos) << env;
  }
}

TEST_F(SearchdConfigTest, TomlConfigFileSetsOptions) {
  testing::WriteFile(dir_.File("searchd.toml"),
                     "# byline-searchd settings\nmax-per-page = 20\nthreads = 2\n"
                     "cors-origin = [\"https://a.example\"]\n");
  testing::SearchdProcess server(dir_.path(), {"--config", dir_.File("searchd.toml")});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_EQ(PerPageStatus(server, 20), 200);
  EXPECT_EQ(PerPageStatus(server, 21), 400);
  httplib::Headers origin = {{"Origin", "https://a.example"}};
  auto res = server.Client()->Get("/health", origin);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "https://a.example");
}

TEST_F(SearchdConfigTest, IniConfigFileSetsOptions) {
  testing::WriteFile(dir_.File("searchd.ini"), "; byline-searchd\nmax-per-page=15\n");
  testing::SearchdProcess server(dir_.path(), {"--config", dir_.File("searchd.ini")});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_EQ(PerPageStatus(server, 15), 200);
  EXPECT_EQ(PerPageStatus(server, 16), 400);
}

TEST_F(SearchdConfigTest, EnvironmentBeatsFileAndFlagBeatsEnvironment) {
  testing::WriteFile(dir_.File("searchd.toml"), "max-per-page = 20\n");
  setenv("BYLINE_MAX_PER_PAGE", "30", 1);
  {
    testing::SearchdProcess server(dir_.path(), {"--config", dir_.File("searchd.toml")});
    ASSERT_TRUE(server.ok()) << server.startup_output();
    EXPECT_EQ(PerPageStatus(server, 30), 200);
    EXPECT_EQ(PerPageStatus(server, 31), 400);
  }
  {
    testing::SearchdProcess server(dir_.path(),
                                   {"--config", dir_.File("searchd.toml"), "--max-per-page", "40"});
    ASSERT_TRUE(server.ok()) << server.startup_output();
    EXPECT_EQ(PerPageStatus(server, 40), 200);
    EXPECT_EQ(PerPageStatus(server, 41), 400);
  }
}

TEST_F(SearchdConfigTest, ConfigFileFromTheEnvironment) {
  testing::WriteFile(dir_.File("searchd.toml"), "max-per-page = 12\n");
  setenv("BYLINE_CONFIG", dir_.File("searchd.toml").c_str(), 1);
  testing::SearchdProcess server(dir_.path());
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_EQ(PerPageStatus(server, 13), 400);
}

TEST_F(SearchdConfigTest, BadValuesAreRefusedNamingTheOption) {
  struct Case {
    std::string file_text;  // written to bad.toml and passed with --config when set
    std::vector<std::string> args;
    std::string expected;  // in stderr
    int exit_status = 2;   // a usage error, unless it is found only when searchd starts
  };
  const std::vector<Case> cases = {
      {"threads = \"lots\"\n", {}, "threads"},
      {"thread = 4\n", {}, "thread"},  // a typo is an error, not silently ignored
      {"", {"--config", "/nonexistent/searchd.toml"}, "/nonexistent/searchd.toml"},
      {"", {"--threads", "0"}, "--threads"},
      {"", {"--threads", "-3"}, "--threads"},
      {"", {"--listen", "127.0.0.1:99999"}, "--listen"},
      {"", {"--listen", "localhost"}, "--listen"},
      {"", {"--time-limit-ms", "-1"}, "--time-limit-ms"},
      {"", {"--remote-timeout-ms", "0"}, "--remote-timeout-ms"},
      {"", {"--remote-connect-timeout-ms", "nan"}, "--remote-connect-timeout-ms"},
      {"", {"--max-per-page", "0"}, "--max-per-page"},
      {"", {"--max-header-bytes", "10"}, "--max-header-bytes"},
      {"", {"--read-timeout", "0"}, "--read-timeout"},
      {"", {"--keep-alive-timeout", "0"}, "--keep-alive-timeout"},
      {"", {"--max-searches", "5000"}, "--max-searches"},
      {"", {"--max-searches", "-1"}, "--max-searches"},
      {"", {"--queue-timeout", "0"}, "--queue-timeout"},
      {"", {"--request-timeout", "-5"}, "--request-timeout"},
      {"", {"--request-timeout", "86400"}, "--request-timeout"},
      {"", {"--request-timeout", "99999999999999"}, "--request-timeout"},
      {"", {"--request-timeout", "soon"}, "--request-timeout"},
      {"request-timeout = -1\n", {}, "--request-timeout"},
      {"", {"--admin-token", "short"}, "--admin-token"},
      {"", {"--cors-origin", "example.com"}, "--cors-origin"},
      {"", {"--cors-origin", "https://example.com/"}, "--cors-origin"},
      {"", {"--access-log-format", "xml"}, "--access-log-format"},
      {"", {"--tls-cert", dir_.File("cert.pem")}, "--tls-cert and --tls-key go together"},
      // A log that cannot be opened is found at start: fatal, not usage.
      {"", {"--access-log", "/nonexistent/dir/access.log"}, "--access-log", 1},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = c.args;
    if (!c.file_text.empty()) {
      testing::WriteFile(dir_.File("bad.toml"), c.file_text);
      args.insert(args.end(), {"--config", dir_.File("bad.toml")});
    }
    std::string err;
    EXPECT_EQ(RunSearchd(args, &err), c.exit_status) << c.expected;
    EXPECT_NE(err.find(c.expected), std::string::npos) << "stderr: " << err;
    if (c.exit_status == 2) {
      EXPECT_NE(err.find("Run with --help for more information."), std::string::npos) << err;
    }
  }
}

}  // namespace
}  // namespace byline
