// IndexPreview (--dry-run) says what IndexWriter does: the same outcomes for
// the same sequence of changes, without touching a file.
#include "byline/index_preview.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>

#include "byline/index_writer.h"
#include "testutil.h"

namespace byline {
namespace {

namespace fs = std::filesystem;

Article PreviewArticle(const std::string& id, int version) {
  Article a = testing::MakeArticle(id, "Title " + id, "body version " + std::to_string(version));
  a.source = version % 2 ? "odd" : "even";
  return a;
}

TEST(IndexPreviewTest, AnswersAsTheWriterDoesForRandomChanges) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    testing::TempDir dir;
    IndexOptions options;
    options.commit_every = 1u << 30;  // the preview reads the revision the writer started from
    {
      auto writer = IndexWriter::Open(dir.path(), options);
      ASSERT_OK(writer);
      for (int i = 0; i < 80; ++i)
        ASSERT_OK((*writer)->Upsert(PreviewArticle("p" + std::to_string(i), 0)));
      ASSERT_OK((*writer)->Commit());
    }
    auto preview = IndexPreview::Open(dir.path(), options, /*queries_see_changes=*/true);
    ASSERT_OK(preview);
    ASSERT_TRUE((*preview)->exists());
    auto writer = IndexWriter::Open(dir.path(), options);
    ASSERT_OK(writer);

    std::mt19937 random(seed);
    for (int step = 0; step < 120; ++step) {
      const std::string id = "p" + std::to_string(random() % 100);
      if (random() % 3 == 0) {
        auto would = (*preview)->Delete(id);
        auto did = (*writer)->Delete(id);
        ASSERT_OK(would);
        ASSERT_OK(did);
        ASSERT_EQ(*would, *did) << "delete " << id << " at step " << step;
      } else {
        const Article article = PreviewArticle(id, static_cast<int>(random() % 3));
        auto would = (*preview)->Upsert(article);
        auto did = (*writer)->Upsert(article);
        ASSERT_OK(would);
        ASSERT_OK(did);
        ASSERT_EQ(static_cast<int>(*would), static_cast<int>(*did))
            << "upsert " << id << " at step " << step;
      }
      ASSERT_EQ((*preview)->article_count(), (*writer)->article_count()) << "step " << step;
    }
    auto keep = [](const std::string& id) { return id.size() == 2; };  // p0 .. p9
    EXPECT_EQ(*(*preview)->IdsNotIn(keep), *(*writer)->IdsNotIn(keep));
    // Queries see the run's changes, as the writer's do.
    for (const char* query : {"source:even", "source:odd", "version", "title:p1*"}) {
      auto would = (*preview)->IdsMatching(query);
      auto did = (*writer)->IdsMatching(query);
      ASSERT_OK(would);
      ASSERT_OK(did);
      std::set<std::string> previewed(would->begin(), would->end());
      std::set<std::string> matched(did->begin(), did->end());
      EXPECT_EQ(previewed, matched) << query;
      EXPECT_FALSE(matched.empty()) << query;
    }
  }
}

TEST(IndexPreviewTest, ChangesNoFileAndCreatesNothing) {
  testing::TempDir dir;
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Upsert(PreviewArticle("a", 0)));
    ASSERT_OK((*writer)->Commit());
  }
  const auto before = testing::SnapshotFiles(dir.path());
  {
    auto preview = IndexPreview::Open(dir.path());
    ASSERT_OK(preview);
    EXPECT_EQ(*(*preview)->Upsert(PreviewArticle("a", 1)), UpsertOutcome::kUpdated);
    EXPECT_EQ(*(*preview)->Upsert(PreviewArticle("b", 1)), UpsertOutcome::kAdded);
    EXPECT_TRUE(*(*preview)->Delete("a"));
    EXPECT_EQ((*preview)->article_count(), 1u);
    EXPECT_EQ((*preview)->IdsMatching("title:a").status().code(), StatusCode::kOk);
    EXPECT_EQ((*preview)->IdsMatching("title:a AND").status().code(), StatusCode::kInvalidQuery);
  }
  EXPECT_EQ(testing::SnapshotFiles(dir.path()), before);

  const std::string missing = dir.File("nothing-here");
  auto empty = IndexPreview::Open(missing);
  ASSERT_OK(empty);
  EXPECT_FALSE((*empty)->exists());
  EXPECT_EQ(*(*empty)->Upsert(PreviewArticle("a", 0)), UpsertOutcome::kAdded);
  EXPECT_FALSE(*(*empty)->Delete("zzz"));
  EXPECT_FALSE(fs::exists(missing));
}

}  // namespace
}  // namespace byline
