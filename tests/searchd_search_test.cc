// Integration tests over HTTP for the search parameters of GET /search and
// for GET /suggest: each one with good values, and bad values giving a 400
// that names the parameter.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "sample_server_fixture.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;

class SearchdSearchTest : public testing::SampleServerTest {
 protected:
  static std::set<std::string> IdsOf(const json& body) {
    std::set<std::string> ids;
    for (const auto& hit : body["hits"]) ids.insert(hit["id"].get<std::string>());
    return ids;
  }
};

TEST_F(SearchdSearchTest, FiltersBySourceTagAuthorAndDates) {
  json body = GetJson("/search?source=market+ledger&per_page=100");
  EXPECT_EQ(body["total"], 6);
  for (const auto& hit : body["hits"]) EXPECT_EQ(hit["source"], "Market Ledger");

  body = GetJson("/search?tag=energy&tag=running&source=The+Harbour+Gazette");
  EXPECT_EQ(IdsOf(body),
            (std::set<std::string>{"byline-0001", "byline-0005", "byline-0006", "byline-0007"}));

  body = GetJson("/search?author=Maren%20Okafor&q=port");
  EXPECT_GE(body["hits"].size(), 1u);
  for (const auto& hit : body["hits"]) EXPECT_EQ(hit["author"], "Maren Okafor");

  body = GetJson("/search?from=2025&to=2025-06");
  EXPECT_EQ(IdsOf(body), (std::set<std::string>{"byline-0004", "byline-0008", "byline-0019",
                                                "byline-0022", "byline-0032"}));
}

// How the query string is decoded, as browsers and hand-typed URLs send it:
// '+' is a space, %2B a plus, %XX any byte (UTF-8 here), a repeated
// parameter keeps every value, and a raw '=' stays in the value.
TEST_F(SearchdSearchTest, QueryStringDecoding) {
  EXPECT_EQ(GetJson("/search?q=solar+power")["query"], "solar power");
  EXPECT_EQ(GetJson("/search?q=c%2B%2B+harbour")["query"], "c++ harbour");
  EXPECT_EQ(GetJson("/search?q=%C3%A9t%C3%A9%20port%26quay")["query"], "\u00e9t\u00e9 port&quay");
  EXPECT_EQ(GetJson("/search?q=E=mc2")["query"], "E=mc2");
  EXPECT_EQ(GetJson("/suggest?q=harb+po")["query"], "harb po");

  // tag=a&tag=b is "any of": the union of each tag's hits.
  auto ids = [&](const std::string& path) { return IdsOf(GetJson(path + "&per_page=100")); };
  std::set<std::string> energy = ids("/search?tag=energy");
  std::set<std::string> running = ids("/search?tag=running");
  ASSERT_FALSE(energy.empty());
  ASSERT_FALSE(running.empty());
  ASSERT_NE(energy, running);
  std::set<std::string> either = energy;
  either.insert(running.begin(), running.end());
  EXPECT_EQ(ids("/search?tag=energy&tag=running"), either);
  EXPECT_EQ(ids("/search?tag=running&tag=energy"), either);
}

TEST_F(SearchdSearchTest, PublishedRangeInTheQuery) {
  json body = GetJson("/search?q=solar+published:2024-01-01..2024-12-31");
  ASSERT_GE(body["hits"].size(), 2u);
  for (const auto& hit : body["hits"]) {
    EXPECT_EQ(hit["published"].get<std::string>().substr(0, 4), "2024") << hit["id"];
  }
}

