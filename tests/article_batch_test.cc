// ReadArticleBatch (a batch sent over HTTP, read as byline-indexer reads its
// inputs), IdOnLine, and the deletion guard shared by the indexer and searchd.
#include "byline/article_batch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
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

// What a batch gives, in order, as one comparable text.
std::string Outcome(const std::function<Status(BatchReader&)>& read) {
  std::string out;
  BatchReader reader(
      "body", {},
      [&](Article&& a, size_t line) {
        out += "article " + a.id + " line " + std::to_string(line) + " title " + a.title + "\n";
      },
      [&](const BatchRecordError& e) {
        out += "error line " + std::to_string(e.line) + " id " + e.id + ": " + e.reason + "\n";
      });
  Status s = read(reader);
  EXPECT_OK(s);
  return out;
}

std::string InChunks(const std::string& text, size_t size) {
  return Outcome([&](BatchReader& reader) {
    for (size_t at = 0; at < text.size(); at += size) reader.Feed(text.substr(at, size));
    return reader.Finish();
  });
}

TEST(ArticleBatchTest, ChunksOfAnySizeGiveWhatTheWholeTextGives) {
  const std::string lines =
      "\xEF\xBB\xBF{\"id\":\"caf\xC3\xA9\",\"title\":\"Caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC\","
      "\"body\":\"x\"}\r\n"
      "\n"
      "   \n"
      "{\"id\":\"caf\xC3\xA9\",\"title\":\"again\",\"body\":\"y\"}\n"
      "{\"id\":\"b\",\"title\":\"B \xF0\x9F\x93\xB0\"}\n"
      "{\"id\": \"c\", \"title\": \n"
      "not json at all\n"
      "{\"id\":\"d\",\"title\":\"D \xE2\x80\x94 dash\",\"body\":\"z\"}\n"
      "{\"id\":\"e\",\"title\":\"E\",\"body\":\"no newline at the end\"}";
  const std::string array =
      "\xEF\xBB\xBF [\n {\"id\": \"x\", \"title\": \"\xC3\x89t\xC3\xA9\", \"body\": \"b\"},\n"
      " {\"id\": 7, \"title\": \"Seven\",\n  \"body\": 12},\n"
      " {\"id\": \"x\", \"title\": \"X\", \"body\": \"b\"}\n]\n";
  for (const std::string* text : {&lines, &array}) {
    const std::string whole = Outcome([&](BatchReader& r) {
      r.Feed(*text);
      return r.Finish();
    });
    ASSERT_NE(whole.find("article"), std::string::npos) << whole;
    ASSERT_NE(whole.find("error"), std::string::npos) << whole;
    for (size_t size : {1, 2, 3, 5, 7, 64}) EXPECT_EQ(InChunks(*text, size), whole) << size;
    // Two chunks, split at every byte (mid-line, mid-character, mid-BOM).
    for (size_t at = 0; at <= text->size(); ++at) {
      EXPECT_EQ(Outcome([&](BatchReader& r) {
                  r.Feed(text->substr(0, at));
                  r.Feed(text->substr(at));
                  return r.Finish();
                }),
                whole)
          << at;
    }
  }
  // What the lines give, checked once.
  Read r = ReadBatch(lines);
  EXPECT_EQ(r.ids, (std::vector<std::string>{"caf\xC3\xA9", "d", "e"}));
  EXPECT_EQ(r.lines, (std::vector<size_t>{1, 8, 9}));
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0].line, 4u);
  EXPECT_EQ(r.errors[0].id, "caf\xC3\xA9");
  EXPECT_EQ(r.errors[1].line, 5u);
  EXPECT_EQ(r.errors[1].id, "b");
  EXPECT_EQ(r.errors[2].line, 6u);
  EXPECT_EQ(r.errors[2].id, "c");
  EXPECT_EQ(r.errors[3].line, 7u);
  EXPECT_EQ(r.errors[3].id, "");
  r = ReadBatch(array);
  EXPECT_EQ(r.ids, (std::vector<std::string>{"x"}));
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_EQ(r.errors[0].id, "7");
  EXPECT_EQ(r.errors[1].line, 5u);
  EXPECT_EQ(r.errors[1].id, "x");
}

