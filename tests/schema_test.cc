#include "byline/schema.h"

#include <gtest/gtest.h>

namespace byline {
namespace {

TEST(SchemaTest, NormaliseLowerCasesUnicodeAndFoldsSpaces) {
  EXPECT_EQ(schema::Normalise("  BBC   News "), "bbc news");
  EXPECT_EQ(schema::Normalise("ÉCOLE Ünïcode"), "école ünïcode");
  EXPECT_EQ(schema::Normalise("Tab\tand\nnewline"), "tab and newline");
}

TEST(SchemaTest, FilterTermsAreNormalisedAndPrefixed) {
  EXPECT_EQ(schema::TagTerm("Climate"), "Kclimate");
  EXPECT_EQ(schema::SourceTerm("BBC News"), "XSRCbbc news");
  EXPECT_EQ(schema::AuthorTerm("Ann  Lee"), "XAUTHann lee");
  EXPECT_EQ(schema::IdTerm("Case-Kept"), "QCase-Kept");  // ids are exact
}

TEST(SchemaTest, LongTermsAreCutOnACharacterBoundary) {
  std::string tag;
  for (int i = 0; i < 200; ++i) tag += "é";  // 400 bytes
  std::string term = schema::TagTerm(tag);
  EXPECT_LE(term.size(), 240u);
  EXPECT_EQ((term.size() - 1) % 2, 0u);  // whole two-byte characters after "K"
}

}  // namespace
}  // namespace byline
