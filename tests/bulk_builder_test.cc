#include "byline/bulk_builder.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "testutil.h"

namespace byline {
namespace {

std::vector<std::string> DirNames(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Each shard counts its words and writes them to a spelling database of its
// own, merged in with the documents: every shard's words are there, with
// their frequencies over the whole build.
TEST(BulkBuilderTest, SpellingDataCoversEveryShardWithWholeBuildFrequencies) {
  testing::TempDir dir;
  auto builder = BulkBuilder::Open(dir.path(), IndexOptions{}, 2);
  ASSERT_OK(builder);
  const int kArticles = 3000;  // past a document flush in each shard
  for (int i = 0; i < kArticles; ++i) {
    // "zebu" + letters of i: a word per 100 articles, then one word in all.
    std::string word = "zebu";
    for (int n = i / 100; n > 0; n /= 26) word += static_cast<char>('a' + n % 26);
    ASSERT_OK((*builder)->Add(
        testing::MakeArticle("s" + std::to_string(i), "Harbour news", word + " quokka")));
  }
  ASSERT_OK((*builder)->Finish().status());

  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_doccount(), static_cast<Xapian::doccount>(kArticles));
  std::map<std::string, Xapian::doccount> spelling;
  for (auto t = db.spellings_begin(); t != db.spellings_end(); ++t) spelling[*t] = t.get_termfreq();
  EXPECT_EQ(spelling["quokka"], static_cast<Xapian::doccount>(kArticles));
  EXPECT_EQ(spelling["harbour"], static_cast<Xapian::doccount>(kArticles));
  EXPECT_EQ(spelling["zebu"], 100u);
  EXPECT_EQ(spelling["zebub"], 100u);
  EXPECT_EQ(spelling["zebubb"], 100u);  // i / 100 == 27
  EXPECT_EQ(db.get_spelling_suggestion("quokkka"), "quokka");
  // Nothing of the shards or their spelling databases is left behind.
  EXPECT_EQ(DirNames(dir.path()),
            (std::vector<std::string>{"XAPIANDB", "gen-000001", "writer.lock"}));
}

// A build keeps in the spelling data only the words it saw at least twice
// (kMinBulkSpellingCount), wherever the two were (one article or two, in
// one shard or two); an update adds every word it sees, so a word the build
// saw once becomes a suggestion when an update brings it again.
TEST(BulkBuilderTest, SpellingDataKeepsWordsSeenTwiceAndUpdatesAddTheRest) {
  testing::TempDir dir;
  auto builder = BulkBuilder::Open(dir.path(), IndexOptions{}, 2);
  ASSERT_OK(builder);
  ASSERT_OK(
      (*builder)->Add(testing::MakeArticle("a", "Harbour pilots", "The marlinspike was lost.")));
  ASSERT_OK((*builder)->Add(testing::MakeArticle("b", "Harbour tides", "Tides and pilots.")));
  ASSERT_OK((*builder)->Add(testing::MakeArticle("c", "Quay", "A gunwale gunwale story.")));
  ASSERT_OK((*builder)->Finish().status());
  auto spelling_of = [&](const std::string& word) {
    Xapian::Database db(dir.path());
    auto t = db.spellings_begin();
    t.skip_to(word);
    return t != db.spellings_end() && *t == word ? t.get_termfreq() : 0;
  };
  EXPECT_EQ(spelling_of("harbour"), 2u);  // two articles
  EXPECT_EQ(spelling_of("pilots"), 2u);   // a title and a body
  EXPECT_EQ(spelling_of("gunwale"), 2u);  // twice in one body
  EXPECT_EQ(spelling_of("marlinspike"), 0u);
  EXPECT_EQ(spelling_of("quay"), 0u);
  EXPECT_EQ(Xapian::Database(dir.path()).get_spelling_suggestion("gunwhale"), "gunwale");
  EXPECT_EQ(Xapian::Database(dir.path()).get_spelling_suggestion("marlinspyke"), "");
  // The word is still found: only the spelling data leaves it out.
  EXPECT_EQ(Xapian::Database(dir.path()).get_termfreq(schema::StemTerm("", "marlinspik")), 1u);

  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("d", "Ropes", "Another marlinspike.")));
    ASSERT_OK((*writer)->Commit());
  }
  EXPECT_EQ(spelling_of("marlinspike"), 1u);
  EXPECT_EQ(Xapian::Database(dir.path()).get_spelling_suggestion("marlinspyke"), "marlinspike");
}

// A build writes today's format, whose collapse slots hold hashes of the keys.
TEST(BulkBuilderTest, CollapseSlotsHoldHashesOfTheKeys) {
  testing::TempDir dir;
  auto builder = BulkBuilder::Open(dir.path(), IndexOptions{}, 2);
  ASSERT_OK(builder);
  Article a = testing::MakeArticle("a", "Harbour  Pilots", "Pilots at the harbour.");
  a.url = "https://www.example.org/pilots/";
  ASSERT_OK((*builder)->Add(a));
  ASSERT_OK((*builder)->Finish().status());
  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_metadata(schema::kFormatMetadataKey), std::to_string(schema::kIndexFormat));
  Xapian::Document doc = db.get_document(*db.postlist_begin(schema::IdTerm("a")));
  EXPECT_EQ(doc.get_value(schema::kUrlKeySlot), schema::CollapseKeyValue("example.org/pilots"));
  EXPECT_EQ(doc.get_value(schema::kTitleKeySlot), schema::CollapseKeyValue("harbour pilots"));
}

