// Integration tests of byline-indexer on a site's files: --base-url and
// --url-template (recorded in the index), --include and --exclude.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "testutil.h"

namespace byline {
namespace {

namespace fs = std::filesystem;

// A small static site: every page holds the word "lighthouse".
void MakeSite(const std::string& root) {
  fs::create_directories(root + "/api");
  fs::create_directories(root + "/guide/first steps");
  fs::create_directories(root + "/drafts");
  testing::WriteFile(root + "/index.html",
                     "<html><head><title>Home</title></head><body><p>lighthouse home</p>"
                     "</body></html>");
  testing::WriteFile(root + "/api/fs.html",
                     "<html><head><title>fs</title></head><body><p>lighthouse files</p>"
                     "</body></html>");
  testing::WriteFile(root + "/api/all.html",
                     "<html><head><title>All</title></head><body><p>lighthouse everything</p>"
                     "</body></html>");
  testing::WriteFile(root + "/api/canon.html",
                     "<html><head><title>Canon</title><link rel=\"canonical\" "
                     "href=\"https://canonical.example/c\"></head><body><p>lighthouse canon</p>"
                     "</body></html>");
  testing::WriteFile(root + "/guide/first steps/caf\xC3\xA9.md",
                     "# Caf\xC3\xA9\n\nThe lighthouse caf\xC3\xA9.\n");
  testing::WriteFile(root + "/guide/notes.txt", "Notes\nlighthouse notes\n");
  testing::WriteFile(root + "/drafts/wip.md", "# WIP\n\nlighthouse draft\n");
  testing::WriteFile(root + "/feed.jsonl",
                     "{\"id\":\"wire-1\",\"title\":\"Wire\",\"body\":\"lighthouse wire\"}\n");
}

// id -> url of every article holding "lighthouse".
std::map<std::string, std::string> Urls(const std::string& index) {
  std::string out, err;
  EXPECT_EQ(
      testing::RunSearch({"--index", index, "--json", "-n", "100", "lighthouse"}, &out, "", &err),
      0)
      << err;
  std::map<std::string, std::string> urls;
  auto parsed = nlohmann::json::parse(out, nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("hits")) {
    ADD_FAILURE() << "not search results: " << out;
    return urls;
  }
  for (const auto& r : parsed["hits"]) urls[r.value("id", "")] = r.value("url", "");
  return urls;
}

TEST(IndexerSiteCliTest, BaseUrlGivesFilesUrlsAndCanonicalLinksWin) {
  testing::TempDir dir;
  MakeSite(dir.File("site"));
  const std::string index = dir.File("index");
  std::string err;
  ASSERT_EQ(
      testing::RunIndexer(
          {"--index", index, "--base-url", "https://example.com/docs", dir.File("site")}, &err),
      0)
      << err;
  EXPECT_NE(err.find("files get URLs from https://example.com/docs/ as {base}{page}, recorded "
                     "in the index"),
            std::string::npos)
      << err;
  EXPECT_EQ(Urls(index), (std::map<std::string, std::string>{
                             {"index", "https://example.com/docs/index.html"},
                             {"api/fs", "https://example.com/docs/api/fs.html"},
                             {"api/all", "https://example.com/docs/api/all.html"},
                             {"api/canon", "https://canonical.example/c"},
                             {"guide/first steps/caf\xC3\xA9",
                              "https://example.com/docs/guide/first%20steps/caf%C3%A9.html"},
                             {"guide/notes", "https://example.com/docs/guide/notes.txt"},
                             {"drafts/wip", "https://example.com/docs/drafts/wip.html"},
                             {"wire-1", ""},
                         }));
  std::string out;
  ASSERT_EQ(testing::RunProgram({testing::ProgramPath("byline-indexer"), "stats", "--index", index},
                                &out),
            0);
  EXPECT_NE(out.find("base URL     https://example.com/docs/\n"), std::string::npos) << out;
  EXPECT_NE(out.find("URL template {base}{page}\n"), std::string::npos) << out;
}

TEST(IndexerSiteCliTest, TemplateShapesUrlsAndUnknownPlaceholdersAreUsageErrors) {
  testing::TempDir dir;
  MakeSite(dir.File("site"));
  const std::string index = dir.File("index");
  std::string err;
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--base-url", "https://e.com/", "--url-template",
                                 "{base}{dir}{slug}/{kind}", dir.File("site")},
                                &err),
            2);
  EXPECT_NE(err.find("unknown placeholders {slug}, {kind}"), std::string::npos) << err;
  EXPECT_EQ(testing::RunIndexer(
                {"--index", index, "--base-url", "docs.example.com/", dir.File("site")}, &err),
            2);
  EXPECT_NE(err.find("not an absolute http:// or https:// URL"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(index));

  ASSERT_EQ(testing::RunIndexer({"--index", index, "--base-url", "https://e.com/", "--url-template",
                                 "{base}{dir}{stem}/", dir.File("site")},
                                &err),
            0)
      << err;
  auto urls = Urls(index);
  EXPECT_EQ(urls["api/fs"], "https://e.com/api/fs/");
  EXPECT_EQ(urls["guide/first steps/caf\xC3\xA9"], "https://e.com/guide/first%20steps/caf%C3%A9/");
  EXPECT_EQ(urls["index"], "https://e.com/index/");
}

