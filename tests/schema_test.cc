#include "byline/schema.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <set>
#include <string>

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

// StemTerm must build the very terms Xapian's TermGenerator writes (and its
// QueryParser reads): indexes on disk hold them.
TEST(SchemaTest, StemTermsAreTheOnesXapianIndexes) {
  Xapian::Stem stemmer("english");
  Xapian::TermGenerator generator;
  generator.set_stemmer(stemmer);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text("Computing");
  generator.index_text("Computing", 1, schema::kTitlePrefix);
  std::set<std::string> terms(doc.termlist_begin(), doc.termlist_end());
  const std::string stem = stemmer("computing");
  EXPECT_EQ(terms, (std::set<std::string>{schema::StemTerm("", stem),
                                          schema::StemTerm(schema::kTitlePrefix, stem)}));
  EXPECT_EQ(schema::StemTerm("", "comput"), "Zcomput");
  EXPECT_EQ(schema::StemTerm(schema::kTitlePrefix, "comput"), "ZScomput");
  EXPECT_EQ(schema::StemTerm(schema::kTitlePrefix, ""), "ZS");  // the root of every title stem
}

TEST(SchemaTest, WordStemTermsAreStemsOfNoFieldAndNoNumber) {
  EXPECT_TRUE(schema::IsWordStemTerm("Zcomput"));
  EXPECT_TRUE(schema::IsWordStemTerm("Zé"));
  EXPECT_FALSE(schema::IsWordStemTerm("ZScomput"));  // a title stem
  EXPECT_FALSE(schema::IsWordStemTerm("Z1987"));     // a number
  EXPECT_FALSE(schema::IsWordStemTerm("comput"));    // not stemmed
  EXPECT_FALSE(schema::IsWordStemTerm("Z"));
  EXPECT_FALSE(schema::IsWordStemTerm(""));
}

// Existing indexes carry these keys: renaming one would lose its setting.
TEST(SchemaTest, MetadataKeysAreTheOnesIndexesHold) {
  EXPECT_STREQ(schema::kLanguageMetadataKey, "byline.language");
  EXPECT_STREQ(schema::kStemmingMetadataKey, "byline.stemming");
  EXPECT_STREQ(schema::kStopwordsMetadataKey, "byline.stopwords");
  EXPECT_STREQ(schema::kLastUpdateMetadataKey, "byline.last_update");
  // Older and newer Bylines look for the format under this key.
  EXPECT_STREQ(schema::kFormatMetadataKey, "byline.format");
}

}  // namespace
}  // namespace byline
