// The search features beyond plain ranked text: filters, date ranges,
// facets, sorting, recency, spelling, collapsing, highlighting, suggestions.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "byline/date_bound.h"
#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "byline/searcher.h"
#include "byline/sharded_writer.h"
#include "facets.h"
#include "testutil.h"

namespace byline {
namespace {

Article Make(const std::string& id, const std::string& title, const std::string& body,
             const std::string& source, std::vector<std::string> tags, const std::string& published,
             const std::string& author = "") {
  Article a = testing::MakeArticle(id, title, body);
  a.source = source;
  a.tags = std::move(tags);
  a.published = published;
  a.author = author;
  return a;
}

class SearchFeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Article dup = Make("farm-copy", "Solar Farm  Opens", "A copy of the solar farm story.",
                       "Harbour Gazette", {"energy"}, "2024-01-16");
    dup.url = "http://WWW.example.org/farm/#top";
    Article farm = Make("farm", "Solar farm opens", "The new solar farm feeds the grid.",
                        "Harbour Gazette", {"energy", "local"}, "2024-01-15", "Ann Lee");
    farm.url = "https://example.org/farm";
    const std::vector<Article> articles = {
        farm,
        Make("wind", "Wind farm planned", "Turbines are planned offshore.", "Market Ledger",
             {"energy", "markets"}, "2023-06-01", "Bo Chen"),
        Make("schools", "Solar panels on schools", "Panels go on six school roofs.",
             "Harbour Gazette", {"energy", "education"}, "2024-03-20T10:00:00Z"),
        Make("bakery", "Bakery wins prize", "The sourdough was judged best in the region.",
             "City Kitchen", {"food", "local"}, "2022-11-11", "Ann Lee"),
        dup,
        Make("eclipse", "Solar eclipse notes", "Observers watched the eclipse.", "Field Notes",
             {"science"}, ""),
        Make("comet-old", "Comet report", "A comet crossed the sky.", "Field Notes", {"science"},
             "2001-01-01"),
        Make("comet-new", "Comet report", "A comet crossed the sky.", "Field Notes", {"science"},
             "2025-01-01"),
    };
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_.path(), articles));
    searcher_ = testing::OpenSearcher(dir_.path());
    ASSERT_NE(searcher_, nullptr);
  }

  SearchResponse Run(const SearchRequest& req) {
    auto r = searcher_->Search(req);
    EXPECT_OK(r);
    return r.ok() ? *r : SearchResponse{};
  }

  SuggestResponse Suggest(const std::string& query) {
    SuggestRequest req;
    req.query = query;
    auto r = searcher_->Suggest(req);
    EXPECT_OK(r);
    return r.ok() ? *r : SuggestResponse{};
  }

  static std::vector<std::string> Ids(const SearchResponse& r) {
    std::vector<std::string> ids;
    for (const auto& hit : r.hits) ids.push_back(hit.id);
    return ids;
  }
  static std::vector<std::string> SortedIds(const SearchResponse& r) {
    auto ids = Ids(r);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

using Names = std::vector<std::string>;

TEST_F(SearchFeaturesTest, FiltersOrWithinAFieldAndAcrossFields) {
  SearchRequest req;
  req.filters.sources = {"harbour gazette"};  // case does not matter
  EXPECT_EQ(SortedIds(Run(req)), (Names{"farm", "farm-copy", "schools"}));
  req.filters.tags = {"local", "education"};
  EXPECT_EQ(SortedIds(Run(req)), (Names{"farm", "schools"}));
  req.filters.sources = {"Harbour Gazette", "City Kitchen"};
  EXPECT_EQ(SortedIds(Run(req)), (Names{"bakery", "farm", "schools"}));
  req.filters.authors = {"ANN LEE"};
  EXPECT_EQ(SortedIds(Run(req)), (Names{"bakery", "farm"}));
  req.query = "solar";
  EXPECT_EQ(SortedIds(Run(req)), (Names{"farm"}));
}

TEST_F(SearchFeaturesTest, DateFiltersIncludeWholeDays) {
  SearchRequest req;
  req.filters.published_from = *ParseDateBound("2024-01-15", DateBound::kStart);
  req.filters.published_to = *ParseDateBound("2024-03-20", DateBound::kEnd);
  EXPECT_EQ(SortedIds(Run(req)), (Names{"farm", "farm-copy", "schools"}));
  req.filters.published_from.reset();
  req.filters.published_to = *ParseDateBound("2023", DateBound::kEnd);
  EXPECT_EQ(SortedIds(Run(req)), (Names{"bakery", "comet-old", "wind"}));
}

TEST_F(SearchFeaturesTest, PublishedRangesInTheQuery) {
  SearchRequest req;
  req.query = "solar published:2024-01-01..2024-01-31";
  EXPECT_EQ(SortedIds(Run(req)), (Names{"farm", "farm-copy"}));
  req.query = "published:2024-02..";
  EXPECT_EQ(SortedIds(Run(req)), (Names{"comet-new", "schools"}));
  req.query = "comet published:..2010";
  EXPECT_EQ(SortedIds(Run(req)), (Names{"comet-old"}));
  // Unreadable dates are not an error: the text is searched as words.
  req.query = "comet published:2024-13..soon";
  auto r = searcher_->Search(req);
  ASSERT_OK(r);
  EXPECT_TRUE(r->fallback_parse);
}

TEST_F(SearchFeaturesTest, FacetsCountTheWholeMatchSetAndEveryTag) {
  SearchRequest req;
  req.limit = 1;
  req.facets = {FacetField::kTag, FacetField::kSource, FacetField::kYear};
  SearchResponse r = Run(req);
  ASSERT_EQ(r.facets.size(), 3u);
  EXPECT_EQ(r.facets[0].field, FacetField::kTag);
  const auto& tags = r.facets[0].values;
  ASSERT_GE(tags.size(), 4u);
  EXPECT_EQ(tags[0].value, "energy");
  EXPECT_EQ(tags[0].count, 4u);
  EXPECT_EQ(tags[1].value, "science");
  EXPECT_EQ(tags[1].count, 3u);
  EXPECT_EQ(tags[2].value, "local");
  EXPECT_EQ(tags[2].count, 2u);
  // Equal counts are ordered by value.
  ASSERT_GE(r.facets[1].values.size(), 2u);
  EXPECT_EQ(r.facets[1].values[0].value, "Field Notes");
  EXPECT_EQ(r.facets[1].values[0].count, 3u);
  EXPECT_EQ(r.facets[1].values[1].value, "Harbour Gazette");
  EXPECT_EQ(r.facets[1].values[1].count, 3u);
  const auto& years = r.facets[2].values;
  ASSERT_FALSE(years.empty());
  EXPECT_EQ(years[0].value, "2024");
  EXPECT_EQ(years[0].count, 3u);

  req.query = "solar";
  req.facet_size = 1;
  r = Run(req);
  ASSERT_EQ(r.facets[0].values.size(), 1u);
  EXPECT_EQ(r.facets[0].values[0].value, "energy");
  EXPECT_EQ(r.facets[0].values[0].count, 3u);  // farm, farm-copy, schools; not eclipse
  EXPECT_TRUE(r.total_exact);
  EXPECT_EQ(r.total, 4u);
}

TEST_F(SearchFeaturesTest, NoFacetsUnlessAsked) {
  SearchRequest req;
  EXPECT_TRUE(Run(req).facets.empty());
}

TEST_F(SearchFeaturesTest, SortsByDateEitherWayWithUndatedLast) {
  SearchRequest req;
  req.query = "solar";
  req.sort = SortOrder::kOldestFirst;
  EXPECT_EQ(Ids(Run(req)), (Names{"farm", "farm-copy", "schools", "eclipse"}));
  req.sort = SortOrder::kNewestFirst;
  EXPECT_EQ(Ids(Run(req)), (Names{"schools", "farm-copy", "farm", "eclipse"}));
}

TEST_F(SearchFeaturesTest, RecencyBoostLiftsNewerOfEquallyRelevantArticles) {
  SearchRequest req;
  req.query = "comet";
  SearchResponse plain = Run(req);
  ASSERT_EQ(plain.hits.size(), 2u);
  EXPECT_DOUBLE_EQ(plain.hits[0].score, plain.hits[1].score);
  req.recency_half_life_days = 365;
  SearchResponse boosted = Run(req);
  ASSERT_EQ(boosted.hits.size(), 2u);
  EXPECT_EQ(boosted.hits[0].id, "comet-new");
  EXPECT_GT(boosted.hits[0].score, plain.hits[0].score);
  // It blends: a stronger text match still wins over a small boost.
  req.query = "solar farm";
  req.op = DefaultOp::kOr;
  req.recency_weight = 0.01;
  EXPECT_EQ(Run(req).hits[0].id.rfind("farm", 0), 0u);
}

TEST_F(SearchFeaturesTest, DidYouMeanAndAutoCorrect) {
  SearchRequest req;
  req.query = "soalr";
  SearchResponse r = Run(req);
  EXPECT_EQ(r.total, 0u);
  EXPECT_EQ(r.did_you_mean, "solar");
  EXPECT_FALSE(r.corrected);
  req.auto_correct = true;
  r = Run(req);
  EXPECT_TRUE(r.corrected);
  EXPECT_EQ(r.did_you_mean, "solar");
  EXPECT_EQ(r.total, 4u);
  req.query = "solar";
  EXPECT_EQ(Run(req).did_you_mean, "");
  req.query = "soalr";
  req.spelling = false;
  req.auto_correct = false;
  EXPECT_EQ(Run(req).did_you_mean, "");
}

TEST_F(SearchFeaturesTest, CollapsesSameUrlOrSameTitle) {
  SearchRequest req;
  req.query = "solar farm";
  EXPECT_EQ(Run(req).hits.size(), 2u);
  req.collapse = CollapseKey::kUrl;
  SearchResponse r = Run(req);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].collapsed, 1u);
  req.collapse = CollapseKey::kTitle;
  EXPECT_EQ(Run(req).hits.size(), 1u);
}

