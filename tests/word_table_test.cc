// WordTable must leave documents exactly as Xapian's own stemmer makes them,
// and give the spelling table Xapian's own FLAG_SPELLING would (numbers
// aside), however the words are written out.
#include "word_table.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "analysis.h"
#include "byline/article.h"
#include "document_builder.h"
#include "testutil.h"

namespace byline {
namespace {

using Spellings = std::map<std::string, Xapian::termcount>;

Spellings SpellingsOf(const Xapian::Database& db) {
  Spellings out;
  for (auto t = db.spellings_begin(); t != db.spellings_end(); ++t) out[*t] = t.get_termfreq();
  return out;
}

// Tokenisation's corner cases: case, accents, apostrophes, acronyms,
// symbols, CJK, hyphens, numbers, words past Xapian's 64-byte limit.
const char* const kTexts[] = {
    "The Harbour's new ferry: don't miss it! Harbour, harbour, HARBOUR.",
    "Café déjà vu — naïve coöperation; Straße in Zürich; ΑΘΗΝΑ and Москва",
    "U.S.A. and AT&T; C++ and C# code; e-mail, co-operate, well-known",
    "東京 の ニュース and 北京; emoji 🙂 between words",
    "Numbers: 1987, 3rd, 2,500 and 7.5 but also mp3 and covid19",
    "pneumonoultramicroscopicsilicovolcanoconiosispneumonoultramicroscopicsilicovolcano end",
    "",
};

TEST(WordTableTest, MatchesXapiansOwnSpellingDataExceptNumbers) {
  // The in-memory backend has no spelling table: glass databases.
  testing::TempDir xapian_dir, ours_dir;
  Xapian::WritableDatabase xapian(xapian_dir.path(), Xapian::DB_CREATE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  generator.set_database(xapian);
  generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);

  WordTable counts;
  Xapian::TermGenerator counted;
  counted.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  counts.Attach(&counted, Xapian::Stem("english"));
  for (int repeat = 0; repeat < 3; ++repeat) {
    for (const char* text : kTexts) {
      Xapian::Document a, b, c;
      generator.set_document(a);
      generator.index_text(text);
      counted.set_document(b);
      counts.set_counting(true);
      counted.index_text(text);
      counts.set_counting(false);
      counted.set_document(c);
      counted.index_text(text, 1, "XPREFIXED");  // not counted
      // Counting and cached stems change nothing in the document itself (the
      // second and third rounds take every stem from the cache).
      EXPECT_TRUE(
          std::equal(a.termlist_begin(), a.termlist_end(), b.termlist_begin(), b.termlist_end()))
          << text;
    }
  }
  Xapian::WritableDatabase ours(ours_dir.path(), Xapian::DB_CREATE);
  counts.WriteSpelling(&ours);
  EXPECT_EQ(counts.distinct_words(), 0u);  // written, then forgotten

  Spellings expected;
  for (const auto& [word, freq] : SpellingsOf(xapian)) {
    if (word[0] < '0' || word[0] > '9') expected[word] = freq;
  }
  const Spellings got = SpellingsOf(ours);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(got.at("harbour"), 9u);  // three a text ("harbour's" is a word), three times
  EXPECT_EQ(got.count("mp3"), 1u);   // a digit inside a word is kept
  EXPECT_EQ(got.count("1987"), 0u);
  EXPECT_EQ(got.count("3rd"), 0u);
  EXPECT_EQ(ours.get_spelling_suggestion("harbuor"), "harbour");
}

TEST(WordTableTest, CommittingAsItWritesGivesTheSameTable) {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir.path(), Xapian::DB_CREATE);
  WordTable counts;
  Xapian::TermGenerator generator;
  counts.Attach(&generator, Xapian::Stem("none"));
  Xapian::Document doc;
  generator.set_document(doc);
  counts.set_counting(true);
  generator.index_text("alpha beta gamma delta alpha epsilon zeta eta theta alpha");
  counts.WriteSpelling(&db, /*commit_every=*/2);
  generator.index_text("beta iota");  // a second stretch adds to the first
  counts.WriteSpelling(&db, 2);
  db.commit();
  const Spellings got = SpellingsOf(Xapian::Database(dir.path()));
  EXPECT_EQ(got, (Spellings{{"alpha", 3},
                            {"beta", 2},
                            {"delta", 1},
                            {"epsilon", 1},
                            {"eta", 1},
                            {"gamma", 1},
                            {"iota", 1},
                            {"theta", 1},
                            {"zeta", 1}}));
}

TEST(WordTableTest, DocumentBuilderCountsTitlesAndBodiesOnly) {
  Analyzer analyzer("english", kNewIndexStemming);
  WordTable counts;
  DocumentBuilder builder(analyzer, &counts);
  Article article = testing::MakeArticle("a1", "Quokka sightings", "A quokka smiled");
  article.author = "Wombat Jones";
  article.source = "marsupial-times";
  article.tags = {"fauna"};
  builder.Build(article);
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir.path(), Xapian::DB_CREATE);
  counts.WriteSpelling(&db);
  EXPECT_EQ(SpellingsOf(db),
            (Spellings{{"quokka", 2}, {"sightings", 1}, {"smiled", 1}}));  // no one-letter words
}

