// The date facet's buckets: labels and bounds of each interval, empty
// intervals kept, auto's choice over spans of every length.
#include "date_buckets.h"

#include <gtest/gtest.h>

#include <random>

#include "byline/dates.h"

namespace byline {
namespace {

int64_t At(const std::string& published) {
  auto seconds = PublishedSeconds(published);
  EXPECT_TRUE(seconds.ok()) << published;
  return seconds.ok() ? *seconds : 0;
}

using Moments = std::vector<std::pair<int64_t, uint64_t>>;

uint64_t Sum(const DateBuckets& b) {
  uint64_t sum = 0;
  for (const auto& v : b.buckets) sum += v.count;
  return sum;
}

TEST(DateBucketsTest, DaysAreUtcDaysWithEmptyOnesBetween) {
  const Moments moments = {{At("2024-03-05T23:59:59Z"), 2},
                           {At("2024-03-06T01:00:00+02:00"), 1},  // 2024-03-05 23:00 UTC
                           {At("2024-03-08"), 4}};
  DateBuckets b = BucketDates(moments, DateInterval::kDay);
  EXPECT_EQ(b.interval, DateInterval::kDay);
  ASSERT_EQ(b.buckets.size(), 4u);
  EXPECT_EQ(b.buckets[0].value, "2024-03-05");
  EXPECT_EQ(b.buckets[0].from, "2024-03-05");
  EXPECT_EQ(b.buckets[0].to, "2024-03-05");
  EXPECT_EQ(b.buckets[0].count, 3u);
  EXPECT_EQ(b.buckets[1].value, "2024-03-06");
  EXPECT_EQ(b.buckets[1].count, 0u);
  EXPECT_EQ(b.buckets[2].count, 0u);
  EXPECT_EQ(b.buckets[3].value, "2024-03-08");
  EXPECT_EQ(b.buckets[3].count, 4u);
  EXPECT_TRUE(b.warning.empty());
}

TEST(DateBucketsTest, WeeksAreIsoWeeksStartingOnMonday) {
  // 2021-01-03 is a Sunday in 2020-W53; 2024-12-30 a Monday in 2025-W01.
  DateBuckets b = BucketDates({{At("2021-01-03"), 1}, {At("2021-01-04"), 2}}, DateInterval::kWeek);
  ASSERT_EQ(b.buckets.size(), 2u);
  EXPECT_EQ(b.buckets[0].value, "2020-W53");
  EXPECT_EQ(b.buckets[0].from, "2020-12-28");
  EXPECT_EQ(b.buckets[0].to, "2021-01-03");
  EXPECT_EQ(b.buckets[1].value, "2021-W01");
  EXPECT_EQ(b.buckets[1].from, "2021-01-04");
  EXPECT_EQ(b.buckets[1].count, 2u);
  b = BucketDates({{At("2025-01-05T12:00:00Z"), 1}, {At("2024-12-30"), 1}}, DateInterval::kWeek);
  ASSERT_EQ(b.buckets.size(), 1u);
  EXPECT_EQ(b.buckets[0].value, "2025-W01");
  EXPECT_EQ(b.buckets[0].from, "2024-12-30");
  EXPECT_EQ(b.buckets[0].to, "2025-01-05");
  EXPECT_EQ(b.buckets[0].count, 2u);
}

TEST(DateBucketsTest, MonthsAndYearsSpanTheirWholeLength) {
  DateBuckets b =
      BucketDates({{At("2024-01-31"), 1}, {At("2024-02-29T23:00:00Z"), 1}, {At("2024-04"), 5}},
                  DateInterval::kMonth);
  ASSERT_EQ(b.buckets.size(), 4u);
  EXPECT_EQ(b.buckets[1].value, "2024-02");
  EXPECT_EQ(b.buckets[1].from, "2024-02-01");
  EXPECT_EQ(b.buckets[1].to, "2024-02-29");  // a leap year
  EXPECT_EQ(b.buckets[2].value, "2024-03");
  EXPECT_EQ(b.buckets[2].count, 0u);
  EXPECT_EQ(b.buckets[3].value, "2024-04");
  EXPECT_EQ(b.buckets[3].count, 5u);  // a month-only date: its first second
  b = BucketDates({{At("1969-12-31T23:59:59Z"), 1}, {At("1972"), 2}}, DateInterval::kYear);
  ASSERT_EQ(b.buckets.size(), 4u);
  EXPECT_EQ(b.buckets[0].value, "1969");
  EXPECT_EQ(b.buckets[0].from, "1969-01-01");
  EXPECT_EQ(b.buckets[0].to, "1969-12-31");
  EXPECT_EQ(b.buckets[3].value, "1972");
  EXPECT_EQ(b.buckets[3].count, 2u);
}

TEST(DateBucketsTest, NothingDatedGivesNoBuckets) {
  DateBuckets b = BucketDates({}, DateInterval::kAuto);
  EXPECT_TRUE(b.buckets.empty());
  EXPECT_EQ(b.interval, DateInterval::kDay);
  EXPECT_EQ(BucketDates({}, DateInterval::kMonth).interval, DateInterval::kMonth);
}

TEST(DateBucketsTest, TooManyBucketsForTheAskedIntervalTakesACoarserOneAndSaysSo) {
  DateBuckets b = BucketDates({{At("2000-01-01"), 1}, {At("2010-06-01"), 1}}, DateInterval::kDay);
  EXPECT_EQ(b.interval, DateInterval::kWeek);  // 3805 days, 545 weeks
  EXPECT_LE(b.buckets.size(), kMostDateBuckets);
  EXPECT_NE(b.warning.find("date_interval=day would give 3805 buckets"), std::string::npos)
      << b.warning;
  EXPECT_EQ(Sum(b), 2u);
}

// Auto picks the finest interval giving at most 60 buckets; over random
// spans that is 10 to 60 buckets unless only a coarser interval fits.
TEST(DateBucketsTest, AutoPicksTheFinestIntervalWithAtMost60Buckets) {
  std::mt19937_64 random(19);
  const int64_t base = At("1990-01-01");
  for (int64_t span_days :
       {1, 9, 10, 45, 60, 61, 100, 200, 400, 420, 900, 1500, 1826, 3000, 5000, 12000, 21000}) {
    for (int trial = 0; trial < 20; ++trial) {
      const int64_t start =
          base + static_cast<int64_t>(random() % (20 * 365)) * 86400 + random() % 86400;
      Moments moments = {{start, 1}, {start + (span_days - 1) * 86400, 1}};
      uint64_t expected = 2;
      for (int i = 0; i < 30; ++i) {
        moments.push_back({start + static_cast<int64_t>(random() % span_days) * 86400, 3});
        expected += 3;
      }
      DateBuckets b = BucketDates(moments, DateInterval::kAuto);
      const std::string what = std::to_string(span_days) + " days from " + std::to_string(start);
      EXPECT_EQ(Sum(b), expected) << what;
      EXPECT_LE(b.buckets.size(), kAutoMostDateBuckets) << what;
      EXPECT_TRUE(b.warning.empty());
      if (b.interval != DateInterval::kDay) {
        // The next finer interval would have given more than 60.
        const DateInterval finer = b.interval == DateInterval::kWeek    ? DateInterval::kDay
                                   : b.interval == DateInterval::kMonth ? DateInterval::kWeek
                                                                        : DateInterval::kMonth;
        EXPECT_GT(BucketDates(moments, finer).buckets.size(), kAutoMostDateBuckets) << what;
      }
      // Spans of 10 to 60 days, 14 to 60 months or 10 to 60 years give 10 to 60.
      if ((span_days >= 10 && span_days <= 60) || (span_days >= 420 && span_days <= 1700) ||
          span_days >= 3700) {
        EXPECT_GE(b.buckets.size(), 10u) << what << " by " << DateIntervalName(b.interval);
      }
      if (span_days <= 60) {
        EXPECT_EQ(b.interval, DateInterval::kDay) << what;
      }
      if (span_days > 60 && span_days <= 400) {
        EXPECT_EQ(b.interval, DateInterval::kWeek) << what;
      }
      if (span_days >= 12000) {
        EXPECT_EQ(b.interval, DateInterval::kYear) << what;
      }
    }
  }
}

}  // namespace
}  // namespace byline