// Facets count what the results show: with collapse, a group of copies
// counts once, so a facet's count is what filtering on it would show.
TEST_F(SearchFeaturesTest, CollapsedCopiesCountOnceInFacets) {
  SearchRequest req;
  req.query = "solar";
  req.facets = {FacetField::kSource};
  req.limit = 10;
  auto count_of = [](const SearchResponse& r, const std::string& value) -> uint64_t {
    for (const auto& v : r.facets.at(0).values) {
      if (v.value == value) return v.count;
    }
    return 0;
  };
  SearchResponse all = Run(req);
  EXPECT_EQ(count_of(all, "Harbour Gazette"), 3u);
  req.collapse = CollapseKey::kUrl;
  SearchResponse collapsed = Run(req);
  EXPECT_EQ(collapsed.hits.size(), all.hits.size() - 1);
  EXPECT_EQ(count_of(collapsed, "Harbour Gazette"), 2u);
  EXPECT_EQ(count_of(collapsed, "Field Notes"), 1u);
  EXPECT_EQ(collapsed.total, collapsed.hits.size());
}

TEST_F(SearchFeaturesTest, ReportsMatchedFieldsAndUsesHighlightTags) {
  SearchRequest req;
  req.query = "sourdough";
  req.highlight_start = "<em class=\"hl\">";
  req.highlight_end = "</em>";
  SearchResponse r = Run(req);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].matched_fields, (Names{"body"}));
  EXPECT_NE(r.hits[0].snippet_html.find("<em class=\"hl\">sourdough</em>"), std::string::npos);
  req.query = "bakery OR tag:food";
  r = Run(req);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].matched_fields, (Names{"title", "tags"}));
}

