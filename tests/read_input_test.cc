// Streaming readers and input dispatch: JSON arrays, gzip, stdin-like
// streams, directory walks, field maps.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <sstream>

#include "byline/ingest.h"
#include "testutil.h"

namespace byline {
namespace {

using testing::Collected;

Collected ReadArray(const std::string& text, const FieldMap& map = {}) {
  Collected c;
  std::istringstream in(text);
  ReadOptions options;
  options.field_map = map;
  EXPECT_OK(ReadJsonArray(in, "a.json", options, c.OnArticle(), c.OnError()));
  return c;
}

void WriteGzip(const std::string& path, const std::string& text) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  gzclose(f);
}

TEST(JsonArrayReaderTest, ReadsElementsAndReportsBadOnesByStartLine) {
  auto c = ReadArray(
      "[\n"
      "  {\"id\": \"a\", \"title\": \"T\", \"body\": \"has ] and } and \\\" inside\"},\n"
      "  {\"id\": \"b\", \"title\": \"T\"},\n"
      "  42,\n"
      "  {\"id\": \"c\", \"title\": \"T\",\n"
      "   \"body\": \"B\", \"tags\": [\"x\", [\"nested\"]]},\n"
      "  {\"id\": \"d\", \"title\": \"T\", \"body\": \"B\"}\n"
      "]\n");
  EXPECT_EQ(c.Ids(), (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(c.articles[0].body, "has ] and } and \" inside");
  ASSERT_EQ(c.errors.size(), 3u);
  EXPECT_EQ(c.errors[0].line, 3u);
  EXPECT_NE(c.errors[0].reason.find("\"body\""), std::string::npos);
  EXPECT_EQ(c.errors[1].line, 4u);
  EXPECT_NE(c.errors[1].reason.find("expected a JSON object"), std::string::npos);
  EXPECT_EQ(c.errors[2].line, 5u);
  EXPECT_NE(c.errors[2].reason.find("\"tags\""), std::string::npos);
}

TEST(JsonArrayReaderTest, MalformedArraysKeepWhatCameBeforeTheDamage) {
  struct Case {
    std::string text;
    std::vector<std::string> ids;
    std::string reason;
  } cases[] = {
      {"{\"id\":\"a\"}", {}, "expected a JSON array"},
      {"[{\"id\":\"a\",\"title\":\"T\",\"body\":\"B\"}", {"a"}, "not closed"},
      {"[{\"id\":\"a\",\"title\":\"T\",\"body\":\"B\"} {\"id\":\"b\"}]", {"a"}, "expected ','"},
      {"[{\"id\":\"a\",\"title\":\"T\",\"body\":\"B\"}, {\"id\":\"b\",", {"a"}, "end of file"},
      {"[{\"id\":\"a\",\"title\":\"T\",\"body\":\"B\"}] trailing", {"a"}, "after the closing"},
  };
  for (const auto& tc : cases) {
    auto c = ReadArray(tc.text);
    EXPECT_EQ(c.Ids(), tc.ids) << tc.text;
    ASSERT_EQ(c.errors.size(), 1u) << tc.text;
    EXPECT_NE(c.errors[0].reason.find(tc.reason), std::string::npos) << c.errors[0].reason;
  }
  EXPECT_EQ(ReadArray("[]").errors.size(), 0u);
}

TEST(JsonArrayReaderTest, AppliesTheFieldMap) {
  auto c = ReadArray(
      R"([{"slug": 5, "headline": "H", "content": "C", "date": "2020-01-01"}])",
      {{"id", "slug"}, {"title", "headline"}, {"body", "content"}, {"published", "date"}});
  ASSERT_EQ(c.articles.size(), 1u) << c.errors[0].ToString();
  EXPECT_EQ(c.articles[0].id, "5");
  EXPECT_EQ(c.articles[0].title, "H");
  EXPECT_EQ(c.articles[0].body, "C");
  EXPECT_EQ(c.articles[0].published, "2020-01-01");
}

TEST(FieldMapTest, ParsesSpecsAndNamesTheBadOnes) {
  FieldMap map;
  ASSERT_OK(AddFieldMapping("body=content", &map));
  ASSERT_OK(AddFieldMapping(" published = date ", &map));
  EXPECT_EQ(map, (FieldMap{{"body", "content"}, {"published", "date"}}));
  for (const char* bad : {"body", "colour=red", "title=", "=x", "body=other"}) {
    Status s = AddFieldMapping(bad, &map);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find(std::string("\"") + bad + "\""), std::string::npos) << s.message();
  }
}

TEST(InputFormatTest, ExtensionsAndNames) {
  EXPECT_EQ(FormatForPath("a/b.jsonl"), InputFormat::kJsonLines);
  EXPECT_EQ(FormatForPath("b.JSONL.gz"), InputFormat::kJsonLines);
  EXPECT_EQ(FormatForPath("b.json"), InputFormat::kAuto);
  EXPECT_EQ(FormatForPath("b.md"), InputFormat::kMarkdown);
  EXPECT_EQ(FormatForPath("b.txt.gz"), InputFormat::kText);
  EXPECT_EQ(FormatForPath("b.htm"), InputFormat::kHtml);
  EXPECT_EQ(FormatForPath("b.pdf"), InputFormat::kAuto);
  EXPECT_EQ(*ParseInputFormat("json"), InputFormat::kJsonArray);
  EXPECT_EQ(ParseInputFormat("yaml").status().code(), StatusCode::kInvalidArgument);
}

TEST(ReadInputTest, ReadsGzipOfEachJsonFormatAndCountsCompressedBytes) {
  testing::TempDir dir;
  WriteGzip(dir.File("l.jsonl.gz"), testing::ToJsonLine(testing::MakeArticle("l1", "T", "B")) +
                                        testing::ToJsonLine(testing::MakeArticle("l2", "T", "B")));
  WriteGzip(dir.File("a.json.gz"), R"([{"id":"a1","title":"T","body":"B"}])");
  // gzip with a misleading name is still recognised by its magic bytes.
  WriteGzip(dir.File("plain.jsonl"), R"({"id":"p1","title":"T","body":"B"})");
  Collected c;
  uint64_t bytes = 0;
  ReadOptions options;
  options.bytes_read = &bytes;
  for (const char* name : {"l.jsonl.gz", "a.json.gz", "plain.jsonl"}) {
    ASSERT_OK(ReadInput(dir.File(name), options, c.OnArticle(), c.OnError()));
  }
  EXPECT_EQ(c.errors.size(), 0u);
  EXPECT_EQ(c.Ids(), (std::vector<std::string>{"l1", "l2", "a1", "p1"}));
  uint64_t on_disk = 0;
  for (const char* name : {"l.jsonl.gz", "a.json.gz", "plain.jsonl"}) {
    on_disk += std::filesystem::file_size(dir.File(name));
  }
  EXPECT_EQ(bytes, on_disk);
}

TEST(ReadInputTest, CorruptAndTruncatedGzipAreReportedWithThePath) {
  testing::TempDir dir;
  std::string lines;
  for (int i = 0; i < 2000; ++i) {
    lines += testing::ToJsonLine(testing::MakeArticle("id" + std::to_string(i), "Title",
                                                      "body words " + std::to_string(i * 7919)));
  }
  WriteGzip(dir.File("full.jsonl.gz"), lines);
  std::string gz = testing::ReadFile(dir.File("full.jsonl.gz"));
  testing::WriteFile(dir.File("truncated.jsonl.gz"), gz.substr(0, gz.size() / 2));
  std::string corrupt = gz;
  for (size_t i = 40; i < 80; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  testing::WriteFile(dir.File("corrupt.jsonl.gz"), corrupt);
  for (const char* name : {"truncated.jsonl.gz", "corrupt.jsonl.gz"}) {
    Collected c;
    ASSERT_OK(ReadInput(dir.File(name), {}, c.OnArticle(), c.OnError()));
    EXPECT_LT(c.articles.size(), 2000u) << name;
    ASSERT_GE(c.errors.size(), 1u) << name;
    const RecordError& last = c.errors.back();
    EXPECT_EQ(last.file, dir.File(name));
    EXPECT_EQ(last.line, 0u);
    EXPECT_NE(last.reason.find("gzip"), std::string::npos) << last.reason;
  }
}

TEST(ReadInputTest, WalksDirectoriesInOrderSkippingHiddenAndUnknownFiles) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.File("site/2024/.drafts"));
  std::filesystem::create_directories(dir.File("site/pages"));
  testing::WriteFile(dir.File("site/2024/b.md"), "---\ntitle: B\n---\nBee text.\n");
  testing::WriteFile(dir.File("site/2024/a.txt"), "A title\nA text.\n");
  testing::WriteFile(dir.File("site/2024/.drafts/secret.md"), "# Secret\n\nText.\n");
  testing::WriteFile(dir.File("site/2024/.hidden.txt"), "Hidden\nText.\n");
  testing::WriteFile(dir.File("site/pages/about.html"),
                     "<title>About</title><body><p>About us.</p></body>");
  testing::WriteFile(dir.File("site/pages/logo.png"), "\x89PNG");
  testing::WriteFile(dir.File("site/feed.json"), R"([{"id":"f1","title":"F","body":"B"}])");
  testing::WriteFile(dir.File("site/wire.jsonl"), R"({"id":"w1","title":"W","body":"B"})"
                                                  "\n");
  testing::WriteFile(dir.File("site/broken.md"), "---\ntitle: x\n");
  Collected c;
  ASSERT_OK(ReadInput(dir.File("site"), {}, c.OnArticle(), c.OnError()));
  EXPECT_EQ(c.Ids(), (std::vector<std::string>{"2024/a", "2024/b", "f1", "pages/about", "w1"}));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].file, dir.File("site/broken.md"));
}

