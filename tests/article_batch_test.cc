// ReadArticleBatch (a batch sent over HTTP, read as byline-indexer reads its
// inputs), IdOnLine, and the deletion guard shared by the indexer and searchd.
#include "byline/article_batch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "byline/delete_guard.h"
#include "testutil.h"

namespace byline {
namespace {

struct Read {
  std::vector<std::string> ids;
  std::vector<size_t> lines;
  std::vector<BatchRecordError> errors;
};

Read ReadBatch(const std::string& text, const FieldMap& map = {}) {
  Read r;
  Status s = ReadArticleBatch(
      text, "body", map,
      [&](Article&& a, size_t line) {
        r.ids.push_back(a.id);
        r.lines.push_back(line);
      },
      [&](const BatchRecordError& e) { r.errors.push_back(e); });
  EXPECT_OK(s);
  return r;
}

TEST(ArticleBatchTest, JsonLinesWithBadRecordsAndRepeatedIds) {
  Read r = ReadBatch(
      "{\"id\":\"a\",\"title\":\"A\",\"body\":\"x\"}\n"
      "\n"
      "{\"id\":\"a\",\"title\":\"A2\",\"body\":\"y\"}\n"
      "{\"id\":\"b\",\"title\":\"B\"}\n"
      "{\"id\": \"c\", \"title\": \n"
      "{\"id\":\"d\",\"title\":\"D\",\"body\":\"z\"}\n");
  EXPECT_EQ(r.ids, (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(r.lines, (std::vector<size_t>{1, 6}));
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_EQ(r.errors[0].id, "a");
  EXPECT_NE(r.errors[0].reason.find("already given by body:1"), std::string::npos);
  EXPECT_EQ(r.errors[1].line, 4u);
  EXPECT_EQ(r.errors[1].id, "b");
  EXPECT_NE(r.errors[1].reason.find("body"), std::string::npos);
  EXPECT_EQ(r.errors[2].line, 5u);
  EXPECT_EQ(r.errors[2].id, "c");  // read off the broken line
}

TEST(ArticleBatchTest, JsonArrayIsToldByItsFirstCharacter) {
  Read r = ReadBatch(
      "\xEF\xBB\xBF  [\n"
      " {\"id\": \"x\", \"title\": \"X\", \"body\": \"b\"},\n"
      " {\"id\": 7, \"title\": \"Seven\",\n"
      "  \"body\": 12}\n"
      "]\n");
  EXPECT_EQ(r.ids, (std::vector<std::string>{"x"}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_EQ(r.errors[0].id, "7");
}

TEST(ArticleBatchTest, TheFieldMapAppliesToArticlesAndToErrorIds) {
  FieldMap map;
  ASSERT_OK(AddFieldMapping("id=slug", &map));
  ASSERT_OK(AddFieldMapping("body=content", &map));
  Read r = ReadBatch(
      "{\"slug\":\"s1\",\"title\":\"T\",\"content\":\"c\"}\n"
      "{\"slug\":\"s2\",\"title\":\"T\"}\n",
      map);
  EXPECT_EQ(r.ids, (std::vector<std::string>{"s1"}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].id, "s2");
}

TEST(ArticleBatchTest, IdOnLineIsEmptyWhenThereIsNone) {
  EXPECT_EQ(IdOnLine("garbage\n{\"title\":\"t\"}\n", 1, {}), "");
  EXPECT_EQ(IdOnLine("garbage\n{\"title\":\"t\"}\n", 2, {}), "");
  EXPECT_EQ(IdOnLine("x\n", 0, {}), "");
  EXPECT_EQ(IdOnLine("x\n", 9, {}), "");
  EXPECT_EQ(IdOnLine("{\"id\": \"q\\\"uote\", \"title\": ", 1, {}), "q\"uote");
}

TEST(DeleteGuardTest, LimitsAndTheirRefusal) {
  auto percent = ParseDeleteLimit("10%");
  ASSERT_OK(percent);
  EXPECT_EQ(percent->For(520), 52u);
  auto count = ParseDeleteLimit("3");
  ASSERT_OK(count);
  EXPECT_EQ(count->For(1000000), 3u);
  EXPECT_FALSE(ParseDeleteLimit("101%").ok());
  EXPECT_FALSE(ParseDeleteLimit("2.5").ok());
  EXPECT_FALSE(ParseDeleteLimit("").ok());

  const std::vector<std::string> ids = {"a", "b", "c", "d"};
  EXPECT_OK(CheckDeleteLimit("q", ids, 100, *count, "--max-delete", /*force=*/true, "hint"));
  EXPECT_OK(CheckDeleteLimit("q", {"a", "b"}, 100, *count, "--max-delete", false, "hint"));
  Status refused =
      CheckDeleteLimit("the query", ids, 100, *count, "--max-delete", false, "Send force=true.");
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("would delete 4 of the 100 articles"), std::string::npos);
  EXPECT_NE(refused.message().find("more than --max-delete (3 articles)"), std::string::npos);
  EXPECT_NE(refused.message().find("They are: a, b, c, d. Send force=true."), std::string::npos);
}

}  // namespace
}  // namespace byline
