// Per-index stemming: new indexes hold stems only (STEM_ALL_Z); indexes built
// before the setting existed (no byline.stemming key: STEM_SOME) keep being
// written and searched their own way. Every query feature is checked on both.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>

#include "analysis.h"
#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "byline/searcher.h"
#include "position_stream.h"
#include "testutil.h"

namespace byline {
namespace {

using Names = std::vector<std::string>;

// Makes `dir` an empty index as Byline made them before per-index stemming:
// created by today's writer, then its byline.stemming key removed.
void CreateStemSomeIndex(const std::string& dir) {
  {
    auto writer = IndexWriter::Open(dir, IndexOptions{});
    ASSERT_OK(writer);
  }
  IndexLayout layout(dir);
  auto generation = layout.CurrentGeneration();
  ASSERT_OK(generation);
  Xapian::WritableDatabase db(layout.GenerationPath(*generation), Xapian::DB_OPEN);
  ASSERT_EQ(db.get_doccount(), 0u);
  db.set_metadata(schema::kStemmingMetadataKey, "");  // an empty value deletes the key
  db.commit();
}

class StemmingTest : public ::testing::TestWithParam<Stemming> {
 protected:
  void SetUp() override {
    if (GetParam() == Stemming::kSome) CreateStemSomeIndex(dir_.path());
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    for (const Article& a : {
             testing::MakeArticle("computer", "Computers in schools",
                                  "Every school gets a computer. Running dogs were seen."),
             testing::MakeArticle("computing", "Cloud prices",
                                  "Computing costs fell as the dog ran; a run dog club met."),
             testing::MakeArticle("happy", "A happy harbour", "The harbour was happy again."),
             testing::MakeArticle("cocoa", "Cocoa harvest", "Rain helped the cocoa crop in 1987."),
             testing::MakeArticle("compost", "Garden notes", "Compost heaps and composting."),
         }) {
      ASSERT_OK((*writer)->Upsert(a));
    }
    ASSERT_OK((*writer)->SetSynonyms({{"automobile", "computer"}}));
    ASSERT_OK((*writer)->Commit());
    SearchOptions options;
    options.reopen_interval_seconds = 0;
    auto searcher = Searcher::Open(dir_.path(), options);
    ASSERT_OK(searcher);
    searcher_ = std::move(searcher).value();
  }

  bool AllZ() const { return GetParam() == Stemming::kAllZ; }

  SearchResponse Run(const std::string& query, DefaultOp op = DefaultOp::kAnd) {
    SearchRequest req;
    req.query = query;
    req.op = op;
    auto r = searcher_->Search(req);
    EXPECT_OK(r);
    return r.ok() ? *r : SearchResponse{};
  }

