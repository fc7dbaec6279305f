// Lenient dates (byline/dates.h): the forms sites and feeds write, read into
// ISO 8601, and what is refused.
#include "byline/dates.h"

#include <gtest/gtest.h>

#include "byline/date_bound.h"
#include "testutil.h"

namespace byline {
namespace {

std::string Normal(const std::string& text) {
  auto iso = NormalizeDate(text);
  return iso.ok() ? *iso : "ERROR: " + iso.status().message();
}

TEST(NormalizeDateTest, IsoFormsAreKeptAsGiven) {
  for (const char* iso : {"2024-03-05", "2024-03-05T10:00:00Z", "2024-03-05T10:00Z",
                          "2024-03-05 10:00:00", "2024-03-05T10:00:00.123+01:00",
                          "2024-03-05T10:00:00-0500", "2024-02-29", "2024", "2024-03", "1999-12"}) {
    EXPECT_EQ(Normal(iso), iso) << iso;
  }
  EXPECT_EQ(Normal("  2024-03-05\n"), "2024-03-05");
}

TEST(NormalizeDateTest, RfcDatesAsFeedsWriteThem) {
  const std::pair<const char*, const char*> cases[] = {
      {"Tue, 05 Mar 2024 10:00:00 +0000", "2024-03-05T10:00:00Z"},
      {"Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05T10:00:00Z"},
      {"Tue, 5 Mar 2024 10:00 UT", "2024-03-05T10:00:00Z"},
      {"05 Mar 2024 10:00:00 +0100", "2024-03-05T10:00:00+01:00"},
      {"Wed, 06 Mar 2024 23:59:59 -0530", "2024-03-06T23:59:59-05:30"},
      {"Tue, 05 Mar 2024 10:00:00 EST", "2024-03-05T10:00:00-05:00"},
      {"Tue, 05 Mar 2024 10:00:00 PDT", "2024-03-05T10:00:00-07:00"},
      {"Tue, 05 Mar 24 10:00:00 GMT", "2024-03-05T10:00:00Z"},
      {"Fri, 31 Dec 99 23:00:00 GMT", "1999-12-31T23:00:00Z"},
      {"Tuesday, 05-Mar-2024 10:00:00 GMT", "2024-03-05T10:00:00Z"},
      {"Tue, 05 Mar 2024 10:00:00", "2024-03-05T10:00:00"},
  };
  for (const auto& [text, want] : cases) EXPECT_EQ(Normal(text), want) << text;
}

TEST(NormalizeDateTest, YearFirstNumericDates) {
  const std::pair<const char*, const char*> cases[] = {
      {"2024/03/05", "2024-03-05"},
      {"2024-03-05 10:00:00 +0100", "2024-03-05T10:00:00+01:00"},
      {"2024-03-05 10:00 UTC", "2024-03-05T10:00:00Z"},
      {"2024-3-5", "2024-03-05"},
  };
  for (const auto& [text, want] : cases) EXPECT_EQ(Normal(text), want) << text;
}

TEST(NormalizeDateTest, EnglishMonthNames) {
  const std::pair<const char*, const char*> cases[] = {
      {"March 5, 2024", "2024-03-05"},
      {"5 Mar 2024", "2024-03-05"},
      {"Mar 5 2024", "2024-03-05"},
      {"5 March 2024", "2024-03-05"},
      {"5th March 2024", "2024-03-05"},
      {"March 1st, 2024", "2024-03-01"},
      {"Sept 9, 2023", "2023-09-09"},
      {"sep. 9, 2023", "2023-09-09"},
      {"DECEMBER 25 2023", "2023-12-25"},
      {"March 2024", "2024-03"},
      {"Feb 29, 2024", "2024-02-29"},
      {"March 5, 2024 at 3:30 pm", "2024-03-05T15:30:00"},
      {"March 5, 2024 12:15 am UTC", "2024-03-05T00:15:00Z"},
      {"Tue, March 5, 2024", "2024-03-05"},
  };
  for (const auto& [text, want] : cases) EXPECT_EQ(Normal(text), want) << text;
}

TEST(NormalizeDateTest, WhatIsNotADateIsRefused) {
  for (const char* bad : {"",
                          "yesterday",
                          "last week",
                          "2024-02-30",
                          "Feb 30, 2024",
                          "Feb 29, 2023",
                          "31 Apr 2024",
                          "2024-13",
                          "2024-13-01",
                          "03/05/2024",
                          "5/3/2024",
                          "March 5",
                          "March",
                          "Tue, 05 Mar 2024 25:00:00 GMT",
                          "Tue, 05 Mar 2024 10:61 GMT",
                          "Tue, 05 Mar 2024 10:00:00 XYZ",
                          "Tue, 05 Mar 2024 10:00:00 +2500",
                          "0 March 2024",
                          "March 5, 2024 13:00 pm",
                          "March 5 2024 2025",
                          "20240305",
                          "2024/13/05",
                          "2024/02/30",
                          "05/03/2024 10:00",
                          "2024/03",
                          "2024 March 5 foo"}) {
    auto iso = NormalizeDate(bad);
    EXPECT_FALSE(iso.ok()) << bad << " read as " << (iso.ok() ? *iso : "");
    if (!iso.ok()) {
      EXPECT_EQ(iso.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(NormalizeDateTest, ZonesGiveTheSameMoment) {
  auto utc = PublishedSeconds(Normal("Tue, 05 Mar 2024 15:00:00 GMT"));
  auto est = PublishedSeconds(Normal("Tue, 05 Mar 2024 10:00:00 EST"));
  auto ist = PublishedSeconds(Normal("Tue, 05 Mar 2024 20:30:00 +0530"));
  ASSERT_OK(utc);
  ASSERT_OK(est);
  ASSERT_OK(ist);
  EXPECT_EQ(*utc, *est);
  EXPECT_EQ(*utc, *ist);
  EXPECT_EQ(*utc, *ParseIsoDate("2024-03-05T15:00:00Z"));
}

TEST(PublishedSecondsTest, PartialDatesAreTheirFirstSecond) {
  EXPECT_EQ(*PublishedSeconds("2024"), *ParseIsoDate("2024-01-01"));
  EXPECT_EQ(*PublishedSeconds("2024-03"), *ParseIsoDate("2024-03-01"));
  EXPECT_EQ(*PublishedSeconds("2024-03-05T10:00:00Z"), *ParseIsoDate("2024-03-05T10:00:00Z"));
  EXPECT_FALSE(PublishedSeconds("March 5, 2024").ok());  // stored forms are ISO
}

TEST(ResolvePublishedTest, NormalisesWarnsOrRefuses) {
  Article a = testing::MakeArticle("a", "T", "B");
  a.published = "March 5, 2024";
  std::string warning = "old";
  ASSERT_OK(ResolvePublished(&a, &warning));
  EXPECT_EQ(a.published, "2024-03-05");
  EXPECT_EQ(warning, "");

  a.published = "soon";
  Status strict = ResolvePublished(&a, nullptr);
  EXPECT_EQ(strict.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(strict.message().find("field \"published\""), std::string::npos) << strict.message();
  EXPECT_EQ(a.published, "soon");

  ASSERT_OK(ResolvePublished(&a, &warning));
  EXPECT_EQ(a.published, "");
  EXPECT_EQ(warning, "published \"soon\" not understood; indexed without a date");
}

TEST(ResolvePublishedTest, ValidateArticleTakesWhatItStores) {
  Article a = testing::MakeArticle("a", "T", "B");
  for (const char* text : {"2024", "2024-03", "Tue, 05 Mar 2024 10:00:00 +0000", "5 Mar 2024"}) {
    a.published = text;
    ASSERT_OK(ResolvePublished(&a, nullptr));
    EXPECT_OK(ValidateArticle(a)) << text << " stored as " << a.published;
  }
}

}  // namespace
}  // namespace byline
