// Snippeter highlights what Xapian's MSet::snippet would, faster. These tests
// hold it to that: parity on real text, and each shortcut it takes.
#include "snippeter.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <fstream>
#include <regex>
#include <set>

#include "analysis.h"
#include "byline/ingest.h"
#include "query_builder.h"
#include "testutil.h"

namespace byline {
namespace {

// The marked words of a snippet, lower-cased, in order.
std::vector<std::string> Marked(const std::string& html) {
  static const std::regex mark("<mark>([^<]*)</mark>");
  std::vector<std::string> words;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), mark); it != std::sregex_iterator();
       ++it) {
    std::string w = (*it)[1];
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    words.push_back(w);
  }
  return words;
}

// Every case runs on an index of stems only (new indexes) and on one built
// the older way (STEM_SOME: exact forms with positions plus stems).
class SnippeterTest : public ::testing::TestWithParam<Stemming> {
 protected:
  SnippeterTest()
      : analyzer_("english", GetParam()), db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    Xapian::TermGenerator tg;
    analyzer_.Configure(&tg);
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text("cocoa world runner");
    db_.add_document(doc);
  }

  // Runs `query` so that an MSet exists to make snippets with.
  void Search(const std::string& query) {
    SearchOptions options;
    QueryBuilder builder(analyzer_, db_, options);
    SearchRequest req;
    req.query = query;
    query_ = builder.Build(req).query;
    Xapian::Enquire enquire(db_);
    enquire.set_query(query_);
    mset_ = enquire.get_mset(0, 10);
    snippeter_ = std::make_unique<Snippeter>(mset_, query_, analyzer_.stemmer(),
                                             analyzer_.StemsAllWords(), "<mark>", "</mark>");
  }

  std::string XapianSnippet(const std::string& text) {
    return mset_.snippet(text, text.size() + 1, analyzer_.stemmer(), 0, "<mark>", "</mark>", "");
  }

  Analyzer analyzer_;
  Xapian::WritableDatabase db_;
  Xapian::Query query_;
  Xapian::MSet mset_;
  std::unique_ptr<Snippeter> snippeter_;
};

TEST_P(SnippeterTest, MarksTheSameWordsAsXapianOnTheSampleArticles) {
  std::vector<Article> articles;
  std::ifstream in(testing::DataDir() + "/articles.jsonl");
  ASSERT_OK(ReadJsonLines(
      in, "articles.jsonl", {}, [&](Article&& a) { articles.push_back(a); },
      [](const RecordError&) {}));
  ASSERT_GE(articles.size(), 30u);
  size_t marked = 0;
  for (const std::string query :
       {"solar power", "running", "baked bread", "Port Elling", "heat pump", "the marathon",
        "market prices rise", "robotics OR space", "harbour -marathon",
        "title:sourdough starter"}) {
    Search(query);
    ASSERT_TRUE(snippeter_->fast()) << query;
    for (const auto& a : articles) {
      for (const std::string* text : {&a.title, &a.body}) {
        auto ours = Marked(snippeter_->Title(*text));
        EXPECT_EQ(ours, Marked(XapianSnippet(*text))) << query << " in " << a.id;
        marked += ours.size();
      }
    }
  }
  EXPECT_GT(marked, 100u);  // the comparison had something to compare
}

TEST_P(SnippeterTest, EscapesHtmlAndHighlightsStemmedAndUpperCaseForms) {
  Search("runner world");
  EXPECT_EQ(snippeter_->Title("RUNNERS <b>& \"Worlds\""),
            "<mark>RUNNERS</mark> &lt;b&gt;&amp; &quot;<mark>Worlds</mark>&quot;");
}

TEST_P(SnippeterTest, WordsSplitOnUnicodePunctuationAsTermGeneratorDoes) {
  Search("cocoa");
  EXPECT_EQ(Marked(snippeter_->Title("cocoa\u2014prices, caf\u00e9cocoa")),
            (std::vector<std::string>{"cocoa"}));
  EXPECT_EQ(Marked(snippeter_->Title("cocoa\u2014prices")),
            Marked(XapianSnippet("cocoa\u2014prices")));
}

