// Integration tests of byline-indexer: input formats, field maps, error
// limits, sync, delete by query, stats and compact.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "byline/schema.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using testing::ProgramPath;
using testing::RunProgram;

std::string InputLine(const std::string& id, const std::string& body = "Some body text") {
  return testing::ToJsonLine(testing::MakeArticle(id, "Title " + id, body));
}

TEST(IndexerInputsCliTest, IndexesADirectoryOfEveryFormat) {
  testing::TempDir dir;
  namespace fs = std::filesystem;
  fs::create_directories(dir.File("site/blog"));
  testing::WriteFile(dir.File("site/blog/tides.md"),
                     "---\ntitle: Tides\ndate: 2024-01-01\ntags: [sea]\n---\nThe *moon* pulls.\n");
  testing::WriteFile(dir.File("site/notes.txt"), "A note\nWritten in plain text.\n");
  testing::WriteFile(dir.File("site/page.html"),
                     "<title>Page</title><nav>menu words</nav><p>Lighthouse keeper.</p>");
  testing::WriteFile(dir.File("site/feed.json"),
                     "[" + InputLine("arr-1").substr(0, InputLine("arr-1").size() - 1) + "]");
  testing::WriteFile(dir.File("site/wire.jsonl"), InputLine("wire-1") + InputLine("wire-2"));
  std::string index = dir.File("index"), err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir.File("site")}, &err), 0) << err;
  EXPECT_NE(err.find("6 added"), std::string::npos) << err;
  for (const char* id : {"blog/tides", "notes", "page", "arr-1", "wire-1", "wire-2"}) {
    EXPECT_TRUE(testing::IndexHas(index, id)) << id;
  }
  std::string out;
  ASSERT_EQ(testing::RunSearch({"--index", index, "lighthouse"}, &out), 0);
  EXPECT_NE(out.find("Page"), std::string::npos) << out;
  ASSERT_EQ(testing::RunSearch({"--index", index, "menu"}, &out), 0);
  EXPECT_EQ(out.find("Page"), std::string::npos) << "navigation was indexed: " << out;
}

TEST(IndexerInputsCliTest, FieldMapFromFlagsOrConfigFileReadsACmsExport) {
  testing::TempDir dir;
  const std::string cms =
      R"([{"nid": 101, "headline": "Ferry strike", "content": "Ferries stopped.", "created": "2024-02-02"}])";
  testing::WriteFile(dir.File("export.json"), cms);
  std::string err;
  ASSERT_EQ(testing::RunIndexer(
                {"--index", dir.File("a"), "--map", "id=nid", "--map", "title=headline", "--map",
                 "body=content", "--map", "published=created", dir.File("export.json")},
                &err),
            0)
      << err;
  EXPECT_TRUE(testing::IndexHas(dir.File("a"), "101"));

  testing::WriteFile(
      dir.File("indexer.toml"),
      "map = [\"id=nid\", \"title=headline\", \"body=content\", \"published=created\"]\n");
  ASSERT_EQ(testing::RunIndexer({"--config", dir.File("indexer.toml"), "--index", dir.File("b"),
                                 dir.File("export.json")},
                                &err),
            0)
      << err;
  EXPECT_TRUE(testing::IndexHas(dir.File("b"), "101"));

  // Without the map every record is reported, naming the missing field.
  EXPECT_EQ(testing::RunIndexer({"--index", dir.File("c"), dir.File("export.json")}, &err), 3);
  EXPECT_NE(err.find(dir.File("export.json") + ":1: missing required field"), std::string::npos)
      << err;
  // A bad mapping names the flag: a usage error.
  EXPECT_EQ(testing::RunIndexer(
                {"--index", dir.File("c"), "--map", "colour=red", dir.File("export.json")}, &err),
            2);
  EXPECT_NE(err.find("--map: field mapping \"colour=red\""), std::string::npos) << err;
}

