// Field values in the query syntax: source:"..." and author:"..." (and tag:)
// match exactly what the source=, author= and tag= filters match, searches
// and --delete-query read the same syntax, and matched_fields names the
// fields a hit matched through.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "byline/index_writer.h"
#include "byline/searcher.h"
#include "testutil.h"

namespace byline {
namespace {

using IdSet = std::set<std::string>;

// Values that share words, differ only in case or spacing, or contain one
// another, so that word matching and whole-value matching differ.
const char* const kSources[] = {"Harbour Gazette",  "Harbour Gazette Weekly", "Gazette",
                                "harbour  GAZETTE", "Weekly Harbour",         ""};
const char* const kAuthors[] = {"Janie Gabbett", "Janie Gabbett Jr", "Gabbett",
                                "JANIE GABBETT", "Paul Janie",       ""};
const char* const kTags[] = {"Middle East", "East", "middle east", "Far East", "Markets"};
const char* const kWords[] = {"ferry", "harbour", "market", "storm"};

class QueryFieldsTest : public ::testing::Test {
 protected:
  static constexpr int kArticles = 90;

  void SetUp() override {
    std::vector<Article> articles;
    for (int i = 0; i < kArticles; ++i) {
      // Each field cycles with its own period, so that the combinations vary.
      Article a = testing::MakeArticle(
          "a" + std::to_string(i), std::string("Report on the ") + kWords[i % 4],
          std::string("The ") + kWords[(i / 4) % 4] + " story, number " + std::to_string(i) + ".");
      a.source = kSources[i % std::size(kSources)];
      a.author = kAuthors[(i / std::size(kSources)) % std::size(kAuthors)];
      a.tags = {kTags[i % std::size(kTags)]};
      if (i % 7 == 0) a.tags.push_back(kTags[(i + 1) % std::size(kTags)]);
      a.published = i % 4 == 0 ? "2024-02-" + std::to_string(10 + i % 15) : "2023-05-01";
      articles.push_back(a);
    }
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_.path(), articles));
    searcher_ = testing::OpenSearcher(dir_.path());
    ASSERT_NE(searcher_, nullptr);
  }

  SearchResponse Run(SearchRequest req) {
    req.limit = kArticles;
    auto r = searcher_->Search(req);
    EXPECT_OK(r);
    return r.ok() ? *r : SearchResponse{};
  }

  IdSet Ids(const std::string& query, const SearchFilters& filters = {}) {
    SearchRequest req;
    req.query = query;
    req.filters = filters;
    req.snippets = false;
    SearchResponse r = Run(req);
    EXPECT_FALSE(r.fallback_parse) << query;
    IdSet ids;
    for (const auto& hit : r.hits) ids.insert(hit.id);
    EXPECT_EQ(ids.size(), r.total) << query;
    return ids;
  }

  IdSet DeleteIds(const std::string& query) {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    EXPECT_OK(writer);
    if (!writer.ok()) return {};
    auto ids = (*writer)->IdsMatching(query);
    EXPECT_OK(ids) << query;
    return ids.ok() ? IdSet(ids->begin(), ids->end()) : IdSet{};
  }

