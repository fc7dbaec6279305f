// byline-indexer's auto-compaction after an update run (byline/auto_compact.h).
#include <gtest/gtest.h>

#include <string>

#include "byline/auto_compact.h"
#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "testutil.h"

namespace byline {
namespace {

// JSON lines of articles a<first> .. a<first+count-1>, saying `word`.
std::string Lines(int first, int count, const std::string& word) {
  std::string out;
  for (int i = first; i < first + count; ++i) {
    out += testing::ToJsonLine(testing::MakeArticle(
               "a" + std::to_string(i), "Title " + std::to_string(i),
               word + " harbour ferry timetable news number " + std::to_string(i))) +
           "\n";
  }
  return out;
}

class AutoCompactCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.File("idx");
    std::string err;
    ASSERT_EQ(
        testing::RunIndexer({"--index", dir_, "--reindex", "-"}, &err, Lines(0, 200, "first")), 0)
        << err;
  }
  std::string Generation() { return *IndexLayout(dir_).CurrentGeneration(); }
  int Update(std::vector<std::string> extra, const std::string& input, std::string* err) {
    std::vector<std::string> args = {"--index", dir_, "--auto-compact-min-writes", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("-");
    return testing::RunIndexer(args, err, input);
  }
  testing::TempDir tmp_;
  std::string dir_;
};

TEST_F(AutoCompactCliTest, UpdatesPastTheThresholdCompact) {
  const std::string before = Generation();
  std::string err;
  ASSERT_EQ(Update({"--auto-compact-threshold", "0.3"}, Lines(0, 100, "second"), &err), 0) << err;
  EXPECT_NE(err.find("auto-compacted"), std::string::npos) << err;
  EXPECT_NE(Generation(), before);
  auto stats = ReadIndexStats(dir_);
  ASSERT_OK(stats);
  EXPECT_EQ(stats->articles, 200u);
  auto drift = ReadDrift(dir_);
  ASSERT_OK(drift);
  EXPECT_EQ(drift->written_since, 0u);
  EXPECT_TRUE(drift->recorded);
  // The same articles, the updated text found.
  for (int i = 0; i < 200; ++i) EXPECT_TRUE(testing::IndexHas(dir_, "a" + std::to_string(i)));
  std::string out;
  ASSERT_EQ(testing::RunSearch({"--index", dir_, "--json", "second"}, &out), 0) << out;
  EXPECT_NE(out.find("\"total\":100"), std::string::npos) << out.substr(0, 300);
}

TEST_F(AutoCompactCliTest, UpdatesBelowTheThresholdDoNotCompact) {
  const std::string before = Generation();
  std::string err;
  const std::vector<std::string> share_only = {"--auto-compact-threshold", "0.3",
                                               "--auto-compact-max-size", "0"};
  ASSERT_EQ(Update(share_only, Lines(0, 40, "second"), &err), 0) << err;
  EXPECT_EQ(err.find("auto-compacted"), std::string::npos) << err;
  EXPECT_EQ(Generation(), before);
  auto drift = ReadDrift(dir_);
  ASSERT_OK(drift);
  EXPECT_EQ(drift->written_since, 40u);
  // Crossing it on a later run compacts.
  ASSERT_EQ(Update(share_only, Lines(40, 30, "third"), &err), 0) << err;
  EXPECT_NE(err.find("auto-compacted"), std::string::npos) << err;
  EXPECT_NE(Generation(), before);
}

// A small update that grows the index past --auto-compact-max-size (default
// 1.1) compacts it though the share written is far below the threshold.
TEST_F(AutoCompactCliTest, SmallUpdatesThatGrowTheIndexPastItsSizeLimitCompact) {
  const std::string before = Generation();
  std::string err;
  ASSERT_EQ(Update({"--auto-compact-max-size", "0"}, Lines(0, 4, "second"), &err), 0) << err;
  EXPECT_EQ(err.find("auto-compacted"), std::string::npos) << err;
  auto drift = ReadDrift(dir_);
  ASSERT_OK(drift);
  ASSERT_GE(drift->size_ratio(), 1.1) << "4 writes did not grow the index: nothing to test";
  ASSERT_EQ(Update({}, Lines(4, 4, "third"), &err), 0) << err;
  EXPECT_NE(err.find("of its compacted size (limit 110%)"), std::string::npos) << err;
  EXPECT_NE(Generation(), before);
  EXPECT_NE(Update({"--auto-compact-max-size", "0.9"}, Lines(0, 1, "x"), &err), 0);
  EXPECT_NE(err.find("--auto-compact-max-size"), std::string::npos) << err;
}

TEST_F(AutoCompactCliTest, OffNeverCompacts) {
  const std::string before = Generation();
  std::string err;
  ASSERT_EQ(Update({"--auto-compact", "off", "--auto-compact-threshold", "0.1"},
                   Lines(0, 200, "second"), &err),
            0)
      << err;
  EXPECT_EQ(err.find("auto-compacted"), std::string::npos) << err;
  EXPECT_EQ(Generation(), before);
}

TEST_F(AutoCompactCliTest, StatsShowTheDrift) {
  std::string err;
  ASSERT_EQ(Update({"--auto-compact", "off"}, Lines(0, 50, "second"), &err), 0) << err;
  std::string out;
  ASSERT_EQ(testing::RunProgram(
                {testing::ProgramPath("byline-indexer"), "--index", dir_, "stats", "--json"}, &out),
            0)
      << out;
  EXPECT_NE(out.find("\"written_since_compaction\":50"), std::string::npos) << out;
  EXPECT_NE(out.find("\"share_written\":0.25"), std::string::npos) << out;
}

TEST_F(AutoCompactCliTest, BadThresholdIsRefused) {
  std::string err;
  EXPECT_NE(Update({"--auto-compact-threshold", "0"}, Lines(0, 1, "x"), &err), 0);
  EXPECT_NE(err.find("--auto-compact-threshold"), std::string::npos) << err;
}

}  // namespace
}  // namespace byline
