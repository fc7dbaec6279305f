// Pseudo-relevance feedback: long queries borrow words from their top
// results; short queries and "all words" matching are left as they were.
#include <gtest/gtest.h>

#include <algorithm>

#include "byline/index_writer.h"
#include "byline/searcher.h"
#include "testutil.h"

namespace byline {
namespace {

class RelevanceFeedbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    // Four articles use the query's words together with the field's other
    // vocabulary (spectrum, perturbation, hermitian); "related" uses only
    // that other vocabulary.
    // Each pair of them also shares a dozen words of its own, so the top
    // results share enough words for feedback to trust them.
    const char* methods[] = {
        "Lanczos and Krylov subspace iterations, Rayleigh quotient convergence, orthogonal "
        "symmetric tridiagonal forms, Householder reflections, Givens rotations.",
        "Jacobi sweeps, Schur vectors, deflation, shifts, inverse power steps, residual "
        "estimates, QR sweeps, Arnoldi processes, Hessenberg reductions, Cholesky factors."};
    for (int i = 0; i < 4; ++i) {
      ASSERT_OK((*writer)->Upsert(testing::MakeArticle(
          "eigen-" + std::to_string(i), "Eigenvalue decomposition note " + std::to_string(i),
          std::string("The sensitivity of the eigenvalue decomposition of real matrices under "
                      "perturbation of the spectrum, for hermitian operators. ") +
              methods[i / 2])));
    }
    ASSERT_OK((*writer)->Upsert(
        testing::MakeArticle("related", "Hermitian operators",
                             "Perturbation bounds for the spectrum of hermitian operators.")));
    const char* topics[] = {"harbour", "bread",   "football", "opera",  "garden",
                            "railway", "weather", "chess",    "cinema", "mountain"};
    for (int i = 0; i < 40; ++i) {
      std::string topic = topics[i % 10];
      ASSERT_OK((*writer)->Upsert(testing::MakeArticle(
          "other-" + std::to_string(i), "News about " + topic,
          "A report on the " + topic + " with real people and a note " + std::to_string(i))));
    }
    ASSERT_OK((*writer)->Commit());
  }

  std::vector<std::string> Ids(const std::string& query, DefaultOp op, bool expand,
                               const RankingOptions& ranking = RankingOptions()) {
    SearchOptions options;
    options.expand_long_queries = expand;
    options.ranking = ranking;
    auto searcher = Searcher::Open(dir_.path(), options);
    EXPECT_OK(searcher);
    if (!searcher.ok()) return {};
    SearchRequest req;
    req.query = query;
    req.op = op;
    req.limit = 100;
    req.snippets = false;
    auto r = (*searcher)->Search(req);
    EXPECT_OK(r);
    std::vector<std::string> ids;
    if (r.ok()) {
      for (const auto& hit : r->hits) ids.push_back(hit.id);
    }
    return ids;
  }

  static bool Contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  testing::TempDir dir_;
};

constexpr char kLongQuery[] = "Sensitivity of the eigenvalue decomposition of real matrices";

TEST_F(RelevanceFeedbackTest, LongQueryFindsArticlesInTheTopResultsVocabulary) {
  auto plain = Ids(kLongQuery, DefaultOp::kOr, false);
  auto expanded = Ids(kLongQuery, DefaultOp::kOr, true);
  EXPECT_FALSE(Contains(plain, "related"));
  ASSERT_TRUE(Contains(expanded, "related"));
  // The borrowed words rank it below the articles that match the query itself
  // but above those that share only a common word ("real").
  auto rank = [&](const std::string& id) {
    return std::find(expanded.begin(), expanded.end(), id) - expanded.begin();
  };
  for (int i = 0; i < 4; ++i) EXPECT_LT(rank("eigen-" + std::to_string(i)), rank("related"));
  EXPECT_LT(rank("related"), rank("other-0"));
}

TEST_F(RelevanceFeedbackTest, AllWordsQueryKeepsItsMatches) {
  auto plain = Ids(kLongQuery, DefaultOp::kAnd, false);
  auto expanded = Ids(kLongQuery, DefaultOp::kAnd, true);
  std::sort(plain.begin(), plain.end());
  std::sort(expanded.begin(), expanded.end());
  EXPECT_EQ(plain.size(), 4u);
  EXPECT_EQ(expanded, plain);
}

TEST_F(RelevanceFeedbackTest, ExclusionsAndFiltersStillHoldAfterExpansion) {
  const std::string query = std::string(kLongQuery) + " -hermitian";
  auto expanded = Ids(query, DefaultOp::kOr, true);
  EXPECT_FALSE(expanded.empty());
  for (const auto& id : expanded) EXPECT_NE(id, "related") << query;
  for (const auto& id : Ids(std::string(kLongQuery) + " +note", DefaultOp::kOr, true)) {
    EXPECT_NE(id, "related");  // +note: it has no "note"
  }
}

