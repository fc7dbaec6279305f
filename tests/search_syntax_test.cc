// Site-search syntax after query normalisation: what people type (capitalised
// words and names, "exact phrases", -exclusions, title:, OR, hyphens) must
// still mean what they meant.
#include <gtest/gtest.h>

#include <algorithm>

#include "byline/searcher.h"
#include "testutil.h"

namespace byline {
namespace {

class SearchSyntaxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Article paris = testing::MakeArticle("paris", "Paris fashion week opens",
                                         "Designers runs shows along the river all week.");
    paris.author = "Ann Lee";
    const std::vector<Article> articles = {
        paris,
        testing::MakeArticle("phrase", "Telescopes",
                             "The state of the art telescope made it possible."),
        testing::MakeArticle("scrambled", "Art of the state",
                             "An art show about the state and the telescope budget."),
        testing::MakeArticle("cocoa", "Cocoa prices climb", "Traders watched the rain."),
        testing::MakeArticle("both", "Commodities", "Cocoa edged higher and coffee was flat."),
        testing::MakeArticle("sharing", "Computers", "Sharing time on one computer, fairly."),
    };
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_.path(), articles));
    searcher_ = testing::OpenSearcher(dir_.path());
    ASSERT_NE(searcher_, nullptr);
  }

  // Ids of the matches, sorted (these tests are about matching, not order).
  std::vector<std::string> Ids(const std::string& query, DefaultOp op = DefaultOp::kAnd) {
    SearchRequest req;
    req.query = query;
    req.op = op;
    req.snippets = false;
    auto r = searcher_->Search(req);
    EXPECT_OK(r);
    std::vector<std::string> ids;
    if (r.ok()) {
      EXPECT_FALSE(r->fallback_parse) << query;
      for (const auto& hit : r->hits) ids.push_back(hit.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  using Ids_ = std::vector<std::string>;
  testing::TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(SearchSyntaxTest, CapitalisedWordsAreStemmedLikeLowerCaseOnes) {
  // "Running" is stemmed to "run" like "running"; unnormalised, Xapian would
  // look for the exact word "running" and miss "runs".
  EXPECT_EQ(Ids("Running"), Ids_({"paris"}));
  EXPECT_EQ(Ids("running"), Ids_({"paris"}));
  EXPECT_EQ(Ids("Designer Shows"), Ids_({"paris"}));
}

TEST_F(SearchSyntaxTest, CapitalisedNamesMatch) {
  EXPECT_EQ(Ids("Paris"), Ids_({"paris"}));
  EXPECT_EQ(Ids("author:Lee"), Ids_({"paris"}));
  EXPECT_EQ(Ids("Ann Lee"), Ids_());  // author is a field of its own, not body text
}

TEST_F(SearchSyntaxTest, QuotedPhraseMatchesOnlyInOrder) {
  EXPECT_EQ(Ids("\"state of the art\""), Ids_({"phrase"}));
  EXPECT_EQ(Ids("\"State of the Art\""), Ids_({"phrase"}));
  EXPECT_EQ(Ids("state art telescope"), Ids_({"phrase", "scrambled"}));
}

TEST_F(SearchSyntaxTest, ExclusionRemovesMatches) {
  EXPECT_EQ(Ids("cocoa"), Ids_({"both", "cocoa"}));
  EXPECT_EQ(Ids("Cocoa -Coffee"), Ids_({"cocoa"}));
  EXPECT_EQ(Ids("telescope -\"state of the art\""), Ids_({"scrambled"}));
}

TEST_F(SearchSyntaxTest, TitleFieldSearchesTitlesOnly) {
  EXPECT_EQ(Ids("title:cocoa"), Ids_({"cocoa"}));
  EXPECT_EQ(Ids("Title:Cocoa"), Ids_({"cocoa"}));
  EXPECT_EQ(Ids("title:\"art of the state\""), Ids_({"scrambled"}));
}

TEST_F(SearchSyntaxTest, CapitalOrIsAnOperatorEvenWhenAllWordsMustMatch) {
  EXPECT_EQ(Ids("coffee OR Paris"), Ids_({"both", "paris"}));
  EXPECT_EQ(Ids("coffee or paris"), Ids_());  // lower-case "or": two words, both required
  EXPECT_EQ(Ids("cocoa AND NOT coffee"), Ids_({"cocoa"}));
}

TEST_F(SearchSyntaxTest, StrayOperatorsAreWords) {
  EXPECT_EQ(Ids("cocoa AND"), Ids_({"both", "cocoa"}));
  EXPECT_EQ(Ids("OR cocoa"), Ids_({"both", "cocoa"}));
  EXPECT_EQ(Ids("COCOA AND COFFEE"), Ids_({"both"}));  // all capitals: words
}

TEST_F(SearchSyntaxTest, HyphenatedWordsMatchTheirParts) {
  // "time-sharing" is not required as a phrase: "sharing time" matches.
  EXPECT_EQ(Ids("Time-Sharing computer"), Ids_({"sharing"}));
  EXPECT_EQ(Ids("\"time-sharing\""), Ids_());  // quoted: the exact phrase
}

}  // namespace
}  // namespace byline
