// Typo tolerance: misspelt words are corrected one by one (also the rare
// misspellings that made it into an article), a correction is offered when
// it matches ten times what the query as typed matches, quotes, field values
// and excluded words are never rewritten, and auto-correct answers for the
// correction when the query as typed matches nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "byline/searcher.h"
#include "testutil.h"

namespace byline {
namespace {

constexpr int kNamed = 40;  // articles spelling the name right

class TypoToleranceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Article> articles;
    for (int i = 0; i < kNamed; ++i) {
      const std::string n = std::to_string(i);
      Article a = testing::MakeArticle(
          "named-" + n, "Minister Kowalczyk on harbour plan " + n,
          "Kowalczyk said the harbour budget would grow in time for season " + n + ".");
      // 20 from a source spelt so, 5 from Bay Herald and 15 from Coast Daily.
      a.source = i % 2 ? "Kowalcyk Gazette" : i < 10 ? "Bay Herald" : "Coast Daily";
      articles.push_back(a);
    }
    // One article with each misspelling, none about the harbour.
    Article typo = testing::MakeArticle("typo", "Port visit", "Kowalcyk visited the port.");
    typo.source = "Inland Post";
    articles.push_back(typo);
    articles.push_back(testing::MakeArticle("tim", "Tim at the port", "Tim rowed past."));
    // A name five articles spell one way and one article another: the
    // rarer spelling is not rare enough to be a typo of the other.
    for (int i = 0; i < 5; ++i) {
      articles.push_back(testing::MakeArticle("brannigan-" + std::to_string(i), "Council notes",
                                              "Councillor Brannigan spoke at the port."));
    }
    articles.push_back(
        testing::MakeArticle("branigan", "Council notes", "Councillor Branigan spoke."));
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_.path(), articles));
    searcher_ = testing::OpenSearcher(dir_.path());
    ASSERT_NE(searcher_, nullptr);
  }

  SearchResponse Run(const std::string& query, bool auto_correct = false,
                     const SearchFilters& filters = {}) {
    SearchRequest req;
    req.query = query;
    req.auto_correct = auto_correct;
    req.filters = filters;
    req.limit = 100;
    auto r = searcher_->Search(req);
    EXPECT_OK(r);
    return r.ok() ? *r : SearchResponse{};
  }

  std::string DidYouMean(const std::string& query) { return Run(query).did_you_mean; }

  testing::TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(TypoToleranceTest, AMisspellingAnArticleHasIsStillCorrected) {
  // "kowalcyk" is in one article, so the index knows it; "kowalczyk" is in
  // 40. The two words together match nothing as typed.
  SearchResponse r = Run("kowalcyk harbour");
  EXPECT_EQ(r.total, 0u);
  EXPECT_EQ(r.did_you_mean, "kowalczyk harbour");
  // Capitals are kept, and words the index knows well stay.
  EXPECT_EQ(DidYouMean("Kowalcyk Harbour"), "Kowalczyk Harbour");
  EXPECT_EQ(DidYouMean("KOWALCYK budget"), "KOWALCZYK budget");
  // A word the index does not know at all.
  EXPECT_EQ(DidYouMean("kowalczik harbour"), "kowalczyk harbour");
  EXPECT_EQ(DidYouMean("harbuor kowalcyk"), "harbour kowalczyk");
}

TEST_F(TypoToleranceTest, OfferedWhenTheCorrectionMatchesTenTimesAsMany) {
  // As typed it matches one article; corrected, forty: offered although the
  // query found something.
  SearchResponse r = Run("kowalcyk");
  EXPECT_EQ(r.total, 1u);
  EXPECT_EQ(r.did_you_mean, "kowalczyk");
  // Within filters, the correction must match ten times as many there:
  // Coast Daily has 15 named articles, Bay Herald 5, Inland Post none.
  SearchFilters filters;
  filters.sources = {"Inland Post", "Coast Daily"};
  r = Run("kowalcyk", false, filters);
  EXPECT_EQ(r.total, 1u);
  EXPECT_EQ(r.did_you_mean, "kowalczyk");
  filters.sources = {"Inland Post", "Bay Herald"};
  r = Run("kowalcyk", false, filters);
  EXPECT_EQ(r.total, 1u);
  EXPECT_EQ(r.did_you_mean, "");
  filters.sources = {"Inland Post"};
  EXPECT_EQ(Run("kowalcyk", false, filters).did_you_mean, "");
  // Brannigan (5 articles) against Branigan (1): not ten times as common.
  EXPECT_EQ(Run("branigan").total, 1u);
  EXPECT_EQ(DidYouMean("branigan"), "");
  EXPECT_EQ(DidYouMean("branigan port"), "");
  // A short word is taken as meant ("tim", not "time").
  EXPECT_EQ(DidYouMean("tim harbour"), "");
  // A correction that matches nothing either is not offered.
  EXPECT_EQ(DidYouMean("kowalcyk zebra"), "");
}

TEST_F(TypoToleranceTest, NeverRewritesInsideQuotesFieldValuesOrExclusions) {
  EXPECT_EQ(DidYouMean("\"kowalcyk harbour\""), "");
  EXPECT_EQ(DidYouMean("title:kowalcyk harbour"), "");
  EXPECT_EQ(DidYouMean("kowalcyk harbour -\"kowalcyk port\""),
            "kowalczyk harbour -\"kowalcyk port\"");
  EXPECT_EQ(DidYouMean("kowalcyk harbour -title:kowalcyk"), "kowalczyk harbour -title:kowalcyk");
  EXPECT_EQ(DidYouMean("kowalcyk harbour source:\"Kowalcyk Gazette\""),
            "kowalczyk harbour source:\"Kowalcyk Gazette\"");
  EXPECT_EQ(DidYouMean("kowalcyk harbour source:kowalcyk"), "kowalczyk harbour source:kowalcyk");
  EXPECT_EQ(DidYouMean("(kowalcyk OR zebra) AND harbour NOT kowalcyk"),
            "(kowalczyk OR zebra) AND harbour NOT kowalcyk");
  EXPECT_EQ(DidYouMean("kowalcy* harbour"), "");
}

TEST_F(TypoToleranceTest, AutoCorrectAnswersForTheCorrectionWhenNothingMatched) {
  SearchResponse r = Run("Kowalcyk harbour", true);
  EXPECT_TRUE(r.corrected);
  EXPECT_EQ(r.did_you_mean, "Kowalczyk harbour");
  EXPECT_EQ(r.total, static_cast<uint64_t>(kNamed));
  ASSERT_EQ(r.hits.size(), static_cast<size_t>(kNamed));
  for (const Hit& hit : r.hits) EXPECT_EQ(hit.id.rfind("named-", 0), 0u) << hit.id;
  // The query as typed found something: that is the answer, with the
  // suggestion alongside.
  r = Run("kowalcyk", true);
  EXPECT_FALSE(r.corrected);
  EXPECT_EQ(r.total, 1u);
  EXPECT_EQ(r.did_you_mean, "kowalczyk");
  // Filters apply to the correction too.
  SearchFilters coast;
  coast.sources = {"Coast Daily"};
  r = Run("kowalcyk harbour", true, coast);
  EXPECT_TRUE(r.corrected);
  EXPECT_EQ(r.total, 15u);
}

}  // namespace
}  // namespace byline