// The stem cache is per word: a word's stem never leaks to another, also
// once the table was cleared by writing the spelling data.
TEST(WordTableTest, CachedStemsMatchTheStemmerAcrossWrites) {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir.path(), Xapian::DB_CREATE);
  const Xapian::Stem english("english");
  WordTable words;
  Xapian::TermGenerator generator;
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  words.Attach(&generator, english);
  const std::string text = "running runs ran runner generously generous generation connect";
  for (int round = 0; round < 2; ++round) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    generator.index_text(text, 1, "S");
    std::vector<std::string> got(doc.termlist_begin(), doc.termlist_end());
    std::vector<std::string> expected;
    Xapian::Document plain;
    Xapian::TermGenerator reference;
    reference.set_stemmer(english);
    reference.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    reference.set_document(plain);
    reference.index_text(text);
    reference.index_text(text, 1, "S");
    expected.assign(plain.termlist_begin(), plain.termlist_end());
    EXPECT_EQ(got, expected) << "round " << round;
    EXPECT_NE(std::find(got.begin(), got.end(), "run"), got.end());
    EXPECT_NE(std::find(got.begin(), got.end(), "Sgenerous"), got.end());
    words.WriteSpelling(&db);  // clears the cache between rounds
  }
}

// Shares written from several tables hold each word exactly once, with its
// count summed over every table, and together all of them.
TEST(WordTableTest, SharesSplitTheWordsAndSumTheirCounts) {
  WordTable first, second, third;
  Xapian::TermGenerator a, b, c;
  first.Attach(&a, Xapian::Stem("none"));
  second.Attach(&b, Xapian::Stem("none"));
  third.Attach(&c, Xapian::Stem("none"));
  Xapian::Document doc;
  for (auto* generator : {&a, &b, &c}) generator->set_document(doc);
  first.set_counting(true);
  second.set_counting(true);
  third.set_counting(true);
  a.index_text("harbour ferry ferry quay lighthouse 1987");
  b.index_text("ferry harbour tide tide tide");
  c.index_text("quay beacon");
  third.set_counting(false);
  c.index_text("silent");  // seen, not counted: not spelling data

  const std::vector<const WordTable*> tables = {&first, &second, &third};
  Spellings all;
  const size_t kShares = 3;
  for (size_t share = 0; share < kShares; ++share) {
    testing::TempDir dir;
    {
      Xapian::WritableDatabase db(dir.path(), Xapian::DB_CREATE);
      WordTable::WriteSpellingShare(tables, share, kShares, 1, &db);
      db.commit();
    }
    for (const auto& [word, freq] : SpellingsOf(Xapian::Database(dir.path()))) {
      EXPECT_EQ(all.count(word), 0u) << word << " is in two shares";
      all[word] = freq;
    }
  }
  EXPECT_EQ(all, (Spellings{{"beacon", 1},
                            {"ferry", 3},
                            {"harbour", 2},
                            {"lighthouse", 1},
                            {"quay", 2},
                            {"tide", 3}}));
  EXPECT_EQ(first.distinct_words() + second.distinct_words() + third.distinct_words(), 11u)
      << "the tables are left as they are";
}

// With a minimum count, a share keeps the words counted that often over all
// the tables together: a word seen once in each of two tables is kept.
TEST(WordTableTest, SharesKeepOnlyWordsCountedAtLeastTheMinimumOverAllTables) {
  WordTable first, second;
  Xapian::TermGenerator a, b;
  first.Attach(&a, Xapian::Stem("none"));
  second.Attach(&b, Xapian::Stem("none"));
  Xapian::Document doc;
  a.set_document(doc);
  b.set_document(doc);
  first.set_counting(true);
  second.set_counting(true);
  a.index_text("harbour ferry ferry lighthouse");
  b.index_text("harbour beacon tide tide tide");

  const std::vector<const WordTable*> tables = {&first, &second};
  testing::TempDir dir;
  {
    Xapian::WritableDatabase db(dir.path(), Xapian::DB_CREATE);
    WordTable::WriteSpellingShare(tables, 0, 1, 2, &db);
    db.commit();
  }
  EXPECT_EQ(SpellingsOf(Xapian::Database(dir.path())),
            (Spellings{{"ferry", 2}, {"harbour", 2}, {"tide", 3}}));
}

}  // namespace
}  // namespace byline