TEST(IndexerInputsCliTest, StdinTakesAJsonArrayOrAnotherFormat) {
  testing::TempDir dir;
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", dir.File("i"), "-"}, &err,
                                "[" + InputLine("s1").substr(0, InputLine("s1").size() - 1) + "]"),
            0)
      << err;
  ASSERT_EQ(testing::RunIndexer({"--index", dir.File("i"), "--format", "md", "-"}, &err,
                                "---\nid: s2\ntitle: From stdin\n---\nMarkdown text.\n"),
            0)
      << err;
  EXPECT_TRUE(testing::IndexHas(dir.File("i"), "s1"));
  EXPECT_TRUE(testing::IndexHas(dir.File("i"), "s2"));
  EXPECT_EQ(testing::RunIndexer({"--index", dir.File("i"), "--format", "yaml", "-"}, &err), 2);
  EXPECT_NE(err.find("--format: unknown input format \"yaml\""), std::string::npos) << err;
}

TEST(IndexerInputsCliTest, MaxErrorsStopsEarlyAndAReindexThenLeavesTheLiveIndexAlone) {
  testing::TempDir dir;
  std::string index = dir.File("index"), err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "-"}, &err, InputLine("live")), 0) << err;
  std::string text;
  for (int i = 0; i < 5; ++i) text += InputLine("ok-" + std::to_string(i));
  for (int i = 0; i < 5; ++i) text += "{broken\n";
  for (int i = 5; i < 10; ++i) text += InputLine("ok-" + std::to_string(i));
  testing::WriteFile(dir.File("bad.jsonl"), text);

  EXPECT_EQ(testing::RunIndexer(
                {"--index", index, "--reindex", "--max-errors", "2", dir.File("bad.jsonl")}, &err),
            1);
  EXPECT_NE(err.find("stopped: more than 2 records could not be read"), std::string::npos) << err;
  EXPECT_NE(err.find(dir.File("bad.jsonl") + ":8:"), std::string::npos) << err;
  EXPECT_EQ(err.find(dir.File("bad.jsonl") + ":9:"), std::string::npos) << "did not stop: " << err;
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 1u);
  EXPECT_TRUE(testing::IndexHas(index, "live"));

  // An update keeps what it indexed before stopping.
  EXPECT_EQ(
      testing::RunIndexer({"--index", index, "--max-errors", "2", dir.File("bad.jsonl")}, &err), 1);
  EXPECT_TRUE(testing::IndexHas(index, "ok-4"));
  EXPECT_FALSE(testing::IndexHas(index, "ok-5"));
  // Without a limit, everything good is indexed.
  EXPECT_EQ(testing::RunIndexer({"--index", index, dir.File("bad.jsonl")}, &err), 3);
  EXPECT_TRUE(testing::IndexHas(index, "ok-9"));
}

TEST(IndexerInputsCliTest, SyncDeletesExactlyTheMissingIds) {
  testing::TempDir dir;
  std::string index = dir.File("index"), err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "-"}, &err,
                                InputLine("a") + InputLine("b") + InputLine("c") + InputLine("d")),
            0);
  testing::WriteFile(dir.File("now.jsonl"),
                     InputLine("a") + InputLine("c", "changed body") + InputLine("e"));

  ASSERT_EQ(testing::RunIndexer(
                {"--index", index, "--sync", "--force", "--dry-run", dir.File("now.jsonl")}, &err),
            0)
      << err;
  EXPECT_NE(err.find("dry run, nothing changed: would add 1, update 1, leave 1 unchanged, "
                     "delete 2; 0 skipped"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("would delete: b, d"), std::string::npos) << err;
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 4u);

  ASSERT_EQ(
      testing::RunIndexer({"--index", index, "--sync", "--force", dir.File("now.jsonl")}, &err), 0)
      << err;
  EXPECT_NE(err.find("1 added, 1 updated, 1 unchanged, 2 deleted"), std::string::npos) << err;
  Xapian::Database db(index);
  EXPECT_EQ(db.get_doccount(), 3u);
  for (const char* id : {"a", "c", "e"}) EXPECT_TRUE(testing::IndexHas(index, id)) << id;

  // A record that cannot be read might be one of the "missing" ids: no deletion then.
  testing::WriteFile(dir.File("partial.jsonl"), InputLine("a") + "{oops\n");
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--sync", dir.File("partial.jsonl")}, &err), 3);
  EXPECT_NE(err.find("--sync deleted nothing, because 1 records could not be read"),
            std::string::npos)
      << err;
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 3u);
}

