#include "byline/shard_routing.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace byline {
namespace {

TEST(ShardRoutingTest, Fnv1aMatchesPublishedVectors) {
  // Reference values of 64-bit FNV-1a: routing must never change between
  // builds, or updates would miss the shard holding an article.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(ShardRoutingTest, SpreadsIdsOverEveryShard) {
  std::vector<int> counts(4);
  for (int i = 0; i < 4000; ++i) ++counts[ShardOf("article-" + std::to_string(i), 4)];
  for (int c : counts) {
    EXPECT_GT(c, 800);  // 1000 expected each
    EXPECT_LT(c, 1200);
  }
  EXPECT_EQ(ShardOf("anything", 1), 0u);
  EXPECT_EQ(ShardOf("anything", 0), 0u);
}

TEST(ShardRoutingTest, ShardDirectoriesSortInOrder) {
  EXPECT_EQ(ShardDirName(0), "shard-00");
  EXPECT_EQ(ShardDirName(7), "shard-07");
  EXPECT_EQ(ShardDirName(12), "shard-12");
}

}  // namespace
}  // namespace byline
