// Near-duplicate folding (SearchRequest::dedupe) over a generated corpus
// (dedupe_corpus.h): a copy folds into the best-ranked of its story, an
// unrelated article never does, pages cut from the kept hits neither overlap
// nor skip whatever the order, totals do not move with folding, a sharded
// index folds like an unsharded one; Searcher::Duplicates; and
// FingerprintTable against a brute-force scan.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "byline/fingerprint.h"
#include "byline/index_layout.h"
#include "byline/searcher.h"
#include "byline/sharded_writer.h"
#include "dedupe_corpus.h"
#include "fingerprint_table.h"
#include "testutil.h"

namespace byline {
namespace {

using testing::DedupeCorpus;

class DedupeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    corpus_ = new DedupeCorpus(testing::MakeDedupeCorpus());
    dir_ = new testing::TempDir;
    testing::BuildIndex(dir_->path(), corpus_->articles);
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete corpus_;
  }
  void SetUp() override {
    searcher_ = testing::OpenSearcher(dir_->path());
    ASSERT_NE(searcher_, nullptr);
  }

  SearchResponse Run(const SearchRequest& req, Searcher* searcher = nullptr) {
    auto r = (searcher ? searcher : searcher_.get())->Search(req);
    EXPECT_OK(r);
    return r.ok() ? *r : SearchResponse{};
  }

  static std::vector<std::string> Ids(const SearchResponse& r) {
    std::vector<std::string> ids;
    for (const auto& hit : r.hits) ids.push_back(hit.id);
    return ids;
  }

  static uint64_t Print(const std::string& id) {
    for (const auto& a : corpus_->articles) {
      if (a.id == id) return TextFingerprint(a.title, a.body).value();
    }
    ADD_FAILURE() << "no article " << id;
    return 0;
  }

  // The story an article belongs to (itself when it is one), or "".
  static std::string StoryOf(const std::string& id) {
    for (const auto& [story, copies] : corpus_->copies) {
      if (id == story || std::find(copies.begin(), copies.end(), id) != copies.end()) return story;
    }
    return "";
  }

  static DedupeCorpus* corpus_;
  static testing::TempDir* dir_;
  std::unique_ptr<Searcher> searcher_;
};

DedupeCorpus* DedupeTest::corpus_ = nullptr;
testing::TempDir* DedupeTest::dir_ = nullptr;

// What the corpus is made to be, so the tests below test folding.
TEST_F(DedupeTest, CorpusCopiesAreNearAndOthersFar) {
  for (const auto& [story, copies] : corpus_->copies) {
    for (const auto& copy : copies) {
      EXPECT_LE(FingerprintDistance(Print(story), Print(copy)), kNearDuplicateDistance) << copy;
      for (const auto& other : copies) {
        EXPECT_LE(FingerprintDistance(Print(other), Print(copy)), kNearDuplicateDistance);
      }
    }
  }
  std::vector<std::string> loners = corpus_->unrelated;
  for (const auto& entry : corpus_->copies) loners.push_back(entry.first);
  for (size_t i = 0; i < loners.size(); ++i) {
    for (size_t j = i + 1; j < loners.size(); ++j) {
      EXPECT_GT(FingerprintDistance(Print(loners[i]), Print(loners[j])), kNearDuplicateDistance)
          << loners[i] << " " << loners[j];
    }
  }
}

TEST_F(DedupeTest, CopiesFoldIntoOneHitPerStoryAndUnrelatedNeverFold) {
  SearchRequest req;
  req.query = "harbour";
  req.limit = 100;
  const SearchResponse off = Run(req);
  EXPECT_FALSE(off.deduped);
  for (const auto& hit : off.hits) EXPECT_FALSE(hit.duplicates.has_value());
  req.dedupe = Dedupe::kNear;
  const SearchResponse near = Run(req);
  EXPECT_TRUE(near.deduped);
  EXPECT_FALSE(near.dedupe_short);
  size_t copies = 0;
  for (const auto& entry : corpus_->copies) copies += entry.second.size();
  ASSERT_EQ(off.hits.size(), corpus_->copies.size() + copies + corpus_->unrelated.size());
  EXPECT_EQ(near.hits.size(), off.hits.size() - copies);
  EXPECT_EQ(near.folded, copies);
  // total counts every match, folded or not.
  EXPECT_EQ(near.total, off.total);
  EXPECT_EQ(near.total_exact, off.total_exact);
  std::map<std::string, int> kept_per_story;
  for (const auto& hit : near.hits) {
    ASSERT_TRUE(hit.duplicates.has_value()) << hit.id;
    const std::string story = StoryOf(hit.id);
    if (story.empty()) {
      EXPECT_EQ(*hit.duplicates, 0u) << hit.id;
      continue;
    }
    ++kept_per_story[story];
    EXPECT_EQ(*hit.duplicates, corpus_->copies.at(story).size()) << hit.id;
  }
  for (const auto& [story, copies_of] : corpus_->copies)
    EXPECT_EQ(kept_per_story[story], 1) << story;
  const auto ids = Ids(near);
  for (const auto& id : corpus_->unrelated) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  // The kept hit of a story is its best-ranked article.
  const auto all = Ids(off);
  for (const auto& id : ids) {
    const std::string story = StoryOf(id);
    if (story.empty()) continue;
    for (const auto& other : all) {
      if (other == id) break;
      EXPECT_NE(StoryOf(other), story) << other << " ranks above kept " << id;
    }
  }
}

