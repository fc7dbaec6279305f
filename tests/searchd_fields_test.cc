// Custom fields end to end: articles with extra fields indexed by the real
// byline-indexer with --field declarations of every type, searched over HTTP
// on the real byline-searchd. Expectations are computed from the generated
// articles, not written down.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "byline/article.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;

// One generated article and the custom fields it carries.
struct Generated {
  std::string id;
  std::vector<std::string> categories;  // keyword "category"
  std::optional<double> minutes;        // number "reading_minutes"
  std::optional<std::string> updated;   // date "updated" (YYYY-MM-DD)
  std::string summary;                  // text "summary"
  json line;
};

constexpr int kArticles = 60;
const char* const kCategories[] = {"world", "sport", "science", "Culture"};
const char* const kMarkers[] = {"zephyrquill", "marblefinch", "lanternmoss"};

std::vector<Generated> Corpus() {
  std::vector<Generated> corpus;
  for (int i = 0; i < kArticles; ++i) {
    Generated g;
    g.id = "f-" + std::to_string(i);
    g.categories.push_back(kCategories[i % 4]);
    if (i % 5 == 0) g.categories.push_back(kCategories[(i + 1) % 4]);
    if (i % 7 != 3) g.minutes = (i * 7) % 23 + (i % 2 ? 0.5 : 0);
    if (i % 6 != 1) {
      // 2023-01-01 plus 9 days per article, by month and day arithmetic.
      const int64_t base = *ParseIsoDate("2023-01-01");
      g.updated = FormatIsoDay(base + int64_t{i} * 9 * 86400);
    }
    g.summary = std::string("A brief note on ") + kMarkers[i % 3] + " matters";
    g.line = {{"id", g.id},
              {"title", "Harbour report number " + std::to_string(i)},
              {"body", "The harbour board met again about ferries and tides."},
              {"summary", g.summary},
              {"image", {{"src", "img/" + std::to_string(i) + ".png"}, {"w", i}}}};
    g.line["category"] = g.categories.size() == 1 ? json(g.categories[0]) : json(g.categories);
    if (g.minutes) g.line["reading_minutes"] = *g.minutes;
    if (g.updated) g.line["updated"] = *g.updated;
    corpus.push_back(std::move(g));
  }
  return corpus;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

class SearchdFieldsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    corpus_ = new std::vector<Generated>(Corpus());
    dir_ = new testing::TempDir;
    std::string lines;
    for (const auto& g : *corpus_) lines += g.line.dump() + "\n";
    testing::WriteFile(dir_->File("in.jsonl"), lines);
    std::string err;
    ASSERT_EQ(testing::RunIndexer({"--index", dir_->File("index"), "--field", "category:keyword",
                                   "--field", "reading_minutes:number", "--field", "updated:date",
                                   "--field", "summary:text", dir_->File("in.jsonl")},
                                  &err),
              0)
        << err;
    server_ = new testing::SearchdProcess(dir_->File("index"));
    ASSERT_TRUE(server_->ok()) << server_->startup_output();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
    delete corpus_;
  }

  static json Get(const std::string& path, int want_status = 200) {
    auto res = server_->Client()->Get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, want_status) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }

  static std::set<std::string> IdsOf(const json& body) {
    std::set<std::string> ids;
    for (const auto& hit : body["hits"]) ids.insert(hit["id"].get<std::string>());
    return ids;
  }

  template <typename Pred>
  static std::set<std::string> Expected(Pred pred) {
    std::set<std::string> ids;
    for (const auto& g : *corpus_) {
      if (pred(g)) ids.insert(g.id);
    }
    return ids;
  }

  static std::vector<Generated>* corpus_;
  static testing::TempDir* dir_;
  static testing::SearchdProcess* server_;
};

std::vector<Generated>* SearchdFieldsTest::corpus_ = nullptr;
testing::TempDir* SearchdFieldsTest::dir_ = nullptr;
testing::SearchdProcess* SearchdFieldsTest::server_ = nullptr;

TEST_F(SearchdFieldsTest, KeywordFilterIsExactCaseInsensitiveAndRepeatable) {
  auto has = [](const Generated& g, const std::string& value) {
    for (const auto& c : g.categories) {
      if (Lower(c) == value) return true;
    }
    return false;
  };
  json body = Get("/search?category=world&per_page=100");
  EXPECT_EQ(IdsOf(body), Expected([&](const Generated& g) { return has(g, "world"); }));
  EXPECT_EQ(body["total"], IdsOf(body).size());

  body = Get("/search?category=CULTURE&category=sport&per_page=100");
  EXPECT_EQ(IdsOf(body),
            Expected([&](const Generated& g) { return has(g, "culture") || has(g, "sport"); }));
  // With another filter: both must hold.
  body = Get("/search?category=world&reading_minutes=..10&per_page=100");
  EXPECT_EQ(IdsOf(body), Expected([&](const Generated& g) {
              return has(g, "world") && g.minutes && *g.minutes <= 10;
            }));
  EXPECT_EQ(Get("/search?category=worl")["total"], 0);
}

