// The auto-compaction policy and the drift record (byline/auto_compact.h).
#include "byline/auto_compact.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>

#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "testutil.h"

namespace byline {
namespace {

Drift DriftOf(uint64_t articles, uint64_t written) {
  Drift d;
  d.recorded = true;
  d.compacted_articles = articles;
  d.compacted_bytes = 1000 * articles;
  d.articles = articles;
  d.size_bytes = 1000 * articles;
  d.written_since = written;
  return d;
}

TEST(AutoCompactPolicyTest, CompactsOnceTheShareWrittenReachesTheThreshold) {
  AutoCompactPolicy policy;
  policy.threshold = 0.25;
  policy.min_writes = 10;
  EXPECT_FALSE(ShouldCompact(DriftOf(1000, 249), policy));
  EXPECT_TRUE(ShouldCompact(DriftOf(1000, 250), policy));
  EXPECT_TRUE(ShouldCompact(DriftOf(1000, 5000), policy));
}

TEST(AutoCompactPolicyTest, CompactsOnceTheSizePassesItsLimitBelowTheShare) {
  AutoCompactPolicy policy;
  policy.threshold = 0.5;
  policy.min_writes = 10;
  policy.max_size_ratio = 1.1;
  Drift d = DriftOf(1000, 20);  // 2% written
  d.size_bytes = 1099 * 1000;   // 109.9% of the compacted estimate
  EXPECT_FALSE(ShouldCompact(d, policy));
  d.size_bytes = 1100 * 1000;
  EXPECT_TRUE(ShouldCompact(d, policy));
  EXPECT_EQ(CompactionReason(d, policy), "110% of its compacted size (limit 110%)");
  d.written_since = 9;  // fewer writes than the minimum: not even for size
  EXPECT_FALSE(ShouldCompact(d, policy));
  d.written_since = 20;
  policy.max_size_ratio = 0;  // no size limit
  EXPECT_FALSE(ShouldCompact(d, policy));
  d.recorded = false;  // no compaction record: no estimate, the share alone
  policy.max_size_ratio = 1.1;
  EXPECT_FALSE(ShouldCompact(d, policy));
  d.written_since = 600;
  EXPECT_TRUE(ShouldCompact(d, policy));
  EXPECT_EQ(CompactionReason(d, policy), "60% written since its last compaction (threshold 50%)");
}

TEST(AutoCompactPolicyTest, OffNeverCompacts) {
  AutoCompactPolicy policy;
  policy.enabled = false;
  policy.min_writes = 0;
  EXPECT_FALSE(ShouldCompact(DriftOf(10, 1000), policy));
}

TEST(AutoCompactPolicyTest, FewerWritesThanTheMinimumDoNotCompact) {
  AutoCompactPolicy policy;
  policy.threshold = 0.1;
  policy.min_writes = 100;
  EXPECT_FALSE(ShouldCompact(DriftOf(20, 99), policy));
  EXPECT_TRUE(ShouldCompact(DriftOf(20, 100), policy));
}

TEST(AutoCompactPolicyTest, ThresholdIsChecked) {
  AutoCompactPolicy policy;
  EXPECT_OK(policy.Validate());
  policy.threshold = 0;
  EXPECT_FALSE(policy.Validate().ok());
  EXPECT_NE(policy.Validate().message().find("--auto-compact-threshold"), std::string::npos);
  policy.threshold = -1;
  EXPECT_FALSE(policy.Validate().ok());
  policy.threshold = 0.05;
  for (double bad : {-1.0, 0.5, 1.0, 101.0}) {
    policy.max_size_ratio = bad;
    EXPECT_FALSE(policy.Validate().ok()) << bad;
    EXPECT_NE(policy.Validate().message().find("--auto-compact-max-size"), std::string::npos);
  }
  for (double good : {0.0, 1.01, 1.1, 100.0}) {
    policy.max_size_ratio = good;
    EXPECT_OK(policy.Validate()) << good;
  }
}

TEST(AutoCompactPolicyTest, ShareIsOverTheLargerOfNowAndCompacted) {
  Drift d = DriftOf(100, 50);
  d.articles = 50;  // half deleted since
  EXPECT_DOUBLE_EQ(d.share(), 0.5);
  d.articles = 200;
  EXPECT_DOUBLE_EQ(d.share(), 0.25);
  d.size_bytes = 300000;  // 1.5 x the estimate of 200 articles at 1000 bytes
  EXPECT_DOUBLE_EQ(d.size_ratio(), 1.5);
  d.recorded = false;
  EXPECT_EQ(d.size_ratio(), 0);
}

// Writes `count` articles (ids from `first`) with one commit.
void Write(const std::string& dir, int first, int count, const std::string& word) {
  auto writer = IndexWriter::Open(dir, IndexOptions{});
  ASSERT_OK(writer);
  for (int i = first; i < first + count; ++i) {
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle(
        "a" + std::to_string(i), "Title " + std::to_string(i), word + " harbour ferry news")));
  }
  ASSERT_OK((*writer)->Commit());
}

