// SeenIds: every id of a run once, with where it was first given, in a
// compact table (it bounds the indexer's peak memory as archives grow).
#include "byline/seen_ids.h"

#include <gtest/gtest.h>

#include <string>

namespace byline {
namespace {

TEST(SeenIdsTest, ASecondRecordOfAnIdNamesTheFirst) {
  SeenIds seen;
  EXPECT_FALSE(seen.Add("a", {"one.jsonl", 1}));
  EXPECT_FALSE(seen.Add("b", {"one.jsonl", 2}));
  EXPECT_FALSE(seen.Add("", {"two.jsonl", 1}));  // an empty id is an id like any other here
  auto again = seen.Add("a", {"two.jsonl", 7});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->file, "one.jsonl");
  EXPECT_EQ(again->line, 1u);
  auto skipped = seen.SkipIfSeen("", {"three.md", 1});
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->reason, "id \"\" was already given by two.jsonl:1; skipped");
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen.Contains("b"));
  EXPECT_FALSE(seen.Contains("c"));
  EXPECT_FALSE(SeenIds().Contains("a"));
}

TEST(SeenIdsTest, ManyIdsThroughManyGrowthsAreEachFoundWhereTheyWereGiven) {
  SeenIds seen;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const std::string file = "f" + std::to_string(i / 1000) + ".jsonl";
    ASSERT_FALSE(seen.Add("article-" + std::to_string(i), {file, static_cast<size_t>(i % 1000)}))
        << i;
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; i += 997) {
    auto first = seen.Add("article-" + std::to_string(i), {"later.jsonl", 1});
    ASSERT_TRUE(first) << i;
    EXPECT_EQ(first->file, "f" + std::to_string(i / 1000) + ".jsonl");
    EXPECT_EQ(first->line, static_cast<size_t>(i % 1000));
    // A prefix or an extension of a seen id is another id.
    EXPECT_FALSE(seen.Contains("article-" + std::to_string(i) + "x"));
  }
  EXPECT_FALSE(seen.Contains("article-"));
  EXPECT_EQ(seen.size(), static_cast<size_t>(n));
}

}  // namespace
}  // namespace byline