TEST(IndexerInputsCliTest, DeleteQueryWithDryRun) {
  testing::TempDir dir;
  std::string index = dir.File("index"), err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "-"}, &err,
                                InputLine("x1", "volcano eruption") +
                                    InputLine("x2", "volcano ash") + InputLine("x3", "calm")),
            0);
  ASSERT_EQ(
      testing::RunIndexer(
          {"--index", index, "--delete-query", "volcano", "--max-delete", "2", "--dry-run"}, &err),
      0)
      << err;
  EXPECT_NE(err.find("delete 2;"), std::string::npos) << err;
  EXPECT_NE(err.find("would delete: x1, x2"), std::string::npos) << err;
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 3u);
  ASSERT_EQ(testing::RunIndexer(
                {"--index", index, "--delete-query", "volcano", "--max-delete", "2"}, &err),
            0)
      << err;
  EXPECT_NE(err.find("2 deleted"), std::string::npos) << err;
  EXPECT_TRUE(testing::IndexHas(index, "x3"));
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 1u);
  EXPECT_EQ(
      testing::RunIndexer({"--index", dir.File("none"), "--delete-query", "x", "--dry-run"}, &err),
      1);
  EXPECT_NE(err.find("no Byline index at"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(dir.File("none")));
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--delete-query", "volcano AND"}, &err), 1);
  EXPECT_NE(err.find("--delete-query: cannot parse"), std::string::npos) << err;
}

TEST(IndexerInputsCliTest, StatsAndCompactSubcommands) {
  testing::TempDir dir;
  std::string index = dir.File("index"), err, out;
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += InputLine("n" + std::to_string(i), "word" + std::to_string(i));
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--commit-every", "7", "-"}, &err, text), 0)
      << err;
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, "stats", "--json"}, &out),
            0)
      << out;
  nlohmann::json stats = nlohmann::json::parse(out, nullptr, false);
  ASSERT_TRUE(stats.is_object()) << out;
  EXPECT_EQ(stats["articles"], 200) << out;
  EXPECT_EQ(stats["generation"], "gen-000001") << out;
  EXPECT_EQ(stats["stemming"], "all_z") << out;
  EXPECT_GT(stats["terms"].get<uint64_t>(), 200u) << out;
  EXPECT_GT(stats["size_bytes"].get<uint64_t>(), 0u) << out;
  EXPECT_TRUE(std::regex_match(stats["last_update"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << out;
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "stats", "--index", index}, &out), 0) << out;
  EXPECT_NE(out.find("articles     200"), std::string::npos) << out;
  EXPECT_NE(out.find("last update  20"), std::string::npos) << out;
  EXPECT_NE(out.find("stemming     all_z"), std::string::npos) << out;

  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, "compact"}, &out), 0)
      << out;
  EXPECT_NE(out.find("now serving gen-000002"), std::string::npos) << out;
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 200u);

  EXPECT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", dir.File("none"), "stats"}, &out),
            1);
  EXPECT_NE(out.find("no Byline index at"), std::string::npos) << out;
}

// An index with no recorded last update: null in JSON (as in searchd's
// /stats), "unknown" in the text.
TEST(IndexerInputsCliTest, StatsShowAnUnknownLastUpdateAsNull) {
  testing::TempDir dir;
  std::string index = dir.File("index"), err, out;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "-"}, &err, InputLine("u1", "harbour")), 0)
      << err;
  {
    Xapian::WritableDatabase db(index + "/gen-000001");
    db.set_metadata(schema::kLastUpdateMetadataKey, "");
    db.commit();
  }
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, "stats", "--json"}, &out),
            0)
      << out;
  nlohmann::json stats = nlohmann::json::parse(out, nullptr, false);
  ASSERT_TRUE(stats.is_object()) << out;
  EXPECT_EQ(stats["articles"], 1) << out;
  ASSERT_TRUE(stats.contains("last_update")) << out;
  EXPECT_TRUE(stats["last_update"].is_null()) << out;
  EXPECT_EQ(stats["last_update_unix"], 0) << out;
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, "stats"}, &out), 0) << out;
  EXPECT_NE(out.find("last update  unknown"), std::string::npos) << out;
}

