#include "byline/article.h"

#include <gtest/gtest.h>

#include "testutil.h"

namespace byline {
namespace {

TEST(ParseIsoDateTest, AcceptsDatesAndDateTimes) {
  struct Case {
    const char* text;
    int64_t seconds;
  } cases[] = {
      {"1970-01-01", 0},
      {"2024-02-29", 1709164800},
      {"2024-03-05T09:30:00", 1709631000},
      {"2024-03-05T09:30", 1709631000},
      {"2024-03-05 09:30:00", 1709631000},
      {"2024-03-05T09:30:00Z", 1709631000},
      {"2024-03-05T09:30:00.250Z", 1709631000},
      {"2024-03-05T10:30:00+01:00", 1709631000},
      {"2024-03-05T04:00:00-0530", 1709631000},
      {"1987-02-26T15:01:01", 541350061},
  };
  for (const auto& c : cases) {
    auto parsed = ParseIsoDate(c.text);
    ASSERT_OK(parsed);
    EXPECT_EQ(*parsed, c.seconds) << c.text;
  }
}

TEST(ParseIsoDateTest, RejectsMalformedDatesWithAReason) {
  for (const char* text : {"", "2024", "2024-13-01", "2023-02-29", "2024-04-31", "24-01-01",
                           "2024-01-01T25:00", "2024-01-01T10", "2024-01-01X", "yesterday",
                           "2024-01-01T10:00:00+99:00", "2024-01-01T10:00:00 junk"}) {
    auto parsed = ParseIsoDate(text);
    EXPECT_FALSE(parsed.ok()) << text;
    if (!parsed.ok()) {
      EXPECT_NE(parsed.status().message().find("bad date"), std::string::npos);
    }
  }
}

TEST(FormatIsoDayTest, RoundTripsWithParse) {
  for (const char* day : {"1970-01-01", "1987-10-19", "2000-02-29", "2024-12-31", "1969-07-20"}) {
    auto seconds = ParseIsoDate(day);
    ASSERT_OK(seconds);
    EXPECT_EQ(FormatIsoDay(*seconds), day);
  }
}

TEST(IsValidUtf8Test, AcceptsWellFormedAndRejectsMalformedText) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(ValidateArticleTest, NamesTheFieldAtFault) {
  Article ok = testing::MakeArticle("a1", "Title", "Body");
  EXPECT_OK(ValidateArticle(ok));

  struct Case {
    void (*mutate)(Article&);
    const char* field;
  } cases[] = {
      {[](Article& a) { a.id.clear(); }, "\"id\""},
      {[](Article& a) { a.title.clear(); }, "\"title\""},
      {[](Article& a) { a.body.clear(); }, "\"body\""},
      {[](Article& a) { a.published = "2024-02-30"; }, "\"published\""},
      {[](Article& a) { a.author = "bad \xFF byte"; }, "\"author\""},
      {[](Article& a) { a.id = std::string(kMaxIdBytes + 1, 'x'); }, "\"id\""},
  };
  for (const auto& c : cases) {
    Article a = ok;
    c.mutate(a);
    Status s = ValidateArticle(a);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find(c.field), std::string::npos) << s.message();
  }
}

TEST(ValidateArticleTest, RefusesExtraFieldsNamedLikeArticleFieldsOrGivenTwice) {
  Article ok = testing::MakeArticle("a1", "Title", "Body");
  ok.extra_fields = {{"category", "\"world\""}, {"minutes", "5"}};
  EXPECT_OK(ValidateArticle(ok));
  for (const char* name : {"title", "body", "id", "tags", "published"}) {
    Article a = ok;
    a.extra_fields.emplace_back(name, "\"x\"");
    Status s = ValidateArticle(a);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << name;
    EXPECT_NE(s.message().find(std::string("\"") + name + "\""), std::string::npos) << s.message();
  }
  Article twice = ok;
  twice.extra_fields.emplace_back("category", "\"sport\"");
  Status s = ValidateArticle(twice);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("\"category\" is given twice"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace byline