TEST(BulkBuilderTest, BuildsOneSearchableGenerationFromSeveralShards) {
  testing::TempDir dir;
  auto builder = BulkBuilder::Open(dir.path(), IndexOptions{}, 3);
  ASSERT_OK(builder);
  EXPECT_EQ((*builder)->threads(), 3u);
  for (int i = 0; i < 2000; ++i) {
    ASSERT_OK((*builder)->Add(testing::MakeArticle("a" + std::to_string(i), "Title",
                                                   "body word" + std::to_string(i % 10))));
  }
  // Repeated ids: the last copy wins, wherever it was first seen.
  ASSERT_OK((*builder)->Add(testing::MakeArticle("a5", "Replaced title", "replacement")));
  ASSERT_OK((*builder)->Add(testing::MakeArticle("a6", "Replaced title", "replacement")));
  auto counts = (*builder)->Finish();
  ASSERT_OK(counts);
  EXPECT_EQ(counts->added, 2000u);
  EXPECT_EQ(counts->replaced, 2u);
  EXPECT_EQ(DirNames(dir.path()),
            (std::vector<std::string>{"XAPIANDB", "gen-000001", "writer.lock"}));

  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_doccount(), 2000u);
  EXPECT_EQ(db.get_termfreq("Zreplac"), 2u);  // stems only (byline.stemming all_z)
  EXPECT_EQ(db.get_metadata("byline.stemming"), "all_z");
  EXPECT_EQ(db.get_termfreq(schema::IdTerm("a1999")), 1u);
  EXPECT_EQ(db.get_termfreq("Zword3"), 200u);
  auto stats = ReadIndexStats(dir.path());
  ASSERT_OK(stats);
  EXPECT_GT(stats->last_update, 0);
  // The writer of later updates opens it like any other index.
  auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
  ASSERT_OK(writer);
  EXPECT_EQ(*(*writer)->Upsert(testing::MakeArticle("a7", "Title", "body word7")),
            UpsertOutcome::kUnchanged);
}

TEST(BulkBuilderTest, KeepsTheLanguageWordListsAndRecordsSpellingData) {
  testing::TempDir dir;
  {
    IndexOptions french;
    french.language = "french";
    auto writer = IndexWriter::Open(dir.path(), french);
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->SetSynonyms({{"vélo", "bicyclette"}}));
    ASSERT_OK((*writer)->SetStopwords({"le", "la"}));
    ASSERT_OK((*writer)->Commit());
  }
  auto builder = BulkBuilder::Open(dir.path(), IndexOptions{}, 2);  // no language given
  ASSERT_OK(builder);
  ASSERT_OK((*builder)->Add(testing::MakeArticle("f1", "Les vélos", "Des chevaux et des vélos")));
  ASSERT_OK((*builder)->Finish());
  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_metadata("byline.language"), "french");
  EXPECT_EQ(db.get_metadata("byline.stopwords"), "le\nla\n");
  EXPECT_NE(db.synonym_keys_begin(), db.synonym_keys_end());
  EXPECT_NE(db.spellings_begin(), db.spellings_end());  // "did you mean" data
}

TEST(BulkBuilderTest, AbandonedBuildPublishesNothingAndCleansUp) {
  testing::TempDir dir;
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("live", "Live", "still here")));
  }
  {
    auto builder = BulkBuilder::Open(dir.path(), IndexOptions{}, 2);
    ASSERT_OK(builder);
    EXPECT_EQ((*builder)->generation(), "gen-000002");
    for (int i = 0; i < 600; ++i) {
      ASSERT_OK((*builder)->Add(testing::MakeArticle("n" + std::to_string(i), "T", "B")));
    }
    Article bad = testing::MakeArticle("x", "", "no title");
    EXPECT_EQ((*builder)->Add(bad).code(), StatusCode::kInvalidArgument);
    // Meanwhile readers are still served the live generation.
    EXPECT_EQ(Xapian::Database(dir.path()).get_doccount(), 1u);
    EXPECT_EQ(*IndexLayout(dir.path()).CurrentGeneration(), "gen-000001");
  }  // destroyed without Finish()
  EXPECT_EQ(DirNames(dir.path()),
            (std::vector<std::string>{"XAPIANDB", "gen-000001", "writer.lock"}));
  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_doccount(), 1u);
}

TEST(BulkBuilderTest, EmptyBuildPublishesAnEmptyIndexAndKeepsThePreviousGeneration) {
  testing::TempDir dir;
  for (int round = 0; round < 3; ++round) {
    auto builder = BulkBuilder::Open(dir.path(), IndexOptions{}, 2);
    ASSERT_OK(builder);
    if (round < 2) {
      ASSERT_OK((*builder)->Add(testing::MakeArticle("r", "T", "B")));
    }
    ASSERT_OK((*builder)->Finish());
  }
  EXPECT_EQ(Xapian::Database(dir.path()).get_doccount(), 0u);
  EXPECT_EQ(IndexLayout(dir.path()).ListGenerations(),
            (std::vector<std::string>{"gen-000002", "gen-000003"}));
}

}  // namespace
}  // namespace byline