TEST_F(SearchFeaturesTest, SuggestsCompletionsByFrequencyAndTitles) {
  SuggestResponse r = Suggest("so");
  ASSERT_FALSE(r.completions.empty());
  EXPECT_EQ(r.completions[0].text, "solar");
  EXPECT_EQ(r.completions[0].articles, 4u);
  r = Suggest("Solar fa");
  ASSERT_FALSE(r.completions.empty());
  EXPECT_EQ(r.completions[0].text, "Solar farm");
  ASSERT_FALSE(r.titles.empty());
  for (const auto& t : r.titles) EXPECT_NE(t.title.find("arm"), std::string::npos) << t.title;
  r = Suggest("");
  EXPECT_TRUE(r.completions.empty());
  EXPECT_TRUE(r.titles.empty());
}

// Spelling data left by deletions in an index written before they took their
// words off: such a word is never offered, however frequent it was.
TEST_F(SearchFeaturesTest, CompletionsLeaveOutWordsNoArticleHas) {
  {
    auto generation = IndexLayout(dir_.path()).CurrentGeneration();
    ASSERT_OK(generation);
    Xapian::WritableDatabase db(IndexLayout(dir_.path()).GenerationPath(*generation));
    db.add_spelling("solarium", 50);
    db.commit();
  }
  ASSERT_OK(searcher_->Refresh(/*force=*/true));
  SuggestResponse r = Suggest("so");
  ASSERT_FALSE(r.completions.empty());
  EXPECT_EQ(r.completions[0].text, "solar");
  for (const auto& c : r.completions) EXPECT_NE(c.text, "solarium");
}

