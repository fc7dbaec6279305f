#include "byline/ingest.h"

#include <gtest/gtest.h>

#include <sstream>

#include "testutil.h"

namespace byline {
namespace {

struct CollectedLines {
  std::vector<Article> articles;
  std::vector<RecordError> errors;
};

CollectedLines ReadAll(const std::string& text, const FieldMap& map = {}) {
  CollectedLines c;
  std::istringstream in(text);
  Status s = ReadJsonLines(
      in, "input.jsonl", map, [&](Article&& a) { c.articles.push_back(std::move(a)); },
      [&](const RecordError& e) { c.errors.push_back(e); });
  EXPECT_OK(s);
  return c;
}

TEST(JsonLinesReaderTest, ReadsEveryFieldOfTheCanonicalSchema) {
  auto c = ReadAll(
      R"({"id":"a1","title":"T","body":"B","url":"https://x.org/a1","published":"2024-01-02",)"
      R"("source":"S","author":"Ann","tags":["x","y"],"lang":"en"})"
      "\n");
  ASSERT_EQ(c.errors.size(), 0u);
  ASSERT_EQ(c.articles.size(), 1u);
  const Article& a = c.articles[0];
  EXPECT_EQ(a.id, "a1");
  EXPECT_EQ(a.title, "T");
  EXPECT_EQ(a.body, "B");
  EXPECT_EQ(a.url, "https://x.org/a1");
  EXPECT_EQ(a.published, "2024-01-02");
  EXPECT_EQ(a.source, "S");
  EXPECT_EQ(a.author, "Ann");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(a.lang, "en");
}

TEST(JsonLinesReaderTest, ReportsEachBadLineWithItsNumberAndKeepsTheRest) {
  struct Case {
    std::string line;
    std::string reason;  // part of the message
  } bad[] = {
      {R"({"id":"x","title":"T")", "invalid JSON"},
      {R"({"title":"T","body":"B"})", "\"id\""},
      {R"({"id":"x","body":"B"})", "\"title\""},
      {R"({"id":"x","title":"T","body":42})", "\"body\" must be a string"},
      {R"({"id":"x","title":"T","body":"B","tags":"a","published":"2024-02-31"})", "\"published\""},
      {R"({"id":"x","title":"T","body":"B","tags":[1]})", "\"tags\""},
      {R"(["not","an","object"])", "expected a JSON object"},
      {R"({"id":"x","title":"T","body":"B","n":1e5000})", "invalid JSON"},  // found by fuzzing
      {"{\"id\":\"x\",\"title\":\"T\",\"body\":\"bad \xFF utf8\"}", "UTF-8"},
  };
  std::string text = R"({"id":"good-1","title":"T","body":"B"})"
                     "\n";
  for (const auto& c : bad) text += c.line + "\n";
  text += "\n   \n";  // blank lines are not records
  text += R"({"id":"good-2","title":"T","body":"B"})"
          "\n";

  auto c = ReadAll(text);
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].id, "good-1");
  EXPECT_EQ(c.articles[1].id, "good-2");
  ASSERT_EQ(c.errors.size(), std::size(bad));
  for (size_t i = 0; i < std::size(bad); ++i) {
    EXPECT_EQ(c.errors[i].file, "input.jsonl");
    EXPECT_EQ(c.errors[i].line, i + 2);
    EXPECT_NE(c.errors[i].reason.find(bad[i].reason), std::string::npos)
        << "line " << i + 2 << ": " << c.errors[i].reason;
    EXPECT_EQ(c.errors[i].ToString().rfind("input.jsonl:" + std::to_string(i + 2) + ": ", 0), 0u);
  }
}

