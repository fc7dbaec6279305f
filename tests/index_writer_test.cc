#include "byline/index_writer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <set>
#include <unordered_set>

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

// In a transaction nothing commits by itself (not even past commit_every),
// Commit() is one commit, and Abandon() drops the changes and their
// spelling data, also when the writer is closed afterwards.
TEST(IndexWriterTest, TransactionIsOneCommitOrNothing) {
  testing::TempDir dir;
  IndexOptions options;
  options.commit_every = 1;
  {
    auto writer = IndexWriter::Open(dir.path(), options);
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("a", "Alpha", "Kept words")));
    ASSERT_OK((*writer)->Commit());
    const Xapian::rev before = Xapian::Database(dir.path()).get_revision();
    ASSERT_OK((*writer)->BeginTransaction());
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("b", "Beta", "Zanzibarish words")));
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("c", "Gamma", "More words")));
    ASSERT_OK((*writer)->Delete("a"));
    EXPECT_EQ(Xapian::Database(dir.path()).get_revision(), before);
    EXPECT_EQ(testing::ArticleCount(dir.path()), 1u);
    (*writer)->Abandon();
    // Outside a transaction again: commit_every applies.
    ASSERT_OK((*writer)->BeginTransaction());
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("d", "Delta", "Last words")));
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("e", "Epsilon", "Last words")));
    ASSERT_OK((*writer)->Commit());
    EXPECT_EQ(Xapian::Database(dir.path()).get_revision(), before + 1);
    ASSERT_OK((*writer)->BeginTransaction());
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("f", "Phi", "Dropped on close")));
    (*writer)->Abandon();
  }
  EXPECT_TRUE(testing::IndexHas(dir.path(), "a"));
  EXPECT_FALSE(testing::IndexHas(dir.path(), "b"));
  EXPECT_FALSE(testing::IndexHas(dir.path(), "c"));
  EXPECT_TRUE(testing::IndexHas(dir.path(), "d"));
  EXPECT_TRUE(testing::IndexHas(dir.path(), "e"));
  EXPECT_FALSE(testing::IndexHas(dir.path(), "f"));
  Xapian::Database db(dir.path());
  std::set<std::string> spelled;
  for (auto t = db.spellings_begin(); t != db.spellings_end(); ++t) spelled.insert(*t);
  EXPECT_EQ(spelled.count("zanzibarish"), 0u);
  EXPECT_EQ(spelled.count("kept"), 1u);
}

// Each word of the spelling data with its frequency, read as searchers do.
std::map<std::string, Xapian::doccount> SpellingData(const std::string& dir) {
  Xapian::Database db(dir);
  std::map<std::string, Xapian::doccount> words;
  for (auto t = db.spellings_begin(); t != db.spellings_end(); ++t) words[*t] = t.get_termfreq();
  return words;
}

// Replaced and deleted articles take their words out of the spelling data,
// so completions and did_you_mean never offer a word no article has.
TEST(IndexWriterTest, SpellingDataFollowsReplacedAndDeletedArticles) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path());
  ASSERT_OK(writer->Upsert(testing::MakeArticle("a1", "Quokka news", "zebu grazing quokka")));
  ASSERT_OK(writer->Upsert(testing::MakeArticle("a2", "Harbour", "quokka harbour")));
  ASSERT_OK(writer->Upsert(testing::MakeArticle("a3", "Wombat", "wombat burrow")));
  ASSERT_OK(writer->Upsert(testing::MakeArticle("a4", "Numbat", "numbat termites")));
  ASSERT_OK(writer->Commit());
  auto words = SpellingData(dir.path());
  EXPECT_EQ(words["quokka"], 3u);  // a1's title and body, a2's body
  EXPECT_EQ(words["zebu"], 1u);
  EXPECT_EQ(words["wombat"], 2u);

  // Replaced: the old text's words go, the new text's come.
  ASSERT_OK(writer->Upsert(testing::MakeArticle("a1", "Quokka news", "quokka only")));
  ASSERT_OK(writer->Commit());
  words = SpellingData(dir.path());
  EXPECT_EQ(words.count("zebu"), 0u);
  EXPECT_EQ(words.count("grazing"), 0u);
  EXPECT_EQ(words["quokka"], 3u);
  EXPECT_EQ(words["only"], 1u);

  // Deleted by id, by query and by --sync.
  EXPECT_TRUE(*writer->Delete("a2"));
  auto matching = writer->IdsMatching("wombat");
  ASSERT_OK(matching);
  ASSERT_EQ(matching->size(), 1u);
  EXPECT_TRUE(*writer->Delete(matching->front()));
  ASSERT_OK(writer->Commit());
  words = SpellingData(dir.path());
  EXPECT_EQ(words.count("harbour"), 0u);
  EXPECT_EQ(words.count("wombat"), 0u);
  EXPECT_EQ(words.count("burrow"), 0u);
  EXPECT_EQ(words["quokka"], 2u);
  EXPECT_EQ(words["numbat"], 2u);
  auto not_kept = writer->IdsNotIn([](const std::string& id) { return id == "a1"; });
  ASSERT_OK(not_kept);
  ASSERT_EQ(not_kept->size(), 1u);
  EXPECT_TRUE(*writer->Delete(not_kept->front()));
  ASSERT_OK(writer->Commit());
  words = SpellingData(dir.path());
  EXPECT_EQ(words.count("numbat"), 0u);
  EXPECT_EQ(words.count("termites"), 0u);
  EXPECT_EQ(words,
            (std::map<std::string, Xapian::doccount>{{"news", 1}, {"only", 1}, {"quokka", 2}}));
}

// An article added and deleted before one commit leaves nothing behind.
TEST(IndexWriterTest, ArticleDeletedBeforeCommitLeavesNoSpellingData) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path());
  ASSERT_OK(writer->Upsert(testing::MakeArticle("keep", "Kept", "kept words")));
  ASSERT_OK(writer->Upsert(testing::MakeArticle("gone", "Passing", "ephemeral words")));
  EXPECT_TRUE(*writer->Delete("gone"));
  ASSERT_OK(writer->Commit());
  EXPECT_EQ(SpellingData(dir.path()),
            (std::map<std::string, Xapian::doccount>{{"kept", 2}, {"words", 1}}));
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
        schema::AuthorTerm("Jo Reporter"), std::string("ZAjo")}) {
    EXPECT_TRUE(db.term_exists(term)) << term;
  }
  // No date terms: date filters are ranges over the published value.
  for (const std::string& term :
       {std::string("Y2024"), std::string("M202405"), std::string("D20240501")}) {
    EXPECT_FALSE(db.term_exists(term)) << term;
  }
  Xapian::Document doc = db.get_document(*db.postlist_begin(schema::IdTerm("x-1")));
  EXPECT_EQ(doc.get_value(schema::kSourceSlot), "Test Source");
  EXPECT_EQ(doc.get_value(schema::kYearSlot), "2024");
  EXPECT_EQ(doc.get_value(schema::kTagsSlot),
            "Cocoa\x1f"
            "el-salvador");
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