TEST(DateBoundTest, PartialDatesCoverTheirWholePeriod) {
  struct Case {
    const char* text;
    DateBound bound;
    const char* same_as;  // a full date-time with the same moment
  } cases[] = {
      {"2024", DateBound::kStart, "2024-01-01T00:00:00Z"},
      {"2024", DateBound::kEnd, "2024-12-31T23:59:59Z"},
      {"2024-02", DateBound::kEnd, "2024-02-29T23:59:59Z"},
      {"2023-12", DateBound::kEnd, "2023-12-31T23:59:59Z"},
      {"2024-03-05", DateBound::kEnd, "2024-03-05T23:59:59Z"},
      {"2024-03-05T10:00:00Z", DateBound::kEnd, "2024-03-05T10:00:00Z"},
  };
  for (const auto& c : cases) {
    auto got = ParseDateBound(c.text, c.bound);
    ASSERT_OK(got);
    EXPECT_EQ(*got, *ParseIsoDate(c.same_as)) << c.text;
  }
  for (const char* bad : {"", "24", "2024-13", "2024-02-30", "yesterday", "2024-1"}) {
    EXPECT_FALSE(ParseDateBound(bad, DateBound::kStart).ok()) << bad;
  }
}

TEST(UrlKeyTest, SamePageSameKey) {
  EXPECT_EQ(schema::UrlKey("https://www.Example.org/a/"), "example.org/a");
  EXPECT_EQ(schema::UrlKey("http://example.org/a#x"), "example.org/a");
  EXPECT_EQ(schema::UrlKey("https://example.org/A?q=1"), "example.org/A?q=1");
  EXPECT_NE(schema::UrlKey("https://example.org/a"), schema::UrlKey("https://example.org/b"));
}

TEST(CollapseKeyValueTest, EightBytesOfFnv1aOfTheKey) {
  EXPECT_EQ(schema::CollapseKeyValue(""), std::string("\xcb\xf2\x9c\xe4\x84\x22\x23\x25", 8));
  EXPECT_EQ(schema::CollapseKeyValue("a"), std::string("\xaf\x63\xdc\x4c\x86\x01\xec\x8c", 8));
  EXPECT_EQ(schema::CollapseKeyValue("example.org/a"), schema::CollapseKeyValue("example.org/a"));
  EXPECT_NE(schema::CollapseKeyValue("example.org/a"), schema::CollapseKeyValue("example.org/b"));
}

// The database of the live generation of the index at `dir`.
std::string LiveDatabase(const std::string& dir) {
  auto generation = IndexLayout(dir).CurrentGeneration();
  EXPECT_OK(generation);
  return IndexLayout(dir).GenerationPath(generation.ok() ? *generation : "");
}

Article FarmArticle(const std::string& id, const std::string& title, const std::string& url) {
  Article a = testing::MakeArticle(id, title, "The solar farm opens.");
  a.url = url;
  return a;
}

// A new index holds hashes in its collapse slots, and collapses by them.
TEST(CollapseKeysTest, NewIndexHoldsHashesAndCollapses) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(
      dir.path(), {FarmArticle("a", "Solar farm opens", "https://example.org/farm"),
                   FarmArticle("b", "Solar  Farm Opens", "http://www.example.org/farm/"),
                   FarmArticle("c", "Another farm", "https://example.org/other")}));
  {
    Xapian::Database db(dir.path());
    EXPECT_EQ(db.get_metadata(schema::kFormatMetadataKey), std::to_string(schema::kIndexFormat));
    Xapian::Document doc = db.get_document(*db.postlist_begin(schema::IdTerm("a")));
    EXPECT_EQ(doc.get_value(schema::kUrlKeySlot),
              schema::CollapseKeyValue(schema::UrlKey("https://example.org/farm")));
    EXPECT_EQ(doc.get_value(schema::kTitleKeySlot),
              schema::CollapseKeyValue(schema::Normalise("Solar farm opens")));
  }
  auto searcher = testing::OpenSearcher(dir.path());
  ASSERT_NE(searcher, nullptr);
  SearchRequest req;
  req.query = "farm";
  for (CollapseKey key : {CollapseKey::kUrl, CollapseKey::kTitle}) {
    req.collapse = key;
    auto r = searcher->Search(req);
    ASSERT_OK(r);
    ASSERT_EQ(r->hits.size(), 2u);
    EXPECT_EQ(r->hits[0].collapsed + r->hits[1].collapsed, 1u);
  }
}

