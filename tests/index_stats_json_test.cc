// The one JSON form of index statistics (byline-indexer stats --json and
// byline-searchd's /stats, /admin/stats).
#include "index_stats_json.h"

#include <gtest/gtest.h>

namespace byline {
namespace {

IndexStats Sample() {
  IndexStats stats;
  stats.articles = 40;
  stats.terms = 1234;
  stats.size_bytes = 540779;
  stats.generation = "gen-000001";
  stats.last_update = 1709631000;  // 2024-03-05 09:30:00 UTC
  stats.average_length = 12.5;
  stats.revision = 7;
  stats.stemming = "all_z";
  return stats;
}

TEST(IndexStatsJsonTest, BasicHasTheIndexFieldsAndAnIsoLastUpdate) {
  nlohmann::json body = IndexStatsToJson(Sample(), StatsDetail::kBasic);
  EXPECT_EQ(body["articles"], 40);
  EXPECT_EQ(body["generation"], "gen-000001");
  EXPECT_EQ(body["last_update"], "2024-03-05T09:30:00Z");
  EXPECT_EQ(body["last_update_unix"], 1709631000);
  EXPECT_EQ(body["size_bytes"], 540779);
  EXPECT_EQ(body["stemming"], "all_z");
  EXPECT_FALSE(body.contains("terms"));
  EXPECT_FALSE(body.contains("average_length"));
  EXPECT_FALSE(body.contains("revision"));
}

TEST(IndexStatsJsonTest, FullAddsTermsAverageLengthAndRevision) {
  nlohmann::json body = IndexStatsToJson(Sample(), StatsDetail::kFull);
  EXPECT_EQ(body["terms"], 1234);
  EXPECT_DOUBLE_EQ(body["average_length"].get<double>(), 12.5);
  EXPECT_EQ(body["revision"], 7);
  EXPECT_EQ(body["last_update"], "2024-03-05T09:30:00Z");
}

TEST(IndexStatsJsonTest, UnknownLastUpdateIsNull) {
  for (int64_t unknown : {int64_t{0}, int64_t{-5}}) {
    IndexStats stats = Sample();
    stats.last_update = unknown;
    for (StatsDetail detail : {StatsDetail::kBasic, StatsDetail::kFull}) {
      nlohmann::json body = IndexStatsToJson(stats, detail);
      ASSERT_TRUE(body.contains("last_update"));
      EXPECT_TRUE(body["last_update"].is_null()) << body.dump();
      EXPECT_EQ(body["last_update_unix"], unknown);
    }
  }
  EXPECT_EQ(IsoTimeUtc(0), "");
  EXPECT_EQ(IsoTimeUtc(1), "1970-01-01T00:00:01Z");
}

}  // namespace
}  // namespace byline
