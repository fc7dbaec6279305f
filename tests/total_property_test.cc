// Issue #15, "totals are honest and stable", as a property over a generated
// Reuters-sized archive: for one query and filters, `total` is the same
// whatever the sort, page, per_page and snippets; it is exact up to 1,000
// matches (equal to the number counted here from the generated articles,
// never from Xapian) and 1,000 with total_exact false beyond; facet counts
// add up to the exact total.
#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "byline/searcher.h"
#include "testutil.h"

namespace byline {
namespace {

constexpr int kArticles = 20000;  // Reuters-21578 has 21,578
constexpr uint64_t kLimit = kDefaultExactTotalUpTo;
constexpr int64_t kFirstDay = 1546300800;  // 2019-01-01T00:00:00Z
constexpr int kDays = 6 * 365;             // up to the end of 2024

// Query words are made up (no stemmer or stopword list changes them) and
// spread from common to rare; three are in exactly 999, 1,000 and 1,001
// articles, either side of the limit.
struct Word {
  const char* text;
  double share;  // of the articles holding it, or
  int exactly;   // this many (when share is 0)
};
constexpr Word kWords[] = {
    {"bakom", 0.60, 0},  {"dorap", 0.25, 0}, {"gimut", 0.10, 0},  {"kodab", 0.06, 0},
    {"mupag", 0.045, 0}, {"tobim", 0.03, 0}, {"pakod", 0.015, 0}, {"dumab", 0.005, 0},
    {"gotup", 0.001, 0}, {"kabud", 0, 999},  {"kabum", 0, 1000},  {"kabup", 0, 1001},
};
constexpr int kWordCount = sizeof(kWords) / sizeof(kWords[0]);

uint32_t Bit(const char* text) {
  for (int i = 0; i < kWordCount; ++i) {
    if (std::string(kWords[i].text) == text) return 1u << i;
  }
  ADD_FAILURE() << "no word " << text;
  return 0;
}

const std::vector<std::string> kSources = {"Wire Service", "Harbour Gazette", "Market Ledger",
                                           "Evening Courier", "Science Digest"};
constexpr int kSourceWeights[] = {50, 25, 15, 7, 3};
const std::vector<std::string> kTags = {"energy", "markets", "health", "sport", "science", "local"};
constexpr double kTagShares[] = {0.3, 0.25, 0.15, 0.1, 0.05, 0.2};

// What the test knows about each article it wrote.
struct Truth {
  uint32_t words = 0;  // bit i: kWords[i] is in its title or body
  int source = 0;
  uint32_t tags = 0;  // bit i: kTags[i]
  int day = 0;        // days after 2019-01-01
  int url = -1;       // articles with the same number share a url; -1: none
};

std::string DateOf(int day) {
  time_t when = static_cast<time_t>(kFirstDay + int64_t{day} * 86400);
  struct tm tm {};
  gmtime_r(&when, &tm);
  char text[16];
  strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

int DayOf(int year, int month, int mday) {
  struct tm tm {};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = mday;
  return static_cast<int>((timegm(&tm) - kFirstDay) / 86400);
}

// Generates the archive: `truths` says what each article holds.
std::vector<Article> Generate(std::vector<Truth>* truths) {
  std::mt19937 rng(15);  // fixed: the same archive every run
  auto uniform = [&rng] { return static_cast<double>(rng()) / 4294967296.0; };
  auto below = [&rng](uint32_t n) { return static_cast<int>(rng() % n); };
  truths->assign(kArticles, Truth{});
  for (int w = 0; w < kWordCount; ++w) {
    if (kWords[w].exactly == 0) {
      for (Truth& t : *truths) {
        if (uniform() < kWords[w].share) t.words |= 1u << w;
      }
      continue;
    }
    std::vector<int> order(kArticles);
    for (int i = 0; i < kArticles; ++i) order[i] = i;
    for (int i = kArticles - 1; i > 0; --i) std::swap(order[i], order[below(i + 1)]);
    for (int i = 0; i < kWords[w].exactly; ++i) (*truths)[order[i]].words |= 1u << w;
  }
  // Filler words share no letter with the query words beyond vowels, so no
  // stem of one is a stem of the other.
  std::vector<std::string> fillers;
  const char consonants[] = "lnrsvz";
  for (int i = 0; i < 300; ++i) {
    std::string word;
    for (int k = 0; k < 5; ++k) word += k % 2 ? "ei"[below(2)] : consonants[below(6)];
    fillers.push_back(word);
  }
  std::vector<Article> articles;
  for (int i = 0; i < kArticles; ++i) {
    Truth& t = (*truths)[i];
    int pick = below(100);
    while (pick >= kSourceWeights[t.source]) pick -= kSourceWeights[t.source++];
    for (size_t k = 0; k < kTags.size(); ++k) {
      if (uniform() < kTagShares[k]) t.tags |= 1u << k;
    }
    t.day = below(kDays);
    // Most articles have a url of their own; some repeat a recent one (a
    // story filed twice), a few have none (so are never collapsed).
    const int roll = below(100);
    if (roll < 3) {
      t.url = -1;
    } else if (roll < 18 && i > 0) {
      t.url = (*truths)[i - 1 - below(std::min(i, 50))].url;
    } else {
      t.url = i;
    }

    Article a;
    a.id = "g-" + std::to_string(i);
    a.title = fillers[below(300)] + " " + fillers[below(300)];
    a.body = fillers[below(300)];
    for (int w = 0; w < kWordCount; ++w) {  // a query word is in the title one time in four
      if (!(t.words & (1u << w))) continue;
      std::string& field = below(4) == 0 ? a.title : a.body;
      field += std::string(" ") + kWords[w].text;
    }
    for (int n = 6 + below(30); n > 0; --n) a.body += " " + fillers[below(300)];
    a.source = kSources[t.source];
    for (size_t k = 0; k < kTags.size(); ++k) {
      if (t.tags & (1u << k)) a.tags.push_back(kTags[k]);
    }
    a.published = DateOf(t.day);
    if (t.url >= 0) a.url = "https://news.example/a/" + std::to_string(t.url);
    a.lang = "en";
    articles.push_back(std::move(a));
  }
  return articles;
}

struct QueryCase {
  std::string text;
  DefaultOp op;
  std::function<bool(uint32_t words)> matches;
  // op=or with 4 or more words: relevance feedback may add matches the
  // words alone do not make, so the truth is only a floor.
  bool feedback_may_add = false;
  // Misspelt: with autocorrect the search answers for its correction.
  bool autocorrect = false;
};

struct FilterCase {
  std::string name;
  SearchFilters filters;
  std::function<bool(const Truth&)> keeps;
};

std::vector<QueryCase> Queries() {
  std::vector<QueryCase> queries;
  for (const Word& word : kWords) {
    const uint32_t bit = Bit(word.text);
    queries.push_back({word.text, DefaultOp::kAnd, [bit](uint32_t w) { return (w & bit) != 0; }});
  }
  const uint32_t bakom = Bit("bakom"), dorap = Bit("dorap"), gimut = Bit("gimut"),
                 kodab = Bit("kodab"), mupag = Bit("mupag"), tobim = Bit("tobim"),
                 pakod = Bit("pakod"), dumab = Bit("dumab"),
                 kab = Bit("kabud") | Bit("kabum") | Bit("kabup");
  auto all = [](uint32_t need) { return [need](uint32_t w) { return (w & need) == need; }; };
  auto any = [](uint32_t some) { return [some](uint32_t w) { return (w & some) != 0; }; };
  queries.push_back({"bakom dorap", DefaultOp::kAnd, all(bakom | dorap)});
  queries.push_back({"gimut kodab", DefaultOp::kAnd, all(gimut | kodab)});
  queries.push_back({"gimut mupag", DefaultOp::kOr, any(gimut | mupag)});
  queries.push_back({"tobim pakod dumab", DefaultOp::kOr, any(tobim | pakod | dumab)});
  queries.push_back(
      {"bakom -dorap", DefaultOp::kAnd, [=](uint32_t w) { return (w & bakom) && !(w & dorap); }});
  queries.push_back({"kab*", DefaultOp::kAnd, any(kab)});
  queries.push_back({"", DefaultOp::kAnd, [](uint32_t) { return true; }});
  // Four words: relevance feedback expands both; with op=and it only reorders.
  queries.push_back(
      {"bakom dorap gimut kodab", DefaultOp::kAnd, all(bakom | dorap | gimut | kodab)});
  queries.push_back({"kodab mupag tobim pakod", DefaultOp::kOr, any(kodab | mupag | tobim | pakod),
                     /*feedback_may_add=*/true});
  // Matches nothing; autocorrect answers for "dumab" and "bakom".
  queries.push_back({"dumap", DefaultOp::kAnd, any(dumab), false, /*autocorrect=*/true});
  queries.push_back({"bakon", DefaultOp::kAnd, any(bakom), false, /*autocorrect=*/true});
  return queries;
}

std::vector<FilterCase> Filters() {
  auto seconds = [](int day) { return kFirstDay + int64_t{day} * 86400; };
  std::vector<FilterCase> filters;
  filters.push_back({"none", {}, [](const Truth&) { return true; }});
  SearchFilters f;
  f.sources = {"Wire Service"};
  filters.push_back({"source", f, [](const Truth& t) { return t.source == 0; }});
  f = {};
  f.sources = {"evening courier", "Science Digest"};  // any of; case does not matter
  filters.push_back(
      {"two small sources", f, [](const Truth& t) { return t.source == 3 || t.source == 4; }});
  f = {};
  f.tags = {"science"};
  filters.push_back({"tag", f, [](const Truth& t) { return (t.tags & (1u << 4)) != 0; }});
  f = {};
  const int y2021 = DayOf(2021, 1, 1), y2022 = DayOf(2022, 1, 1);
  f.published_from = seconds(y2021);
  f.published_to = seconds(y2022) - 1;
  filters.push_back({"2021", f, [=](const Truth& t) { return t.day >= y2021 && t.day < y2022; }});
  f = {};
  const int mid2023 = DayOf(2023, 7, 1);
  f.published_from = seconds(mid2023);
  filters.push_back({"from July 2023", f, [=](const Truth& t) { return t.day >= mid2023; }});
  f = {};
  const int y2020 = DayOf(2020, 1, 1), y2023 = DayOf(2023, 1, 1);
  f.sources = {"Harbour Gazette"};
  f.tags = {"energy", "local"};
  f.published_from = seconds(y2020);
  f.published_to = seconds(y2023) - 1;
  filters.push_back({"source, tags and dates", f, [=](const Truth& t) {
                       return t.source == 1 && (t.tags & ((1u << 0) | (1u << 5))) &&
                              t.day >= y2020 && t.day < y2023;
                     }});
  return filters;
}

// One way of asking for the same matches.
struct Variant {
  SortOrder sort;
  bool recency;
  size_t offset, limit;
  bool snippets;
};

std::vector<Variant> Variants() {
  std::vector<Variant> variants;
  const std::pair<size_t, size_t> pages[] = {{0, 10}, {20, 1}, {990, 10}, {900, 100}, {1990, 10}};
  bool snippets = true;
  for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kOldestFirst, SortOrder::kNewestFirst}) {
    for (bool recency : {false, true}) {
      if (recency && sort != SortOrder::kRelevance) continue;  // a relevance-only boost
      for (auto [offset, limit] : pages) {
        variants.push_back({sort, recency, offset, limit, snippets});
        snippets = !snippets;
      }
    }
  }
  return variants;
}

std::string Describe(const Variant& v) {
  const char* sort = v.sort == SortOrder::kRelevance     ? (v.recency ? "recency" : "relevance")
                     : v.sort == SortOrder::kOldestFirst ? "date"
                                                         : "-date";
  return std::string(sort) + " offset " + std::to_string(v.offset) + " limit " +
         std::to_string(v.limit) + (v.snippets ? " snippets" : "");
}

class TotalPropertyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    truths_ = new std::vector<Truth>;
    // Through BulkBuilder, as byline-indexer --reindex builds an index.
    testing::Rebuild(dir_->path(), Generate(truths_));
  }
  static void TearDownTestSuite() {
    delete truths_;
    delete dir_;
  }

  void SetUp() override {
    SearchOptions options;
    // Counting every match (facets) must not be cut short on a slow
    // (sanitizer) build: this test is about the counts.
    options.time_limit_seconds = 0;
    auto searcher = Searcher::Open(dir_->path(), options);
    ASSERT_OK(searcher);
    searcher_ = std::move(*searcher);
  }

  SearchResponse Search(const QueryCase& q, const FilterCase& f, const Variant& v,
                        CollapseKey collapse = CollapseKey::kNone,
                        std::vector<FacetField> facets = {}) {
    SearchRequest req;
    req.query = q.text;
    req.op = q.op;
    req.filters = f.filters;
    req.sort = v.sort;
    req.recency_half_life_days = v.recency ? 30 : 0;
    req.offset = v.offset;
    req.limit = v.limit;
    req.snippets = v.snippets;
    req.collapse = collapse;
    req.facets = std::move(facets);
    req.facet_size = 100;
    req.auto_correct = q.autocorrect;
    auto found = searcher_->Search(req);
    EXPECT_OK(found);
    return found.ok() ? std::move(*found) : SearchResponse{};
  }

  // The articles the query and filter match, by the test's own reckoning.
  static std::vector<const Truth*> Matching(const QueryCase& q, const FilterCase& f) {
    std::vector<const Truth*> out;
    for (const Truth& t : *truths_) {
      if (q.matches(t.words) && f.keeps(t)) out.push_back(&t);
    }
    return out;
  }

  static testing::TempDir* dir_;
  static std::vector<Truth>* truths_;
  std::unique_ptr<Searcher> searcher_;
};

