// Stored articles compressed with a data dictionary (src/data_dictionary.h,
// src/stored_article.h), and an index built with one.
#include "data_dictionary.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <random>

#include "byline/bulk_builder.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "byline/searcher.h"
#include "stored_article.h"
#include "testutil.h"

namespace byline {
namespace {

std::vector<std::string> NewsTexts(int count) {
  static const char* const kWords[] = {"the",     "market",  "said",   "shares", "percent",
                                       "company", "million", "prices", "bank",   "reported",
                                       "quarter", "rose",    "fell",   "oil",    "government"};
  std::mt19937 rng(1);
  std::vector<std::string> texts;
  for (int i = 0; i < count; ++i) {
    std::string text;
    for (int w = 0; w < 150; ++w) text += std::string(w ? " " : "") + kWords[rng() % 15];
    texts.push_back(text);
  }
  return texts;
}

TEST(DataDictionaryTest, IsMadeOfTheSamplesRecurringWordsAndIsDeterministic) {
  const auto texts = NewsTexts(50);
  const std::vector<std::string_view> samples(texts.begin(), texts.end());
  const std::string dictionary = BuildDataDictionary(samples);
  EXPECT_EQ(dictionary, BuildDataDictionary(samples));
  EXPECT_LE(dictionary.size(), kDataDictionaryBytes);
  EXPECT_NE(dictionary.find(" government"), std::string::npos);
  // A word seen once is worth nothing.
  EXPECT_EQ(BuildDataDictionary({"unique words only here"}), "");
}

TEST(DataDictionaryTest, CompressedArticlesReadBackAndAreSmaller) {
  const auto texts = NewsTexts(50);
  const std::string dictionary =
      BuildDataDictionary(std::vector<std::string_view>(texts.begin(), texts.end()));
  RememberDataDictionary(dictionary);
  const uint32_t id = DataDictionaryId(dictionary);
  Article a = testing::MakeArticle("a1", "Oil prices", NewsTexts(51).back());
  a.tags = {"energy"};
  a.extra_fields = {{"desk", "\"markets\""}};
  const std::string layout = EncodeStoredArticle(a);
  const std::string stored = CompressStoredArticle(layout, dictionary, id);
  EXPECT_LT(stored.size(), layout.size() / 2);
  Article back;
  ASSERT_TRUE(DecodeStoredArticle(stored, &back));
  EXPECT_EQ(back.id, "a1");
  EXPECT_EQ(back.body, a.body);
  EXPECT_EQ(back.tags, a.tags);
  EXPECT_EQ(back.extra_fields, a.extra_fields);
  EXPECT_TRUE(SameStoredArticle(stored, layout));
  EXPECT_TRUE(SameStoredArticle(layout, layout));
  a.body += " more";
  EXPECT_FALSE(SameStoredArticle(stored, EncodeStoredArticle(a)));
  // Without a dictionary (or one that saves nothing) the layout is stored.
  EXPECT_EQ(CompressStoredArticle(layout, "", 0), layout);
}

TEST(DataDictionaryTest, AnUnknownDictionaryOrDamagedDataIsRefusedNeverOverread) {
  const auto texts = NewsTexts(20);
  const std::string dictionary =
      BuildDataDictionary(std::vector<std::string_view>(texts.begin(), texts.end())) + "x";
  const std::string stored =
      CompressStoredArticle(EncodeStoredArticle(testing::MakeArticle("a", "t", texts[0])),
                            dictionary, DataDictionaryId(dictionary));
  Article out;
  EXPECT_FALSE(DecodeStoredArticle(stored, &out));  // never registered
  RememberDataDictionary(dictionary);
  ASSERT_TRUE(DecodeStoredArticle(stored, &out));
  std::mt19937 rng(4);
  for (int round = 0; round < 500; ++round) {
    std::string damaged = stored;
    damaged.resize(rng() % (stored.size() + 1));
    if (!damaged.empty() && rng() % 2) damaged[rng() % damaged.size()] ^= 0x5a;
    if (damaged.size() > 0) damaged[0] = stored[0];
    DecodeStoredArticle(damaged, &out);  // false or an article; never a crash
  }
}

TEST(DataDictionaryIndexTest, ABulkBuildStoresItsArticlesWithOneAndUpdatesKeepUsingIt) {
  testing::TempDir dir;
  std::vector<Article> articles;
  const auto texts = NewsTexts(40);
  for (int i = 0; i < 40; ++i) {
    articles.push_back(testing::MakeArticle("n" + std::to_string(i), "Story " + std::to_string(i),
                                            texts[static_cast<size_t>(i)]));
  }
  {
    IndexOptions compact;
    compact.positions = "stream";  // a compact index: articles compressed
    auto builder = BulkBuilder::Open(dir.path(), compact, 2);  // two shards, one dictionary
    ASSERT_TRUE(builder.ok()) << builder.status().message();
    for (const Article& a : articles) ASSERT_TRUE((*builder)->Add(a).ok());
    ASSERT_TRUE((*builder)->Finish().ok());
  }
  std::string dictionary;
  {
    Xapian::Database db(dir.path());
    dictionary = db.get_metadata(kDataDictionaryMetadataKey);
    ASSERT_FALSE(dictionary.empty());
    const std::string data = db.get_document(1).get_data();
    EXPECT_LT(data.size(), texts[0].size() / 2);
  }
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_TRUE(writer.ok());
    // The same article again: unchanged, though stored compressed.
    auto same = (*writer)->Upsert(articles[3]);
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(*same, UpsertOutcome::kUnchanged);
    Article changed = articles[4];
    changed.body += " oil";
    auto updated = (*writer)->Upsert(changed);
    ASSERT_TRUE(updated.ok());
    EXPECT_EQ(*updated, UpsertOutcome::kUpdated);
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  Xapian::Database db(dir.path());
  const Xapian::docid did = *db.postlist_begin(schema::IdTerm("n4"));
  const std::string data = db.get_document(did).get_data();
  EXPECT_LT(data.size(), texts[4].size() / 2);  // an update uses the dictionary too
  auto searcher = testing::OpenSearcher(dir.path());
  ASSERT_NE(searcher, nullptr);
  SearchRequest req;
  req.query = "government";
  req.limit = 100;
  auto r = searcher->Search(req);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->hits.empty());
  for (const auto& hit : r->hits) EXPECT_EQ(hit.title.rfind("Story ", 0), 0u) << hit.id;
}

}  // namespace
}  // namespace byline
