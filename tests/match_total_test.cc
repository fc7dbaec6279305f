#include "match_total.h"

#include <gtest/gtest.h>

namespace byline {
namespace {

constexpr uint64_t kDocs = 20000;

TEST(MatchTotalTest, CountsOnePastTheExactLimitWhateverThePage) {
  struct Case {
    uint64_t offset, limit;
    uint64_t check_at_least, items;
  } cases[] = {
      {0, 10, 1001, 10},    // first page
      {990, 10, 1001, 10},  // last page within the limit
      {0, 100, 1001, 100},
      {1990, 10, 2000, 10},  // deeper than the limit (CLI --offset): the page wins
  };
  for (const Case& c : cases) {
    MatchCounting counting = PlanMatchCounting(c.offset, c.limit, 1000, /*every_match=*/false,
                                               /*collapse=*/false, /*least_matches=*/0, kDocs);
    EXPECT_EQ(counting.check_at_least, c.check_at_least) << c.offset << "+" << c.limit;
    EXPECT_EQ(counting.items, c.items) << c.offset << "+" << c.limit;
  }
}

TEST(MatchTotalTest, FacetsCountEveryArticle) {
  MatchCounting counting = PlanMatchCounting(20, 10, 1000, /*every_match=*/true,
                                             /*collapse=*/true, /*least_matches=*/0, kDocs);
  EXPECT_EQ(counting.check_at_least, kDocs);
  EXPECT_EQ(counting.items, 10u);  // collapsed matches are all seen anyway
}

TEST(MatchTotalTest, CollapseKeepsHitsOnePastTheExactLimit) {
  // Xapian counts collapsed matches exactly only while they fit in the hits
  // it keeps, so those reach match 1,001 from wherever the page starts.
  EXPECT_EQ(PlanMatchCounting(0, 10, 1000, false, true, 0, kDocs).items, 1001u);
  EXPECT_EQ(PlanMatchCounting(990, 10, 1000, false, true, 0, kDocs).items, 11u);
  EXPECT_EQ(PlanMatchCounting(995, 10, 1000, false, true, 0, kDocs).items, 10u);
  EXPECT_EQ(PlanMatchCounting(2000, 10, 1000, false, true, 0, kDocs).items, 10u);
}

TEST(MatchTotalTest, NeverCountsPastTheIndex) {
  MatchCounting counting = PlanMatchCounting(0, 10, SIZE_MAX, false, true, 0, 300);
  EXPECT_EQ(counting.check_at_least, 301u);
  EXPECT_EQ(counting.items, 301u);
  // 0: only the page, as before totals were counted.
  counting = PlanMatchCounting(30, 10, 0, false, false, 0, kDocs);
  EXPECT_EQ(counting.check_at_least, 40u);
}

TEST(MatchTotalTest, NothingIsCountedWhenTheWordsAloneArePastTheLimit) {
  MatchCounting counting = PlanMatchCounting(30, 10, 1000, false, false, 4000, kDocs);
  EXPECT_EQ(counting.check_at_least, 40u);  // the page only
  // Xapian's bounds from the page alone may be lower: the floor holds.
  MatchTotal total = TotalOfMatches(40, 6000, 1000, false, false, 4000);
  EXPECT_EQ(total.total, 1000u);
  EXPECT_FALSE(total.exact);
  // At or below the limit the floor settles nothing: counting goes on.
  EXPECT_EQ(PlanMatchCounting(30, 10, 1000, false, false, 1000, kDocs).check_at_least, 1001u);
}

TEST(MatchTotalTest, TotalIsExactUpToTheLimitAndTheLimitBeyond) {
  struct Case {
    uint64_t lower, upper;
    bool every_match, timed_out;
    uint64_t total;
    bool exact;
  } cases[] = {
      {0, 0, false, false, 0, true},
      {948, 948, false, false, 948, true},
      {1000, 1000, false, false, 1000, true},
      {1001, 1001, false, false, 1000, false},  // counted, but past the limit
      {1001, 2400, false, false, 1000, false},
      {1437, 1501, false, false, 1000, false},
      {1436, 1501, true, false, 1436, true},  // every match seen (collapsed)
      {6173, 6173, true, false, 6173, true},
      {57, 6173, true, true, 57, false},  // the time limit cut it short
      {3, 9, false, false, 3, false},     // bounds apart below the limit: stay true
  };
  for (const Case& c : cases) {
    MatchTotal total = TotalOfMatches(c.lower, c.upper, 1000, c.every_match, c.timed_out, 0);
    EXPECT_EQ(total.total, c.total) << c.lower << ".." << c.upper;
    EXPECT_EQ(total.exact, c.exact) << c.lower << ".." << c.upper;
  }
}

}  // namespace
}  // namespace byline