TEST_F(SearchdFieldsTest, KeywordFacetCountsEveryMatch) {
  json body = Get("/search?facets=category,source&facet_size=10&per_page=1");
  ASSERT_TRUE(body["facets"].contains("category")) << body.dump();
  std::map<std::string, uint64_t> want;
  for (const auto& g : *corpus_) {
    for (const auto& c : g.categories) ++want[c];
  }
  std::map<std::string, uint64_t> got;
  for (const auto& v : body["facets"]["category"]) got[v["value"]] = v["count"];
  EXPECT_EQ(got, want);
  // Counted over the matches of the query and filters only.
  body = Get("/search?q=harbour&reading_minutes=10..&facets=category&per_page=1");
  want.clear();
  for (const auto& g : *corpus_) {
    if (!g.minutes || *g.minutes < 10) continue;
    for (const auto& c : g.categories) ++want[c];
  }
  got.clear();
  for (const auto& v : body["facets"]["category"]) got[v["value"]] = v["count"];
  EXPECT_EQ(got, want);
}

TEST_F(SearchdFieldsTest, NumberRangesWithOpenEnds) {
  auto between = [](std::optional<double> lo, std::optional<double> hi) {
    return [=](const Generated& g) {
      return g.minutes && (!lo || *g.minutes >= *lo) && (!hi || *g.minutes <= *hi);
    };
  };
  EXPECT_EQ(IdsOf(Get("/search?reading_minutes=5..10&per_page=100")), Expected(between(5, 10)));
  EXPECT_EQ(IdsOf(Get("/search?reading_minutes=15..&per_page=100")),
            Expected(between(15, std::nullopt)));
  EXPECT_EQ(IdsOf(Get("/search?reading_minutes=..2.5&per_page=100")),
            Expected(between(std::nullopt, 2.5)));
  // A single value, and two ranges: either.
  EXPECT_EQ(IdsOf(Get("/search?reading_minutes=7.5&per_page=100")), Expected(between(7.5, 7.5)));
  auto either = Expected(between(0, 1));
  for (const auto& id : Expected(between(20, std::nullopt))) either.insert(id);
  EXPECT_EQ(IdsOf(Get("/search?reading_minutes=0..1&reading_minutes=20..&per_page=100")), either);
}

TEST_F(SearchdFieldsTest, DateRangesTakeWholeMonths) {
  auto within = [](const std::string& from, const std::string& to) {
    return [=](const Generated& g) { return g.updated && *g.updated >= from && *g.updated <= to; };
  };
  EXPECT_EQ(IdsOf(Get("/search?updated=2023-03..2023-06&per_page=100")),
            Expected(within("2023-03-01", "2023-06-31")));
  EXPECT_EQ(IdsOf(Get("/search?updated=2024..&per_page=100")),
            Expected(within("2024-01-01", "9999")));
  EXPECT_EQ(IdsOf(Get("/search?updated=2023-02&per_page=100")),
            Expected(within("2023-02-01", "2023-02-31")));
}

TEST_F(SearchdFieldsTest, SortsByNumberAndDateEitherWayWithMissingValuesLast) {
  for (const char* sort : {"reading_minutes", "-reading_minutes"}) {
    json body = Get(std::string("/search?per_page=100&sort=") + sort);
    ASSERT_EQ(body["hits"].size(), static_cast<size_t>(kArticles));
    std::map<std::string, const Generated*> by_id;
    for (const auto& g : *corpus_) by_id[g.id] = &g;
    const bool descending = sort[0] == '-';
    std::vector<std::optional<double>> seen;
    for (const auto& hit : body["hits"]) seen.push_back(by_id[hit["id"]]->minutes);
    for (size_t i = 1; i < seen.size(); ++i) {
      if (!seen[i]) continue;  // a missing value may only follow
      ASSERT_TRUE(seen[i - 1]) << sort << ": a value after a missing one at " << i;
      if (descending) {
        EXPECT_GE(*seen[i - 1], *seen[i]) << sort << " at " << i;
      } else {
        EXPECT_LE(*seen[i - 1], *seen[i]) << sort << " at " << i;
      }
    }
    EXPECT_FALSE(seen.back().has_value()) << "some articles have no reading_minutes";
  }
  json body = Get("/search?per_page=100&sort=-updated&fields=updated");
  std::vector<std::string> dates;
  for (const auto& hit : body["hits"]) {
    if (hit.contains("fields") && hit["fields"].contains("updated")) {
      dates.push_back(hit["fields"]["updated"]);
    }
  }
  ASSERT_EQ(dates.size(),
            Expected([](const Generated& g) { return g.updated.has_value(); }).size());
  EXPECT_TRUE(std::is_sorted(dates.rbegin(), dates.rend()));
  // Dated first: the first hits are all the dated ones.
  for (size_t i = 0; i < dates.size(); ++i) {
    EXPECT_TRUE(body["hits"][i].contains("fields")) << i;
  }
}