TEST_F(RelevanceFeedbackTest, ShortQueriesAreNotExpanded) {
  EXPECT_EQ(Ids("eigenvalue matrices", DefaultOp::kOr, true),
            Ids("eigenvalue matrices", DefaultOp::kOr, false));
  EXPECT_FALSE(Contains(Ids("Hermitian spectrum perturbation", DefaultOp::kOr, true), "other-0"));
}

TEST_F(RelevanceFeedbackTest, NumbersAreNeverBorrowed) {
  // On an index of stems, numbers are "Z" terms too ("Z1883"); years and
  // counts shared by the top results must not pull in unrelated articles.
  {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    for (int i = 0; i < 4; ++i) {
      ASSERT_OK((*writer)->Upsert(testing::MakeArticle(
          "volcano-" + std::to_string(i), "Volcano eruption report " + std::to_string(i),
          "The volcano eruption of 1883 near krakatoa island darkened the sky.")));
    }
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("year", "Archive", "Entry for 1883.")));
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("word", "Archive", "Krakatoa today.")));
    ASSERT_OK((*writer)->Commit());
  }
  const std::string query = "volcano eruption report near the island";
  RankingOptions any_shared;  // the four articles share only a few words
  any_shared.feedback.min_shared_words = 0;
  auto expanded = Ids(query, DefaultOp::kOr, true, any_shared);
  EXPECT_TRUE(Contains(expanded, "word"));  // "krakatoa" was borrowed
  EXPECT_FALSE(Contains(expanded, "year"));
}

TEST_F(RelevanceFeedbackTest, WordsOfOneTopArticleAloneAreNotBorrowed) {
  // One of the top results also speaks of zeppelins; an article about
  // zeppelins alone must not come in through it.
  {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle(
        "eigen-0", "Eigenvalue decomposition note 0",
        "The sensitivity of the eigenvalue decomposition of real matrices, zeppelin zeppelin.")));
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("zeppelin", "Airships", "Zeppelin flights.")));
    ASSERT_OK((*writer)->Commit());
  }
  // Every word the top results hold is a candidate (this is about which
  // are refused, not about how many are taken or whether to take any).
  RankingOptions one_article;
  one_article.feedback.terms = 100;
  one_article.feedback.min_shared_words = 0;
  ASSERT_TRUE(Contains(Ids(kLongQuery, DefaultOp::kOr, true, one_article), "zeppelin"));
  RankingOptions two_articles = one_article;
  two_articles.feedback.min_docs = 2;
  auto expanded = Ids(kLongQuery, DefaultOp::kOr, true, two_articles);
  EXPECT_FALSE(Contains(expanded, "zeppelin"));
  EXPECT_TRUE(Contains(expanded, "related"));  // words of all four top articles still are
}

TEST_F(RelevanceFeedbackTest, NoFeedbackWhenTheTopResultsMissMostOfTheQuery) {
  // Each top result holds one word of four: the first ranking is a guess.
  {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    for (const char* word : {"xylophone", "trombone", "clarinet"}) {
      ASSERT_OK((*writer)->Upsert(
          testing::MakeArticle(word, "Instruments", std::string("A ") + word + " for sale.")));
    }
    ASSERT_OK((*writer)->Commit());
  }
  const std::string query = "eigenvalue xylophone trombone clarinet";
  RankingOptions ungated;
  ungated.feedback.min_shared_words = 0;
  ungated.feedback.terms = 100;
  ASSERT_TRUE(Contains(Ids(query, DefaultOp::kOr, true, ungated), "related"));
  RankingOptions gated = ungated;
  gated.feedback.min_coverage = 0.5;
  EXPECT_EQ(Ids(query, DefaultOp::kOr, true, gated), Ids(query, DefaultOp::kOr, false));
}

TEST_F(RelevanceFeedbackTest, NoFeedbackWhenTheTopResultsShareTooFewWords) {
  // Short articles on the query's words, sharing only "spectrum" and
  // "hermitian" besides them: too little to learn the topic's words from.
  {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    for (int i = 0; i < 5; ++i) {
      ASSERT_OK((*writer)->Upsert(testing::MakeArticle(
          "short-" + std::to_string(i), "Sensitivity of eigenvalue decomposition",
          "Real matrices: sensitivity, eigenvalue decomposition, spectrum, hermitian.")));
    }
    ASSERT_OK((*writer)->Commit());
  }
  RankingOptions ungated;
  ungated.feedback.min_shared_words = 0;
  ASSERT_TRUE(Contains(Ids(kLongQuery, DefaultOp::kOr, true, ungated), "related"));
  EXPECT_EQ(Ids(kLongQuery, DefaultOp::kOr, true), Ids(kLongQuery, DefaultOp::kOr, false));
}