testing::TempDir* TotalPropertyTest::dir_ = nullptr;
std::vector<Truth>* TotalPropertyTest::truths_ = nullptr;

// The total a search must report when `count` articles match.
void ExpectTotalFor(uint64_t count, const SearchResponse& r, const std::string& what) {
  if (count <= kLimit) {
    EXPECT_TRUE(r.total_exact) << what;
    EXPECT_EQ(r.total, count) << what;
  } else {
    EXPECT_FALSE(r.total_exact) << what << " (" << count << " match)";
    EXPECT_EQ(r.total, kLimit) << what << " (" << count << " match)";
  }
}

TEST_F(TotalPropertyTest, TotalIsTheSameForEverySortPageAndSnippetSetting) {
  // The property means little unless some cases match fewer than 1,000
  // articles and some more, and the words made for the boundary are on it.
  int below = 0, above = 0;
  for (const QueryCase& q : Queries()) {
    for (const FilterCase& f : Filters()) (Matching(q, f).size() <= kLimit ? below : above)++;
  }
  EXPECT_GT(below, 20);
  EXPECT_GT(above, 10);
  const FilterCase none = Filters().front();
  for (auto [word, count] : {std::pair{"kabud", 999u}, {"kabum", 1000u}, {"kabup", 1001u}}) {
    const uint32_t bit = Bit(word);
    const QueryCase q{word, DefaultOp::kAnd, [bit](uint32_t w) { return (w & bit) != 0; }};
    EXPECT_EQ(Matching(q, none).size(), count) << word;
  }

  const std::vector<Variant> variants = Variants();
  for (const QueryCase& q : Queries()) {
    for (const FilterCase& f : Filters()) {
      const std::string what = "q=\"" + q.text + "\" filter: " + f.name;
      const uint64_t count = Matching(q, f).size();
      const SearchResponse first = Search(q, f, variants.front());
      if (q.feedback_may_add) {
        // At least the words' own matches; more only if counted.
        EXPECT_GE(first.total, std::min(count, kLimit)) << what;
      } else {
        ExpectTotalFor(count, first, what);
      }
      // The correction is looked for when the words match nothing, also
      // with a filter that leaves nothing of what the correction matches.
      if (q.autocorrect) {
        EXPECT_EQ(first.corrected, count > 0) << what;
      }
      for (const Variant& v : variants) {
        const SearchResponse r = Search(q, f, v);
        EXPECT_EQ(r.corrected, first.corrected) << what << ", " << Describe(v);
        EXPECT_EQ(r.total, first.total) << what << ", " << Describe(v);
        EXPECT_EQ(r.total_exact, first.total_exact) << what << ", " << Describe(v);
        // The page holds what the total says is there.
        if (r.total_exact) {
          const uint64_t left = r.total > v.offset ? r.total - v.offset : 0;
          EXPECT_EQ(r.hits.size(), std::min<uint64_t>(left, v.limit))
              << what << ", " << Describe(v);
        } else if (v.offset + v.limit <= kLimit) {
          EXPECT_EQ(r.hits.size(), v.limit) << what << ", " << Describe(v);
        }
      }
    }
  }
}