TEST(IndexerSiteCliTest, StoredBaseIsUsedByLaterUpdatesAndADifferentOneNeedsReindex) {
  testing::TempDir dir;
  MakeSite(dir.File("site"));
  const std::string index = dir.File("index");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--base-url", "https://example.com/docs/",
                                 dir.File("site") + "/api"},
                                &err),
            0)
      << err;
  // A later update without the flag uses the stored base (and says
  // nothing of it).
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir.File("site")}, &err), 0) << err;
  EXPECT_EQ(err.find("files get URLs"), std::string::npos) << err;
  EXPECT_NE(err.find("0 updated"), std::string::npos) << err;
  auto urls = Urls(index);
  EXPECT_EQ(urls["guide/notes"], "https://example.com/docs/guide/notes.txt");
  EXPECT_EQ(urls["api/fs"], "https://example.com/docs/api/fs.html");
  // api/ was the walk's root the first time: its files got ids and URLs
  // relative to it.
  EXPECT_EQ(urls["fs"], "https://example.com/docs/fs.html");

  // A different base (or template) on an update: refused, nothing changed.
  for (const std::vector<std::string>& flag :
       {std::vector<std::string>{"--base-url", "https://new.example.com/"},
        std::vector<std::string>{"--url-template", "{base}{path}"}}) {
    std::vector<std::string> args = {"--index", index, flag[0], flag[1], dir.File("site")};
    EXPECT_EQ(testing::RunIndexer(args, &err), 1) << err;
    EXPECT_NE(err.find("differs from the index's"), std::string::npos) << err;
    EXPECT_NE(err.find("--reindex"), std::string::npos) << err;
    args.push_back("--dry-run");
    EXPECT_EQ(testing::RunIndexer(args, &err), 1) << err;
    EXPECT_NE(err.find("differs from the index's"), std::string::npos) << err;
  }
  EXPECT_EQ(Urls(index)["api/fs"], "https://example.com/docs/api/fs.html");

  // --reindex sets a new one, kept by the next update.
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--reindex", "--base-url",
                                 "https://new.example.com/", dir.File("site")},
                                &err),
            0)
      << err;
  EXPECT_EQ(Urls(index)["api/fs"], "https://new.example.com/api/fs.html");
  testing::WriteFile(dir.File("site/api/fs.html"),
                     "<title>fs</title><p>lighthouse files, changed</p>");
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir.File("site")}, &err), 0) << err;
  EXPECT_NE(err.find("1 updated"), std::string::npos) << err;
  EXPECT_EQ(Urls(index)["api/fs"], "https://new.example.com/api/fs.html");
  // A --reindex without the flag keeps the index's.
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--reindex", dir.File("site")}, &err), 0) << err;
  EXPECT_EQ(Urls(index)["guide/notes"], "https://new.example.com/guide/notes.txt");
}

TEST(IndexerSiteCliTest, DryRunAgreesWithTheRealRun) {
  testing::TempDir dir;
  MakeSite(dir.File("site"));
  const std::string index = dir.File("index");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir.File("site")}, &err), 0) << err;
  // Giving files URLs changes every file's article, but not a JSON
  // record's nor a page's with a canonical link.
  const std::vector<std::string> args = {"--index", index, "--base-url", "https://e.com/",
                                         dir.File("site")};
  std::vector<std::string> dry = args;
  dry.push_back("--dry-run");
  ASSERT_EQ(testing::RunIndexer(dry, &err), 0) << err;
  EXPECT_NE(err.find("would add 0, update 6, leave 2 unchanged"), std::string::npos) << err;
  EXPECT_NE(err.find("which would be recorded in the index"), std::string::npos) << err;
  EXPECT_EQ(Urls(index)["api/fs"], "");
  ASSERT_EQ(testing::RunIndexer(args, &err), 0) << err;
  EXPECT_NE(err.find("0 added, 6 updated, 2 unchanged"), std::string::npos) << err;
  // The stored base applies to a dry run without the flag too.
  testing::WriteFile(dir.File("site/new.md"), "# New\n\nlighthouse new\n");
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--dry-run", dir.File("site")}, &err), 0) << err;
  EXPECT_NE(err.find("would add 1, update 0, leave 8 unchanged"), std::string::npos) << err;
}

