// byline-indexer --synonyms / --stopwords, end to end with byline-search.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using testing::ProgramPath;
using testing::RunProgram;
using testing::RunSearch;

int SearchTotal(const std::string& index, const std::string& query) {
  std::string out;
  EXPECT_EQ(RunSearch({"--index", index, "--json", query}, &out), 0) << out;
  auto body = nlohmann::json::parse(out, nullptr, false);
  return body.is_discarded() ? -1 : body["total"].get<int>();
}

TEST(IndexerWordListsCliTest, StoresSynonymsAndStopwordsInTheIndex) {
  testing::TempDir dir;
  std::string index = dir.File("index");
  testing::WriteFile(dir.File("in.jsonl"),
                     testing::ToJsonLine(testing::MakeArticle("tv", "Television tonight",
                                                              "What is on the television.")));
  testing::WriteFile(dir.File("syn.txt"), "# screens\ntv, television\n");
  testing::WriteFile(dir.File("stop.txt"), "please\n");
  std::string out;
  ASSERT_EQ(
      RunProgram({ProgramPath("byline-indexer"), "--index", index, "--synonyms",
                  dir.File("syn.txt"), "--stopwords", dir.File("stop.txt"), dir.File("in.jsonl")},
                 &out),
      0)
      << out;
  EXPECT_EQ(SearchTotal(index, "tv"), 1);
  EXPECT_EQ(SearchTotal(index, "tv please"), 1);  // "please" is dropped from the query
}

TEST(IndexerWordListsCliTest, ABadSynonymsFileIsReportedWithItsLineAndChangesNothing) {
  testing::TempDir dir;
  std::string index = dir.File("index");
  testing::WriteFile(dir.File("in.jsonl"),
                     testing::ToJsonLine(testing::MakeArticle("a", "Title", "Body")));
  testing::WriteFile(dir.File("syn.txt"), "tv, television\nlonely\n");
  std::string out, err;
  int rc = RunProgram({ProgramPath("byline-indexer"), "--index", index, "--synonyms",
                       dir.File("syn.txt"), dir.File("in.jsonl")},
                      &out, "", &err);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find(dir.File("syn.txt") + ":2:"), std::string::npos) << err;
}

}  // namespace
}  // namespace byline