TEST_F(DedupeTest, PagesNeitherOverlapNorSkipAndTotalsHoldForEveryOrderAndPage) {
  SearchRequest base;
  base.query = "harbour";
  base.dedupe = Dedupe::kNear;
  base.limit = 1000;
  SearchRequest plain = base;
  plain.dedupe = Dedupe::kOff;
  const SearchResponse unfolded = Run(plain);
  for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewestFirst, SortOrder::kOldestFirst}) {
    base.sort = sort;
    const SearchResponse whole = Run(base);
    EXPECT_EQ(whole.total, unfolded.total);
    for (size_t limit : {1u, 3u, 7u}) {
      std::vector<std::string> paged;
      uint64_t last_folded = 0;
      for (size_t offset = 0; offset < whole.hits.size() + limit; offset += limit) {
        SearchRequest req = base;
        req.offset = offset;
        req.limit = limit;
        const SearchResponse page = Run(req);
        EXPECT_EQ(page.total, unfolded.total) << offset;
        EXPECT_EQ(page.total_exact, unfolded.total_exact);
        EXPECT_GE(page.folded, last_folded) << "folded counts up to the end of the page";
        last_folded = page.folded;
        for (const auto& id : Ids(page)) paged.push_back(id);
      }
      EXPECT_EQ(paged, Ids(whole)) << "limit " << limit;
      EXPECT_EQ(last_folded, whole.folded);
    }
  }
}

TEST_F(DedupeTest, ArticlesWithoutAFingerprintAreNeverFolded) {
  SearchRequest req;  // the empty query matches the wordless articles too
  req.limit = 1000;
  req.dedupe = Dedupe::kNear;
  const auto ids = Ids(Run(req));
  for (const auto& id : corpus_->wordless) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  auto listed = searcher_->Duplicates(corpus_->wordless[0], 10);
  ASSERT_OK(listed);
  EXPECT_EQ(listed->total, 0u);
}

TEST_F(DedupeTest, FoldingStopsAtItsDepthAndSaysSo) {
  SearchRequest req;
  req.query = "harbour";
  req.dedupe = Dedupe::kNear;
  req.limit = 1000;
  const SearchResponse whole = Run(req);
  ASSERT_GT(whole.folded, 0u);
  req.dedupe_max_ranks = whole.hits.size() - 1;  // too few for all the kept hits
  const SearchResponse cut = Run(req);
  EXPECT_TRUE(cut.dedupe_short);
  EXPECT_LT(cut.hits.size(), whole.hits.size());
  EXPECT_EQ(cut.total, whole.total);
  // What it shows is the start of the whole list.
  const auto all = Ids(whole);
  EXPECT_EQ(Ids(cut), std::vector<std::string>(all.begin(), all.begin() + cut.hits.size()));
}

