#include "byline/index_writer.h"

#include <xapian.h>

#include <gtest/gtest.h>

#include "byline/schema.h"
#include "testutil.h"

namespace byline {
namespace {

std::unique_ptr<IndexWriter> OpenWriter(const std::string& dir) {
  auto writer = IndexWriter::Open(dir, IndexOptions{});
  EXPECT_OK(writer);
  return writer.ok() ? std::move(writer).value() : nullptr;
}

TEST(IndexWriterTest, UpsertAddsUpdatesAndSkipsUnchangedArticles) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path());
  Article a = testing::MakeArticle("a", "First title", "First body");
  EXPECT_EQ(*writer->Upsert(a), UpsertOutcome::kAdded);
  EXPECT_EQ(*writer->Upsert(a), UpsertOutcome::kUnchanged);
  a.body = "Changed body";
  EXPECT_EQ(*writer->Upsert(a), UpsertOutcome::kUpdated);
  ASSERT_OK(writer->Commit());
  EXPECT_EQ(writer->Stats()->articles, 1u);
}

TEST(IndexWriterTest, IndexIsADirectoryXapianOpensThroughItsStub) {
  testing::TempDir dir;
  {
    auto writer = OpenWriter(dir.path());
    Article a = testing::MakeArticle("x-1", "Cocoa harvest", "Rain helped the cocoa crop.");
    a.author = "Jo Reporter";
    a.tags = {"Cocoa", "el-salvador"};
    ASSERT_OK(writer->Upsert(a));
    ASSERT_OK(writer->Commit());
  }
  Xapian::Database db(dir.path());  // the directory itself, via XAPIANDB
  EXPECT_EQ(db.get_doccount(), 1u);
  for (const std::string& term :
       {schema::IdTerm("x-1"), std::string("ZScocoa"), std::string("Zcocoa"), std::string("Zcrop"),
        schema::TagTerm("cocoa"), schema::TagTerm("el-salvador"), schema::SourceTerm("Test Source"),
        schema::AuthorTerm("Jo Reporter"), std::string("ZAjo"), std::string("Y2024"),
        std::string("M202405"), std::string("D20240501")}) {
    EXPECT_TRUE(db.term_exists(term)) << term;
  }
  Xapian::Document doc = db.get_document(*db.postlist_begin(schema::IdTerm("x-1")));
  EXPECT_EQ(doc.get_value(schema::kSourceSlot), "Test Source");
  EXPECT_EQ(doc.get_value(schema::kYearSlot), "2024");
  EXPECT_EQ(doc.get_value(schema::kTagsSlot), "Cocoa\x1f" "el-salvador");
  EXPECT_FALSE(doc.get_value(schema::kPublishedSlot).empty());
}

TEST(IndexWriterTest, TitleWordsWeighMoreThanBodyWords) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path());
  ASSERT_OK(writer->Upsert(testing::MakeArticle("t", "Harbour", "A short note.")));
  ASSERT_OK(writer->Commit());
  Xapian::Database db(dir.path());
  Xapian::TermIterator it = db.termlist_begin(1);
  it.skip_to("Zharbour");
  ASSERT_NE(it, db.termlist_end(1));
  ASSERT_EQ(*it, "Zharbour");
  EXPECT_EQ(it.get_wdf(), schema::kTitleWdf);
}

TEST(IndexWriterTest, DeleteRemovesOnlyTheNamedArticle) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path());
  ASSERT_OK(writer->Upsert(testing::MakeArticle("keep", "K", "kept")));
  ASSERT_OK(writer->Upsert(testing::MakeArticle("drop", "D", "dropped")));
  EXPECT_TRUE(*writer->Delete("drop"));
  EXPECT_FALSE(*writer->Delete("never-there"));
  ASSERT_OK(writer->Commit());
  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_doccount(), 1u);
  EXPECT_TRUE(db.term_exists(schema::IdTerm("keep")));
}

TEST(IndexWriterTest, RejectsInvalidArticlesNamingTheField) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path());
  auto r = writer->Upsert(testing::MakeArticle("", "T", "B"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("\"id\""), std::string::npos);
}

TEST(IndexWriterTest, SecondWriterIsBusyNotCrashing) {
  testing::TempDir dir;
  auto first = OpenWriter(dir.path());
  auto second = IndexWriter::Open(dir.path(), IndexOptions{});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kBusy) << second.status().ToString();
}

TEST(IndexWriterTest, LanguageIsStoredInTheIndex) {
  testing::TempDir dir;
  IndexOptions french;
  french.language = "french";
  ASSERT_OK(IndexWriter::Open(dir.path(), french));
  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_metadata("byline.language"), "french");

  IndexOptions bad;
  bad.language = "klingon";
  testing::TempDir other;
  auto r = IndexWriter::Open(other.path(), bad);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace byline
