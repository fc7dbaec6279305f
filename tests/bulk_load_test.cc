#include "byline/bulk_load.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <string>

#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/shard_routing.h"
#include "testutil.h"

namespace byline {
namespace {

namespace fs = std::filesystem;

TEST(BulkLoadTest, OnlyAnIndexWithoutArticlesIsLoadable) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  auto loadable = BulkLoad::Loadable(index);
  ASSERT_OK(loadable);
  EXPECT_TRUE(*loadable);  // none yet
  {
    auto writer = IndexWriter::Open(index, IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("a", "T", "B")));
  }
  loadable = BulkLoad::Loadable(index);
  ASSERT_OK(loadable);
  EXPECT_FALSE(*loadable);
  auto refused = BulkLoad::Open(index, IndexOptions{}, 0, 1, nullptr);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(testing::ArticleCount(index), 1u);
  {
    auto writer = IndexWriter::Open(index, IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Delete("a"));
  }
  loadable = BulkLoad::Loadable(index);
  ASSERT_OK(loadable);
  EXPECT_TRUE(*loadable);  // all deleted
}

TEST(BulkLoadTest, ThreadsAreSharedBetweenShardsAtLeastOneEach) {
  testing::TempDir dir;
  auto three = BulkLoad::Open(dir.File("three"), IndexOptions{}, 3, 2, nullptr);
  ASSERT_OK(three);
  EXPECT_EQ((*three)->shards(), 3u);
  EXPECT_EQ((*three)->threads(), 3u);
  auto two = BulkLoad::Open(dir.File("two"), IndexOptions{}, 2, 6, nullptr);
  ASSERT_OK(two);
  EXPECT_EQ((*two)->threads(), 6u);
  auto plain = BulkLoad::Open(dir.File("plain"), IndexOptions{}, 1, 2, nullptr);
  ASSERT_OK(plain);
  EXPECT_EQ((*plain)->shards(), 0u);
  EXPECT_EQ((*plain)->threads(), 2u);
}

TEST(BulkLoadTest, ShardsAreRoutedByIdAndPublishedOnlyWhenAllAreBuilt) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  {
    auto load = BulkLoad::Open(index, IndexOptions{}, 3, 3, nullptr);
    ASSERT_OK(load);
    for (int i = 0; i < 500; ++i) {
      ASSERT_OK((*load)->Add(testing::MakeArticle("x" + std::to_string(i), "T", "B")));
    }
  }  // abandoned: nothing published, nothing left but the lock
  EXPECT_FALSE(IndexLayout(index).Exists());
  for (const auto& entry : fs::directory_iterator(index)) {
    EXPECT_EQ(entry.path().filename(), "writer.lock") << entry.path();
  }
  auto load = BulkLoad::Open(index, IndexOptions{}, 3, 3, nullptr);
  ASSERT_OK(load);
  for (int i = 0; i < 500; ++i) {
    ASSERT_OK((*load)->Add(testing::MakeArticle("a" + std::to_string(i), "T", "B")));
  }
  EXPECT_FALSE(IndexLayout(index).Exists());
  auto counts = (*load)->Finish();
  ASSERT_OK(counts);
  EXPECT_EQ(counts->added, 500u);
  EXPECT_EQ(testing::ArticleCount(index), 500u);
  for (uint32_t shard = 0; shard < 3; ++shard) {
    const std::string path = index + "/" + ShardDirName(shard);
    uint64_t want = 0;
    for (int i = 0; i < 500; ++i) want += ShardOf("a" + std::to_string(i), 3) == shard;
    EXPECT_EQ(testing::ArticleCount(path), want) << path;
    EXPECT_TRUE(testing::IndexHas(path, [&] {
      for (int i = 0;; ++i) {
        if (ShardOf("a" + std::to_string(i), 3) == shard) return "a" + std::to_string(i);
      }
    }()));
    EXPECT_FALSE(fs::exists(path + ".new"));
  }
}

}  // namespace
}  // namespace byline