  testing::TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

// `value` quoted for the query syntax.
std::string Quoted(const std::string& value) { return "\"" + value + "\""; }

TEST_F(QueryFieldsTest, QuotedSourceAndAuthorMatchWhatTheFilterMatches) {
  // Every value as stored, in other cases and spacings, and values no
  // article has exactly.
  std::vector<std::string> sources(std::begin(kSources), std::end(kSources) - 1);
  for (const char* extra : {"HARBOUR GAZETTE", " harbour gazette ", "Harbour", "Nowhere Post"}) {
    sources.push_back(extra);
  }
  std::vector<std::string> authors(std::begin(kAuthors), std::end(kAuthors) - 1);
  for (const char* extra : {"janie gabbett", "Janie", "Nobody Atall"}) authors.push_back(extra);

  int non_empty = 0;
  for (const std::string& source : sources) {
    SearchFilters filter;
    filter.sources = {source};
    const IdSet expected = Ids("", filter);
    non_empty += !expected.empty();
    EXPECT_EQ(Ids("source:" + Quoted(source)), expected) << source;
    EXPECT_EQ(DeleteIds("source:" + Quoted(source)), expected) << source;
    // With words, and excluded.
    EXPECT_EQ(Ids("ferry source:" + Quoted(source)), Ids("ferry", filter)) << source;
    IdSet rest;
    for (const std::string& id : Ids("")) {
      if (!expected.count(id)) rest.insert(id);
    }
    EXPECT_EQ(Ids("report -source:" + Quoted(source)), rest) << source;
  }
  for (const std::string& author : authors) {
    SearchFilters filter;
    filter.authors = {author};
    const IdSet expected = Ids("", filter);
    non_empty += !expected.empty();
    EXPECT_EQ(Ids("author:" + Quoted(author)), expected) << author;
    EXPECT_EQ(DeleteIds("author:" + Quoted(author)), expected) << author;
  }
  // "Harbour Gazette" and "harbour  GAZETTE" are one value, as for the filter.
  SearchFilters gazette;
  gazette.sources = {"Harbour Gazette"};
  EXPECT_EQ(Ids("source:\"harbour  GAZETTE\"").size(), 2u * kArticles / std::size(kSources));
  EXPECT_EQ(Ids("Source:\"Harbour Gazette\""), Ids("", gazette));
  EXPECT_GE(non_empty, 8);
}

TEST_F(QueryFieldsTest, SeveralValuesOfAFieldAreAlternativesAsInFilters) {
  SearchFilters filter;
  filter.sources = {"Gazette", "Weekly Harbour"};
  EXPECT_EQ(Ids("source:\"Gazette\" OR source:\"Weekly Harbour\""), Ids("", filter));
  EXPECT_EQ(Ids("source:\"Gazette\" source:\"Weekly Harbour\""), Ids("", filter));
  filter.authors = {"Gabbett"};
  EXPECT_EQ(Ids("source:\"Gazette\" source:\"Weekly Harbour\" author:\"Gabbett\""),
            Ids("", filter));
  EXPECT_FALSE(Ids("", filter).empty());
}

TEST_F(QueryFieldsTest, TagValuesQuotedOrNotMatchWhatTheTagFilterMatches) {
  for (const char* tag : {"Middle East", "middle EAST", "East", "east", "Far East", "Markets"}) {
    SearchFilters filter;
    filter.tags = {tag};
    const IdSet expected = Ids("", filter);
    EXPECT_FALSE(expected.empty()) << tag;
    EXPECT_EQ(Ids(std::string("tag:") + Quoted(tag)), expected) << tag;
    EXPECT_EQ(DeleteIds(std::string("tag:") + Quoted(tag)), expected) << tag;
  }
  SearchFilters markets;
  markets.tags = {"Markets"};
  EXPECT_EQ(Ids("tag:Markets"), Ids("", markets));
  EXPECT_EQ(Ids("tag:markets"), Ids("", markets));
}

TEST_F(QueryFieldsTest, UnquotedWordsMatchWordsOfTheValue) {
  // source:gazette is every source with the word "gazette": more than the
  // one source named just "Gazette".
  SearchFilters exact;
  exact.sources = {"Gazette"};
  const IdSet words = Ids("source:gazette");
  const IdSet whole = Ids("", exact);
  EXPECT_TRUE(std::includes(words.begin(), words.end(), whole.begin(), whole.end()));
  EXPECT_GT(words.size(), whole.size());
  SearchFilters gazettes;
  gazettes.sources = {"Harbour Gazette", "Harbour Gazette Weekly", "Gazette"};
  EXPECT_EQ(words, Ids("", gazettes));
  SearchFilters gabbetts;
  gabbetts.authors = {"Janie Gabbett", "Janie Gabbett Jr", "Gabbett"};
  EXPECT_EQ(Ids("author:gabbett"), Ids("", gabbetts));
}

TEST_F(QueryFieldsTest, DeleteQueriesReadTheSearchSyntax) {
  // Date ranges, words, fields and operators mean for a delete what they
  // mean for a search (all words required).
  for (const char* query :
       {"published:2024-02-01..2024-02-29", "published:2024-02-12..2024-02-20 ferry",
        "Report Ferry", "ferry OR storm", "title:harbour NOT author:\"Janie Gabbett\"",
        "source:\"Harbour Gazette\" AND published:..2023-12-31", "tag:\"Middle East\" -market",
        "harbou*", "\"on the ferry\""}) {
    const IdSet searched = Ids(query);
    EXPECT_EQ(DeleteIds(query), searched) << query;
    EXPECT_FALSE(searched.empty()) << query;
  }
  EXPECT_EQ(DeleteIds("published:2024-02-01..2024-02-29").size(), (kArticles + 3) / 4);
  // Still refused where a search would guess.
  auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
  ASSERT_OK(writer);
  for (const char* bad : {"ferry AND", "OR ferry", "ferry NEAR", "ADJ ferry", "ferry OR NOT"}) {
    EXPECT_EQ((*writer)->IdsMatching(bad).status().code(), StatusCode::kInvalidQuery) << bad;
  }
}

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Whether `text` has the word `word` (lower-case), in any case.
bool HasWord(std::string text, const std::string& word) {
  std::transform(text.begin(), text.end(), text.begin(), ::tolower);
  for (char& c : text) c = std::isalpha(static_cast<unsigned char>(c)) ? c : ' ';
  return (" " + text + " ").find(" " + word + " ") != std::string::npos;
}

TEST_F(QueryFieldsTest, MatchedFieldsNameTheFieldsMatchedThrough) {
  SearchRequest req;
  req.limit = kArticles;
  auto each_hit = [&](const std::string& query, auto check) {
    req.query = query;
    SearchResponse r = Run(req);
    EXPECT_GT(r.hits.size(), 2u) << query;
    for (const Hit& hit : r.hits) check(hit);
  };
  // A title: word names the title (its words are terms of their own, which
  // highlighting alone missed).
  each_hit("title:harbour", [](const Hit& hit) {
    EXPECT_TRUE(Has(hit.matched_fields, "title")) << hit.id;
    EXPECT_FALSE(Has(hit.matched_fields, "source")) << hit.id;
  });
  each_hit("ferry author:\"Janie Gabbett Jr\"", [](const Hit& hit) {
    EXPECT_TRUE(Has(hit.matched_fields, "author")) << hit.id;
    EXPECT_TRUE(Has(hit.matched_fields, "title") || Has(hit.matched_fields, "body")) << hit.id;
  });
  each_hit("source:harbour tag:east", [](const Hit& hit) {
    EXPECT_TRUE(Has(hit.matched_fields, "source")) << hit.id;
    EXPECT_TRUE(Has(hit.matched_fields, "tags")) << hit.id;
    EXPECT_FALSE(Has(hit.matched_fields, "author")) << hit.id;
  });
  each_hit("source:\"Weekly Harbour\" OR author:\"Gabbett\"", [](const Hit& hit) {
    EXPECT_EQ(Has(hit.matched_fields, "source"), hit.source == "Weekly Harbour") << hit.id;
    EXPECT_EQ(Has(hit.matched_fields, "author"), hit.author == "Gabbett") << hit.id;
  });
  // Either field, each named where it matched.
  int both = 0;
  each_hit("title:harbour OR author:gabbett", [&both](const Hit& hit) {
    EXPECT_EQ(Has(hit.matched_fields, "title"), HasWord(hit.title, "harbour")) << hit.id;
    EXPECT_EQ(Has(hit.matched_fields, "author"), HasWord(hit.author, "gabbett")) << hit.id;
    both += HasWord(hit.title, "harbour") && HasWord(hit.author, "gabbett");
  });
  EXPECT_GT(both, 0);
  // Filters are not matches.
  req.filters.sources = {"Weekly Harbour"};
  req.filters.authors = {"Janie Gabbett Jr", "Gabbett"};
  each_hit("report", [](const Hit& hit) {
    EXPECT_EQ(hit.matched_fields, std::vector<std::string>{"title"}) << hit.id;
  });
}

}  // namespace
}  // namespace byline
