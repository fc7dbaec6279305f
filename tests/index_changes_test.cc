// IndexChanges: one run of changes, written once against the interface,
// gets the same answers from IndexWriter, a sharded ShardedWriter and
// IndexPreview; the writers' commits reach the index, the preview writes
// nothing.
#include "byline/index_changes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "byline/index_preview.h"
#include "byline/index_writer.h"
#include "byline/sharded_writer.h"
#include "testutil.h"

namespace byline {
namespace {

Article Make(const std::string& id, int version) {
  Article a = testing::MakeArticle(id, "Title " + id, "body version " + std::to_string(version));
  a.source = version % 2 ? "odd" : "even";
  return a;
}

std::string Sorted(Result<std::vector<std::string>> ids) {
  if (!ids.ok()) return "error: " + ids.status().ToString();
  std::sort(ids->begin(), ids->end());
  std::string joined;
  for (const auto& id : *ids) joined += id + " ";
  return joined;
}

// A random run of changes in one transaction, and what `index` answered
// at each step, as text.
std::vector<std::string> RandomRun(IndexChanges& index, unsigned seed) {
  std::vector<std::string> said;
  said.push_back("begin " + index.BeginTransaction().ToString());
  std::mt19937 random(seed);
  for (int step = 0; step < 150; ++step) {
    const std::string id = "p" + std::to_string(random() % 60);
    if (random() % 3 == 0) {
      auto deleted = index.Delete(id);
      said.push_back("delete " + id + " " +
                     (deleted.ok() ? std::to_string(*deleted) : deleted.status().ToString()));
    } else {
      auto outcome = index.Upsert(Make(id, static_cast<int>(random() % 3)));
      said.push_back("upsert " + id + " " +
                     (outcome.ok() ? std::to_string(static_cast<int>(*outcome))
                                   : outcome.status().ToString()));
    }
    said.push_back("count " + std::to_string(index.article_count()));
  }
  said.push_back("synonyms " + index.SetSynonyms({{"ship", "boat"}}).ToString());
  said.push_back("stopwords " + index.SetStopwords({"version"}).ToString());
  for (const char* query : {"source:even", "source:odd", "title:p1*"}) {
    said.push_back(std::string(query) + ": " + Sorted(index.IdsMatching(query)));
  }
  said.push_back("not in: " +
                 Sorted(index.IdsNotIn([](const std::string& id) { return id.size() == 2; })));
  said.push_back("commit " + index.Commit().ToString());
  return said;
}

// `count` articles p0 ... written by `index` and committed.
void Seed(IndexChanges& index, int count) {
  for (int i = 0; i < count; ++i) ASSERT_OK(index.Upsert(Make("p" + std::to_string(i), 0)));
  ASSERT_OK(index.Commit());
}

TEST(IndexChangesTest, WriterShardsAndPreviewAnswerTheSameRun) {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    testing::TempDir plain, sharded, previewed;
    std::vector<std::string> by_writer, by_shards, by_preview;
    std::set<std::string> held;  // by the plain writer after its run
    {
      auto writer = IndexWriter::Open(plain.path(), IndexOptions{});
      ASSERT_OK(writer);
      Seed(**writer, 40);
      by_writer = RandomRun(**writer, seed);
      auto all = (*writer)->IdsNotIn([](const std::string&) { return false; });
      ASSERT_OK(all);
      held.insert(all->begin(), all->end());
    }
    {
      auto writer = ShardedWriter::Open(sharded.path(), IndexOptions{}, 3);
      ASSERT_OK(writer);
      Seed(**writer, 40);
      by_shards = RandomRun(**writer, seed);
    }
    {
      auto writer = IndexWriter::Open(previewed.path(), IndexOptions{});
      ASSERT_OK(writer);
      Seed(**writer, 40);
    }
    const auto before = testing::SnapshotFiles(previewed.path());
    {
      auto preview = IndexPreview::Open(previewed.path(), IndexOptions{},
                                        /*queries_see_changes=*/true);
      ASSERT_OK(preview);
      by_preview = RandomRun(**preview, seed);
    }
    EXPECT_EQ(by_shards, by_writer);
    EXPECT_EQ(by_preview, by_writer);
    // Committed by the writers: the index read afresh holds what they held.
    ASSERT_EQ(held.size(), testing::ArticleCount(plain.path()));
    EXPECT_EQ(testing::ArticleCount(sharded.path()), held.size());
    int changed = 0;
    for (int i = 0; i < 60; ++i) {
      const std::string id = "p" + std::to_string(i);
      EXPECT_EQ(testing::IndexHas(plain.path(), id), held.count(id) == 1) << id;
      EXPECT_EQ(testing::IndexHas(sharded.path(), id), held.count(id) == 1) << id;
      changed += (held.count(id) == 1) != (i < 40);
    }
    EXPECT_GT(changed, 0) << "the run added or deleted nothing";
    // Written nowhere by the preview.
    EXPECT_EQ(testing::SnapshotFiles(previewed.path()), before);
    EXPECT_EQ(testing::ArticleCount(previewed.path()), 40u);
  }
}

}  // namespace
}  // namespace byline