TEST_F(TotalPropertyTest, FacetCountsAddUpToAnExactTotal) {
  const Variant deep{SortOrder::kNewestFirst, false, 990, 10, false};
  for (const QueryCase& q : Queries()) {
    if (q.feedback_may_add) continue;
    for (const FilterCase& f : Filters()) {
      const std::string what = "q=\"" + q.text + "\" filter: " + f.name;
      std::map<std::string, uint64_t> sources, years, tags;
      const std::vector<const Truth*> matching = Matching(q, f);
      for (const Truth* t : matching) {
        ++sources[kSources[t->source]];
        ++years[DateOf(t->day).substr(0, 4)];
        for (size_t k = 0; k < kTags.size(); ++k) {
          if (t->tags & (1u << k)) ++tags[kTags[k]];
        }
      }
      const SearchResponse r = Search(q, f, deep, CollapseKey::kNone,
                                      {FacetField::kSource, FacetField::kYear, FacetField::kTag});
      // Facets count every match, so the total is exact at any size.
      EXPECT_TRUE(r.total_exact) << what;
      EXPECT_EQ(r.total, matching.size()) << what;
      ASSERT_EQ(r.facets.size(), 3u) << what;
      std::map<std::string, uint64_t> got[3];
      uint64_t sums[3] = {0, 0, 0};
      for (int i = 0; i < 3; ++i) {
        for (const FacetValue& v : r.facets[i].values) {
          got[i][v.value] = v.count;
          sums[i] += v.count;
        }
      }
      // Every article has one source and one date: those counts add up to
      // the total; tags are counted once each per article.
      EXPECT_EQ(sums[0], r.total) << what;
      EXPECT_EQ(sums[1], r.total) << what;
      EXPECT_EQ(got[0], sources) << what;
      EXPECT_EQ(got[1], years) << what;
      EXPECT_EQ(got[2], tags) << what;
    }
  }
}