// An update to an index of a format before kFirstHashedKeysFormat writes
// the keys themselves, as the index holds them, so it keeps collapsing.
TEST(CollapseKeysTest, UpdateToAnOlderFormatIndexWritesKeysAsItHoldsThem) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(
      dir.path(), {FarmArticle("a", "Solar farm opens", "https://example.org/farm"),
                   FarmArticle("c", "Another farm", "https://example.org/other")}));
  {
    // Made into a format 2 index: the keys themselves in the slots.
    Xapian::WritableDatabase db(LiveDatabase(dir.path()), Xapian::DB_OPEN);
    for (const char* id : {"a", "c"}) {
      const Xapian::docid did = *db.postlist_begin(schema::IdTerm(id));
      Xapian::Document doc = db.get_document(did);
      const bool farm = std::string(id) == "a";
      doc.add_value(schema::kUrlKeySlot, schema::UrlKey(farm ? "https://example.org/farm"
                                                             : "https://example.org/other"));
      doc.add_value(schema::kTitleKeySlot,
                    schema::Normalise(farm ? "Solar farm opens" : "Another farm"));
      db.replace_document(did, doc);
    }
    db.set_metadata(schema::kFormatMetadataKey, "2");
    db.commit();
  }
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK(
        (*writer)->Upsert(FarmArticle("b", "Solar  Farm Opens", "http://www.example.org/farm/")));
    ASSERT_OK((*writer)->Commit());
  }
  {
    Xapian::Database db(dir.path());
    EXPECT_EQ(db.get_metadata(schema::kFormatMetadataKey), "2");  // still
    Xapian::Document doc = db.get_document(*db.postlist_begin(schema::IdTerm("b")));
    EXPECT_EQ(doc.get_value(schema::kUrlKeySlot), "example.org/farm");
    EXPECT_EQ(doc.get_value(schema::kTitleKeySlot), "solar farm opens");
  }
  auto searcher = testing::OpenSearcher(dir.path());
  ASSERT_NE(searcher, nullptr);
  SearchRequest req;
  req.query = "farm";
  for (CollapseKey key : {CollapseKey::kUrl, CollapseKey::kTitle}) {
    req.collapse = key;
    auto r = searcher->Search(req);
    ASSERT_OK(r);
    ASSERT_EQ(r->hits.size(), 2u);
    EXPECT_EQ(r->hits[0].collapsed + r->hits[1].collapsed, 1u);
  }
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Facet counts read from value streams must equal a count done by hand,
// over enough articles to span many value chunks, with deleted articles
// leaving gaps in the docids, articles without the value, repeated tags,
// and the other orders and operators the matcher may take.
TEST(FacetCountsTest, MatchABruteForceCountOverManyArticles) {
  testing::TempDir dir;
  const int kArticles = 2500;
  auto deleted = [](int i) { return i % 10 == 0; };
  auto tags_of = [](int i) -> std::vector<std::string> {
    if (i % 5 == 0) return {};
    return {"t" + std::to_string(i % 4), "t" + std::to_string(i % 6)};  // t0 twice when i%12==0
  };
  auto source_of = [](int i) { return i % 11 == 0 ? std::string() : "s" + std::to_string(i % 3); };
  auto year_of = [](int i) { return i % 13 == 0 ? std::string() : std::to_string(2010 + i % 9); };
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    for (int i = 0; i < kArticles; ++i) {
      std::string body = "common words";
      if (i % 3 == 0) body += " third";
      if (i % 7 == 0) body += " seventh";
      Article a =
          testing::MakeArticle("a" + std::to_string(i), "Article " + std::to_string(i), body);
      a.tags = tags_of(i);
      a.source = source_of(i);
      a.published = year_of(i).empty() ? std::string() : year_of(i) + "-01-01";
      ASSERT_OK((*writer)->Upsert(a));
    }
    ASSERT_OK((*writer)->Commit());
    for (int i = 0; i < kArticles; ++i) {
      if (!deleted(i)) continue;
      ASSERT_OK((*writer)->Delete("a" + std::to_string(i)).status());
    }
    ASSERT_OK((*writer)->Commit());
  }
  SearchOptions options;
  options.reopen_interval_seconds = 0;
  options.expand_long_queries = false;
  auto searcher = Searcher::Open(dir.path(), options);
  ASSERT_OK(searcher);

  using Counts = std::map<std::string, uint64_t>;
  auto expected = [&](auto matches, int field) {
    Counts counts;
    for (int i = 0; i < kArticles; ++i) {
      if (deleted(i) || !matches(i)) continue;
      if (field == 0) {
        auto tags = tags_of(i);
        std::sort(tags.begin(), tags.end());
        tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
        for (const auto& t : tags) ++counts[t];
      } else {
        std::string v = field == 1 ? source_of(i) : year_of(i);
        if (!v.empty()) ++counts[v];
      }
    }
    return counts;
  };
  struct Case {
    std::string query;
    std::function<bool(int)> matches;
    SortOrder sort;
  };
  const std::vector<Case> cases = {
      {"third", [](int i) { return i % 3 == 0; }, SortOrder::kRelevance},
      {"third OR seventh", [](int i) { return i % 3 == 0 || i % 7 == 0; }, SortOrder::kRelevance},
      {"third seventh", [](int i) { return i % 21 == 0; }, SortOrder::kRelevance},
      {"common -seventh", [](int i) { return i % 7 != 0; }, SortOrder::kNewestFirst},
      {"", [](int) { return true; }, SortOrder::kOldestFirst},
  };
  for (const Case& c : cases) {
    SearchRequest req;
    req.query = c.query;
    req.sort = c.sort;
    req.limit = 3;
    req.facet_size = 1000;
    req.facets = {FacetField::kTag, FacetField::kSource, FacetField::kYear};
    auto r = (*searcher)->Search(req);
    ASSERT_OK(r);
    ASSERT_EQ(r->facets.size(), 3u);
    for (int field = 0; field < 3; ++field) {
      Counts got;
      for (const auto& v : r->facets[static_cast<size_t>(field)].values) got[v.value] = v.count;
      EXPECT_EQ(got, expected(c.matches, field)) << "query '" << c.query << "', facet " << field;
    }
  }
}