TEST(IndexerSiteCliTest, IncludeAndExcludeChooseFilesAndAreCountedInTheSummary) {
  testing::TempDir dir;
  MakeSite(dir.File("site"));
  const std::string index = dir.File("index");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--exclude", "api/all.html", "--exclude",
                                 "drafts/", dir.File("site")},
                                &err),
            0)
      << err;
  // 8 files in the site; all.html and the drafts directory left out.
  EXPECT_NE(err.find("6 added"), std::string::npos) << err;
  EXPECT_NE(err.find("; 6 files, 2 excluded"), std::string::npos) << err;
  auto urls = Urls(index);
  EXPECT_EQ(urls.count("api/all"), 0u);
  EXPECT_EQ(urls.count("drafts/wip"), 0u);
  EXPECT_EQ(urls.count("api/fs"), 1u);

  // Include: only matching files (exclude still wins), counted the same
  // way; dry run and real run agree.
  const std::string index2 = dir.File("index2");
  std::vector<std::string> args = {"--index",   index2,          "--include", "*.html",
                                   "--include", "guide/**",      "--exclude", "all.html",
                                   "--dry-run", dir.File("site")};
  ASSERT_EQ(testing::RunIndexer(args, &err), 0) << err;
  EXPECT_NE(err.find("would add 5,"), std::string::npos) << err;
  EXPECT_NE(err.find("; 5 files, 3 excluded"), std::string::npos) << err;
  args.erase(args.begin() + 8);  // --dry-run
  ASSERT_EQ(testing::RunIndexer(args, &err), 0) << err;
  EXPECT_NE(err.find("5 added"), std::string::npos) << err;
  EXPECT_NE(err.find("; 5 files, 3 excluded"), std::string::npos) << err;
  urls = Urls(index2);
  EXPECT_EQ(urls.size(), 5u);
  EXPECT_EQ(urls.count("guide/notes"), 1u);
  EXPECT_EQ(urls.count("wire-1"), 0u);

  // A file given by name is read whatever the patterns say.
  ASSERT_EQ(testing::RunIndexer(
                {"--index", index2, "--exclude", "*.html", dir.File("site/api/all.html")}, &err),
            0)
      << err;
  EXPECT_NE(err.find("1 added"), std::string::npos) << err;
  EXPECT_NE(err.find("; 1 file, 0 excluded"), std::string::npos) << err;
}

TEST(IndexerSiteCliTest, SyncDeletesWhatIsNowExcluded) {
  testing::TempDir dir;
  MakeSite(dir.File("site"));
  const std::string index = dir.File("index");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir.File("site")}, &err), 0) << err;
  ASSERT_EQ(Urls(index).count("api/all"), 1u);
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--sync", "--max-delete", "1", "--exclude",
                                 "api/all.html", dir.File("site")},
                                &err),
            0)
      << err;
  EXPECT_NE(err.find("1 deleted"), std::string::npos) << err;
  EXPECT_NE(err.find("; 7 files, 1 excluded"), std::string::npos) << err;
  auto urls = Urls(index);
  EXPECT_EQ(urls.count("api/all"), 0u);
  EXPECT_EQ(urls.size(), 7u);
}

TEST(IndexerSiteCliTest, ConfigFileGivesPatternsAndBaseUrl) {
  testing::TempDir dir;
  MakeSite(dir.File("site"));
  testing::WriteFile(dir.File("site.toml"),
                     "base-url = \"https://cfg.example.com/\"\n"
                     "exclude = [\"api/all.html\", \"drafts\"]\n"
                     "include = [\"*.html\", \"*.md\", \"*.txt\"]\n");
  const std::string index = dir.File("index");
  std::string err;
  ASSERT_EQ(testing::RunIndexer(
                {"--config", dir.File("site.toml"), "--index", index, dir.File("site")}, &err),
            0)
      << err;
  EXPECT_NE(err.find("; 5 files, 3 excluded"), std::string::npos) << err;
  auto urls = Urls(index);
  EXPECT_EQ(urls["api/fs"], "https://cfg.example.com/api/fs.html");
  EXPECT_EQ(urls.count("drafts/wip"), 0u);
  EXPECT_EQ(urls.count("wire-1"), 0u);

  EXPECT_EQ(testing::RunIndexer({"--index", index, "--exclude", "", dir.File("site")}, &err), 2);
  EXPECT_NE(err.find("--exclude \"\""), std::string::npos) << err;
}

}  // namespace
}  // namespace byline