TEST(ReadInputTest, FileIdsComeFromTheNameAndUnknownContentIsAnError) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("note.txt"), "Note\nText.\n");
  testing::WriteFile(dir.File("data.dat"), R"([{"id":"x","title":"T","body":"B"}])");
  testing::WriteFile(dir.File("mystery.dat"), "plain words");
  Collected c;
  for (const char* name : {"note.txt", "data.dat", "mystery.dat", "missing.jsonl"}) {
    ASSERT_OK(ReadInput(dir.File(name), {}, c.OnArticle(), c.OnError()));
  }
  EXPECT_EQ(c.Ids(), (std::vector<std::string>{"note", "x"}));
  ASSERT_EQ(c.errors.size(), 2u);
  EXPECT_NE(c.errors[0].reason.find("unknown format"), std::string::npos);
  EXPECT_NE(c.errors[1].reason.find("cannot open file"), std::string::npos);

  // --format overrides the guess.
  Collected forced;
  ReadOptions options;
  options.format = InputFormat::kText;
  ASSERT_OK(ReadInput(dir.File("mystery.dat"), options, forced.OnArticle(), forced.OnError()));
  EXPECT_EQ(forced.errors.size(), 1u);  // one line: a title and no body
  EXPECT_NE(forced.errors[0].reason.find("no body"), std::string::npos);
}

TEST(ReadInputTest, ShouldStopEndsReadingBetweenRecords) {
  testing::TempDir dir;
  std::string lines;
  for (int i = 0; i < 50; ++i)
    lines += testing::ToJsonLine(testing::MakeArticle(std::to_string(i), "T", "B"));
  testing::WriteFile(dir.File("x.jsonl"), lines);
  testing::WriteFile(dir.File("x.json"), "[" +
                                             std::string(R"({"id":"1","title":"T","body":"B"},)") +
                                             R"({"id":"2","title":"T","body":"B"}])");
  for (const char* name : {"x.jsonl", "x.json"}) {
    Collected c;
    ReadOptions options;
    options.should_stop = [&] { return c.articles.size() >= 1; };
    ASSERT_OK(ReadInput(dir.File(name), options, c.OnArticle(), c.OnError()));
    EXPECT_EQ(c.articles.size(), 1u) << name;
  }
}

}  // namespace
}  // namespace byline