TEST(DriftRecordTest, CommitsCountWritesAndCompactionRestartsTheRecord) {
  testing::TempDir tmp;
  const std::string dir = tmp.File("idx");
  Write(dir, 0, 40, "first");
  auto drift = ReadDrift(dir);
  ASSERT_OK(drift);
  // Made by per-article writes only: no compaction record.
  EXPECT_FALSE(drift->recorded);
  EXPECT_EQ(drift->written_since, 40u);
  EXPECT_EQ(drift->articles, 40u);
  ASSERT_OK(CompactIndex(dir));
  drift = ReadDrift(dir);
  ASSERT_OK(drift);
  EXPECT_TRUE(drift->recorded);
  EXPECT_EQ(drift->written_since, 0u);
  EXPECT_EQ(drift->compacted_articles, 40u);
  EXPECT_GT(drift->compacted_bytes, 0u);
  EXPECT_GT(drift->compacted_at, 0);
  // 10 replaced, 5 added, 1 deleted, 3 unchanged (not counted).
  Write(dir, 30, 15, "second");
  Write(dir, 0, 3, "first");
  {
    auto writer = IndexWriter::Open(dir, IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Delete("a1"));
    ASSERT_OK((*writer)->Commit());
  }
  drift = ReadDrift(dir);
  ASSERT_OK(drift);
  EXPECT_EQ(drift->written_since, 16u);
  EXPECT_EQ(drift->articles, 44u);
  EXPECT_DOUBLE_EQ(drift->share(), 16.0 / 44.0);
}

TEST(DriftRecordTest, AbandonedWritesAreNotCounted) {
  testing::TempDir tmp;
  const std::string dir = tmp.File("idx");
  Write(dir, 0, 5, "first");
  auto writer = IndexWriter::Open(dir, IndexOptions{});
  ASSERT_OK(writer);
  ASSERT_OK((*writer)->BeginTransaction());
  ASSERT_OK((*writer)->Upsert(testing::MakeArticle("x", "X", "dropped")));
  (*writer)->Abandon();
  ASSERT_OK((*writer)->Commit());
  writer->reset();
  auto drift = ReadDrift(dir);
  ASSERT_OK(drift);
  EXPECT_EQ(drift->written_since, 5u);
}

TEST(AutoCompactTest, CompactsPastTheThresholdOnlyAndKeepsEveryArticle) {
  testing::TempDir tmp;
  const std::string dir = tmp.File("idx");
  Write(dir, 0, 100, "first");
  ASSERT_OK(CompactIndex(dir));
  AutoCompactPolicy policy;
  policy.threshold = 0.3;
  policy.min_writes = 1;
  policy.max_size_ratio = 0;    // the share alone
  Write(dir, 0, 20, "second");  // 20%: below
  auto lock = WriteLock::Acquire(dir, {"test", "auto-compact"});
  ASSERT_OK(lock);
  auto made = AutoCompact(dir, policy, *lock);
  ASSERT_OK(made);
  EXPECT_TRUE(made->empty());
  lock->reset();
  const std::string before = *IndexLayout(dir).CurrentGeneration();
  Write(dir, 20, 20, "third");  // 40%: past it
  lock = WriteLock::Acquire(dir, {"test", "auto-compact"});
  ASSERT_OK(lock);
  policy.enabled = false;
  made = AutoCompact(dir, policy, *lock);
  ASSERT_OK(made);
  EXPECT_TRUE(made->empty());
  policy.enabled = true;
  made = AutoCompact(dir, policy, *lock);
  ASSERT_OK(made);
  ASSERT_EQ(made->size(), 1u);
  EXPECT_LT((*made)[0].after.size_bytes, (*made)[0].bytes_before);
  EXPECT_NE((*made)[0].after.generation, before);
  lock->reset();
  EXPECT_EQ(*IndexLayout(dir).CurrentGeneration(), (*made)[0].after.generation);
  EXPECT_EQ(testing::ArticleCount(dir), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(testing::IndexHas(dir, "a" + std::to_string(i))) << i;
  auto drift = ReadDrift(dir);
  ASSERT_OK(drift);
  EXPECT_EQ(drift->written_since, 0u);
}

// A few writes grow a compacted index past its size limit before the share
// written reaches the threshold: the size limit compacts it.
TEST(AutoCompactTest, CompactsPastTheSizeLimitBeforeTheShare) {
  testing::TempDir tmp;
  const std::string dir = tmp.File("idx");
  Write(dir, 0, 200, "first");
  ASSERT_OK(CompactIndex(dir));
  Write(dir, 0, 4, "second");  // 2% rewritten
  auto drift = ReadDrift(dir);
  ASSERT_OK(drift);
  ASSERT_LT(drift->share(), 0.05);
  ASSERT_GE(drift->size_ratio(), 1.1) << "the writes did not grow the index: nothing to test";
  AutoCompactPolicy policy;
  policy.min_writes = 1;
  policy.max_size_ratio = 0;
  auto lock = WriteLock::Acquire(dir, {"test", "auto-compact"});
  ASSERT_OK(lock);
  auto made = AutoCompact(dir, policy, *lock);
  ASSERT_OK(made);
  EXPECT_TRUE(made->empty());
  policy.max_size_ratio = 1.1;
  made = AutoCompact(dir, policy, *lock);
  ASSERT_OK(made);
  ASSERT_EQ(made->size(), 1u);
  EXPECT_NE(CompactionReason((*made)[0].drift, policy).find("of its compacted size"),
            std::string::npos);
  lock->reset();
  drift = ReadDrift(dir);
  ASSERT_OK(drift);
  EXPECT_EQ(drift->written_since, 0u);
  EXPECT_LT(drift->size_bytes, (*made)[0].bytes_before);
  EXPECT_EQ(testing::ArticleCount(dir), 200u);
}

}  // namespace
}  // namespace byline
