// Autocomplete that reads the whole query: completions of the last word
// ranked by how often they follow the word before it (word-pair terms), the
// most common written form of each completion, and the word scanner both
// use (TextWords).
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>

#include "autocomplete_corpus.h"
#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "byline/searcher.h"
#include "testutil.h"
#include "text_words.h"

namespace byline {
namespace {

using Names = std::vector<std::string>;

class AutocompleteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_.path(), testing::AutocompleteCorpus()));
    searcher_ = testing::OpenSearcher(dir_.path());
    ASSERT_NE(searcher_, nullptr);
  }

  Names Complete(const std::string& query, size_t count = 5) {
    SuggestRequest req;
    req.query = query;
    req.completions = count;
    req.titles = 0;
    auto r = searcher_->Suggest(req);
    EXPECT_OK(r);
    Names out;
    if (r.ok()) {
      for (const auto& c : r->completions) out.push_back(c.text);
    }
    return out;
  }

  std::string GenerationPath() {
    auto generation = IndexLayout(dir_.path()).CurrentGeneration();
    EXPECT_OK(generation);
    return IndexLayout(dir_.path()).GenerationPath(generation.ok() ? *generation : "");
  }

  testing::TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(AutocompleteTest, WordsThatFollowThePreviousWordComeFirst) {
  // Overall, light (40) > language (30) > loop (24) > large (20) > listener
  // (6); after "event", loop (6 articles) and listener (3) come first.
  EXPECT_EQ(Complete("event l"), (Names{"event loop", "event listener", "event light",
                                        "event language", "event large"}));
  // The previous word as typed, by its stem; the rest of the query kept.
  EXPECT_EQ(Complete("Events l", 2), (Names{"Events loop", "Events listener"}));
  EXPECT_EQ(Complete("why the event lo", 1), (Names{"why the event loop"}));
  // A completion that never follows the word is still offered after them.
  EXPECT_EQ(Complete("event la", 2), (Names{"event language", "event large"}));
}

TEST_F(AutocompleteTest, OneWordAndUnpairedQueriesKeepFrequencyOrder) {
  const Names by_frequency{"light", "language", "loop", "large", "listener"};
  EXPECT_EQ(Complete("l"), by_frequency);
  // The order is the spelling data's (occurrences), read from the index.
  Xapian::Database db(GenerationPath());
  Xapian::termcount previous = ~0u;
  for (const std::string& word : by_frequency) {
    auto it = db.spellings_begin();
    it.skip_to(word);
    ASSERT_EQ(*it, word);
    EXPECT_LE(it.get_termfreq(), previous) << word;
    previous = it.get_termfreq();
  }
  // A stopword, a number or punctuation before the word: no pair to read.
  auto prefixed = [&](const std::string& head) {
    Names out;
    for (const auto& w : by_frequency) out.push_back(head + w);
    return out;
  };
  EXPECT_EQ(Complete("the l"), prefixed("the "));
  EXPECT_EQ(Complete("2024 l"), prefixed("2024 "));
  EXPECT_EQ(Complete("event, l"), prefixed("event, "));
  EXPECT_EQ(Complete("noword l"), prefixed("noword "));
}

TEST_F(AutocompleteTest, CompletionsKeepTheMostCommonWrittenForm) {
  EXPECT_EQ(Complete("readf", 1), (Names{"readFileSync"}));
  EXPECT_EQ(Complete("call READF", 1), (Names{"call readFileSync"}));
  // "BLAIR" in every title and "Blair" in every body: bodies decide.
  EXPECT_EQ(Complete("bla", 1), (Names{"Blair"}));
  EXPECT_EQ(Complete("tony b", 1), (Names{"tony Blair"}));
  // Articles vote, one vote each: capitals throughout count as little as a
  // title, and one article repeating a name does not outvote two.
  EXPECT_EQ(Complete("new y", 1), (Names{"new York"}));
  EXPECT_EQ(Complete("pri", 1), (Names{"price"}));
  // A capital at the start of a sentence ("Loop timing", "Light and") says
  // nothing: these stay lower-case.
  EXPECT_EQ(Complete("lo", 1), (Names{"loop"}));
  EXPECT_EQ(Complete("li", 1), (Names{"light"}));
}

// An index written before pairs were recorded: completions come in
// frequency order, as they did then.
TEST_F(AutocompleteTest, IndexesWithoutPairTermsFallBackToFrequencyOrder) {
  {
    Xapian::WritableDatabase db(GenerationPath());
    size_t removed = 0;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
      Xapian::Document doc = db.get_document(*d);
      std::vector<std::string> pairs;
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if ((*t).rfind(schema::kWordPairPrefix, 0) == 0) pairs.push_back(*t);
      }
      for (const auto& term : pairs) doc.remove_term(term);
      removed += pairs.size();
      db.replace_document(*d, doc);
    }
    db.commit();
    ASSERT_GT(removed, 0u);
    ASSERT_EQ(db.allterms_begin(schema::kWordPairPrefix), db.allterms_end(schema::kWordPairPrefix));
  }
  ASSERT_OK(searcher_->Refresh(/*force=*/true));
  EXPECT_EQ(Complete("event l"), (Names{"event light", "event language", "event loop",
                                        "event large", "event listener"}));
}

