// Issue #15 through the real programs: byline-searchd's `total` for one query
// is the same whatever sort, page, per_page and snippets, on an index built
// by byline-indexer (one database or local shards); exact up to 1,000
// matches, or up to --max-depth when that is deeper, and a lower bound
// beyond; facets make it exact; byline-search says "1000+".
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::ProgramPath;
using testing::RunProgram;

constexpr int kArticles = 2500;
// Every article has "ferry" (2,500), three in five "tide" (1,500), four in
// 25 "gull" (400).
constexpr int kFerry = 2500, kTide = 1500, kGull = 400;

std::string Corpus() {
  std::string text;
  for (int i = 0; i < kArticles; ++i) {
    std::string body = "The ferry bulletin number " + std::to_string(i);
    if (i % 5 < 3) body += " reports the tide";
    if (i % 25 < 4) body += " and a gull";
    Article a =
        testing::MakeArticle("t-" + std::to_string(i), "Bulletin " + std::to_string(i), body + ".");
    a.source = i % 3 == 0 ? "North Desk" : i % 3 == 1 ? "South Desk" : "Night Desk";
    auto two = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
    a.published = "20" + two(20 + i % 5) + "-" + two(1 + i % 12) + "-" + two(1 + i % 28);
    text += testing::ToJsonLine(a);
  }
  return text;
}

// The same query asked in every way that must not change its total.
const char* const kVariants[] = {
    "",
    "&sort=date",
    "&sort=-date",
    "&recency=30d",
    "&page=2",
    "&per_page=100",
    "&page=10&per_page=100",
    "&page=99",
    "&snippets=false",
    "&sort=date&page=7&per_page=3&snippets=false",
    "&sort=-date&page=50&per_page=20",
};

class SearchdTotalsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    testing::WriteFile(dir_->File("articles.jsonl"), Corpus());
    std::string out;
    ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", dir_->File("whole"),
                          "--reindex", "--quiet", dir_->File("articles.jsonl")},
                         &out),
              0)
        << out;
    ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", dir_->File("sharded"),
                          "--shards", "3", "--quiet", dir_->File("articles.jsonl")},
                         &out),
              0)
        << out;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static json Get(const testing::SearchdProcess& server, const std::string& path) {
    auto res = server.Client()->Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << path << " -> " << res->body;
    return json::parse(res->body, nullptr, false);
  }

  // Asks `q` every way in kVariants; each must say `total` and `exact`.
  static void ExpectTotal(const testing::SearchdProcess& server, const std::string& q, int total,
                          bool exact) {
    for (const char* variant : kVariants) {
      const std::string path = "/search?q=" + q + variant;
      json body = Get(server, path);
      EXPECT_EQ(body["total"], total) << path;
      EXPECT_EQ(body["total_exact"], exact) << path;
    }
  }

  static testing::TempDir* dir_;
};

testing::TempDir* SearchdTotalsTest::dir_ = nullptr;

TEST_F(SearchdTotalsTest, TotalIsTheSameForEverySortPageAndSnippetSetting) {
  for (const char* index : {"whole", "sharded"}) {
    SCOPED_TRACE(index);
    testing::SearchdProcess server(dir_->File(index));
    ASSERT_TRUE(server.ok()) << server.startup_output();
    ExpectTotal(server, "gull", kGull, true);
    // More than 1,000 match: 1,000 is what is known for every page.
    ExpectTotal(server, "tide", 1000, false);
    ExpectTotal(server, "ferry", 1000, false);
    ExpectTotal(server, "tide+-gull", 1000, false);
    ExpectTotal(server, "gull+tide", 300, true);  // i % 25 < 3
    // Facets count every match: the total is exact, and the sources (one
    // per article) add up to it.
    for (const char* variant : {"", "&sort=date&page=30"}) {
      json body = Get(server, std::string("/search?q=tide&facets=source") + variant);
      EXPECT_EQ(body["total"], kTide);
      EXPECT_EQ(body["total_exact"], true);
      int sum = 0;
      for (const auto& value : body["facets"]["source"]) sum += value["count"].get<int>();
      EXPECT_EQ(sum, kTide);
    }
  }
}

TEST_F(SearchdTotalsTest, CountsExactlyAsDeepAsClientsMayPage) {
  // With --max-depth 2000 the page may show results up to 2,000, so its
  // pager needs the total that far.
  testing::SearchdProcess server(dir_->File("whole"), {"--max-depth", "2000"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  for (const char* deep : {"&page=150", "&page=20&per_page=100", "&page=1"}) {
    json body = Get(server, std::string("/search?q=tide") + deep);
    EXPECT_EQ(body["total"], kTide) << deep;
    EXPECT_EQ(body["total_exact"], true) << deep;
    body = Get(server, std::string("/search?q=ferry") + deep);
    EXPECT_EQ(body["total"], 2000) << deep;
    EXPECT_EQ(body["total_exact"], false) << deep;
  }
}

TEST_F(SearchdTotalsTest, CommandLineSaysALowerBoundWithAPlus) {
  std::string out;
  const std::string index = dir_->File("whole");
  ASSERT_EQ(testing::RunSearch({"--index", index, "tide"}, &out), 0) << out;
  EXPECT_NE(out.find("1000+ matching articles"), std::string::npos) << out;
  // Deeper than 1,000 (--offset has no limit): the same lower bound.
  ASSERT_EQ(testing::RunSearch({"--index", index, "--offset", "1495", "--json", "tide"}, &out), 0)
      << out;
  json body = json::parse(out, nullptr, false);
  EXPECT_EQ(body["total"], 1000) << out;
  EXPECT_EQ(body["total_exact"], false) << out;
  EXPECT_EQ(body["ids"].size(), 5u) << out;
  ASSERT_EQ(testing::RunSearch({"--index", index, "gull"}, &out), 0) << out;
  EXPECT_EQ(out.rfind("400 matching articles\n", 0), 0u) << out;
}

}  // namespace
}  // namespace byline
