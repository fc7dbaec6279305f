// byline-indexer --shards N: articles routed to local shards by id hash,
// updates and deletes reaching the right shard, and search over the shards
// ranking like one database of the same articles.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/searcher.h"
#include "byline/shard_routing.h"
#include "ranking_compare.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using testing::ProgramPath;
using testing::RunProgram;

SearchRequest ShardRequestFor(const std::string& query) {
  SearchRequest req;
  req.query = query;
  req.limit = 100;  // every match: no cut among equal scores
  req.snippets = false;
  return req;
}

class IndexerShardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    input_ = testing::DataDir() + "/articles.jsonl";
    std::string out;
    ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", dir_.File("sharded"),
                          "--shards", "3", input_},
                         &out),
              0)
        << out;
    ASSERT_EQ(
        RunProgram({ProgramPath("byline-indexer"), "--index", dir_.File("whole"), input_}, &out), 0)
        << out;
  }

  std::string input_;
  testing::TempDir dir_;
};

TEST_F(IndexerShardsTest, StubListsShardsAndEachHoldsItsArticles) {
  const std::string stub = testing::ReadFile(dir_.File("sharded/XAPIANDB"));
  EXPECT_NE(stub.find("auto shard-00\nauto shard-01\nauto shard-02\n"), std::string::npos) << stub;
  uint64_t total = 0;
  for (uint32_t i = 0; i < 3; ++i) {
    auto shard = Searcher::Open(dir_.File("sharded/" + ShardDirName(i)), SearchOptions{});
    ASSERT_OK(shard);
    EXPECT_GT((*shard)->article_count(), 0u) << "shard " << i;
    total += (*shard)->article_count();
    auto all = (*shard)->Search(ShardRequestFor(""));
    ASSERT_OK(all);
    for (const auto& hit : all->hits) EXPECT_EQ(ShardOf(hit.id, 3), i) << hit.id;
  }
  EXPECT_EQ(total, 40u);
}

TEST_F(IndexerShardsTest, SearchOverShardsRanksLikeOneDatabase) {
  auto whole = Searcher::Open(dir_.File("whole"), SearchOptions{});
  auto sharded = Searcher::Open(dir_.File("sharded"), SearchOptions{});
  ASSERT_OK(whole);
  ASSERT_OK(sharded);
  for (const std::string query : {"solar", "port elling", "marathon OR football", "\"solar farm\"",
                                  "bread bakery", "winter data buses cold", "harbour -jazz"}) {
    auto want = (*whole)->Search(ShardRequestFor(query));
    auto got = (*sharded)->Search(ShardRequestFor(query));
    ASSERT_OK(want);
    ASSERT_OK(got);
    EXPECT_FALSE(want->hits.empty()) << query;
    EXPECT_EQ(want->total, got->total) << query;
    testing::ExpectSameRanking(testing::RankedOf(*want), testing::RankedOf(*got), query);
  }
}

TEST_F(IndexerShardsTest, UpdatesAndDeletesReachTheRightShard) {
  // Re-indexing the same file changes nothing and duplicates nothing; the
  // shard count is found from the stub.
  std::string out;
  ASSERT_EQ(
      RunProgram({ProgramPath("byline-indexer"), "--index", dir_.File("sharded"), input_}, &out), 0)
      << out;
  auto changed = testing::MakeArticle("byline-0001", "Port Elling renames its solar farm",
                                      "The quarry farm is now called Sunfield.");
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", dir_.File("sharded"), "-"}, &out,
                       testing::ToJsonLine(changed)),
            0)
      << out;
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", dir_.File("sharded"), "--delete",
                        "byline-0002"},
                       &out),
            0)
      << out;

  auto sharded = Searcher::Open(dir_.File("sharded"), SearchOptions{});
  ASSERT_OK(sharded);
  EXPECT_EQ((*sharded)->article_count(), 39u);
  auto updated = (*sharded)->GetArticle("byline-0001");
  ASSERT_OK(updated);
  EXPECT_EQ(updated->title, "Port Elling renames its solar farm");
  EXPECT_EQ((*sharded)->GetArticle("byline-0002").status().code(), StatusCode::kNotFound);
  auto found = (*sharded)->Search(ShardRequestFor("sunfield"));
  ASSERT_OK(found);
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].id, "byline-0001");
}

TEST_F(IndexerShardsTest, MismatchedShardCountsAreRefusedClearly) {
  std::string out;
  EXPECT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", dir_.File("sharded"), "--shards",
                        "4", input_},
                       &out),
            1);
  EXPECT_NE(out.find("has 3 shards"), std::string::npos) << out;
  EXPECT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", dir_.File("whole"), "--shards",
                        "2", input_},
                       &out),
            1);
  EXPECT_NE(out.find("unsharded index"), std::string::npos) << out;
  EXPECT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", dir_.File("sharded"), "--reindex",
                        input_},
                       &out),
            1);
  EXPECT_NE(out.find("sharded index"), std::string::npos) << out;
}

TEST_F(IndexerShardsTest, StatsAndCompactWorkShardByShard) {
  std::string out;
  ASSERT_EQ(RunProgram(
                {ProgramPath("byline-indexer"), "--index", dir_.File("sharded"), "stats", "--json"},
                &out),
            0)
      << out;
  nlohmann::json stats = nlohmann::json::parse(out, nullptr, false);
  ASSERT_TRUE(stats.is_object()) << out;
  EXPECT_EQ(stats["articles"], 40) << out;
  EXPECT_EQ(stats["generation"], "3 shards") << out;
  EXPECT_GT(stats["average_length"].get<double>(), 0) << out;
  ASSERT_EQ(
      RunProgram({ProgramPath("byline-indexer"), "--index", dir_.File("sharded"), "compact"}, &out),
      0)
      << out;
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_NE(out.find(ShardDirName(i) + ": "), std::string::npos) << out;
  }
  auto sharded = Searcher::Open(dir_.File("sharded"), SearchOptions{});
  ASSERT_OK(sharded);
  EXPECT_EQ((*sharded)->article_count(), 40u);
}

TEST_F(IndexerShardsTest, OpenSearcherFollowsAStubSwitchedToShards) {
  auto searcher = Searcher::Open(dir_.File("whole"), SearchOptions{});
  ASSERT_OK(searcher);
  EXPECT_EQ((*searcher)->generation(), "gen-000001");
  // An operator points the index at the shards (renamed into place, as
  // byline-indexer publishes stubs).
  testing::WriteFile(dir_.File("whole/XAPIANDB.new"),
                     "auto ../sharded/shard-00\nauto ../sharded/shard-01\n"
                     "auto ../sharded/shard-02\n");
  std::filesystem::rename(dir_.File("whole/XAPIANDB.new"), dir_.File("whole/XAPIANDB"));
  ASSERT_OK((*searcher)->Refresh(true));
  EXPECT_EQ((*searcher)->generation(), "sharded:3");
  EXPECT_EQ((*searcher)->article_count(), 40u);
  auto found = (*searcher)->Search(ShardRequestFor("solar"));
  ASSERT_OK(found);
  EXPECT_FALSE(found->hits.empty());
}

TEST_F(IndexerShardsTest, SearchdServesALocalShardedIndex) {
  testing::SearchdProcess searchd(dir_.File("sharded"));
  ASSERT_TRUE(searchd.ok()) << searchd.startup_output();
  auto res = searchd.Client()->Get("/search?q=solar&facets=source");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  // Local shards lack nothing: facets are counted, no warnings.
  EXPECT_NE(res->body.find("\"facets\""), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find("\"warnings\""), std::string::npos) << res->body;
}

}  // namespace
}  // namespace byline
