// Integration tests of the byline-indexer program.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "byline/schema.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using testing::ProgramPath;
using testing::RunProgram;

std::string CliLine(const std::string& id, const std::string& title = "Title",
                    const std::string& body = "Some body text") {
  return testing::ToJsonLine(testing::MakeArticle(id, title, body));
}

TEST(IndexerCliTest, IndexingTheSameFileTwiceLeavesOneCopy) {
  testing::TempDir dir;
  std::string index = dir.File("index");
  std::string input = dir.File("in.jsonl");
  testing::WriteFile(input, CliLine("a") + CliLine("b") + CliLine("c"));
  std::string out;
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, input}, &out), 0) << out;
  EXPECT_NE(out.find("3 added"), std::string::npos) << out;
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, input}, &out), 0) << out;
  EXPECT_NE(out.find("0 added, 0 updated, 3 unchanged"), std::string::npos) << out;
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 3u);
}

TEST(IndexerCliTest, BadLinesAreReportedWithFileAndLineAndTheRestIsIndexed) {
  testing::TempDir dir;
  std::string input = dir.File("mixed.jsonl");
  testing::WriteFile(input, CliLine("ok-1") + "{not json}\n" +
                                R"({"id":"x","title":"T"})"
                                "\n" +
                                CliLine("ok-2") +
                                R"({"id":"y","title":"T","body":"B","published":"last week"})"
                                "\n");
  std::string out, err;
  // --strict-dates: a date not understood skips its record (without it, a warning).
  int rc = RunProgram(
      {ProgramPath("byline-indexer"), "--index", dir.File("index"), "--strict-dates", input}, &out,
      "", &err);
  EXPECT_EQ(rc, 3) << err;  // done, but some records were skipped
  EXPECT_NE(err.find(input + ":2: invalid JSON"), std::string::npos) << err;
  EXPECT_NE(err.find(input + ":3: missing required field \"body\""), std::string::npos) << err;
  EXPECT_NE(err.find(input + ":5: field \"published\""), std::string::npos) << err;
  EXPECT_NE(err.find("2 added"), std::string::npos) << err;
  EXPECT_NE(err.find("3 skipped"), std::string::npos) << err;
  EXPECT_EQ(Xapian::Database(dir.File("index")).get_doccount(), 2u);
}

TEST(IndexerCliTest, ReadsStdinAndDeletesById) {
  testing::TempDir dir;
  std::string index = dir.File("index");
  std::string out;
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, "-"}, &out,
                       CliLine("a") + CliLine("b")),
            0)
      << out;
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, "--delete", "a"}, &out), 0)
      << out;
  EXPECT_NE(out.find("1 deleted"), std::string::npos) << out;
  Xapian::Database db(index);
  EXPECT_EQ(db.get_doccount(), 1u);
  EXPECT_TRUE(db.term_exists(schema::IdTerm("b")));
}

TEST(IndexerCliTest, MissingFileAndMissingArgumentsAreClearErrors) {
  testing::TempDir dir;
  std::string out;
  EXPECT_EQ(
      RunProgram({ProgramPath("byline-indexer"), "--index", dir.File("i"), dir.File("nope")}, &out),
      3);
  EXPECT_NE(out.find(dir.File("nope") + ": cannot open file"), std::string::npos) << out;
  // No article read: no index made.
  EXPECT_NE(out.find("no article was read, so no index was made"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(dir.File("i")));
  EXPECT_NE(RunProgram({ProgramPath("byline-indexer"), "--index", dir.File("i")}, &out), 0);
  EXPECT_NE(out.find("nothing to do"), std::string::npos) << out;
  EXPECT_NE(RunProgram({ProgramPath("byline-indexer"), dir.File("x")}, &out), 0);
  EXPECT_NE(out.find("--index"), std::string::npos) << out;
}

TEST(IndexerCliTest, ReindexReplacesTheIndexAtomically) {
  testing::TempDir dir;
  std::string index = dir.File("index");
  testing::WriteFile(dir.File("old.jsonl"), CliLine("old-1") + CliLine("old-2"));
  testing::WriteFile(dir.File("new.jsonl"), CliLine("new-1"));
  std::string out;
  ASSERT_EQ(
      RunProgram({ProgramPath("byline-indexer"), "--index", index, dir.File("old.jsonl")}, &out),
      0);
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, "--reindex",
                        dir.File("new.jsonl")},
                       &out),
            0)
      << out;
  EXPECT_NE(out.find("now serving gen-000002"), std::string::npos) << out;
  Xapian::Database db(index);
  EXPECT_EQ(db.get_doccount(), 1u);
  EXPECT_TRUE(db.term_exists(schema::IdTerm("new-1")));
}

// kill -9 in the middle of a run loses nothing that was committed, and a
// second run completes the job without duplicates.
TEST(IndexerCliTest, KilledRunLosesNoCommittedArticleAndRerunCompletes) {
  testing::TempDir dir;
  std::string index = dir.File("index");
  std::string input = dir.File("big.jsonl");
  const int kArticles = 40000;
  {
    std::string text;
    for (int i = 0; i < kArticles; ++i) {
      text += CliLine("art-" + std::to_string(i), "Article number " + std::to_string(i),
                      "Body text for article " + std::to_string(i) + " with some words to index.");
    }
    testing::WriteFile(input, text);
  }
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO);
    std::string prog = ProgramPath("byline-indexer");
    execl(prog.c_str(), prog.c_str(), "--index", index.c_str(), "--commit-every", "2000",
          input.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill once at least one batch is committed (the stub exists early; wait for documents).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  Xapian::doccount committed = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      committed = Xapian::Database(index).get_doccount();
    } catch (const Xapian::Error&) {
    }
    if (committed > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  int status;
  waitpid(pid, &status, 0);
  ASSERT_GT(committed, 0u) << "no batch was committed before the deadline";
  Xapian::doccount after_kill = Xapian::Database(index).get_doccount();
  EXPECT_GE(after_kill, committed);

  std::string out;
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, input}, &out), 0) << out;
  Xapian::Database db(index);
  EXPECT_EQ(db.get_doccount(), static_cast<Xapian::doccount>(kArticles));
  for (int i : {0, 1, kArticles / 2, kArticles - 1}) {
    EXPECT_EQ(db.get_termfreq(schema::IdTerm("art-" + std::to_string(i))), 1u) << i;
  }
}

}  // namespace
}  // namespace byline
