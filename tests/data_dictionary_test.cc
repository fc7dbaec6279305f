// Stored articles compressed with a data dictionary (src/data_dictionary.h,
// src/stored_article.h), and an index built with one.
#include "data_dictionary.h"

#include <gtest/gtest.h>
#include <xapian.h>
#include <zlib.h>

#include <random>

#include "byline/bulk_builder.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "byline/searcher.h"
#include "stored_article.h"
#include "testutil.h"
#include "varint.h"

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

// Stored articles (the layout a dictionary is trained on) of `texts`.
std::vector<std::string> StoredTexts(const std::vector<std::string>& texts) {
  std::vector<std::string> stored;
  for (size_t i = 0; i < texts.size(); ++i) {
    stored.push_back(
        EncodeStoredArticle(testing::MakeArticle("s" + std::to_string(i), "Story", texts[i])));
  }
  return stored;
}

std::string TrainedOn(const std::vector<std::string>& texts) {
  const auto stored = StoredTexts(texts);
  return BuildDataDictionary({stored.begin(), stored.end()});
}

// A raw deflate of `data` at zlib's default level, with `preset` as its
// dictionary when not empty.
std::string RawDeflate(const std::string& data, const std::string& preset, int mem_level) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, mem_level, Z_DEFAULT_STRATEGY),
            Z_OK);
  if (!preset.empty()) {
    deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(preset.data()),
                         static_cast<uInt>(preset.size()));
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

// The size of `data` as glass alone would store it (its memLevel 9).
size_t DeflatedAlone(const std::string& data) { return RawDeflate(data, "", 9).size(); }

// Where a compressed stored article's frame starts (after its version,
// dictionary id and size), and the layout size it records.
size_t FrameStart(const std::string& stored, uint64_t* size) {
  size_t frame = 5;
  EXPECT_TRUE(GetVarint(stored, &frame, size));
  return frame;
}

// `stored` with each of `wrong` in place of the layout size it records:
// none of them may be read.
void ExpectSizesRefused(const std::string& stored, std::initializer_list<uint64_t> wrong) {
  uint64_t size = 0;
  const size_t frame = FrameStart(stored, &size);
  for (const uint64_t claimed : wrong) {
    std::string resized = stored.substr(0, 5);
    PutVarint(&resized, claimed);
    resized += stored.substr(frame);
    Article out;
    EXPECT_FALSE(DecodeStoredArticle(resized, &out)) << claimed;
  }
}

TEST(DataDictionaryTest, IsTrainedOnTheSamplesAndIsDeterministic) {
  const auto texts = NewsTexts(200);
  const std::string dictionary = TrainedOn(texts);
  ASSERT_FALSE(dictionary.empty());
  EXPECT_EQ(dictionary, TrainedOn(texts));
  EXPECT_NE(dictionary.find("government"), std::string::npos);
  // Too little to train on: no dictionary (glass compresses on its own).
  EXPECT_EQ(BuildDataDictionary({"unique words only here"}), "");
  EXPECT_EQ(BuildDataDictionary({}), "");
}

TEST(DataDictionaryTest, CompressedArticlesReadBackAndAreSmallerThanDeflatedAlone) {
  const auto dictionary = RememberDataDictionary(TrainedOn(NewsTexts(200)));
  ASSERT_NE(dictionary, nullptr);
  EXPECT_EQ(dictionary->id(), DataDictionaryId(dictionary->bytes()));
  Article a = testing::MakeArticle("a1", "Oil prices", NewsTexts(201).back());
  a.tags = {"energy"};
  a.extra_fields = {{"desk", "\"markets\""}};
  const std::string layout = EncodeStoredArticle(a);
  const std::string stored = CompressStoredArticle(layout, dictionary.get());
  EXPECT_LT(stored.size(), DeflatedAlone(layout));
  Article back;
  ASSERT_TRUE(DecodeStoredArticle(stored, &back));
  EXPECT_EQ(back.id, "a1");
  EXPECT_EQ(back.body, a.body);
  EXPECT_EQ(back.tags, a.tags);
  EXPECT_EQ(back.extra_fields, a.extra_fields);
  EXPECT_EQ(CompressStoredArticle(layout, dictionary.get()), stored);  // deterministic
  EXPECT_TRUE(SameStoredArticle(stored, layout));
  EXPECT_TRUE(SameStoredArticle(layout, layout));
  a.body += " more";
  EXPECT_FALSE(SameStoredArticle(stored, EncodeStoredArticle(a)));
  // Without a dictionary the layout is stored.
  EXPECT_EQ(CompressStoredArticle(layout, nullptr), layout);
}

TEST(DataDictionaryTest, ALongArticleReadsBackAndADamagedSizeOfItIsRefused) {
  const auto dictionary = RememberDataDictionary(TrainedOn(NewsTexts(200)));
  ASSERT_NE(dictionary, nullptr);
  // Over a megabyte: read back as output comes, not into one buffer.
  std::string body;
  for (const auto& text : NewsTexts(1200)) body += text + "\n";
  ASSERT_GT(body.size(), size_t{1} << 20);
  const std::string layout = EncodeStoredArticle(testing::MakeArticle("long", "Long", body));
  const std::string stored = CompressStoredArticle(layout, dictionary.get());
  ASSERT_LT(stored.size(), layout.size() / 2);
  Article back;
  ASSERT_TRUE(DecodeStoredArticle(stored, &back));
  EXPECT_EQ(back.body, body);
  uint64_t size = 0;
  FrameStart(stored, &size);
  ExpectSizesRefused(stored, {size - 1, size + 1, size * 2});
  std::string cut = stored;
  cut.resize(cut.size() - 1);
  EXPECT_FALSE(DecodeStoredArticle(cut, &back));
}