TEST(IndexerInputsCliTest, LogsGetPlainLinesAndASummaryNoCarriageReturns) {
  testing::TempDir dir;
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", dir.File("i"), "-"}, &err, InputLine("p1")), 0);
  EXPECT_EQ(err.find('\r'), std::string::npos);
  EXPECT_NE(err.find("articles/s"), std::string::npos) << err;
  EXPECT_NE(err.find("MB/s"), std::string::npos) << err;
  ASSERT_EQ(testing::RunIndexer({"--index", dir.File("i"), "--quiet", "-"}, &err, InputLine("p2")),
            0);
  EXPECT_EQ(err, "");
}

// The snippet of the first hit of `query` in `index` (byline-search --json).
std::string FirstSnippet(const std::string& index, const std::string& query) {
  std::string out;
  if (testing::RunSearch({"--index", index, "--json", query}, &out) != 0) return "search failed";
  auto body = nlohmann::json::parse(out, nullptr, false);
  if (body.is_discarded() || body["hits"].empty()) return "no hit: " + out;
  return body["hits"][0]["snippet_html"].get<std::string>();
}

TEST(IndexerInputsCliTest, HtmlBodiesOfACmsExportBecomeText) {
  testing::TempDir dir;
  testing::WriteFile(
      dir.File("cms.json"),
      R"([{"id": "h1", "title": "Ferry &amp; tides", "body": "<p>Hello <b>harbour</b> world</p><script>var x;</script>"},
 {"id": "t1", "title": "Sums", "body": "Note that x < y and y > z, so the harbour sum holds"},
 {"id": "m1", "title": "Notes", "body": "Some *harbour* notes <!-- hidden -->", "body_format": "markdown"},
 {"id": "k1", "title": "Kept", "body": "<p>harbour markup kept</p>", "body_format": "text"}]
)");
  // The default, auto: HTML read as HTML, text left alone, records' own say wins.
  std::string err, index = dir.File("auto");
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir.File("cms.json")}, &err), 0) << err;
  EXPECT_EQ(FirstSnippet(index, "hello"), "<mark>Hello</mark> harbour world");
  EXPECT_EQ(FirstSnippet(index, "sum"),
            "Note that x &lt; y and y &gt; z, so the harbour "
            "<mark>sum</mark> holds");
  EXPECT_EQ(FirstSnippet(index, "notes"), "Some harbour <mark>notes</mark>");
  EXPECT_EQ(FirstSnippet(index, "kept"), "&lt;p&gt;harbour markup <mark>kept</mark>&lt;/p&gt;");
  std::string out;
  ASSERT_EQ(testing::RunSearch({"--index", index, "--json", "hello"}, &out), 0);
  auto hit = nlohmann::json::parse(out)["hits"][0];
  EXPECT_EQ(hit["title"], "Ferry & tides");
  EXPECT_FALSE(hit.contains("fields") && hit["fields"].contains("body_format")) << out;
  ASSERT_EQ(testing::RunSearch({"--index", index, "var"}, &out), 0);
  EXPECT_EQ(out.find("Ferry"), std::string::npos) << "a script was indexed: " << out;

  // --body-format text keeps markup as text, from the flag or the config file.
  testing::WriteFile(dir.File("indexer.toml"), "body-format = \"text\"\n");
  index = dir.File("text");
  ASSERT_EQ(
      testing::RunIndexer(
          {"--config", dir.File("indexer.toml"), "--index", index, dir.File("cms.json")}, &err),
      0)
      << err;
  EXPECT_EQ(FirstSnippet(index, "hello"),
            "&lt;p&gt;<mark>Hello</mark> &lt;b&gt;harbour&lt;/b&gt; world&lt;/p&gt;&lt;script&gt;"
            "var x;&lt;/script&gt;");
  EXPECT_EQ(FirstSnippet(index, "notes"), "Some harbour <mark>notes</mark>");  // its own say

  // --body-format html reads even text as HTML; a bad value is a usage error.
  index = dir.File("html");
  ASSERT_EQ(
      testing::RunIndexer({"--index", index, "--body-format", "html", dir.File("cms.json")}, &err),
      0)
      << err;
  EXPECT_EQ(FirstSnippet(index, "hello"), "<mark>Hello</mark> harbour world");
  EXPECT_EQ(testing::RunIndexer(
                {"--index", dir.File("bad"), "--body-format", "rtf", dir.File("cms.json")}, &err),
            2);
  EXPECT_NE(err.find("--body-format"), std::string::npos) << err;
  EXPECT_NE(err.find("rtf"), std::string::npos) << err;

  // An unknown per-record value skips the record, naming the field.
  testing::WriteFile(dir.File("bad.jsonl"),
                     R"({"id": "b1", "title": "T", "body": "x", "body_format": "docx"})"
                     "\n");
  EXPECT_EQ(testing::RunIndexer({"--index", dir.File("bad"), dir.File("bad.jsonl")}, &err), 3);
  EXPECT_NE(err.find(dir.File("bad.jsonl") + ":1: field \"body_format\""), std::string::npos)
      << err;
}