// The date facet (timeline): every match counted per interval, the undated
// apart, so that buckets + undated == total.
uint64_t BucketSum(const Facet& f) {
  uint64_t sum = 0;
  for (const auto& v : f.values) sum += v.count;
  return sum;
}

const FacetValue* BucketOf(const Facet& f, const std::string& label) {
  for (const auto& v : f.values) {
    if (v.value == label) return &v;
  }
  return nullptr;
}

TEST_F(SearchFeaturesTest, DateFacetCountsEveryMatchAndTheUndated) {
  SearchRequest req;
  req.limit = 1;  // the facet counts every match, not the page
  req.facets = {FacetField::kSource, FacetField::kDate};
  SearchResponse r = Run(req);
  ASSERT_EQ(r.facets.size(), 2u);
  const Facet& dates = r.facets[1];
  EXPECT_EQ(dates.field, FacetField::kDate);
  EXPECT_EQ(dates.interval, "year");  // 2001 to 2025: 25 years, too many months
  ASSERT_EQ(dates.values.size(), 25u);
  EXPECT_EQ(dates.values.front().value, "2001");
  EXPECT_EQ(dates.values.back().value, "2025");
  EXPECT_EQ(dates.undated, 1u);  // eclipse
  ASSERT_TRUE(r.total_exact);
  EXPECT_EQ(r.total, 8u);
  EXPECT_EQ(BucketSum(dates) + dates.undated, r.total);
  ASSERT_NE(BucketOf(dates, "2024"), nullptr);
  EXPECT_EQ(BucketOf(dates, "2024")->count, 3u);
  EXPECT_EQ(BucketOf(dates, "2010")->count, 0u);  // empty years between are kept
  EXPECT_TRUE(r.facets[0].interval.empty());
}

