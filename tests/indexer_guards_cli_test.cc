// byline-indexer refuses what would lose or hide data: commands other than
// loading never make an index, deletions past --max-delete need --force, a
// --sync that read nothing deletes nothing, one id is never silently given
// twice, and floods of errors are summarised.
#include <gtest/gtest.h>
#include <xapian.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <set>
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

std::string GuardLine(const std::string& id, const std::string& body = "Some body text") {
  return testing::ToJsonLine(testing::MakeArticle(id, "Title " + id, body));
}

size_t Lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// An index of `n` articles a0..a(n-1); the first `volcanic` say "volcano".
void MakeIndex(const std::string& index, int n, int volcanic = 0) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += GuardLine("a" + std::to_string(i), i < volcanic ? "volcano ash" : "calm harbour");
  }
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "-"}, &err, text), 0) << err;
}

TEST(IndexerGuardsTest, OnlyLoadingArticlesCreatesAnIndex) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("syn.txt"), "ship, vessel\n");
  const std::string missing = dir.File("mistyped");
  const std::vector<std::vector<std::string>> commands = {
      {"--delete", "a1"},
      {"--delete-query", "volcano"},
      {"--synonyms", dir.File("syn.txt")},
      {"stats"},
      {"compact"},
  };
  for (const auto& command : commands) {
    std::vector<std::string> args = {"--index", missing};
    args.insert(args.end(), command.begin(), command.end());
    std::string err;
    EXPECT_EQ(testing::RunIndexer(args, &err), 1) << command.front() << ": " << err;
    EXPECT_NE(err.find("no Byline index at " + missing), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(missing)) << command.front();
  }
}

TEST(IndexerGuardsTest, LoadingRefusesAFolderThatHoldsOtherFiles) {
  testing::TempDir dir;
  fs::create_directories(dir.File("docs"));
  testing::WriteFile(dir.File("docs/guide.md"), "# Guide\n\nRead me.\n");
  std::string err;
  // --index and the input swapped by mistake.
  EXPECT_EQ(testing::RunIndexer({"--index", dir.File("docs"), "-"}, &err, GuardLine("a")), 1)
      << err;
  EXPECT_NE(err.find("not empty (it has guide.md)"), std::string::npos) << err;
  EXPECT_EQ(testing::SnapshotFiles(dir.File("docs")).size(), 1u);
  // An empty folder is fine.
  fs::create_directories(dir.File("empty"));
  EXPECT_EQ(testing::RunIndexer({"--index", dir.File("empty"), "-"}, &err, GuardLine("a")), 0)
      << err;
}

TEST(IndexerGuardsTest, SyncThatReadNoArticleDeletesNothing) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  MakeIndex(index, 20);
  testing::WriteFile(dir.File("empty.jsonl"), "");
  fs::create_directories(dir.File("empty-dir"));
  for (const std::vector<std::string>& input :
       {std::vector<std::string>{dir.File("empty.jsonl")}, {dir.File("empty-dir")}, {"-"}}) {
    std::vector<std::string> args = {"--index", index, "--sync", "--force"};
    args.insert(args.end(), input.begin(), input.end());
    std::string err;
    EXPECT_EQ(testing::RunIndexer(args, &err, ""), 1) << input.front() << ": " << err;
    EXPECT_NE(err.find("--sync read no article"), std::string::npos) << err;
    EXPECT_EQ(testing::ArticleCount(index), 20u);
  }
  std::string err;
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--reindex", dir.File("empty.jsonl")}, &err), 1)
      << err;
  EXPECT_NE(err.find("--reindex read no article"), std::string::npos) << err;
  EXPECT_EQ(testing::ArticleCount(index), 20u);
}

