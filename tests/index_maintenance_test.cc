// Deleting by query, sync, stats and compaction.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <set>
#include <unordered_set>
#include <vector>

#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "testutil.h"

namespace byline {
namespace {

Article Sourced(const std::string& id, const std::string& source, const std::string& body) {
  Article a = testing::MakeArticle(id, "Title " + id, body);
  a.source = source;
  return a;
}

// An index of 6 articles: 3 from "Wire Service", 3 from "Harbour Gazette".
std::unique_ptr<IndexWriter> Populated(const std::string& dir) {
  auto writer = IndexWriter::Open(dir, IndexOptions{});
  EXPECT_OK(writer);
  for (int i = 0; i < 3; ++i) {
    EXPECT_OK((*writer)->Upsert(Sourced("w" + std::to_string(i), "Wire Service", "market prices")));
    EXPECT_OK((*writer)->Upsert(Sourced("h" + std::to_string(i), "Harbour Gazette", "ferry news")));
  }
  EXPECT_OK((*writer)->Commit());
  return std::move(writer).value();
}

// Deletes every id in `ids`; how many there were.
size_t DeleteAll(IndexWriter& writer, const std::vector<std::string>& ids) {
  size_t deleted = 0;
  for (const auto& id : ids) deleted += *writer.Delete(id) ? 1 : 0;
  return deleted;
}

TEST(IdsMatchingTest, FindsExactlyTheMatchesAndChangesNothing) {
  testing::TempDir dir;
  auto writer = Populated(dir.path());
  auto wire = writer->IdsMatching("source:wire");
  ASSERT_OK(wire);
  EXPECT_EQ(std::set<std::string>(wire->begin(), wire->end()),
            (std::set<std::string>{"w0", "w1", "w2"}));
  EXPECT_EQ(writer->Stats()->articles, 6u);
  EXPECT_EQ(DeleteAll(*writer, *writer->IdsMatching("ferry AND id:h1")), 1u);
  EXPECT_EQ(DeleteAll(*writer, *writer->IdsMatching("source:wire")), 3u);
  ASSERT_OK(writer->Commit());
  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_TRUE(db.term_exists(schema::IdTerm("h0")));
  EXPECT_TRUE(db.term_exists(schema::IdTerm("h2")));
  EXPECT_TRUE(writer->IdsMatching("nothingmatchesthis")->empty());
}

TEST(DeleteMatchingTest, AQueryThatDoesNotParseIsAnErrorNotAGuess) {
  testing::TempDir dir;
  auto writer = Populated(dir.path());
  // NEAR and ADJ without a second word make Xapian 1.4 fall back to plain
  // words ("market" AND "near") instead of failing: refused all the same.
  for (const char* bad : {"market AND", "OR ferry", "   ", "market NEAR", "ferry ADJ"}) {
    auto r = writer->IdsMatching(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidQuery) << bad;
  }
  EXPECT_EQ(writer->Stats()->articles, 6u);
}

TEST(IdsMatchingTest, OperatorsMeanWhatTheySayUnderTheStrictParse) {
  testing::TempDir dir;
  auto writer = Populated(dir.path());
  auto ids = [&](const std::string& query) {
    auto found = writer->IdsMatching(query);
    EXPECT_OK(found) << query;
    return found.ok() ? std::set<std::string>(found->begin(), found->end())
                      : std::set<std::string>{};
  };
  // One XOR the other: the wires and h1, not both.
  EXPECT_EQ(ids("source:wire XOR id:h1"), (std::set<std::string>{"w0", "w1", "w2", "h1"}));
  EXPECT_EQ(ids("market XOR ferry XOR id:w0"),
            (std::set<std::string>{"w1", "w2", "h0", "h1", "h2"}));
  EXPECT_EQ(ids("NOT source:wire"), (std::set<std::string>{"h0", "h1", "h2"}));
  EXPECT_EQ(ids("(ferry OR market) AND NOT id:h2"),
            (std::set<std::string>{"w0", "w1", "w2", "h0", "h1"}));
  EXPECT_EQ(ids("\"ferry news\""), (std::set<std::string>{"h0", "h1", "h2"}));
}

TEST(IdsNotInTest, ListsExactlyTheIdsNotKept) {
  testing::TempDir dir;
  auto writer = Populated(dir.path());
  std::unordered_set<std::string> keep = {"w0", "h1", "not-in-index"};
  auto doomed = writer->IdsNotIn([&](const std::string& id) { return keep.count(id) > 0; });
  ASSERT_OK(doomed);
  EXPECT_EQ(*doomed, (std::vector<std::string>{"h0", "h2", "w1", "w2"}));
  EXPECT_EQ(DeleteAll(*writer, *doomed), 4u);
  ASSERT_OK(writer->Commit());
  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_TRUE(db.term_exists(schema::IdTerm("w0")));
  EXPECT_TRUE(db.term_exists(schema::IdTerm("h1")));
}

TEST(IndexStatsTest, ReadsWithoutTheWriterLock) {
  testing::TempDir dir;
  auto writer = Populated(dir.path());  // still open: stats must not need the lock
  auto stats = ReadIndexStats(dir.path());
  ASSERT_OK(stats);
  EXPECT_EQ(stats->articles, 6u);
  EXPECT_GT(stats->terms, 10u);
  EXPECT_GT(stats->size_bytes, 0u);
  EXPECT_EQ(stats->generation, "gen-000001");
  EXPECT_GT(stats->last_update, 1700000000);
  EXPECT_EQ(ReadIndexStats(dir.File("none")).status().code(), StatusCode::kNotFound);
}

TEST(CompactIndexTest, SwitchesToASmallerGenerationWithTheSameContent) {
  testing::TempDir dir;
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    // Many small commits leave a fragmented database.
    for (int i = 0; i < 300; ++i) {
      ASSERT_OK((*writer)->Upsert(
          testing::MakeArticle("a" + std::to_string(i), "Title", "words " + std::to_string(i))));
      if (i % 10 == 0) {
        ASSERT_OK((*writer)->Commit());
      }
    }
  }
  auto before = ReadIndexStats(dir.path());
  ASSERT_OK(before);
  {
    // Compaction waits for no one: a second writer is Busy, not lost.
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    EXPECT_EQ(CompactIndex(dir.path()).status().code(), StatusCode::kBusy);
  }
  auto after = CompactIndex(dir.path());
  ASSERT_OK(after);
  EXPECT_EQ(after->generation, "gen-000002");
  EXPECT_EQ(after->articles, before->articles);
  EXPECT_EQ(after->terms, before->terms);
  EXPECT_LT(after->size_bytes, before->size_bytes);
  EXPECT_EQ(*IndexLayout(dir.path()).CurrentGeneration(), "gen-000002");
  Xapian::Database db(dir.path());
  EXPECT_TRUE(db.term_exists(schema::IdTerm("a299")));
  // Updates go on in the compacted generation.
  auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
  ASSERT_OK(writer);
  EXPECT_EQ((*writer)->generation(), "gen-000002");
}

}  // namespace
}  // namespace byline