  Names Ids(const std::string& query, DefaultOp op = DefaultOp::kAnd) {
    Names ids;
    for (const auto& hit : Run(query, op).hits) ids.push_back(hit.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::string Generation() {
    IndexLayout layout(dir_.path());
    auto generation = layout.CurrentGeneration();
    EXPECT_OK(generation);
    return generation.ok() ? layout.GenerationPath(*generation) : "";
  }

  testing::TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_P(StemmingTest, TheIndexRecordsAndFollowsItsOwnStemming) {
  Xapian::Database db(Generation());
  EXPECT_EQ(db.get_metadata(schema::kStemmingMetadataKey), AllZ() ? "all_z" : "");
  // Stems only, or exact forms with positions plus stems.
  EXPECT_TRUE(db.term_exists("Zcomput"));
  EXPECT_TRUE(db.term_exists("ZScomput"));
  EXPECT_EQ(db.term_exists("computers"), !AllZ());
  EXPECT_EQ(db.term_exists("Scomputers"), !AllZ());
  // Stems have positions only when they are all.
  bool stem_positions = false;
  for (const auto& [term, positions] : ReadTermPositions(db, 1, schema::kPositionsSlot)) {
    if (term == "Zcomput") stem_positions = !positions.empty();
  }
  EXPECT_EQ(stem_positions, AllZ());
  // A new index keeps its positions in streams; one of the older stemming,
  // in Xapian's table (streams go with stems only).
  EXPECT_EQ(db.has_positions(), !AllZ());
  // Stats say which, so an operator knows what a --reindex would change.
  const std::string name = AllZ() ? "all_z" : "some";
  auto searcher_stats = searcher_->Stats(false);
  ASSERT_OK(searcher_stats);
  EXPECT_EQ(searcher_stats->stemming, name);
  auto index_stats = ReadIndexStats(dir_.path());
  ASSERT_OK(index_stats);
  EXPECT_EQ(index_stats->stemming, name);
  // Later updates of the index keep its strategy.
  {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("late", "Sailing boats", "Boats sailed.")));
    ASSERT_OK((*writer)->Commit());
  }
  Xapian::Database after(Generation());
  EXPECT_EQ(after.get_metadata(schema::kStemmingMetadataKey), AllZ() ? "all_z" : "");
  EXPECT_EQ(after.term_exists("sailing"), !AllZ());
  EXPECT_TRUE(after.term_exists("Zsail"));
  EXPECT_EQ(Ids("sailing"), Names{"late"});
}

TEST_P(StemmingTest, ARebuildMovesAnOldIndexToStemsOnly) {
  testing::Rebuild(dir_.path(), {testing::MakeArticle("new", "Computers again", "Computing.")});
  Xapian::Database db(Generation());
  EXPECT_EQ(db.get_metadata(schema::kStemmingMetadataKey), "all_z");
  EXPECT_FALSE(db.term_exists("computers"));
  // The searcher follows the new generation's setting.
  EXPECT_EQ(Ids("Computer*"), Names{"new"});
  EXPECT_EQ(Ids("\"computers again\""), Names{"new"});
}

TEST_P(StemmingTest, PlainWordsOperatorsAndCapitals) {
  EXPECT_EQ(Ids("computers"), (Names{"computer", "computing"}));
  EXPECT_EQ(Ids("Computers"), (Names{"computer", "computing"}));
  EXPECT_EQ(Ids("COMPUTING"), (Names{"computer", "computing"}));
  EXPECT_EQ(Ids("computer -school"), Names{"computing"});
  EXPECT_EQ(Ids("+cocoa harbour", DefaultOp::kOr), Names{"cocoa"});
  EXPECT_EQ(Ids("cocoa OR harbour"), (Names{"cocoa", "happy"}));
  EXPECT_EQ(Ids("cocoa AND NOT rain"), Names{});
  EXPECT_EQ(Ids("title:computers"), Names{"computer"});
  EXPECT_EQ(Ids("1987"), Names{"cocoa"});
}

TEST_P(StemmingTest, PhrasesMatchPositionsOfTheIndexedTerms) {
  EXPECT_EQ(Ids("\"running dogs\""), AllZ() ? (Names{"computer", "computing"}) : Names{"computer"});
  EXPECT_EQ(Ids("\"dogs running\""), Names{});
  EXPECT_EQ(Ids("title:\"cocoa harvest\""), Names{"cocoa"});
  EXPECT_EQ(Ids("-\"running dogs\" computing"), AllZ() ? Names{} : Names{"computing"});
}

TEST_P(StemmingTest, WildcardsExpandOverWhatTheIndexHolds) {
  EXPECT_EQ(Ids("comput*"), (Names{"computer", "computing"}));
  EXPECT_EQ(Ids("Comput*"), (Names{"computer", "computing"}));
  EXPECT_EQ(Ids("comp*"), (Names{"compost", "computer", "computing"}));
  EXPECT_EQ(Ids("title:comp*"), Names{"computer"});
  EXPECT_EQ(Ids("comp* -compost*"), (Names{"computer", "computing"}));
  EXPECT_EQ(Ids("(comput* OR cocoa) rain"), Names{"cocoa"});
  // A whole word longer than its stem ("happy" -> "happi") still matches.
  EXPECT_EQ(Ids("happy*"), Names{"happy"});
  EXPECT_EQ(Ids("title:happy*"), Names{"happy"});
  EXPECT_EQ(Ids("zzzz*"), Names{});
}

TEST_P(StemmingTest, WildcardAndPhraseHitsAreHighlighted) {
  SearchResponse r = Run("comput*");
  ASSERT_EQ(r.hits.size(), 2u);
  for (const auto& hit : r.hits) {
    const std::string marked = hit.title_html + " " + hit.snippet_html;
    EXPECT_TRUE(marked.find("<mark>Computers</mark>") != std::string::npos ||
                marked.find("<mark>computer</mark>") != std::string::npos ||
                marked.find("<mark>Computing</mark>") != std::string::npos)
        << marked;
  }
  r = Run("\"cocoa crop\"");
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_NE(r.hits[0].snippet_html.find("<mark>cocoa crop</mark>"), std::string::npos)
      << r.hits[0].snippet_html;
  EXPECT_EQ(r.hits[0].title_html, "Cocoa harvest");  // "cocoa" alone is no match
}

TEST_P(StemmingTest, SynonymsExpandQueryWords) {
  EXPECT_EQ(Ids("automobile"), (Names{"computer", "computing"}));
  EXPECT_EQ(Ids("Automobiles"), (Names{"computer", "computing"}));
  EXPECT_EQ(Ids("title:automobile"), Names{"computer"});
}

TEST_P(StemmingTest, SpellingSuggestionsAreRealWords) {
  SearchRequest req;
  req.query = "harbuor";
  auto r = searcher_->Search(req);
  ASSERT_OK(r);
  EXPECT_EQ(r->did_you_mean, "harbour");
  req.query = "computrs";
  r = searcher_->Search(req);
  ASSERT_OK(r);
  EXPECT_EQ(r->did_you_mean, "computers");
}

TEST_P(StemmingTest, OnlyLikelyTyposAreCorrected) {
  auto did_you_mean = [&](const std::string& query) {
    SearchRequest req;
    req.query = query;
    auto r = searcher_->Search(req);
    EXPECT_OK(r);
    return r.ok() ? r->did_you_mean : "?";
  };
  // Real words that match nothing together are not typos (on an index of
  // stems only, Xapian's own corrector would "correct" every one of them).
  EXPECT_EQ(did_you_mean("harvest happy"), "");
  EXPECT_EQ(did_you_mean("Compost schools"), "");
  EXPECT_EQ(did_you_mean("composting prices"), "");  // a form whose stem is indexed
  // Only the typo changes; operators, case elsewhere and spacing stay.
  EXPECT_EQ(did_you_mean("happy  harbuor"), "happy  harbour");
  EXPECT_EQ(did_you_mean("harbuor AND Happy"), "harbour AND Happy");
  EXPECT_EQ(did_you_mean("Harbuor -cocoa"), "Harbour -cocoa");
  // Phrases, fields, excluded words, wildcards and numbers are left alone.
  EXPECT_EQ(did_you_mean("\"happy harbuor\""), "");
  EXPECT_EQ(did_you_mean("title:harbuor"), "");
  EXPECT_EQ(did_you_mean("happy -harbuor"), "");
  EXPECT_EQ(did_you_mean("harbuo*"), "");
  EXPECT_EQ(did_you_mean("harvest 1986"), "");
  // A correction that would find nothing either is not offered.
  EXPECT_EQ(did_you_mean("cocoa harbuor"), "");
}

TEST_P(StemmingTest, SuggestCompletesWithRealWordsAndMatchesTitlePrefixes) {
  SuggestRequest req;
  req.query = "comp";
  auto r = searcher_->Suggest(req);
  ASSERT_OK(r);
  Names completions;
  for (const auto& c : r->completions) completions.push_back(c.text);
  // Words as written, never stems such as "comput".
  for (const std::string word : {"computer", "computers", "computing", "compost"}) {
    EXPECT_NE(std::find(completions.begin(), completions.end(), word), completions.end())
        << word << " in " << ::testing::PrintToString(completions);
  }
  EXPECT_EQ(std::find(completions.begin(), completions.end(), "comput"), completions.end());
  for (const auto& c : r->completions) {
    if (c.text == "computers") {
      EXPECT_GE(c.articles, 1u);
    }
  }
  Names titles;
  for (const auto& t : r->titles) titles.push_back(t.id);
  EXPECT_EQ(titles, Names{"computer"});

  req.query = "Cocoa harv";
  r = searcher_->Suggest(req);
  ASSERT_OK(r);
  ASSERT_FALSE(r->completions.empty());
  EXPECT_EQ(r->completions[0].text, "Cocoa harvest");
  ASSERT_EQ(r->titles.size(), 1u);
  EXPECT_EQ(r->titles[0].id, "cocoa");
  // A whole word whose stem is shorter ("happy" -> "happi").
  req.query = "happy";
  r = searcher_->Suggest(req);
  ASSERT_OK(r);
  ASSERT_EQ(r->titles.size(), 1u);
  EXPECT_EQ(r->titles[0].id, "happy");
  // Ending in a space or punctuation: the last word is complete.
  req.query = "computers,";
  r = searcher_->Suggest(req);
  ASSERT_OK(r);
  ASSERT_EQ(r->titles.size(), 1u);
  EXPECT_EQ(r->titles[0].id, "computer");
  req.query = "computers ";
  r = searcher_->Suggest(req);
  ASSERT_OK(r);
  EXPECT_TRUE(r->completions.empty());
  ASSERT_EQ(r->titles.size(), 1u);
  EXPECT_EQ(r->titles[0].id, "computer");
}

TEST_P(StemmingTest, DeleteMatchingUnderstandsWildcards) {
  auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
  ASSERT_OK(writer);
  auto matching = (*writer)->IdsMatching("comput*");
  ASSERT_OK(matching);
  EXPECT_EQ(matching->size(), 2u);
  matching = (*writer)->IdsMatching("\"cocoa crop\"");
  ASSERT_OK(matching);
  EXPECT_EQ(matching->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(BothStemmings, StemmingTest,
                         ::testing::Values(Stemming::kAllZ, Stemming::kSome),
                         [](const ::testing::TestParamInfo<Stemming>& param) {
                           return StemmingName(param.param);
                         });

TEST(StemmingSettingTest, ParsesKnownValuesAndRejectsOthers) {
  Stemming stemming = Stemming::kAllZ;
  EXPECT_TRUE(ParseStemming("", &stemming));
  EXPECT_EQ(stemming, Stemming::kSome);
  EXPECT_TRUE(ParseStemming("all_z", &stemming));
  EXPECT_EQ(stemming, Stemming::kAllZ);
  EXPECT_TRUE(ParseStemming(StemmingName(Stemming::kSome), &stemming));
  EXPECT_EQ(stemming, Stemming::kSome);
  EXPECT_FALSE(ParseStemming("stem_everything", &stemming));
}

TEST(StemmingSettingTest, AnUnknownSettingIsAClearErrorForWriterAndSearcher) {
  testing::TempDir dir;
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
  }
  IndexLayout layout(dir.path());
  auto generation = layout.CurrentGeneration();
  ASSERT_OK(generation);
  {
    Xapian::WritableDatabase db(layout.GenerationPath(*generation), Xapian::DB_OPEN);
    db.set_metadata(schema::kStemmingMetadataKey, "stem_everything");
    db.commit();
  }
  auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
  ASSERT_FALSE(writer.ok());
  EXPECT_NE(writer.status().message().find("stem_everything"), std::string::npos)
      << writer.status().ToString();
  auto searcher = Searcher::Open(dir.path(), SearchOptions{});
  ASSERT_FALSE(searcher.ok());
  EXPECT_EQ(searcher.status().code(), StatusCode::kCorruption);
  EXPECT_NE(searcher.status().message().find("byline.stemming"), std::string::npos);
}

TEST(StemmingSettingTest, WildcardOverStemsAddsTheTextsOwnStem) {
  Xapian::Stem english("english");
  EXPECT_EQ(WildcardOverStems(english, "", "comput", 10).get_description(),
            "Query(WILDCARD SYNONYM Zcomput)");
  EXPECT_EQ(WildcardOverStems(english, "S", "happy", 10).get_description(),
            "Query((WILDCARD SYNONYM ZShappy SYNONYM ZShappi))");
}

}  // namespace
}  // namespace byline
