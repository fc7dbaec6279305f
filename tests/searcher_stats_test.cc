// Searcher::Stats and reopen_count: what /stats and /metrics report.
#include <gtest/gtest.h>

#include <chrono>

#include "byline/index_writer.h"
#include "byline/searcher.h"
#include "testutil.h"

namespace byline {
namespace {

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using testing::OpenSearcher;

TEST(SearcherStatsTest, ReportsArticlesGenerationLastUpdateAndSize) {
  testing::TempDir dir;
  auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
  ASSERT_OK(writer);
  ASSERT_OK((*writer)->Upsert(testing::MakeArticle("a", "Alpha title", "one two three four")));
  ASSERT_OK((*writer)->Upsert(testing::MakeArticle("b", "Beta title", "five six")));
  int64_t before = NowSeconds();
  ASSERT_OK((*writer)->Commit());

  auto searcher = OpenSearcher(dir.path());
  ASSERT_NE(searcher, nullptr);
  auto stats = searcher->Stats();
  ASSERT_OK(stats);
  EXPECT_EQ(stats->articles, 2u);
  EXPECT_EQ(stats->generation, "gen-000001");
  EXPECT_GE(stats->last_update, before);
  EXPECT_LE(stats->last_update, NowSeconds());
  EXPECT_GT(stats->size_bytes, 0u);
  EXPECT_GT(stats->average_length, 0.0);
  EXPECT_EQ(stats->terms, 0u) << "terms are only counted when asked";

  auto detailed = searcher->Stats(/*count_terms=*/true);
  ASSERT_OK(detailed);
  auto from_writer = (*writer)->Stats();
  ASSERT_OK(from_writer);
  EXPECT_EQ(detailed->terms, from_writer->terms);
  EXPECT_EQ(detailed->last_update, from_writer->last_update);
}

TEST(SearcherStatsTest, CountsReopensOnCommitsAndGenerationSwitches) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(
      testing::BuildIndex(dir.path(), {testing::MakeArticle("a", "Alpha", "first body")}));
  auto searcher = OpenSearcher(dir.path());
  ASSERT_NE(searcher, nullptr);
  ASSERT_OK(searcher->Refresh(true));
  EXPECT_EQ(searcher->reopen_count(), 0u) << "nothing changed, nothing reopened";

  ASSERT_NO_FATAL_FAILURE(
      testing::BuildIndex(dir.path(), {testing::MakeArticle("b", "Beta", "second body")}));
  ASSERT_OK(searcher->Refresh(true));
  EXPECT_EQ(searcher->reopen_count(), 1u);
  EXPECT_EQ(searcher->article_count(), 2u);

  testing::Rebuild(dir.path(), {testing::MakeArticle("c", "Gamma", "rebuilt body")});
  ASSERT_OK(searcher->Refresh(true));
  EXPECT_EQ(searcher->reopen_count(), 2u);
  EXPECT_EQ(searcher->generation(), "gen-000002");
}

}  // namespace
}  // namespace byline
