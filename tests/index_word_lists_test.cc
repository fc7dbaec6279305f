// Synonyms and stopwords stored in an index: parsing the files, and their
// effect on queries (including after a commit or a rebuild).
#include <gtest/gtest.h>

#include "byline/index_writer.h"
#include "byline/searcher.h"
#include "byline/word_lists.h"
#include "testutil.h"

namespace byline {
namespace {

using Words = std::vector<std::string>;

TEST(WordListsTest, ParsesSynonymGroups) {
  auto groups =
      ParseSynonyms("# vehicles\ncar, Automobile ,motorcar\n\ntv,television\n", "syn.txt");
  ASSERT_OK(groups);
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0], (Words{"car", "automobile", "motorcar"}));
  EXPECT_EQ((*groups)[1], (Words{"tv", "television"}));
}

TEST(WordListsTest, SynonymErrorsNameFileAndLine) {
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"car, auto\nlonely\n", "syn.txt:2: a synonym group needs at least two words"},
      {"car,,auto\n", "syn.txt:1: empty word between commas"},
      {"ok, fine\ncar, motor car\n", "syn.txt:2: \"motor car\" is more than one word"},
      {"a, \xff\xfe\n", "syn.txt:1: not valid UTF-8"},
  };
  for (const auto& c : cases) {
    auto groups = ParseSynonyms(c.text, "syn.txt");
    ASSERT_FALSE(groups.ok()) << c.text;
    EXPECT_NE(groups.status().message().find(c.error), std::string::npos)
        << groups.status().message();
  }
  EXPECT_EQ(ReadSynonymsFile("/no/such/file").status().code(), StatusCode::kIOError);
}

TEST(WordListsTest, ParsesStopwords) {
  auto words = ParseStopwords("The a\n# comment only\nof  # trailing comment\n", "stop.txt");
  ASSERT_OK(words);
  EXPECT_EQ(*words, (Words{"the", "a", "of"}));
}

class IndexWordListsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(
        dir_.path(),
        {testing::MakeArticle("cars", "Cars in town", "Old cars parked."),
         testing::MakeArticle("wind", "Offshore wind", "Turbines offshore turn slowly.")}));
  }

  size_t Count(const std::string& query) {
    auto searcher = testing::OpenSearcher(dir_.path());
    if (searcher == nullptr) return 0;
    SearchRequest req;
    req.query = query;
    auto r = searcher->Search(req);
    EXPECT_OK(r);
    return r.ok() ? r->hits.size() : 0;
  }

  testing::TempDir dir_;
};

TEST_F(IndexWordListsTest, SynonymsExpandQueryWordsStemmedOrNot) {
  EXPECT_EQ(Count("automobile"), 0u);
  {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->SetSynonyms({{"car", "automobile"}}));
    ASSERT_OK((*writer)->Commit());
  }
  EXPECT_EQ(Count("automobile"), 1u);
  EXPECT_EQ(Count("automobiles"), 1u);
  EXPECT_EQ(Count("title:automobile"), 1u);
  // A rebuild keeps them.
  testing::Rebuild(dir_.path(), {testing::MakeArticle("cars", "Cars in town", "Old cars.")});
  EXPECT_EQ(Count("automobile"), 1u);
}

TEST_F(IndexWordListsTest, StopwordsOfTheIndexReplaceTheLanguageList) {
  EXPECT_EQ(Count("offshore cars"), 0u);  // all words must match
  auto live = testing::OpenSearcher(dir_.path());
  ASSERT_NE(live, nullptr);
  {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->SetStopwords({"Cars"}));
    ASSERT_OK((*writer)->Commit());
  }
  EXPECT_EQ(Count("offshore cars"), 1u);  // "cars" is dropped from the query
  EXPECT_EQ(Count("\"old cars\""), 1u);   // but still matches inside phrases
  // A searcher that was already open notices at its next refresh.
  SearchRequest req;
  req.query = "offshore cars";
  auto r = live->Search(req);
  ASSERT_OK(r);
  EXPECT_EQ(r->hits.size(), 1u);
}

}  // namespace
}  // namespace byline
