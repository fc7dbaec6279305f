// Compares two rankings of the same articles, e.g. one database against the
// same articles split over shards.
#ifndef BYLINE_TESTS_RANKING_COMPARE_H_
#define BYLINE_TESTS_RANKING_COMPARE_H_

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "byline/searcher.h"

namespace byline::testing {

struct Ranked {
  std::string id;
  double score;
};

inline std::vector<Ranked> RankedOf(const SearchResponse& r) {
  std::vector<Ranked> out;
  for (const auto& hit : r.hits) out.push_back({hit.id, hit.score});
  return out;
}

// Same hits, same scores (1e-9), same order except among equal scores, whose
// order follows document numbers and so legitimately differs across shards.
inline void ExpectSameRanking(const std::vector<Ranked>& want, const std::vector<Ranked>& got,
                              const std::string& query) {
  ASSERT_EQ(want.size(), got.size()) << query;
  std::map<std::string, double> want_scores;
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(want[i].score, got[i].score, 1e-9) << query << " at rank " << i;
    want_scores[want[i].id] = want[i].score;
  }
  for (const auto& hit : got) {
    auto it = want_scores.find(hit.id);
    ASSERT_NE(it, want_scores.end()) << query << ": unexpected hit " << hit.id;
    EXPECT_NEAR(it->second, hit.score, 1e-9) << query << ": " << hit.id;
  }
}

}  // namespace byline::testing

#endif  // BYLINE_TESTS_RANKING_COMPARE_H_