TEST(DataDictionaryTest, ArticlesDeflatedByEarlierBuildsStillReadBack) {
  // Version 3: the dictionary's id, the layout's size, then a raw deflate
  // with the dictionary's bytes preset (unreleased format-4 indexes).
  const std::string words = " the market said shares percent company";
  const auto dictionary = RememberDataDictionary(words);
  const std::string layout =
      EncodeStoredArticle(testing::MakeArticle("old", "Old", "the market said shares rose"));
  const std::string deflated = RawDeflate(layout, words, 8);  // memLevel 8, as it was written
  std::string stored(1, '\3');
  for (int shift = 0; shift < 32; shift += 8) {
    stored.push_back(static_cast<char>((dictionary->id() >> shift) & 0xff));
  }
  ASSERT_LT(layout.size(), 128u);
  stored.push_back(static_cast<char>(layout.size()));  // a one-byte varint
  stored += deflated;
  Article back;
  ASSERT_TRUE(DecodeStoredArticle(stored, &back));
  EXPECT_EQ(back.id, "old");
  EXPECT_EQ(back.body, "the market said shares rose");
  EXPECT_TRUE(SameStoredArticle(stored, layout));
  stored.back() ^= 0x5a;
  EXPECT_FALSE(DecodeStoredArticle(stored, &back));
}

TEST(DataDictionaryTest, AnUnknownDictionaryOrDamagedDataIsRefusedNeverOverread) {
  const auto texts = NewsTexts(100);
  // Built, not registered: its articles cannot be read until it is (made
  // new each time the test runs: the registry is the process's).
  static int runs = 0;
  const DataDictionary unregistered(TrainedOn(texts) + "run " + std::to_string(++runs));
  ASSERT_FALSE(unregistered.bytes().empty());
  const std::string stored = CompressStoredArticle(
      EncodeStoredArticle(testing::MakeArticle("a", "t", texts[0])), &unregistered);
  Article out;
  EXPECT_FALSE(DecodeStoredArticle(stored, &out));
  RememberDataDictionary(unregistered.bytes());
  ASSERT_TRUE(DecodeStoredArticle(stored, &out));
  EXPECT_EQ(out.body, texts[0]);
  std::mt19937 rng(4);
  for (int round = 0; round < 500; ++round) {
    std::string damaged = stored;
    damaged.resize(rng() % (stored.size() + 1));
    if (!damaged.empty() && rng() % 2) damaged[rng() % damaged.size()] ^= 0x5a;
    if (damaged.size() > 0) damaged[0] = stored[0];
    DecodeStoredArticle(damaged, &out);  // false or an article; never a crash
  }
  // A size the frame does not hold is refused.
  uint64_t size = 0;
  FrameStart(stored, &size);
  ExpectSizesRefused(stored, {size - 1, size + 1, uint64_t{1} << 29});
}

TEST(DataDictionaryIndexTest, ABulkBuildStoresItsArticlesWithOneAndUpdatesKeepUsingIt) {
  testing::TempDir dir;
  std::vector<Article> articles;
  const auto texts = NewsTexts(200);
  for (int i = 0; i < 200; ++i) {
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
  Article changed = articles[4];
  changed.body += " oil";
  std::string dictionary;
  {
    Xapian::Database db(dir.path());
    dictionary = db.get_metadata(kDataDictionaryMetadataKey);
    ASSERT_FALSE(dictionary.empty());
    const std::string data = db.get_document(1).get_data();
    EXPECT_LT(data.size(), DeflatedAlone(EncodeStoredArticle(articles[0])));
  }
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_TRUE(writer.ok());
    // The same article again: unchanged, though stored compressed.
    auto same = (*writer)->Upsert(articles[3]);
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(*same, UpsertOutcome::kUnchanged);
    auto updated = (*writer)->Upsert(changed);
    ASSERT_TRUE(updated.ok());
    EXPECT_EQ(*updated, UpsertOutcome::kUpdated);
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  Xapian::Database db(dir.path());
  const Xapian::docid did = *db.postlist_begin(schema::IdTerm("n4"));
  const std::string data = db.get_document(did).get_data();
  EXPECT_LT(data.size(), DeflatedAlone(EncodeStoredArticle(changed)));  // an update uses it too
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

TEST(DataDictionaryIndexTest, AnArchiveOfHugeArticlesStillTrainsOne) {
  // Articles of 700 KB: 4 MB of text is six of them, too few for zstd's
  // trainer; the sample goes on to 16 articles.
  testing::TempDir dir;
  const auto texts = NewsTexts(700);
  std::string body;
  for (const auto& text : texts) body += text + "\n";
  IndexOptions compact;
  compact.positions = "stream";
  auto builder = BulkBuilder::Open(dir.path(), compact, 1);
  ASSERT_TRUE(builder.ok()) << builder.status().message();
  for (int i = 0; i < 17; ++i) {
    const std::string id = "book" + std::to_string(i);
    ASSERT_TRUE((*builder)->Add(testing::MakeArticle(id, "Book " + std::to_string(i), body)).ok());
  }
  ASSERT_TRUE((*builder)->Finish().ok());
  Xapian::Database db(dir.path());
  EXPECT_FALSE(db.get_metadata(kDataDictionaryMetadataKey).empty());
  Article back;
  ASSERT_TRUE(DecodeStoredArticle(db.get_document(1).get_data(), &back));
  EXPECT_EQ(back.body, body);
}

}  // namespace
}  // namespace byline