TEST(IndexerGuardsTest, DeletingMoreThanMaxDeleteNeedsForce) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  MakeIndex(index, 40, /*volcanic=*/5);
  std::string err;
  // 5 of 40 is over the default 10% (4 articles): refused, naming them.
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--delete-query", "volcano"}, &err), 1) << err;
  EXPECT_NE(err.find("would delete 5 of the 40 articles the index held, more than --max-delete "
                     "(10% of 40, 4 articles)"),
            std::string::npos)
      << err;
  // In the index's order (a first load's, as a reindex's, follows no input order).
  const size_t from = err.find("They are: ");
  ASSERT_NE(from, std::string::npos) << err;
  std::string listed = err.substr(from + 10, err.find(". Run again") - from - 10);
  std::set<std::string> named;
  for (size_t at = 0; at < listed.size();) {
    size_t comma = listed.find(", ", at);
    named.insert(listed.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    at = comma == std::string::npos ? listed.size() : comma + 2;
  }
  EXPECT_EQ(named, (std::set<std::string>{"a0", "a1", "a2", "a3", "a4"})) << err;
  EXPECT_EQ(testing::ArticleCount(index), 40u);
  // A count or a share that allows it, or --force.
  EXPECT_EQ(testing::RunIndexer(
                {"--index", index, "--delete-query", "volcano", "--max-delete", "4"}, &err),
            1);
  EXPECT_EQ(testing::RunIndexer(
                {"--index", index, "--delete-query", "volcano", "--max-delete", "12.5%"}, &err),
            0)
      << err;
  EXPECT_EQ(testing::ArticleCount(index), 35u);

  // --sync that would drop most of the index: the articles read are
  // indexed, the deletions refused.
  testing::WriteFile(dir.File("few.jsonl"), GuardLine("a10", "new body") + GuardLine("b1"));
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--sync", dir.File("few.jsonl")}, &err), 1)
      << err;
  EXPECT_NE(err.find("--sync would delete 34 of the 35 articles the index held"), std::string::npos)
      << err;
  EXPECT_NE(err.find("the first 20 of 34"), std::string::npos) << err;
  EXPECT_EQ(testing::ArticleCount(index), 36u);
  EXPECT_TRUE(testing::IndexHas(index, "b1"));
  EXPECT_EQ(
      testing::RunIndexer({"--index", index, "--sync", "--force", dir.File("few.jsonl")}, &err), 0)
      << err;
  EXPECT_EQ(testing::ArticleCount(index), 2u);

  for (const char* bad : {"lots", "-1", "150%", "2.5"}) {
    EXPECT_EQ(testing::RunIndexer(
                  {"--index", index, "--sync", "--max-delete", bad, dir.File("few.jsonl")}, &err),
              2)
        << bad;
    EXPECT_NE(err.find("--max-delete"), std::string::npos) << err;
  }
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--force", dir.File("few.jsonl")}, &err), 2)
      << err;
}

TEST(IndexerGuardsTest, TheShareOfMaxDeleteIsOfTheIndexBeforeTheRun) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  MakeIndex(index, 100);
  // --sync pointed at a larger, unrelated corpus: its own articles must not
  // raise the limit enough to let every original one go.
  std::string other;
  for (int i = 0; i < 900; ++i) other += GuardLine("other-" + std::to_string(i));
  testing::WriteFile(dir.File("other.jsonl"), other);
  std::string err;
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--sync", dir.File("other.jsonl")}, &err), 1)
      << err;
  EXPECT_NE(err.find("would delete 100 of the 100 articles the index held"), std::string::npos)
      << err;
  EXPECT_TRUE(testing::IndexHas(index, "a0"));
}

TEST(IndexerGuardsTest, AnIndexThatLostItsStubIsNotReplaced) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  MakeIndex(index, 5);
  fs::remove(index + "/XAPIANDB");
  std::string err;
  for (const char* reindex : {"", "--reindex"}) {
    std::vector<std::string> args = {"--index", index, "-"};
    if (*reindex) args.push_back(reindex);
    EXPECT_EQ(testing::RunIndexer(args, &err, GuardLine("new")), 1) << err;
    EXPECT_NE(err.find("has no XAPIANDB stub but its gen-000001 holds articles"), std::string::npos)
        << err;
  }
  testing::WriteFile(index + "/XAPIANDB", "auto gen-000001\n");
  EXPECT_EQ(testing::ArticleCount(index), 5u);
}