TEST_F(SearchdSearchTest, FacetsOverTheWholeMatchSet) {
  json body = GetJson("/search?facets=source,tag,year&facet_size=3&per_page=1");
  ASSERT_TRUE(body.contains("facets"));
  const json& facets = body["facets"];
  for (const char* name : {"source", "tag", "year"}) {
    ASSERT_TRUE(facets.contains(name)) << name;
    EXPECT_EQ(facets[name].size(), 3u) << name;
  }
  EXPECT_EQ(facets["tag"][0]["value"], "local");
  EXPECT_EQ(facets["tag"][0]["count"], 12);
  EXPECT_EQ(facets["year"][0]["value"], "2024");
  EXPECT_EQ(facets["year"][0]["count"], 12);
  EXPECT_EQ(facets["source"][0]["value"], "The Harbour Gazette");
  EXPECT_FALSE(GetJson("/search?q=solar").contains("facets"));
}

// facets=date: the timeline over every match, its interval said, the
// buckets plus the undated adding up to the total; each bucket's from/to
// selects it.
TEST_F(SearchdSearchTest, DateFacetIsATimelineOfEveryMatch) {
  for (const std::string interval : {"auto", "day", "week", "month", "year"}) {
    json body = GetJson("/search?facets=date&per_page=1&date_interval=" + interval);
    ASSERT_TRUE(body["facets"].contains("date")) << body.dump();
    const json& date = body["facets"]["date"];
    if (interval != "auto" && date["interval"] != interval) {
      // Over 1,000 buckets (the samples span years): a coarser one, said.
      ASSERT_TRUE(body.contains("warnings")) << interval;
      EXPECT_NE(body["warnings"].dump().find("date_interval=" + interval + " would give"),
                std::string::npos)
          << body["warnings"].dump();
      EXPECT_GT(date["buckets"].size(), 1000u / (interval == "day" ? 7 : 4));
    } else if (interval != "auto") {
      EXPECT_EQ(body.value("warnings", json::array()).dump().find("date_interval"),
                std::string::npos)
          << interval;
    }
    ASSERT_TRUE(body["total_exact"].get<bool>());
    int64_t sum = date["undated"].get<int64_t>();
    ASSERT_FALSE(date["buckets"].empty());
    for (const json& bucket : date["buckets"]) sum += bucket["count"].get<int64_t>();
    EXPECT_EQ(sum, body["total"].get<int64_t>()) << interval;
    if (interval == "auto") {
      EXPECT_GE(date["buckets"].size(), 1u);
      EXPECT_LE(date["buckets"].size(), 60u);
    }
    // The busiest bucket, selected by its bounds, has its count.
    json busiest = date["buckets"][0];
    for (const json& bucket : date["buckets"]) {
      if (bucket["count"] > busiest["count"]) busiest = bucket;
    }
    json in_it = GetJson("/search?per_page=1&from=" + busiest["from"].get<std::string>() +
                         "&to=" + busiest["to"].get<std::string>());
    EXPECT_EQ(in_it["total"], busiest["count"]) << interval << " " << busiest.dump();
  }
  json harbour = GetJson("/search?q=harbour&facets=date,source&date_interval=month");
  EXPECT_EQ(harbour["facets"]["date"]["interval"], "month");
  EXPECT_TRUE(harbour["facets"]["source"].is_array());
}

TEST_F(SearchdSearchTest, SortsByDate) {
  for (const std::string sort : {"date", "-date"}) {
    json body = GetJson("/search?q=harbour&per_page=100&sort=" + sort);
    ASSERT_GE(body["hits"].size(), 3u);
    std::string previous = sort == "date" ? "" : "9999";
    for (const auto& hit : body["hits"]) {
      std::string published = hit["published"];
      if (sort == "date") {
        EXPECT_GE(published, previous);
      } else {
        EXPECT_LE(published, previous);
      }
      previous = published;
    }
  }
  json relevance = GetJson("/search?q=harbour&sort=relevance");
  EXPECT_EQ(relevance["hits"].size(), GetJson("/search?q=harbour")["hits"].size());
}

