// Snippeter highlights what Xapian's MSet::snippet would, faster. These tests
// hold it to that: parity on real text, and each shortcut it takes.
#include "snippeter.h"

#include <fstream>
#include <regex>

#include <xapian.h>

#include <gtest/gtest.h>

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

class SnippeterTest : public ::testing::Test {
 protected:
  SnippeterTest() : analyzer_("english"), db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
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
    snippeter_ = std::make_unique<Snippeter>(mset_, query_, analyzer_.stemmer(), "<mark>", "</mark>");
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

TEST_F(SnippeterTest, MarksTheSameWordsAsXapianOnTheSampleArticles) {
  std::vector<Article> articles;
  std::ifstream in(testing::DataDir() + "/articles.jsonl");
  ASSERT_OK(ReadJsonLines(in, "articles.jsonl", {}, [&](Article&& a) { articles.push_back(a); },
                          [](const RecordError&) {}));
  ASSERT_GE(articles.size(), 30u);
  size_t marked = 0;
  for (const std::string query :
       {"solar power", "running", "baked bread", "Port Elling", "heat pump", "the marathon",
        "market prices rise", "robotics OR space", "harbour -marathon", "title:sourdough starter"}) {
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

TEST_F(SnippeterTest, EscapesHtmlAndHighlightsStemmedAndUpperCaseForms) {
  Search("runner world");
  EXPECT_EQ(snippeter_->Title("RUNNERS <b>& \"Worlds\""),
            "<mark>RUNNERS</mark> &lt;b&gt;&amp; &quot;<mark>Worlds</mark>&quot;");
}

TEST_F(SnippeterTest, WordsSplitOnUnicodePunctuationAsTermGeneratorDoes) {
  Search("cocoa");
  EXPECT_EQ(Marked(snippeter_->Title("cocoa\u2014prices, caf\u00e9cocoa")), (std::vector<std::string>{"cocoa"}));
  EXPECT_EQ(Marked(snippeter_->Title("cocoa\u2014prices")), Marked(XapianSnippet("cocoa\u2014prices")));
}

TEST_F(SnippeterTest, BodyWindowStartsNearADeepMatch) {
  Search("cocoa");
  std::string body;
  for (int i = 0; i < 200; ++i) body += "filler words here. ";
  body += "The cocoa harvest was late. ";
  for (int i = 0; i < 50; ++i) body += "more filler text. ";
  std::string snippet = snippeter_->Body(body, 120);
  EXPECT_EQ(snippet.rfind("…", 0), 0u) << snippet;                   // text left out before
  EXPECT_NE(snippet.find("<mark>cocoa</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.substr(snippet.size() - 3), "…") << snippet;     // and after
  EXPECT_LE(snippet.size(), 120u + 2 * 3 + 13);
  EXPECT_EQ(snippeter_->FirstMatch(body), body.find("cocoa"));
}

TEST_F(SnippeterTest, BodyWithoutAMatchStartsAtTheBeginning) {
  Search("cocoa");
  std::string body = "Nothing relevant here at all.\n\nSecond paragraph " + std::string(300, 'x');
  std::string snippet = snippeter_->Body(body, 60);
  EXPECT_EQ(snippet.rfind("Nothing relevant here at all. Second", 0), 0u) << snippet;
  EXPECT_EQ(Marked(snippet).size(), 0u);
}

TEST_F(SnippeterTest, ShortBodiesAreShownWhole) {
  Search("world");
  EXPECT_EQ(snippeter_->Body("Hello world.", 200), "Hello <mark>world</mark>.");
}

TEST_F(SnippeterTest, ApostrophesJoinWordsAsInTermGenerator) {
  Search("runner Elling");
  EXPECT_EQ(Marked(snippeter_->Title("The runner's view of Elling's harbour")),
            Marked(XapianSnippet("The runner's view of Elling's harbour")));
}

TEST_F(SnippeterTest, InitialsAreOneWordAsInTermGenerator) {
  Search("U.S. trade");
  for (const std::string text : {"U.S. trade with the U.K. and U.S.A. grew", "the U.S, trade",
                                 "U.S.", "A.B.C.D. U.S", "U.S.PROTECTIONISM"}) {
    EXPECT_EQ(Marked(snippeter_->Title(text)), Marked(XapianSnippet(text))) << text;
  }
}

TEST_F(SnippeterTest, InfixAndSuffixCharactersJoinWordsAsInTermGenerator) {
  Search("a c 000 14");
  for (const std::string text : {"Q&A with C++ and C# on 1,000 or 3.14 things", "a c 000 14"}) {
    EXPECT_EQ(Marked(snippeter_->Title(text)), Marked(XapianSnippet(text))) << text;
  }
}

TEST_F(SnippeterTest, PhrasesAreHighlightedOnlyWhereTheWordsStandTogether) {
  Search("\"cocoa world\"");
  EXPECT_FALSE(snippeter_->fast());
  EXPECT_EQ(Marked(snippeter_->Title("cocoa here, world there, cocoa world")),
            std::vector<std::string>{"cocoa world"});
}

TEST_F(SnippeterTest, WildcardsAndNonAsciiQueriesUseXapiansSnippet) {
  Search("wor*");
  EXPECT_FALSE(snippeter_->fast());
  EXPECT_NE(snippeter_->Body("A world of cocoa.", 200).find("<mark>world</mark>"),
            std::string::npos);
  Search("caf\u00e9");
  EXPECT_FALSE(snippeter_->fast());
  EXPECT_NE(snippeter_->Title("Le caf\u00e9").find("<mark>caf\u00e9</mark>"), std::string::npos);
}

}  // namespace
}  // namespace byline