TEST(IndexerGuardsTest, ASecondInputWithTheSameIdIsReportedAndSkipped) {
  testing::TempDir dir;
  fs::create_directories(dir.File("docs/api"));
  testing::WriteFile(dir.File("docs/api/fs.html"),
                     "<html><head><title>fs (HTML)</title></head><body><p>Files.</p></body>"
                     "</html>");
  testing::WriteFile(dir.File("docs/api/fs.md"), "---\ntitle: fs (Markdown)\n---\nFiles.\n");
  testing::WriteFile(dir.File("docs/api/path.md"), "# path\n\nPaths.\n");
  const std::string index = dir.File("index");
  std::string err;
  EXPECT_EQ(testing::RunIndexer({"--index", index, dir.File("docs")}, &err), 3) << err;
  EXPECT_NE(err.find(dir.File("docs/api/fs.md") + ": id \"api/fs\" was already given by " +
                     dir.File("docs/api/fs.html")),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("2 added, 0 updated, 0 unchanged, 0 deleted, 1 skipped"), std::string::npos)
      << err;
  EXPECT_EQ(testing::ArticleCount(index), 2u);
  auto doc = Xapian::Database(index).postlist_begin(schema::IdTerm("api/fs"));
  EXPECT_NE(Xapian::Database(index).get_document(*doc).get_data().find("fs (HTML)"),
            std::string::npos);

  // Within one file, and across files, with the line it was first given on.
  testing::WriteFile(dir.File("one.jsonl"),
                     GuardLine("x") + GuardLine("y") + GuardLine("x", "again"));
  testing::WriteFile(dir.File("two.jsonl"), GuardLine("y", "later"));
  EXPECT_EQ(
      testing::RunIndexer({"--index", index, dir.File("one.jsonl"), dir.File("two.jsonl")}, &err),
      3);
  EXPECT_NE(err.find(dir.File("one.jsonl") + ":3: id \"x\" was already given by " +
                     dir.File("one.jsonl") + ":1"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find(dir.File("two.jsonl") + ":1: id \"y\" was already given by " +
                     dir.File("one.jsonl") + ":2"),
            std::string::npos)
      << err;
}

// Writes gzip-compressed `text` to `path`.
void WriteGzip(const std::string& path, const std::string& text) {
  gzFile out = gzopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  gzclose(out);
}

TEST(IndexerGuardsTest, FloodsOfErrorsAreSummarised) {
  testing::TempDir dir;
  // Files that are JSON but not articles: each is given up on in one line.
  fs::create_directories(dir.File("exports"));
  std::string not_articles;
  for (int i = 0; i < 5000; ++i)
    not_articles += "{\"event\": \"click\", \"n\": " + std::to_string(i) + "}\n";
  for (int f = 0; f < 3; ++f)
    WriteGzip(dir.File("exports/log" + std::to_string(f) + ".json.gz"), not_articles);
  const std::string index = dir.File("index");
  std::string err;
  EXPECT_EQ(
      testing::RunIndexer({"--index", index, dir.File("exports"), "-"}, &err, GuardLine("ok")), 3)
      << err;
  EXPECT_LE(Lines(err), 4u) << err;
  EXPECT_NE(err.find("log0.json.gz: skipped: none of its first 20 records is an article "
                     "(missing required field \"id\", 20 times); the rest of the file was not "
                     "read"),
            std::string::npos)
      << err;
  EXPECT_TRUE(testing::IndexHas(index, "ok"));

  // A file of articles with many bad lines: 20 shown, then one line counting the rest.
  std::string mixed;
  for (int i = 0; i < 500; ++i) mixed += i % 2 ? GuardLine("m" + std::to_string(i)) : "{broken\n";
  testing::WriteFile(dir.File("mixed.jsonl"), mixed);
  EXPECT_EQ(testing::RunIndexer({"--index", index, dir.File("mixed.jsonl")}, &err), 3) << err;
  EXPECT_EQ(Lines(err), 22u) << err;  // 20 errors, the count of the rest, the summary
  EXPECT_NE(err.find("mixed.jsonl: 230 more errors not shown (250 in all; commonest: invalid "
                     "JSON, 250 times)"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("250 added"), std::string::npos) << err;

  // A short file with no article at all: one line.
  testing::WriteFile(dir.File("pretty.json"), "{\n  \"id\": \"p\",\n  \"title\": \"T\"\n}\n");
  EXPECT_EQ(testing::RunIndexer({"--index", index, dir.File("pretty.json")}, &err), 3) << err;
  EXPECT_EQ(Lines(err), 2u) << err;
  EXPECT_NE(err.find("pretty.json: no article in it: 4 records could not be read"),
            std::string::npos)
      << err;
}

TEST(IndexerGuardsTest, SubcommandsTakeNoInputsOrDeletions) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  MakeIndex(index, 3);
  testing::WriteFile(dir.File("in.jsonl"), GuardLine("z"));
  std::string err;
  EXPECT_EQ(testing::RunIndexer({"--index", index, "compact", dir.File("in.jsonl")}, &err), 2)
      << err;
  EXPECT_NE(err.find("input files do not go with compact"), std::string::npos) << err;
  EXPECT_EQ(testing::RunIndexer({"--index", index, "stats", "--delete", "a1"}, &err), 2) << err;
  EXPECT_EQ(testing::RunIndexer({"--index", index, "stats", "compact"}, &err), 2) << err;
  EXPECT_EQ(testing::ArticleCount(index), 3u);
}

TEST(IndexerGuardsTest, ABareWaitLeavesTheNextArgumentAnInput) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  testing::WriteFile(dir.File("in.jsonl"), GuardLine("w"));
  std::string err;
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--wait", dir.File("in.jsonl")}, &err), 0)
      << err;
  EXPECT_TRUE(testing::IndexHas(index, "w"));
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--wait", "5", dir.File("in.jsonl")}, &err), 0)
      << err;
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--wait=abc", dir.File("in.jsonl")}, &err), 2)
      << err;
}

}  // namespace
}  // namespace byline