// Title and proximity boosts (off by default): they reorder matches and
// never add any.
class RankingBoostsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    const std::string filler = " gamma delta epsilon zeta eta theta iota kappa lambda mu ";
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("near", "One", "alpha beta" + filler)));
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("far", "Two", "alpha" + filler + "beta")));
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("titled", "Alpha", filler + "beta nu")));
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("none", "Three", filler + "xi")));
    ASSERT_OK((*writer)->Commit());
  }

  std::vector<Hit> Hits(const std::string& query, DefaultOp op, const std::string& ranking) {
    SearchOptions options;
    EXPECT_OK(ParseRankingOptions(ranking, &options.ranking));
    auto searcher = Searcher::Open(dir_.path(), options);
    EXPECT_OK(searcher);
    if (!searcher.ok()) return {};
    SearchRequest req;
    req.query = query;
    req.op = op;
    req.snippets = false;
    auto r = (*searcher)->Search(req);
    EXPECT_OK(r);
    return r.ok() ? r->hits : std::vector<Hit>{};
  }

  static double ScoreOf(const std::vector<Hit>& hits, const std::string& id) {
    for (const auto& hit : hits) {
      if (hit.id == id) return hit.score;
    }
    ADD_FAILURE() << id << " not found";
    return 0;
  }

  testing::TempDir dir_;
};

TEST_F(RankingBoostsTest, ProximityRanksQueryWordsCloseTogetherHigher) {
  auto plain = Hits("alpha beta", DefaultOp::kOr, "proximity=0,title=0");
  EXPECT_DOUBLE_EQ(ScoreOf(plain, "near"), ScoreOf(plain, "far"));
  auto boosted = Hits("alpha beta", DefaultOp::kOr, "proximity=1,title=0");
  EXPECT_GT(ScoreOf(boosted, "near"), ScoreOf(boosted, "far"));
  EXPECT_DOUBLE_EQ(ScoreOf(boosted, "far"), ScoreOf(plain, "far"));  // 12 words apart: no boost
  EXPECT_EQ(boosted.size(), plain.size());
}

TEST_F(RankingBoostsTest, TitleWeightRanksTitleMatchesHigherWithoutNewMatches) {
  auto plain = Hits("alpha", DefaultOp::kOr, "proximity=0,title=0");
  auto boosted = Hits("alpha", DefaultOp::kOr, "proximity=0,title=1");
  EXPECT_GT(ScoreOf(boosted, "titled") - ScoreOf(plain, "titled"), 0);
  EXPECT_DOUBLE_EQ(ScoreOf(boosted, "near"), ScoreOf(plain, "near"));
  ASSERT_EQ(boosted.size(), plain.size());
  EXPECT_EQ(boosted.front().id, "titled");
  // An all-words query keeps exactly its matches.
  EXPECT_EQ(Hits("alpha beta", DefaultOp::kAnd, "proximity=1,title=1").size(),
            Hits("alpha beta", DefaultOp::kAnd, "proximity=0,title=0").size());
}

TEST(RankingOptionsTest, ParsesKnownSettingsAndNamesWhatIsWrong) {
  RankingOptions ranking;
  ASSERT_OK(ParseRankingOptions("k1=1.6,b=0.5,fb_min_docs=3,fb_coverage=0.4,title=0.2", &ranking));
  EXPECT_DOUBLE_EQ(ranking.k1, 1.6);
  EXPECT_DOUBLE_EQ(ranking.b, 0.5);
  EXPECT_EQ(ranking.feedback.min_docs, 3u);
  EXPECT_DOUBLE_EQ(ranking.feedback.min_coverage, 0.4);
  EXPECT_DOUBLE_EQ(ranking.title_weight, 0.2);
  EXPECT_EQ(ranking.feedback.docs, RankingOptions().feedback.docs);  // not named: unchanged

  Status unknown = ParseRankingOptions("k2=1", &ranking);
  EXPECT_FALSE(unknown.ok());
  EXPECT_NE(unknown.message().find("\"k2\""), std::string::npos) << unknown.message();
  Status bad = ParseRankingOptions("b=high", &ranking);
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("b=high"), std::string::npos) << bad.message();
  EXPECT_FALSE(ParseRankingOptions("b=1.5", &ranking).ok());
  EXPECT_FALSE(ParseRankingOptions("fb_docs=2,fb_min_docs=3", &ranking).ok());
  EXPECT_FALSE(ParseRankingOptions("fb_terms=2.5", &ranking).ok());
  EXPECT_FALSE(ParseRankingOptions("fb_lead=0.5", &ranking).ok());  // a lead is at least 1
  EXPECT_DOUBLE_EQ(ranking.b, 0.5);  // a refused setting changes nothing
}

}  // namespace
}  // namespace byline
