// byline-indexer --dry-run writes nothing, whatever the command and input:
// every file of the index is byte for byte what it was, and the report says
// what the real run then does.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

#include "byline/schema.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

namespace fs = std::filesystem;
using testing::ProgramPath;
using testing::RunProgram;

std::string DryRunLine(const std::string& id, const std::string& body) {
  return testing::ToJsonLine(testing::MakeArticle(id, "Title " + id, body));
}

// One way of calling the indexer, dry.
struct Combination {
  std::string name;
  std::vector<std::string> args;  // after --index DIR
  std::string stdin_text;
  std::string says;  // in the report
  int code = 0;      // the exit status the real run would have
};

class DryRunTest : public ::testing::TestWithParam<bool> {  // sharded?
 protected:
  void SetUp() override {
    index_ = dir_.File("index");
    std::string live;
    for (int i = 0; i < 10; ++i) {
      live +=
          DryRunLine("a" + std::to_string(i), i < 4 ? "volcano ash report" : "calm harbour day");
    }
    testing::WriteFile(dir_.File("live.jsonl"), live);
    std::vector<std::string> args = {"--index", index_, dir_.File("live.jsonl")};
    if (GetParam()) args.insert(args.end(), {"--shards", "3"});
    std::string err;
    ASSERT_EQ(testing::RunIndexer(args, &err), 0) << err;
    // New, changed and unchanged articles; a0..a2 are not in it.
    testing::WriteFile(dir_.File("next.jsonl"), DryRunLine("a3", "volcano ash report") +
                                                    DryRunLine("a4", "changed body") +
                                                    DryRunLine("n1", "brand new"));
    fs::create_directories(dir_.File("site"));
    testing::WriteFile(dir_.File("site/page.md"), "---\ntitle: A page\n---\nSome words.\n");
    testing::WriteFile(dir_.File("syn.txt"), "ship, vessel\n");
    testing::WriteFile(dir_.File("stop.txt"), "the a an\n");
  }

  testing::TempDir dir_;
  std::string index_;
};

TEST_P(DryRunTest, NoCombinationChangesAFile) {
  const std::string next = dir_.File("next.jsonl");
  const std::vector<Combination> combinations = {
      {"update from a file", {next}, "", "would add 1, update 1, leave 1 unchanged, delete 0"},
      {"update from stdin", {"-"}, DryRunLine("n2", "x"), "would add 1, update 0"},
      {"update from a folder", {dir_.File("site")}, "", "would add 1"},
      {"sync", {"--sync", "--force", next}, "", "delete 8"},
      {"sync past the guard",
       {"--sync", next},
       "",
       "the real run would stop: --sync would delete 8",
       1},
      {"delete by id", {"--delete", "a1", "nope"}, "", "would delete: a1"},
      {"delete by query", {"--delete-query", "volcano", "--force"}, "", "delete 4"},
      {"reindex", {"--reindex", next}, "", "8 live articles are not in the inputs"},
      {"synonyms", {"--synonyms", dir_.File("syn.txt")}, "", "would store 1 synonym groups"},
      {"stopwords", {"--stopwords", dir_.File("stop.txt")}, "", "would store 3 stopwords"},
      {"compact", {"compact"}, "", "would compact"},
      {"everything at once",
       {"--sync", "--force", "--delete", "a3", "--delete-query", "harbour", next},
       "",
       "dry run, nothing changed"},
  };
  for (const auto& c : combinations) {
    if (GetParam() && c.name == "reindex") continue;  // a sharded index is not reindexed in place
    SCOPED_TRACE(c.name);
    const auto before = testing::SnapshotFiles(index_);
    std::vector<std::string> args = {"--index", index_, "--dry-run"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    std::string err;
    EXPECT_EQ(testing::RunIndexer(args, &err, c.stdin_text), c.code) << err;
    EXPECT_NE(err.find(c.says), std::string::npos) << err;
    EXPECT_EQ(testing::SnapshotFiles(index_), before) << "a dry run changed the index";
  }
}

TEST_P(DryRunTest, TheRealRunDoesWhatTheDryRunSaid) {
  const std::vector<std::string> args = {
      "--index", index_, "--sync", "--force", "--delete-query", "harbour", dir_.File("next.jsonl")};
  std::vector<std::string> dry = args;
  dry.push_back("--dry-run");
  std::string said, done;
  ASSERT_EQ(testing::RunIndexer(dry, &said), 0) << said;
  // --sync keeps a3, a4 and n1 and deletes the 8 others; the query then
  // finds nothing more, as a4's new body no longer says "harbour".
  EXPECT_NE(said.find("would add 1, update 1, leave 1 unchanged, delete 8"), std::string::npos)
      << said;
  ASSERT_EQ(testing::RunIndexer(args, &done), 0) << done;
  EXPECT_NE(done.find("1 added, 1 updated, 1 unchanged, 8 deleted"), std::string::npos) << done;
  Xapian::Database db(index_);
  EXPECT_EQ(db.get_doccount(), 3u);
  for (const char* id : {"a3", "a4", "n1"}) EXPECT_TRUE(db.term_exists(schema::IdTerm(id))) << id;
}

TEST_P(DryRunTest, ADryRunOnAMissingIndexCreatesNothing) {
  const std::string missing = dir_.File("not-yet");
  std::string err;
  EXPECT_EQ(testing::RunIndexer({"--index", missing, "--dry-run", dir_.File("next.jsonl")}, &err),
            0)
      << err;
  EXPECT_NE(err.find("would add 3"), std::string::npos) << err;
  EXPECT_NE(err.find("it would be created"), std::string::npos) << err;
  EXPECT_EQ(testing::RunIndexer(
                {"--index", missing, "--dry-run", "--reindex", dir_.File("next.jsonl")}, &err),
            0)
      << err;
  EXPECT_EQ(testing::RunIndexer({"--index", missing, "--dry-run", "--delete", "a1"}, &err), 1)
      << err;
  EXPECT_FALSE(fs::exists(missing));
}

TEST_P(DryRunTest, ADryRunRefusesWhatTheRealRunRefuses) {
  std::string err;
  // A folder of other files is never made an index.
  EXPECT_EQ(testing::RunIndexer(
                {"--index", dir_.File("site"), "--dry-run", dir_.File("next.jsonl")}, &err),
            1)
      << err;
  EXPECT_NE(err.find("not empty (it has page.md)"), std::string::npos) << err;
  // A shard count the index does not have.
  EXPECT_EQ(testing::RunIndexer(
                {"--index", index_, "--dry-run", "--shards", "5", dir_.File("next.jsonl")}, &err),
            1)
      << err;
  EXPECT_NE(err.find("--shards 5"), std::string::npos) << err;
  // A reindex that read no article.
  const std::string empty = dir_.File("empty.jsonl");
  testing::WriteFile(empty, "");
  if (!GetParam()) {
    EXPECT_EQ(testing::RunIndexer({"--index", index_, "--dry-run", "--reindex", empty}, &err), 1)
        << err;
    EXPECT_NE(err.find("--reindex read no article"), std::string::npos) << err;
  }
  if (GetParam()) {
    EXPECT_EQ(testing::RunIndexer(
                  {"--index", index_, "--dry-run", "--reindex", dir_.File("next.jsonl")}, &err),
              1)
        << err;
    EXPECT_NE(err.find("is a sharded index"), std::string::npos) << err;
  }
}

INSTANTIATE_TEST_SUITE_P(PlainAndSharded, DryRunTest, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "sharded" : "plain"; });

}  // namespace
}  // namespace byline