TEST_F(SearchFeaturesTest, DateFacetFollowsFiltersTheQueryAndCollapsing) {
  SearchRequest req;
  req.filters.sources = {"Harbour Gazette"};
  req.facets = {FacetField::kDate};
  req.date_interval = DateInterval::kMonth;
  SearchResponse r = Run(req);
  const Facet& months = r.facets.at(0);
  EXPECT_EQ(months.interval, "month");
  ASSERT_EQ(months.values.size(), 3u);
  EXPECT_EQ(months.values[0].value, "2024-01");
  EXPECT_EQ(months.values[0].from, "2024-01-01");
  EXPECT_EQ(months.values[0].to, "2024-01-31");
  EXPECT_EQ(months.values[0].count, 2u);
  EXPECT_EQ(months.values[1].count, 0u);
  EXPECT_EQ(months.values[2].count, 1u);
  EXPECT_EQ(months.undated, 0u);
  EXPECT_EQ(BucketSum(months), r.total);

  req.collapse = CollapseKey::kUrl;  // farm and farm-copy are one page
  r = Run(req);
  EXPECT_EQ(r.facets.at(0).values.at(0).count, 1u);
  EXPECT_EQ(BucketSum(r.facets[0]) + r.facets[0].undated, r.total);

  req = SearchRequest();
  req.query = "solar";
  req.facets = {FacetField::kDate};
  req.date_interval = DateInterval::kWeek;
  r = Run(req);
  const Facet& weeks = r.facets.at(0);
  EXPECT_EQ(weeks.values.front().value, "2024-W03");  // 2024-01-15 is a Monday
  EXPECT_EQ(weeks.values.front().from, "2024-01-15");
  EXPECT_EQ(weeks.values.back().value, "2024-W12");  // 2024-03-20
  EXPECT_EQ(weeks.values.size(), 10u);
  EXPECT_EQ(weeks.undated, 1u);  // the eclipse
  EXPECT_EQ(BucketSum(weeks) + weeks.undated, r.total);

  // A bucket's from/to selects exactly its count.
  SearchRequest in_bucket;
  in_bucket.query = "solar";
  in_bucket.filters.published_from = *ParseDateBound(weeks.values.front().from, DateBound::kStart);
  in_bucket.filters.published_to = *ParseDateBound(weeks.values.front().to, DateBound::kEnd);
  EXPECT_EQ(Run(in_bucket).total, weeks.values.front().count);
}

// 240 generated articles over four years, some undated, some dated by year
// or month only; `per_year` gets how many are dated in each year.
std::vector<Article> DatedArticles(std::map<std::string, uint64_t>* per_year) {
  std::mt19937 random(7);
  std::vector<Article> articles;
  for (int i = 0; i < 240; ++i) {
    char published[32] = "";
    const int year = 2019 + static_cast<int>(random() % 4);
    const int month = 1 + static_cast<int>(random() % 12);
    const int day = 1 + static_cast<int>(random() % 28);
    switch (i % 10) {
      case 0:
        break;  // undated
      case 1:
        std::snprintf(published, sizeof published, "%04d", year);
        break;
      case 2:
        std::snprintf(published, sizeof published, "%04d-%02d", year, month);
        break;
      default:
        std::snprintf(published, sizeof published, "%04d-%02d-%02dT%02d:00:00Z", year, month, day,
                      static_cast<int>(random() % 24));
    }
    Article a = testing::MakeArticle("a" + std::to_string(i), "Report " + std::to_string(i),
                                     i % 3 == 0 ? "harbour news" : "market news");
    a.published = published;
    a.source = i % 2 == 0 ? "Even" : "Odd";
    if (published[0] != '\0') ++(*per_year)[std::to_string(year)];
    articles.push_back(a);
  }
  return articles;
}

// The date facet of `searcher` for each interval, query and filter, as text.
std::vector<std::string> DateFacets(Searcher& searcher) {
  std::vector<std::string> out;
  for (DateInterval interval : {DateInterval::kAuto, DateInterval::kDay, DateInterval::kWeek,
                                DateInterval::kMonth, DateInterval::kYear}) {
    for (const std::string query : {"", "harbour"}) {
      SearchRequest req;
      req.query = query;
      req.facets = {FacetField::kDate};
      req.date_interval = interval;
      auto r = searcher.Search(req);
      if (!r.ok()) return {r.status().ToString()};
      std::string line = query + " " + r->facets.at(0).interval +
                         " undated=" + std::to_string(r->facets.at(0).undated);
      for (const auto& v : r->facets.at(0).values) {
        line += " " + v.value + "=" + std::to_string(v.count);
      }
      out.push_back(line);
    }
  }
  return out;
}

