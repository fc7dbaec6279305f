#include "byline/searcher.h"

#include <gtest/gtest.h>

#include "testutil.h"

namespace byline {
namespace {

class SearcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Article cocoa_title = testing::MakeArticle("cocoa-title", "Cocoa prices climb",
                                               "Traders said the market moved after rain.");
    cocoa_title.author = "Ann Lee";
    cocoa_title.tags = {"cocoa", "markets"};
    cocoa_title.source = "Reuters";
    Article cocoa_body = testing::MakeArticle(
        "cocoa-body", "Weekly commodities round-up",
        "Coffee was flat. Cocoa edged higher and sugar fell. Rain in the growing areas helped.");
    cocoa_body.source = "BBC News";
    cocoa_body.tags = {"markets"};
    Article worlds = testing::MakeArticle(
        "worlds", "Distant planets",
        "Astronomers found three new worlds orbiting a small star. The state of the art "
        "telescope made it possible.");
    worlds.author = "Bo Chen";
    Article xss =
        testing::MakeArticle("xss", "<script>alert('t')</script> Cocoa trick",
                             "Harmless text <img src=x onerror=alert(1)> about cocoa & chocolate.");
    Article running = testing::MakeArticle("running", "Runners gather",
                                           "Hundreds of runners were running along the harbour.");
    ASSERT_NO_FATAL_FAILURE(
        testing::BuildIndex(dir_.path(), {cocoa_title, cocoa_body, worlds, xss, running}));
  }

  std::unique_ptr<Searcher> Open() { return testing::OpenSearcher(dir_.path()); }

  std::vector<std::string> Ids(const std::string& query, DefaultOp op = DefaultOp::kAnd) {
    SearchRequest req;
    req.query = query;
    req.op = op;
    auto r = searcher_->Search(req);
    EXPECT_OK(r);
    std::vector<std::string> ids;
    if (r.ok()) {
      for (const auto& hit : r->hits) ids.push_back(hit.id);
    }
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<Searcher> searcher_ = nullptr;
};

#define OPEN() searcher_ = Open()

TEST_F(SearcherTest, TitleMatchesRankAboveBodyMatches) {
  OPEN();
  auto ids = Ids("cocoa");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids.back(), "cocoa-body");
}

TEST_F(SearcherTest, StemmedFormsMatchAndAreHighlighted) {
  OPEN();
  SearchRequest req;
  req.query = "world";
  auto r = searcher_->Search(req);
  ASSERT_OK(r);
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].id, "worlds");
  EXPECT_NE(r->hits[0].snippet_html.find("<mark>worlds</mark>"), std::string::npos)
      << r->hits[0].snippet_html;
}

TEST_F(SearcherTest, QuerySyntaxWorks) {
  OPEN();
  struct Case {
    std::string query;
    std::vector<std::string> ids;  // as a set
  } cases[] = {
      {"\"state of the art\"", {"worlds"}},
      {"\"art of the state\"", {}},
      {"cocoa -rain", {"xss"}},
      {"cocoa NOT chocolate", {"cocoa-title", "cocoa-body"}},
      {"coffee OR planets", {"cocoa-body", "worlds"}},
      {"cocoa AND sugar", {"cocoa-body"}},
      {"title:cocoa", {"cocoa-title", "xss"}},
      {"author:lee", {"cocoa-title"}},
      {"source:bbc", {"cocoa-body"}},
      {"tag:cocoa", {"cocoa-title"}},
      {"cocoa tag:markets", {"cocoa-title", "cocoa-body"}},
      {"astro*", {"worlds"}},
      {"id:running", {"running"}},
  };
  for (const auto& c : cases) {
    auto ids = Ids(c.query);
    std::sort(ids.begin(), ids.end());
    auto want = c.ids;
    std::sort(want.begin(), want.end());
    EXPECT_EQ(ids, want) << c.query;
  }
}

TEST_F(SearcherTest, AllWordsMustMatchByDefaultAndOpOrRelaxes) {
  OPEN();
  EXPECT_TRUE(Ids("cocoa planets").empty());
  EXPECT_EQ(Ids("cocoa planets", DefaultOp::kOr).size(), 4u);
}

TEST_F(SearcherTest, MalformedQueriesNeverFail) {
  OPEN();
  for (const std::string& q : std::vector<std::string>{"\"unbalanced cocoa",
                                                       "AND",
                                                       "OR OR",
                                                       "cocoa AND",
                                                       "NOT",
                                                       "(",
                                                       "((((cocoa",
                                                       ")",
                                                       "title:",
                                                       "*",
                                                       "-",
                                                       "+",
                                                       "\"",
                                                       "!!!",
                                                       "cocoa\"\"\"",
                                                       "a:b:c:d",
                                                       "\xff\xfe cocoa",
                                                       "cocoa \x01\x02",
                                                       std::string(3000, '('),
                                                       "tag:",
                                                       "  ",
                                                       "-cocoa",
                                                       "cocoa* AND NOT (\"x"}) {
    SearchRequest req;
    req.query = q;
    auto r = searcher_->Search(req);
    EXPECT_OK(r);
  }
  // The fallback still finds the plain words.
  auto fallback = Ids("cocoa AND");
  EXPECT_EQ(fallback.size(), 3u);
}