TEST(ArticleBatchTest, BlankBatchesHoldNoRecordInAnyChunking) {
  for (const std::string text : {"", "  \n\n \r\n\t", "\xEF\xBB\xBF\n  \n"}) {
    for (size_t size : {1, 2, 100}) EXPECT_EQ(InChunks(text, size), "") << size;
  }
  // Part of a byte order mark and no more is not JSON.
  EXPECT_EQ(InChunks("\xEF\xBB", 1).rfind("error line 1 id : invalid JSON", 0), 0u);
}

TEST(ArticleBatchTest, OnlyTheUnfinishedLineIsHeld) {
  size_t articles = 0;
  BatchReader reader(
      "body", {}, [&](Article&&, size_t) { ++articles; },
      [](const BatchRecordError& e) { ADD_FAILURE() << e.reason; });
  const std::string line =
      "{\"id\":\"a\",\"title\":\"A\",\"body\":\"" + std::string(1000, 'x') + "\"}\n";
  uint64_t fed = 0;
  for (int i = 0; i < 100; ++i) {
    std::string record = line;
    record.replace(7, 1, std::to_string(i));
    fed += record.size();
    reader.Feed(record.substr(0, 500));
    EXPECT_EQ(reader.bytes_held(), 500u);
    reader.Feed(record.substr(500));
    EXPECT_EQ(reader.bytes_held(), 0u);
    EXPECT_EQ(articles, static_cast<size_t>(i + 1));
  }
  EXPECT_OK(reader.Finish());
  EXPECT_EQ(reader.bytes_fed(), fed);
}

TEST(ArticleBatchTest, AnArrayIsReadElementByElementAsItArrives) {
  size_t articles = 0;
  BatchReader reader(
      "body", {}, [&](Article&&, size_t) { ++articles; },
      [](const BatchRecordError& e) { ADD_FAILURE() << e.reason; });
  std::string array = "[\n";
  for (int i = 0; i < 100; ++i) {
    array += std::string(i == 0 ? "" : ",\n") + "{\"id\": \"e" + std::to_string(i) +
             "\", \"title\": \"T\", \"body\": \"" + std::string(1000, 'x') + "\"}";
  }
  array += "\n]\n";
  size_t most_held = 0;
  for (size_t at = 0; at < array.size(); at += 300) {
    reader.Feed(array.substr(at, 300));
    most_held = std::max(most_held, reader.bytes_held());
    // Every element that ended in what was fed has been read.
    const std::string fed = array.substr(0, at + 300);
    size_t ended = 0;
    for (size_t p = 0; (p = fed.find("\"}", p)) != std::string::npos; ++p) ++ended;
    EXPECT_EQ(articles, ended) << at;
  }
  EXPECT_OK(reader.Finish());
  EXPECT_EQ(articles, 100u);
  EXPECT_LT(most_held, 1100u);
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

TEST(DeleteGuardTest, DeleteWithinLimitDeletesAllOrNothing) {
  const DeleteLimit limit{false, 2};
  std::vector<std::string> removed;
  std::vector<std::string> told;
  auto remove = [&](const std::string& id) -> Result<bool> {
    if (id == "broken") return Status::IOError("disk full");
    removed.push_back(id);
    return id != "gone";
  };
  auto on_deleted = [&](const std::string& id) { told.push_back(id); };
  bool refused = false;
  Status s = DeleteWithinLimit("q", {"a", "b", "c"}, 10, limit, "--max-delete", false, "Force.",
                               remove, on_deleted, &refused);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(refused);
  EXPECT_TRUE(removed.empty());
  s = DeleteWithinLimit("q", {"a", "gone", "c"}, 10, limit, "--max-delete", true, "Force.", remove,
                        on_deleted, &refused);
  EXPECT_OK(s);
  EXPECT_FALSE(refused);
  EXPECT_EQ(removed, (std::vector<std::string>{"a", "gone", "c"}));
  EXPECT_EQ(told, (std::vector<std::string>{"a", "c"}));
  s = DeleteWithinLimit("q", {"broken", "d"}, 10, limit, "--max-delete", false, "Force.", remove,
                        on_deleted, &refused);
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_FALSE(refused);
  EXPECT_EQ(told.size(), 2u);
}

}  // namespace
}  // namespace byline