TEST(IndexerInputsCliTest, MarkdownFilesDropHtmlCommentsAndTags) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("fs.md"),
                     "# fs\n"
                     "<!-- YAML\n"
                     "added: v10.0.0\n"
                     "-->\n"
                     "<div class=\"api\">Reads a <span>file</span> quickly.</div>\n"
                     "Use `<!-- keep -->` in code.\n");
  std::string err, index = dir.File("index");
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir.File("fs.md")}, &err), 0) << err;
  EXPECT_EQ(FirstSnippet(index, "quickly"),
            "Reads a file <mark>quickly</mark>. Use &lt;!-- keep --&gt; in code.");
  std::string out;
  ASSERT_EQ(testing::RunSearch({"--index", index, "yaml OR added OR api"}, &out), 0);
  EXPECT_EQ(out.find("fs"), std::string::npos) << "a comment or tag was indexed: " << out;
}

TEST(IndexerInputsCliTest, PagesInDeclaredCharsetsAreConverted) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.File("site"));
  // windows-1252 bytes: "Crème brûlée, “quoted”".
  testing::WriteFile(dir.File("site/menu.html"),
                     "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                     "charset=iso-8859-1\"><title>Caf\xE9 menu</title></head><body><p>Cr\xE8me "
                     "br\xFBl\xE9"
                     "e, \x93quoted\x94</p></body></html>");
  testing::WriteFile(dir.File("site/odd.html"),
                     "<meta charset=\"x-martian\"><title>Odd</title><p>caf\xE9</p>");
  testing::WriteFile(dir.File("site/plain.txt"), "Title\nok\nbad \xE9 byte\n");
  std::string err, index = dir.File("index");
  EXPECT_EQ(testing::RunIndexer({"--index", index, dir.File("site")}, &err), 3);
  EXPECT_NE(err.find("1 added"), std::string::npos) << err;
  EXPECT_NE(err.find(dir.File("site/odd.html") + ": the page declares charset \"x-martian\""),
            std::string::npos)
      << err;
  EXPECT_NE(err.find(dir.File("site/plain.txt") + ": not valid UTF-8 at line 3, byte 14"),
            std::string::npos)
      << err;
  EXPECT_EQ(FirstSnippet(index,
                         "br\xC3\xBBl\xC3\xA9"
                         "e"),
            "Cr\xC3\xA8me <mark>br\xC3\xBBl\xC3\xA9"
            "e</mark>, \xE2\x80\x9Cquoted\xE2\x80\x9D");
  std::string out;
  ASSERT_EQ(testing::RunSearch({"--index", index, "--json", "quoted"}, &out), 0);
  EXPECT_EQ(nlohmann::json::parse(out)["hits"][0]["title"], "Caf\xC3\xA9 menu") << out;
}

}  // namespace
}  // namespace byline