TEST_F(SearchdSearchTest, RecencyBoostsNewerArticles) {
  json plain = GetJson("/search?q=solar&op=or&per_page=100");
  // A long half-life, so that no boost decays to nothing whatever today is.
  json boosted = GetJson("/search?q=solar&op=or&per_page=100&recency=10y&recency_weight=5");
  ASSERT_EQ(plain["total"], boosted["total"]);
  std::map<std::string, double> plain_score;
  for (const auto& hit : plain["hits"]) plain_score[hit["id"]] = hit["score"];
  std::vector<std::pair<std::string, double>> gains;  // (published, boost)
  for (const auto& hit : boosted["hits"]) {
    double gain = hit["score"].get<double>() - plain_score[hit["id"]];
    EXPECT_GT(gain, 0) << hit["id"];
    gains.emplace_back(hit["published"], gain);
  }
  std::sort(gains.begin(), gains.end());
  ASSERT_GE(gains.size(), 3u);
  for (size_t i = 1; i < gains.size(); ++i) {
    if (gains[i].first > gains[i - 1].first) {
      EXPECT_GT(gains[i].second, gains[i - 1].second) << gains[i].first;
    }
  }
  GetJson("/search?q=solar&recency=2w");
  GetJson("/search?q=solar&recency=12h");
  GetJson("/search?q=solar&recency=30");
}

TEST_F(SearchdSearchTest, DidYouMeanAndAutocorrect) {
  json body = GetJson("/search?q=sourdogh");
  EXPECT_EQ(body["total"], 0);
  EXPECT_EQ(body["did_you_mean"], "sourdough");
  EXPECT_EQ(body["corrected"], false);
  body = GetJson("/search?q=sourdogh&autocorrect=true");
  EXPECT_EQ(body["corrected"], true);
  EXPECT_GE(body["total"].get<int>(), 1);
  body = GetJson("/search?q=sourdogh&spelling=false");
  EXPECT_TRUE(body["did_you_mean"].is_null());
  EXPECT_TRUE(GetJson("/search?q=sourdough")["did_you_mean"].is_null());
}

TEST_F(SearchdSearchTest, FieldValuesInTheQueryMatchWhatFiltersMatch) {
  // A quoted source or author is the whole value, as source= and author= are.
  json phrase = GetJson("/search?q=source:%22market+ledger%22&per_page=100");
  EXPECT_EQ(phrase["total"], 6);
  EXPECT_EQ(IdsOf(phrase), IdsOf(GetJson("/search?source=Market+Ledger&per_page=100")));
  EXPECT_EQ(IdsOf(GetJson("/search?q=port+author:%22Maren+Okafor%22&per_page=100")),
            IdsOf(GetJson("/search?q=port&author=Maren+Okafor&per_page=100")));
  // matched_fields names the fields a hit matched through.
  for (const auto& hit : phrase["hits"]) {
    EXPECT_NE(std::find(hit["matched_fields"].begin(), hit["matched_fields"].end(), "source"),
              hit["matched_fields"].end())
        << hit["id"];
  }
  json titled = GetJson("/search?q=title:solar&per_page=100");
  ASSERT_GE(titled["hits"].size(), 1u);
  for (const auto& hit : titled["hits"]) {
    EXPECT_NE(std::find(hit["matched_fields"].begin(), hit["matched_fields"].end(), "title"),
              hit["matched_fields"].end())
        << hit["id"];
  }
}

TEST_F(SearchdSearchTest, CollapseAndSnippetOptions) {
  for (const char* collapse : {"url", "title"}) {
    json body = GetJson(std::string("/search?q=harbour&collapse=") + collapse);
    EXPECT_EQ(body["total"], GetJson("/search?q=harbour")["total"]) << "no duplicates in data/";
  }
  json body = GetJson("/search?q=sourdough&highlight=em&highlight_class=hit+big");
  ASSERT_GE(body["hits"].size(), 1u);
  const json& top = body["hits"][0];
  EXPECT_NE(top["snippet_html"].get<std::string>().find("<em class=\"hit big\">"),
            std::string::npos);
  EXPECT_EQ(top["snippet_html"].get<std::string>().find("<mark>"), std::string::npos);
  EXPECT_TRUE(top["matched_fields"].is_array());
  EXPECT_NE(std::find(top["matched_fields"].begin(), top["matched_fields"].end(), "body"),
            top["matched_fields"].end());
  body = GetJson("/search?q=sourdough&snippets=false");
  EXPECT_EQ(body["hits"][0]["snippet_html"], "");
}