TEST_F(SearchdFieldsTest, TextFieldIsSearchablePlainlyAndByItsPrefix) {
  for (const char* marker : kMarkers) {
    auto want =
        Expected([&](const Generated& g) { return g.summary.find(marker) != std::string::npos; });
    ASSERT_FALSE(want.empty());
    json fielded = Get(std::string("/search?per_page=100&q=summary:") + marker);
    EXPECT_EQ(IdsOf(fielded), want) << marker;
    for (const auto& hit : fielded["hits"]) {
      EXPECT_EQ(hit["matched_fields"], json({"summary"})) << hit.dump();
    }
    EXPECT_EQ(IdsOf(Get(std::string("/search?per_page=100&q=") + marker)), want) << marker;
    // Not a word of any title: the prefix keeps to its field.
    EXPECT_EQ(Get(std::string("/search?q=title:") + marker)["total"], 0) << marker;
  }
  // Stemmed like every field: "matter" finds "matters" under the prefix.
  EXPECT_EQ(Get("/search?q=summary:matter&per_page=1")["total"], kArticles);
}

TEST_F(SearchdFieldsTest, StoredFieldsAreReturnedWhereAsked) {
  const Generated& g = (*corpus_)[10];
  json article = Get("/articles/" + g.id);
  EXPECT_EQ(article["image"], g.line["image"]);  // undeclared: stored only
  EXPECT_EQ(article["category"], g.line["category"]);
  EXPECT_EQ(article["summary"], g.summary);
  EXPECT_EQ(article["title"], g.line["title"]);

  json body = Get("/search?q=harbour&per_page=100&fields=image,category");
  ASSERT_EQ(body["hits"].size(), static_cast<size_t>(kArticles));
  for (const auto& hit : body["hits"]) {
    const std::string id = hit["id"];
    const Generated& want = (*corpus_)[std::stoi(id.substr(2))];
    ASSERT_TRUE(hit.contains("fields")) << id;
    EXPECT_EQ(hit["fields"],
              json({{"image", want.line["image"]}, {"category", want.line["category"]}}))
        << id;
  }
  EXPECT_FALSE(Get("/search?q=harbour")["hits"][0].contains("fields"));
  json all = Get("/search?q=harbour&fields=*&per_page=1");
  EXPECT_TRUE(all["hits"][0]["fields"].contains("summary"));
  EXPECT_TRUE(all["hits"][0]["fields"].contains("image"));
}

TEST_F(SearchdFieldsTest, BadFieldParametersAre400NamingTheParameter) {
  const std::pair<std::string, std::string> cases[] = {
      {"/search?summary=crisis", "summary"},
      {"/search?reading_minutes=five", "reading_minutes"},
      {"/search?reading_minutes=10..5", "reading_minutes"},
      {"/search?reading_minutes=..", "reading_minutes"},
      {"/search?updated=2024-13", "updated"},
      {"/search?updated=yesterday..", "updated"},
      {"/search?category=", "category"},
      {"/search?category=" + std::string(300, 'x'), "category"},
      {"/search?facets=reading_minutes", "facets"},
      {"/search?facets=colour", "facets"},
      {"/search?sort=category", "sort"},
      {"/search?sort=-colour", "sort"},
      {"/search?fields=Bad-Name", "fields"},
  };
  for (const auto& [path, parameter] : cases) {
    json body = Get(path, 400);
    EXPECT_EQ(body["error"]["parameter"], parameter) << path;
  }
  // Worded as byline-search words it (byline/field_request.h), after the parameter.
  EXPECT_EQ(Get("/search?facets=reading_minutes", 400)["error"]["message"],
            "facets: \"reading_minutes\" is neither source, tag, year nor a keyword field the "
            "index declares (keyword fields: category)");
  std::string many = "/search?q=a";
  for (int i = 0; i < 51; ++i) many += "&category=c" + std::to_string(i);
  EXPECT_EQ(Get(many, 400)["error"]["parameter"], "category");
  // Names that cannot be fields are ignored, as before; undeclared ones
  // that could be (a link's utm_source) are ignored with a warning.
  EXPECT_EQ(Get("/search?_=12345&per_page=1")["total"], kArticles);
  json tracked = Get("/search?utm_source=newsletter&colour=red&per_page=1");
  EXPECT_EQ(tracked["total"], kArticles);
  ASSERT_EQ(tracked["warnings"].size(), 2u) << tracked.dump();
  const std::string said = tracked["warnings"].dump();
  EXPECT_NE(said.find("ignored parameter \\\"utm_source\\\""), std::string::npos) << said;
  EXPECT_NE(said.find("ignored parameter \\\"colour\\\""), std::string::npos) << said;
}

TEST_F(SearchdFieldsTest, FieldsRouteListsTheDeclarations) {
  json body = Get("/fields");
  EXPECT_EQ(body["fields"], json::parse(R"([{"name":"category","type":"keyword"},
      {"name":"reading_minutes","type":"number"},{"name":"updated","type":"date"},
      {"name":"summary","type":"text"}])"));
}

}  // namespace
}  // namespace byline