// Each interval counted the same by a plain and a 3-shard index.
TEST(DateFacetShardsTest, ShardedIndexCountsLikeUnsharded) {
  testing::TempDir plain, sharded;
  std::map<std::string, uint64_t> per_year;
  std::vector<Article> articles = DatedArticles(&per_year);
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(plain.path(), articles));
  {
    auto writer = ShardedWriter::Open(sharded.path(), IndexOptions{}, 3);
    ASSERT_OK(writer);
    for (const auto& a : articles) ASSERT_OK((*writer)->Upsert(a));
    ASSERT_OK((*writer)->Commit());
  }
  auto one = testing::OpenSearcher(plain.path());
  auto three = testing::OpenSearcher(sharded.path());
  ASSERT_NE(one, nullptr);
  ASSERT_NE(three, nullptr);
  for (DateInterval interval : {DateInterval::kAuto, DateInterval::kDay, DateInterval::kWeek,
                                DateInterval::kMonth, DateInterval::kYear}) {
    for (const std::string query : {"", "harbour"}) {
      for (bool filtered : {false, true}) {
        SearchRequest req;
        req.query = query;
        req.limit = 5;
        req.facets = {FacetField::kDate};
        req.date_interval = interval;
        if (filtered) req.filters.sources = {"Odd"};
        auto want = one->Search(req);
        auto got = three->Search(req);
        ASSERT_OK(want);
        ASSERT_OK(got);
        const std::string what =
            query + " " + DateIntervalName(interval) + (filtered ? " filtered" : "");
        const Facet& w = want->facets.at(0);
        const Facet& g = got->facets.at(0);
        ASSERT_TRUE(want->total_exact);
        EXPECT_EQ(BucketSum(w) + w.undated, want->total) << what;
        EXPECT_EQ(got->total, want->total) << what;
        EXPECT_EQ(g.interval, w.interval) << what;
        EXPECT_EQ(g.undated, w.undated) << what;
        ASSERT_EQ(g.values.size(), w.values.size()) << what;
        for (size_t i = 0; i < w.values.size(); ++i) {
          EXPECT_EQ(g.values[i].value, w.values[i].value) << what;
          EXPECT_EQ(g.values[i].count, w.values[i].count) << what;
        }
        if (interval == DateInterval::kAuto) {
          EXPECT_EQ(w.interval, "month") << what;  // 4 years: 48 months
          EXPECT_GE(w.values.size(), 10u);
          EXPECT_LE(w.values.size(), 60u);
        }
        if (interval == DateInterval::kYear && query.empty() && !filtered) {
          EXPECT_EQ(w.undated, 24u);
          for (const auto& v : w.values) EXPECT_EQ(v.count, per_year[v.value]) << v.value;
        }
      }
    }
  }
}

// The facet counts one entry per day (kPublishedDaySlot); an index whose
// articles were written before that slot existed, wholly or in part, is
// counted from the seconds slot and gives the same buckets.
TEST(DateFacetShardsTest, IndexWithoutTheDaySlotCountsTheSame) {
  testing::TempDir dir;
  std::map<std::string, uint64_t> per_year;
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir.path(), DatedArticles(&per_year)));
  IndexLayout layout(dir.path());
  auto generation = layout.CurrentGeneration();
  ASSERT_OK(generation);
  const std::string path = layout.GenerationPath(*generation);
  {
    Xapian::Database db(path);
    EXPECT_EQ(DateFacetSlot(db), schema::kPublishedDaySlot);
    EXPECT_GT(db.get_value_freq(schema::kPublishedDaySlot), 0u);
    // One entry per day: each value the first second of a day, and fewer
    // distinct values than dated articles (several share a day here).
    std::set<std::string> days;
    for (auto v = db.valuestream_begin(schema::kPublishedDaySlot);
         v != db.valuestream_end(schema::kPublishedDaySlot); ++v) {
      const double seconds = Xapian::sortable_unserialise(*v);
      EXPECT_EQ(std::fmod(seconds, 86400.0), 0.0) << seconds;
      days.insert(*v);
    }
    EXPECT_LT(days.size(), db.get_value_freq(schema::kPublishedDaySlot));
  }
  auto searcher = testing::OpenSearcher(dir.path());
  ASSERT_NE(searcher, nullptr);
  const std::vector<std::string> with_days = DateFacets(*searcher);
  searcher.reset();

  // Strip the day slot from every other article, then from all of them.
  for (int every : {2, 1}) {
    {
      Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
      for (Xapian::docid id = 1; id <= db.get_lastdocid(); id += every) {
        Xapian::Document doc = db.get_document(id);
        if (doc.get_value(schema::kPublishedDaySlot).empty()) continue;  // undated
        doc.remove_value(schema::kPublishedDaySlot);
        db.replace_document(id, doc);
      }
      db.commit();
      EXPECT_EQ(DateFacetSlot(db), schema::kPublishedSlot) << every;
    }
    auto old = testing::OpenSearcher(dir.path());
    ASSERT_NE(old, nullptr);
    EXPECT_EQ(DateFacets(*old), with_days) << every;
  }
}

}  // namespace
}  // namespace byline
