// Integration tests of the byline-search program.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::ProgramPath;
using testing::RunProgram;
using testing::RunSearch;

class SearchCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string out;
    ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index_,
                          testing::DataDir() + "/articles.jsonl"},
                         &out),
              0)
        << out;
  }
  testing::TempDir dir_;
  std::string index_ = dir_.File("index");
};

TEST_F(SearchCliTest, PrintsRankedResultsWithPlainTextOffATerminal) {
  std::string out;
  ASSERT_EQ(RunSearch({"--index", index_, "--limit", "2", "sourdough"}, &out), 0) << out;
  EXPECT_NE(out.find("matching articles"), std::string::npos) << out;
  EXPECT_NE(out.find("1. "), std::string::npos) << out;
  EXPECT_EQ(out.find("<mark>"), std::string::npos) << out;
  EXPECT_EQ(out.find("\033["), std::string::npos) << out;  // no colour when piped
}

TEST_F(SearchCliTest, JsonOutputCarriesHighlightedHits) {
  std::string out;
  ASSERT_EQ(RunSearch({"--index", index_, "--json", "\"heat pump\""}, &out), 0) << out;
  json body = json::parse(out);
  ASSERT_GE(body["hits"].size(), 1u);
  EXPECT_EQ(body["ids"][0], body["hits"][0]["id"]);
  EXPECT_NE(body["hits"][0]["snippet_html"].get<std::string>().find("<mark>heat pump</mark>"),
            std::string::npos);
}

TEST_F(SearchCliTest, BatchRunsOneQueryPerLineAndKeepsQueryIds) {
  std::string out;
  ASSERT_EQ(RunSearch({"--index", index_, "--batch", "-", "--op", "or", "--limit", "1000",
                       "--no-snippets"},
                      &out, "q1\tsourdough bread\nq2\tmarathon runners\nmars rover\n"),
            0)
      << out;
  std::istringstream lines(out);
  std::string line;
  std::vector<json> results;
  while (std::getline(lines, line)) results.push_back(json::parse(line));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["qid"], "q1");
  EXPECT_EQ(results[1]["qid"], "q2");
  EXPECT_EQ(results[2]["qid"], "3");  // no id given: the line number
  for (const auto& r : results) {
    EXPECT_GE(r["ids"].size(), 1u) << r.dump();
    EXPECT_FALSE(r.contains("hits"));
  }
}

TEST_F(SearchCliTest, QueryWordsWithBatchAreRefusedNotDropped) {
  std::string out;
  // "--facets source tag" reads "tag" as a query word: say so rather than ignore it.
  EXPECT_EQ(RunSearch({"--index", index_, "--batch", "-", "--facets", "source", "tag"}, &out,
                      "sourdough\n"),
            2);
  EXPECT_NE(out.find("\"tag\"...) cannot be given with --batch"), std::string::npos) << out;
}

TEST_F(SearchCliTest, MissingIndexIsAClearError) {
  std::string out;
  EXPECT_EQ(RunSearch({"--index", dir_.File("nope"), "x"}, &out), 1);
  EXPECT_NE(out.find("no Byline index"), std::string::npos) << out;
}

TEST_F(SearchCliTest, FiltersFacetsSortAndAutocorrectFlags) {
  std::string out;
  ASSERT_EQ(RunSearch({"--index", index_, "--json", "--tag", "energy", "--tag", "running",
                       "--source", "The Harbour Gazette", "--facets", "tag,year", "--sort=-date",
                       "--from", "2023", "port"},
                      &out),
            0)
      << out;
  json body = json::parse(out);
  EXPECT_EQ(body["ids"], json({"byline-0007", "byline-0006", "byline-0001"}));
  EXPECT_EQ(body["facets"]["year"][0]["value"], "2024");
  EXPECT_EQ(body["facets"]["year"][0]["count"], 2);

  ASSERT_EQ(RunSearch({"--index", index_, "--json", "--autocorrect", "sourdogh"}, &out), 0) << out;
  body = json::parse(out);
  EXPECT_EQ(body["corrected"], true);
  EXPECT_EQ(body["did_you_mean"], "sourdough");

  std::string err;
  EXPECT_EQ(RunSearch({"--index", index_, "--from", "2024-13", "x"}, &out, "", &err), 2);
  EXPECT_NE(err.find("--from: bad date \"2024-13\""), std::string::npos) << err;
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

TEST_F(SearchCliTest, LikeListsRelatedArticlesNeverTheArticleItself) {
  std::string out;
  ASSERT_EQ(RunSearch({"--index", index_, "--json", "--like", "byline-0006"}, &out), 0) << out;
  json body = json::parse(out);
  EXPECT_EQ(body["like"], "byline-0006");
  ASSERT_EQ(body["hits"].size(), 5u) << out;  // --like's default limit
  for (const auto& hit : body["hits"]) EXPECT_NE(hit["id"], "byline-0006");
  // A marathon article: another running article comes first.
  const auto& tags = body["hits"][0]["tags"];
  EXPECT_NE(std::find(tags.begin(), tags.end(), "running"), tags.end()) << out;

  ASSERT_EQ(RunSearch({"--index", index_, "--like", "byline-0006", "--limit", "2", "--source",
                       "Field Notes Science"},
                      &out),
            0)
      << out;
  EXPECT_NE(out.find("articles related to byline-0006"), std::string::npos) << out;
  EXPECT_NE(out.find("1. "), std::string::npos) << out;
  EXPECT_EQ(out.find("3. "), std::string::npos) << out;
  EXPECT_EQ(out.find("The Harbour Gazette"), std::string::npos) << out;  // --source applies
}

TEST_F(SearchCliTest, LikeWithAnUnknownIdOrQueryWordsIsAnError) {
  std::string out;
  EXPECT_EQ(RunSearch({"--index", index_, "--like", "no-such-id"}, &out), 1) << out;
  EXPECT_NE(out.find("no article with id \"no-such-id\""), std::string::npos) << out;
  EXPECT_EQ(RunSearch({"--index", index_, "--like", "byline-0006", "solar"}, &out), 2) << out;
  EXPECT_NE(out.find("--like takes no query words"), std::string::npos) << out;
  EXPECT_EQ(RunSearch({"--index", index_, "--like", "byline-0006", "--sort", "date"}, &out), 2)
      << out;
  EXPECT_NE(out.find("--sort cannot be used with --like"), std::string::npos) << out;
}

}  // namespace
}  // namespace byline