// Replacing and deleting articles takes their pairs away.
TEST_F(AutocompleteTest, PairsFollowUpdatesAndDeletes) {
  {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    for (int i = 0; i < 6; ++i) ASSERT_OK((*writer)->Delete("loop-" + std::to_string(i)));
    ASSERT_OK((*writer)->Upsert(
        testing::MakeArticle("listener-0", "Lamps", "An event lamp glows. The event lamp dims.")));
    ASSERT_OK((*writer)->Commit());
  }
  ASSERT_OK(searcher_->Refresh(/*force=*/true));
  EXPECT_EQ(Complete("event l", 2), (Names{"event listener", "event lamp"}));
  Xapian::Database db(GenerationPath());
  EXPECT_EQ(db.get_termfreq(schema::WordPairTerm("event", "listener")), 2u);
  EXPECT_EQ(db.get_termfreq(schema::WordPairTerm("event", "loop")), 0u);
}

// What is recorded: title pairs, body pairs the body repeats, no pair across
// punctuation or with a stopword.
TEST_F(AutocompleteTest, RecordsOnlyPairsThatSaySomething) {
  Xapian::Database db(GenerationPath());
  EXPECT_EQ(db.get_termfreq(schema::WordPairTerm("event", "loop")), 6u);         // title and body
  EXPECT_EQ(db.get_termfreq(schema::WordPairTerm("call", "readfilesync")), 0u);  // once a body
  EXPECT_EQ(db.get_termfreq(schema::WordPairTerm("tony", "blair")), 0u);         // once a body
  EXPECT_EQ(db.get_termfreq(schema::WordPairTerm("blair", "win")), 0u);       // "wins": as written
  EXPECT_EQ(db.get_termfreq(schema::WordPairTerm("blair", "wins")), 5u);      // a title's
  EXPECT_EQ(db.get_termfreq(schema::WordPairTerm("light", "language")), 0u);  // punctuation
  for (auto t = db.allterms_begin(schema::kWordPairPrefix);
       t != db.allterms_end(schema::kWordPairPrefix); ++t) {
    EXPECT_EQ((*t).find("the "), std::string::npos) << *t;
    EXPECT_EQ((*t).find(" the"), std::string::npos) << *t;
  }
}

std::vector<TextWord> WordsOf(const std::string& text) {
  std::vector<TextWord> out;
  ForEachTextWord(text, [&](const TextWord& w) {
    out.push_back(w);
    out.back().written = {};  // not kept past the call
  });
  return out;
}

TEST(TextWordsTest, SplitsAsTermGeneratorAndTellsWhatStandsBetween) {
  const std::string text = "The Event loop, Blair\u2019s plan. U.S. C++ 3.14 don't\n\nNew";
  std::vector<std::string> lower, written;
  std::vector<bool> plain, follows, starts;
  ForEachTextWord(text, [&](const TextWord& w) {
    lower.push_back(w.lower);
    written.emplace_back(w.written);
    plain.push_back(w.plain);
    follows.push_back(w.follows);
    starts.push_back(w.sentence_start);
  });
  EXPECT_EQ(written, (Names{"The", "Event", "loop", "Blair\u2019s", "plan", "U", "S", "C", "3",
                            "14", "don't", "New"}));
  EXPECT_EQ(lower,
            (Names{"the", "event", "loop", "blair's", "plan", "", "", "", "", "", "don't", "new"}));
  EXPECT_EQ(plain, (std::vector<bool>{true, true, true, true, true, false, false, false, false,
                                      false, true, true}));
  EXPECT_EQ(follows, (std::vector<bool>{false, true, true, false, true, false, false, false, false,
                                        false, true, false}));
  EXPECT_EQ(starts, (std::vector<bool>{true, false, false, false, false, true, true, true, false,
                                       true, false, true}));
  // Word characters outside ASCII, and a no-break space between words.
  std::vector<TextWord> words = WordsOf("Caf\u00c9\u00a0Cr\u00e8me");
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].lower, "caf\u00e9");
  EXPECT_EQ(words[1].lower, "cr\u00e8me");
  EXPECT_TRUE(words[1].follows);
}

// The fast scan for one ASCII word finds exactly what the tokenizer does.
TEST(TextWordsTest, AsciiOccurrencesAreThoseOfTheTokenizer) {
  const std::string text =
      "Loop: the event loop. LOOP loops; a loop's end, loop&co, loop.js and (loop)\n\nLoop "
      "x_loop loop_x caf\u00e9loop loop\u2019s 3.loop loop+ C# c++ c \"Event\" event-loop";
  for (const std::string word : {"loop", "event", "c", "js", "x_loop", "s"}) {
    std::vector<std::pair<std::string, bool>> want, got;
    ForEachTextWord(text, [&](const TextWord& w) {
      if (w.plain && w.lower == word) want.emplace_back(std::string(w.written), w.sentence_start);
    });
    ForEachAsciiOccurrence(text, word, [&](std::string_view written, bool sentence_start) {
      got.emplace_back(std::string(written), sentence_start);
    });
    EXPECT_EQ(got, want) << word;
    if (word == "loop") {
      EXPECT_EQ(want.size(), 6u);
    }
  }
}

}  // namespace
}  // namespace byline