TEST_P(SnippeterTest, BodyWindowStartsNearADeepMatch) {
  Search("cocoa");
  std::string body;
  for (int i = 0; i < 200; ++i) body += "filler words here. ";
  body += "The cocoa harvest was late. ";
  for (int i = 0; i < 50; ++i) body += "more filler text. ";
  std::string snippet = snippeter_->Body(body, 120);
  EXPECT_EQ(snippet.rfind("…", 0), 0u) << snippet;  // text left out before
  EXPECT_NE(snippet.find("<mark>cocoa</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.substr(snippet.size() - 3), "…") << snippet;  // and after
  EXPECT_LE(snippet.size(), 120u + 2 * 3 + 13);
  EXPECT_EQ(snippeter_->FirstMatch(body), body.find("cocoa"));
}

// The window shows as many different query words as one can hold: a later
// passage with both words beats the first match, which has one.
TEST_P(SnippeterTest, BodyWindowHoldsTheMostDistinctQueryWords) {
  Search("cocoa world");
  std::string body = "Cocoa prices rose, cocoa stocks fell and cocoa was scarce. ";
  for (int i = 0; i < 40; ++i) body += "filler words here. ";
  body += "Growers of cocoa met the world market. ";
  for (int i = 0; i < 40; ++i) body += "more filler text. ";
  std::string snippet = snippeter_->Body(body, 120);
  std::vector<std::string> marked = Marked(snippet);
  EXPECT_EQ(std::set<std::string>(marked.begin(), marked.end()),
            (std::set<std::string>{"cocoa", "world"}))
      << snippet;
  EXPECT_EQ(snippet.rfind("…", 0), 0u) << snippet;
  // Stemmed forms are the same word: "runners" twice is one, and a window
  // with "runner" and "cocoa" wins over the first with "runners" alone.
  Search("cocoa runner");
  body = "Runners and more runners gathered. ";
  for (int i = 0; i < 40; ++i) body += "filler words here. ";
  body += "A runner drank cocoa. ";
  for (int i = 0; i < 40; ++i) body += "more filler text. ";
  snippet = snippeter_->Body(body, 120);
  EXPECT_NE(snippet.find("<mark>cocoa</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>runner</mark>"), std::string::npos) << snippet;
  // When no window holds more than one word, the first match decides, as
  // before.
  body = "Cocoa first. ";
  for (int i = 0; i < 40; ++i) body += "filler words here. ";
  body += "A runner later. ";
  snippet = snippeter_->Body(body, 120);
  EXPECT_EQ(snippet.rfind("<mark>Cocoa</mark> first.", 0), 0u) << snippet;
}

TEST_P(SnippeterTest, BodyWithoutAMatchStartsAtTheBeginning) {
  Search("cocoa");
  std::string body = "Nothing relevant here at all.\n\nSecond paragraph " + std::string(300, 'x');
  std::string snippet = snippeter_->Body(body, 60);
  EXPECT_EQ(snippet.rfind("Nothing relevant here at all. Second", 0), 0u) << snippet;
  EXPECT_EQ(Marked(snippet).size(), 0u);
}

TEST_P(SnippeterTest, ShortBodiesAreShownWhole) {
  Search("world");
  EXPECT_EQ(snippeter_->Body("Hello world.", 200), "Hello <mark>world</mark>.");
}

TEST_P(SnippeterTest, ApostrophesJoinWordsAsInTermGenerator) {
  Search("runner Elling");
  EXPECT_EQ(Marked(snippeter_->Title("The runner's view of Elling's harbour")),
            Marked(XapianSnippet("The runner's view of Elling's harbour")));
}

TEST_P(SnippeterTest, InitialsAreOneWordAsInTermGenerator) {
  Search("U.S. trade");
  for (const std::string text : {"U.S. trade with the U.K. and U.S.A. grew", "the U.S, trade",
                                 "U.S.", "A.B.C.D. U.S", "U.S.PROTECTIONISM"}) {
    if (GetParam() == Stemming::kAllZ && text == "U.S.PROTECTIONISM") {
      // Lower-cased "u.s." is the phrase "u s", and TermGenerator indexes
      // this word as u, s, protectionism: the phrase matches there. On an
      // index of stems Byline marks phrases itself (MSet::snippet marks none).
      EXPECT_EQ(Marked(snippeter_->Title(text)), std::vector<std::string>{"u.s"});
      continue;
    }
    EXPECT_EQ(Marked(snippeter_->Title(text)), Marked(XapianSnippet(text))) << text;
  }
}

TEST_P(SnippeterTest, InfixAndSuffixCharactersJoinWordsAsInTermGenerator) {
  Search("a c 000 14");
  for (const std::string text : {"Q&A with C++ and C# on 1,000 or 3.14 things", "a c 000 14"}) {
    EXPECT_EQ(Marked(snippeter_->Title(text)), Marked(XapianSnippet(text))) << text;
  }
}

TEST_P(SnippeterTest, PhrasesAreHighlightedOnlyWhereTheWordsStandTogether) {
  Search("\"cocoa world\"");
  // An index of stems marks phrases in the fast scan; the older kind leaves
  // them to MSet::snippet.
  EXPECT_EQ(snippeter_->fast(), GetParam() == Stemming::kAllZ);
  EXPECT_EQ(Marked(snippeter_->Title("cocoa here, world there, cocoa world")),
            std::vector<std::string>{"cocoa world"});
  if (GetParam() == Stemming::kAllZ) {
    EXPECT_EQ(snippeter_->FirstMatch("cocoa here, world there, cocoa world"), 25u);
  }
}

TEST_P(SnippeterTest, PhrasesMatchByStemAndMixWithWords) {
  // "running dogs" is the phrase of stems "run dog": "Run, dog" matches it.
  Search("\"running dogs\" cocoa");
  if (GetParam() != Stemming::kAllZ) {
    EXPECT_FALSE(snippeter_->fast());  // exact-form phrases: MSet::snippet's job
    return;
  }
  EXPECT_TRUE(snippeter_->fast());
  EXPECT_EQ(Marked(snippeter_->Title("A dog running; cocoa, then Run, dog! And the runner dogs")),
            (std::vector<std::string>{"cocoa", "run, dog"}));
  // The longest phrase starting at a word wins; the body window finds it.
  Search("\"cocoa world\" \"cocoa world runner\"");
  std::string body = std::string(300, 'x') + " the cocoa world runners here";
  std::string snippet = snippeter_->Body(body, 100);
  EXPECT_NE(snippet.find("<mark>cocoa world runners</mark>"), std::string::npos) << snippet;
}

TEST_P(SnippeterTest, WildcardsMarkWordsStartingLikeThePattern) {
  Search("wor*");
  EXPECT_EQ(snippeter_->fast(), GetParam() == Stemming::kAllZ);
  EXPECT_NE(snippeter_->Body("A world of cocoa.", 200).find("<mark>world</mark>"),
            std::string::npos);
  if (GetParam() != Stemming::kAllZ) return;
  // On an index of stems the pattern is matched against each word's stem,
  // and a whole word's own stem matches too ("happy*" -> "happi").
  EXPECT_EQ(Marked(snippeter_->Title("Worlds, words and a sword")),
            (std::vector<std::string>{"worlds", "words"}));
  Search("happy* c*");
  EXPECT_EQ(Marked(snippeter_->Title("Happy days, happiness in cocoa and Cafe")),
            (std::vector<std::string>{"happy", "happiness", "cocoa", "cafe"}));
}

TEST_P(SnippeterTest, NonAsciiQueriesUseXapiansSnippet) {
  Search("caf\u00e9");
  EXPECT_FALSE(snippeter_->fast());
  EXPECT_NE(snippeter_->Title("Le caf\u00e9").find("<mark>caf\u00e9</mark>"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(BothStemmings, SnippeterTest,
                         ::testing::Values(Stemming::kAllZ, Stemming::kSome),
                         [](const ::testing::TestParamInfo<Stemming>& param) {
                           return StemmingName(param.param);
                         });

}  // namespace
}  // namespace byline