// JSON nested past kMaxJsonDepth is a record error, never a crash: an extra
// field is kept as JSON text, and writing a value back out recurses as deep
// as it is nested (a record 500,000 levels deep crashed the indexer).
TEST(JsonLinesReaderTest, DeeplyNestedRecordsAreRecordErrors) {
  auto nested = [](size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  const std::string deep =
      R"({"id": "deep", "title": "T", "body": "B", "extra": )" + nested(500000) + "}\n";
  const std::string fine =
      R"({"id": "fine", "title": "T", "body": "B", "extra": )" + nested(kMaxJsonDepth - 1) + "}\n";
  CollectedLines c = ReadAll(deep + fine);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "fine");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 1u);
  EXPECT_NE(c.errors[0].reason.find("nested more than"), std::string::npos) << c.errors[0].reason;

  EXPECT_OK(CheckJsonDepth(nested(kMaxJsonDepth)));
  EXPECT_FALSE(CheckJsonDepth(nested(kMaxJsonDepth + 1)).ok());
  // Brackets inside strings (escaped quotes too) do not count.
  EXPECT_OK(CheckJsonDepth("[\"" + std::string(500, '[') + "\\\"" + std::string(500, '{') + "\"]"));
}

TEST(JsonLinesReaderTest, AcceptsNumericIdsSingleTagStringsBomAndCrlf) {
  auto c = ReadAll("\xEF\xBB\xBF{\"id\":17,\"title\":\"T\",\"body\":\"B\",\"tags\":\"solo\"}\r\n");
  ASSERT_EQ(c.errors.size(), 0u) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "17");
  EXPECT_EQ(c.articles[0].tags, std::vector<std::string>{"solo"});
}

TEST(JsonLinesReaderTest, ParseWithDefaultIdFillsAMissingIdAndSaysWhatFailed) {
  ArticleJsonFault fault;
  auto a = ParseArticleJsonWithDefaultId(R"({"title": "T", "body": "B"})", {}, "path-id", &fault);
  ASSERT_OK(a);
  EXPECT_EQ(a->id, "path-id");
  EXPECT_EQ(fault, ArticleJsonFault::kNone);
  // Its own id stays (the caller compares them); a mapped id name is used.
  a = ParseArticleJsonWithDefaultId(R"({"id": "own", "title": "T", "body": "B"})", {}, "p", &fault);
  ASSERT_OK(a);
  EXPECT_EQ(a->id, "own");
  a = ParseArticleJsonWithDefaultId(R"({"guid": 7, "title": "T", "body": "B"})", {{"id", "guid"}},
                                    "p", &fault);
  ASSERT_OK(a);
  EXPECT_EQ(a->id, "7");
  a = ParseArticleJsonWithDefaultId(R"({"id": "x", "title": "T", "body": "B")", {}, "p", &fault);
  EXPECT_FALSE(a.ok());
  EXPECT_EQ(fault, ArticleJsonFault::kNotJson);
  EXPECT_NE(a.status().message().find("invalid JSON"), std::string::npos);
  a = ParseArticleJsonWithDefaultId(std::string(500, '[') + std::string(500, ']'), {}, "p", &fault);
  EXPECT_EQ(fault, ArticleJsonFault::kNotJson);
  a = ParseArticleJsonWithDefaultId("[1, 2]", {}, "p", &fault);
  EXPECT_EQ(fault, ArticleJsonFault::kNotObject);
  a = ParseArticleJsonWithDefaultId(R"({"body": "no title"})", {}, "p", &fault);
  EXPECT_FALSE(a.ok());
  EXPECT_EQ(fault, ArticleJsonFault::kNotArticle);
  EXPECT_NE(a.status().message().find("title"), std::string::npos);
}

TEST(JsonLinesReaderTest, FieldMapReadsOtherSchemas) {
  auto c =
      ReadAll(R"({"slug":"p1","headline":"H","content":"C","date":"2023-05-06"})"
              "\n",
              {{"id", "slug"}, {"title", "headline"}, {"body", "content"}, {"published", "date"}});
  ASSERT_EQ(c.errors.size(), 0u) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "p1");
  EXPECT_EQ(c.articles[0].title, "H");
  EXPECT_EQ(c.articles[0].body, "C");
  EXPECT_EQ(c.articles[0].published, "2023-05-06");
}

TEST(JsonLinesReaderTest, ReadsTheSampleCorpusWithoutErrors) {
  std::istringstream in(testing::ReadFile(testing::DataDir() + "/articles.jsonl"));
  size_t articles = 0, errors = 0;
  ASSERT_OK(ReadJsonLines(
      in, "articles.jsonl", {}, [&](Article&&) { ++articles; },
      [&](const RecordError&) { ++errors; }));
  EXPECT_GE(articles, 30u);
  EXPECT_EQ(errors, 0u);
}

}  // namespace
}  // namespace byline