TEST_F(DedupeTest, DuplicatesListsNearestThenNewestAndCountsAll) {
  const std::string story = "story-0";  // an exact copy and an edited one
  const auto& copies = corpus_->copies.at(story);
  ASSERT_EQ(copies.size(), 2u);
  auto listed = searcher_->Duplicates(story, 10);
  ASSERT_OK(listed);
  EXPECT_EQ(listed->total, 2u);
  ASSERT_EQ(listed->duplicates.size(), 2u);
  EXPECT_EQ(listed->duplicates[0].id, story + "-copy");
  EXPECT_EQ(listed->duplicates[0].distance, 0);
  EXPECT_EQ(listed->duplicates[1].id, story + "-edit");
  EXPECT_EQ(listed->duplicates[1].distance,
            FingerprintDistance(Print(story), Print(story + "-edit")));
  EXPECT_FALSE(listed->duplicates[0].title.empty());
  EXPECT_FALSE(listed->duplicates[0].published.empty());
  auto one = searcher_->Duplicates(story, 1);
  ASSERT_OK(one);
  EXPECT_EQ(one->total, 2u);
  EXPECT_EQ(one->duplicates.size(), 1u);
  auto none = searcher_->Duplicates(corpus_->unrelated[0], 10);
  ASSERT_OK(none);
  EXPECT_EQ(none->total, 0u);
  auto missing = searcher_->Duplicates("no-such-article", 10);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST_F(DedupeTest, ShardedIndexFoldsLikeUnsharded) {
  testing::TempDir sharded;
  {
    auto writer = ShardedWriter::Open(sharded.path(), IndexOptions{}, 3);
    ASSERT_OK(writer);
    for (const auto& a : corpus_->articles) ASSERT_OK((*writer)->Upsert(a));
    ASSERT_OK((*writer)->Commit());
  }
  auto three = testing::OpenSearcher(sharded.path());
  ASSERT_NE(three, nullptr);
  for (SortOrder sort : {SortOrder::kNewestFirst, SortOrder::kOldestFirst}) {
    for (size_t offset : {0u, 4u}) {
      SearchRequest req;
      req.query = "harbour";
      req.dedupe = Dedupe::kNear;
      req.sort = sort;
      req.offset = offset;
      req.limit = 6;
      const SearchResponse want = Run(req);
      const SearchResponse got = Run(req, three.get());
      EXPECT_EQ(Ids(got), Ids(want));
      EXPECT_EQ(got.folded, want.folded);
      EXPECT_EQ(got.total, want.total);
      ASSERT_EQ(got.hits.size(), want.hits.size());
      for (size_t i = 0; i < got.hits.size(); ++i) {
        EXPECT_EQ(got.hits[i].duplicates, want.hits[i].duplicates) << got.hits[i].id;
      }
    }
  }
  auto listed = three->Duplicates("story-3", 10);
  ASSERT_OK(listed);
  EXPECT_EQ(listed->total, corpus_->copies.at("story-3").size());
}

TEST_F(DedupeTest, AnUpdatedIndexIsSeenAfterItsCommit) {
  testing::TempDir dir;
  std::vector<Article> some(corpus_->articles.begin(), corpus_->articles.begin() + 3);
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir.path(), some));
  auto searcher = testing::OpenSearcher(dir.path());
  ASSERT_NE(searcher, nullptr);
  auto before = searcher->Duplicates("story-0", 10);
  ASSERT_OK(before);
  const uint64_t had = before->total;
  Article copy = corpus_->articles[0];
  copy.id = "story-0-late-copy";
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir.path(), {copy}));
  auto after = searcher->Duplicates("story-0", 10);
  ASSERT_OK(after);
  EXPECT_EQ(after->total, had + 1);
}

TEST(FingerprintTableTest, FindsExactlyWhatAScanFinds) {
  std::mt19937_64 random(7);
  std::vector<std::pair<Xapian::docid, uint64_t>> entries;
  for (Xapian::docid d = 1; d <= 3000; ++d) {
    uint64_t f = random();
    if (d % 4 == 0) {
      // Near an earlier one: 0 to kNearDuplicateDistance + 2 bits flipped.
      f = entries[random() % entries.size()].second;
      const int flips = static_cast<int>(random() % (kNearDuplicateDistance + 3));
      for (int i = 0; i < flips; ++i) f ^= uint64_t{1} << (random() % 64);
    }
    entries.emplace_back(d * 3, f);  // docids with gaps
  }
  FingerprintTable table = FingerprintTable::FromEntries(entries);
  ASSERT_EQ(table.size(), entries.size());
  for (size_t i = 0; i < entries.size(); i += 7) {
    const auto [self, print] = entries[i];
    using Found = std::set<std::pair<Xapian::docid, int>>;
    Found want;
    for (const auto& [docid, other] : entries) {
      const int d = FingerprintDistance(print, other);
      if (docid != self && d <= kNearDuplicateDistance) want.emplace(docid, d);
    }
    const auto near = table.Near(print, self);
    EXPECT_EQ(Found(near.begin(), near.end()), want);
    EXPECT_EQ(near.size(), want.size()) << "each listed once";
    EXPECT_EQ(table.CountNear(print, self), want.size());
    EXPECT_EQ(table.CountNear(print, self), want.size()) << "remembered";
  }
}

// Searchers at one revision of one generation share one table (memory does
// not grow with searchd's Searchers); another key, or a key nobody holds any
// more, gets a table of its own, read from its database.
TEST(FingerprintTableTest, OneTablePerRevisionWhileHeld) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(
      dir.path(), {testing::MakeArticle("a", "Storm", "The storm reached the coast at dawn."),
                   testing::MakeArticle("b", "Budget", "Ministers agreed the budget at last.")}));
  IndexLayout layout(dir.path());
  auto generation = layout.CurrentGeneration();
  ASSERT_TRUE(generation.ok());
  Xapian::Database db(layout.GenerationPath(*generation));
  auto first = SharedFingerprintTable("k1", db);
  auto again = SharedFingerprintTable("k1", db);
  auto other = SharedFingerprintTable("k2", db);
  EXPECT_EQ(first.get(), again.get());
  EXPECT_NE(first.get(), other.get());
  EXPECT_EQ(first->size(), 2u);
  first.reset();
  again.reset();
  auto rebuilt = SharedFingerprintTable("k1", db);
  EXPECT_EQ(rebuilt->size(), 2u);
}

}  // namespace
}  // namespace byline