TEST_F(SearchdSearchTest, SuggestCompletesTheLastWordAndFindsTitles) {
  json body = GetJson("/suggest?q=sourd");
  ASSERT_GE(body["completions"].size(), 1u);
  EXPECT_EQ(body["completions"][0]["text"], "sourdough");
  EXPECT_GE(body["completions"][0]["articles"].get<int>(), 1);
  ASSERT_GE(body["titles"].size(), 1u);
  EXPECT_EQ(body["titles"][0]["id"], "byline-0009");
  EXPECT_TRUE(body["took_ms"].is_number());

  body = GetJson("/suggest?q=port+ell&completions=1&titles=2");
  ASSERT_EQ(body["completions"].size(), 1u);
  EXPECT_EQ(body["completions"][0]["text"], "port Elling");  // as written
  EXPECT_LE(body["titles"].size(), 2u);
  ASSERT_GE(body["titles"].size(), 1u);

  body = GetJson("/suggest?q=");
  EXPECT_TRUE(body["completions"].empty());
  EXPECT_TRUE(body["titles"].empty());
  GetJson("/suggest?q=%22((");  // odd input is answered, not rejected
}

TEST_F(SearchdSearchTest, BadSearchParametersAre400NamingTheParameter) {
  std::string many_tags;
  for (int i = 0; i < 51; ++i) many_tags += "&tag=t" + std::to_string(i);
  struct Case {
    std::string path, parameter;
  } cases[] = {
      {"/search?source=", "source"},
      {"/search?tag=" + std::string(201, 'x'), "tag"},
      {"/search?q=x" + many_tags, "tag"},
      {"/search?author=+", "author"},
      {"/search?from=2024-13", "from"},
      {"/search?from=yesterday", "from"},
      {"/search?to=2024-02-30", "to"},
      {"/search?from=2025&to=2024", "to"},
      {"/search?facets=colour", "facets"},
      {"/search?facets=source,", "facets"},
      {"/search?facets=date&date_interval=fortnight", "date_interval"},
      {"/search?facet_size=0", "facet_size"},
      {"/search?facet_size=101", "facet_size"},
      {"/search?facet_size=x", "facet_size"},
      {"/search?sort=newest", "sort"},
      {"/search?recency=0", "recency"},
      {"/search?recency=-1", "recency"},
      {"/search?recency=abc", "recency"},
      {"/search?recency=5x", "recency"},
      {"/search?recency=nan", "recency"},
      {"/search?recency=30d&sort=date", "recency"},
      {"/search?recency=30&recency_weight=0", "recency_weight"},
      {"/search?recency_weight=1", "recency_weight"},
      {"/search?spelling=maybe", "spelling"},
      {"/search?autocorrect=yes", "autocorrect"},
      {"/search?autocorrect=true&spelling=false", "autocorrect"},
      {"/search?collapse=id", "collapse"},
      {"/search?highlight=script", "highlight"},
      {"/search?highlight_class=a%22b", "highlight_class"},
      {"/search?highlight_class=", "highlight_class"},
      {"/search?snippets=2", "snippets"},
      {"/suggest?q=" + std::string(3000, 'a'), "q"},
      {"/suggest?q=a&completions=21", "completions"},
      {"/suggest?q=a&titles=x", "titles"},
  };
  for (const auto& c : cases) {
    json body = GetJson(c.path, 400);
    EXPECT_EQ(body["error"]["code"], "invalid_parameter") << c.path;
    EXPECT_EQ(body["error"]["parameter"], c.parameter) << c.path;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(c.parameter), std::string::npos)
        << c.path;
  }
}

}  // namespace
}  // namespace byline