TEST_F(SearcherTest, SnippetsEscapeHtmlAndMarkMatches) {
  OPEN();
  SearchRequest req;
  req.query = "trick";
  auto r = searcher_->Search(req);
  ASSERT_OK(r);
  ASSERT_EQ(r->hits.size(), 1u);
  const Hit& hit = r->hits[0];
  EXPECT_EQ(hit.title, "<script>alert('t')</script> Cocoa trick");
  EXPECT_EQ(hit.title_html.find("<script"), std::string::npos) << hit.title_html;
  EXPECT_NE(hit.title_html.find("&lt;script&gt;"), std::string::npos) << hit.title_html;
  EXPECT_NE(hit.title_html.find("<mark>trick</mark>"), std::string::npos) << hit.title_html;
  EXPECT_EQ(hit.snippet_html.find("<img"), std::string::npos) << hit.snippet_html;
  EXPECT_NE(hit.snippet_html.find("&amp;"), std::string::npos) << hit.snippet_html;
}

TEST_F(SearcherTest, CustomHighlightTagsAndSnippetLength) {
  OPEN();
  SearchRequest req;
  req.query = "runners";
  req.highlight_start = "[";
  req.highlight_end = "]";
  req.snippet_chars = 30;
  auto r = searcher_->Search(req);
  ASSERT_OK(r);
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_NE(r->hits[0].snippet_html.find("[runners]"), std::string::npos)
      << r->hits[0].snippet_html;
  EXPECT_LE(r->hits[0].snippet_html.size(), 30u + 16u);
}

TEST_F(SearcherTest, PagingAndTotals) {
  OPEN();
  SearchRequest req;
  req.query = "";  // every article
  req.limit = 2;
  auto first = searcher_->Search(req);
  ASSERT_OK(first);
  EXPECT_EQ(first->total, 5u);
  EXPECT_TRUE(first->total_exact);
  EXPECT_EQ(first->hits.size(), 2u);
  req.offset = 4;
  auto last = searcher_->Search(req);
  ASSERT_OK(last);
  EXPECT_EQ(last->hits.size(), 1u);
  req.offset = 50;
  EXPECT_EQ(searcher_->Search(req)->hits.size(), 0u);
}

TEST_F(SearcherTest, HitsCarryTheStoredFields) {
  OPEN();
  SearchRequest req;
  req.query = "prices";
  auto r = searcher_->Search(req);
  ASSERT_OK(r);
  ASSERT_EQ(r->hits.size(), 1u);
  const Hit& h = r->hits[0];
  EXPECT_EQ(h.title, "Cocoa prices climb");
  EXPECT_EQ(h.url, "https://example.org/cocoa-title");
  EXPECT_EQ(h.published, "2024-05-01");
  EXPECT_EQ(h.source, "Reuters");
  EXPECT_EQ(h.author, "Ann Lee");
  EXPECT_EQ(h.tags, (std::vector<std::string>{"cocoa", "markets"}));
  EXPECT_GT(h.score, 0);
}

TEST_F(SearcherTest, GetArticleReturnsItOrNotFound) {
  OPEN();
  auto a = searcher_->GetArticle("worlds");
  ASSERT_OK(a);
  EXPECT_EQ(a->title, "Distant planets");
  EXPECT_EQ(searcher_->GetArticle("nope").status().code(), StatusCode::kNotFound);
}

TEST_F(SearcherTest, SeesNewCommitsAndNewGenerationsWithoutReopening) {
  OPEN();
  EXPECT_TRUE(Ids("zeppelin").empty());
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(
      dir_.path(), {testing::MakeArticle("z", "Zeppelin returns", "Airships.")}));
  EXPECT_EQ(Ids("zeppelin"), std::vector<std::string>{"z"});
  testing::Rebuild(dir_.path(), {testing::MakeArticle("only", "Only one", "Fresh generation.")});
  EXPECT_TRUE(Ids("zeppelin").empty());
  EXPECT_EQ(Ids("fresh"), std::vector<std::string>{"only"});
  EXPECT_EQ(searcher_->article_count(), 1u);
}

TEST(SearcherOpenTest, MissingIndexIsNotFound) {
  testing::TempDir dir;
  auto s = Searcher::Open(dir.path() + "/none", SearchOptions{});
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace byline