TEST_F(TotalPropertyTest, CollapsedTotalsCountOneArticlePerUrl) {
  const Variant variants[] = {
      {SortOrder::kRelevance, false, 0, 10, true},
      {SortOrder::kNewestFirst, false, 990, 10, false},
      {SortOrder::kOldestFirst, false, 0, 100, false},
      {SortOrder::kRelevance, true, 1990, 10, true},
  };
  for (const QueryCase& q : Queries()) {
    if (q.feedback_may_add) continue;
    for (const FilterCase& f : Filters()) {
      const std::string what = "q=\"" + q.text + "\" collapse=url filter: " + f.name;
      std::set<int> urls;
      uint64_t without_url = 0;
      for (const Truth* t : Matching(q, f)) {
        if (t->url < 0) {
          ++without_url;  // nothing to collapse on: each one counts
        } else {
          urls.insert(t->url);
        }
      }
      const uint64_t count = urls.size() + without_url;
      for (const Variant& v : variants) {
        ExpectTotalFor(count, Search(q, f, v, CollapseKey::kUrl), what + ", " + Describe(v));
      }
      const SearchResponse counted =
          Search(q, f, variants[1], CollapseKey::kUrl, {FacetField::kSource});
      EXPECT_TRUE(counted.total_exact) << what << " with facets";
      EXPECT_EQ(counted.total, count) << what << " with facets";
    }
  }
}

}  // namespace
}  // namespace byline
