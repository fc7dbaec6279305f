// Unit tests of the search analytics: the Space-Saving counter, query
// normalisation, days (with an injected clock), pruning, the state file's
// round trip and a damaged file.
#include "analytics/search_analytics.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "analytics/space_saving.h"
#include "analytics/state_file.h"
#include "byline/article.h"
#include "testutil.h"

namespace byline::searchd {
namespace {

using nlohmann::json;

constexpr int64_t kDay = 86400;
// 2026-03-05 12:00 UTC.
constexpr int64_t kNoon = 20517 * kDay + 12 * 3600;

TEST(SpaceSavingTest, ExactWhileThereAreNoMoreKeysThanCounters) {
  SpaceSaving counter(12);  // 10 keys below
  std::map<std::string, uint64_t> truth;
  std::mt19937 random(7);
  for (int i = 0; i < 5000; ++i) {
    const std::string key = "k" + std::to_string(random() % 10);
    counter.Add(key);
    ++truth[key];
  }
  ASSERT_EQ(counter.size(), truth.size());
  for (const auto& [key, count] : truth) {
    const SpaceSaving::Counter* c = counter.Find(key);
    ASSERT_NE(c, nullptr) << key;
    EXPECT_EQ(c->count, count) << key;
    EXPECT_EQ(c->error, 0u) << key;
  }
  EXPECT_EQ(counter.min_count(), 0u);  // not full: an unkept key was never seen
  auto top = counter.Top(3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_GE(top[0].count, top[1].count);
  EXPECT_GE(top[1].count, top[2].count);
}

TEST(SpaceSavingTest, BoundsHoldAndFrequentKeysStayWhenKeysOutnumberCounters) {
  const size_t k = 50;
  SpaceSaving counter(k);
  std::map<std::string, uint64_t> truth;
  std::mt19937 random(11);
  // A Zipf-like stream over 2000 keys, 100000 events.
  std::vector<double> weights;
  for (int i = 1; i <= 2000; ++i) weights.push_back(1.0 / i);
  std::discrete_distribution<int> pick(weights.begin(), weights.end());
  const uint64_t events = 100000;
  for (uint64_t i = 0; i < events; ++i) {
    const std::string key = "q" + std::to_string(pick(random));
    counter.Add(key);
    ++truth[key];
  }
  EXPECT_EQ(counter.size(), k);
  uint64_t total = 0;
  for (const auto& c : counter.counters()) {
    const uint64_t real = truth[c.key];
    EXPECT_LE(c.count - c.error, real) << c.key;  // never under the lower bound
    EXPECT_GE(c.count, real) << c.key;            // never an under-estimate
    total += c.count;
  }
  // Counts sum to the stream's length (each event adds one to one counter).
  EXPECT_EQ(total, events);
  // The smallest count is at most events / k, and any key more frequent
  // than it is kept.
  EXPECT_LE(counter.min_count(), events / k);
  for (const auto& [key, count] : truth) {
    if (count > counter.min_count()) {
      EXPECT_NE(counter.Find(key), nullptr) << key;
    }
  }
  // The most frequent key is first.
  EXPECT_EQ(counter.Top(1)[0].key, "q0");
}

TEST(SpaceSavingTest, ANewKeyInheritsTheSmallestCountAsItsError) {
  SpaceSaving counter(2);
  counter.Add("a", 5);
  counter.Add("b", 2);
  counter.Add("c");  // replaces b (2): count 3, error 2
  EXPECT_EQ(counter.Find("b"), nullptr);
  ASSERT_NE(counter.Find("c"), nullptr);
  EXPECT_EQ(counter.Find("c")->count, 3u);
  EXPECT_EQ(counter.Find("c")->error, 2u);
  EXPECT_EQ(counter.Find("a")->count, 5u);
  EXPECT_EQ(counter.min_count(), 3u);
}

TEST(NormaliseQueryTest, LowerCasesTrimsAndCollapsesWhiteSpace) {
  EXPECT_EQ(NormaliseQuery("  Solar   Power\t"), "solar power");
  EXPECT_EQ(NormaliseQuery("ÉTÉ À Paris"), "été à paris");
  EXPECT_EQ(NormaliseQuery("ΣΟΦΙΑ"), "σοφια");
  EXPECT_EQ(NormaliseQuery("a\u00a0\u2003b\nc"), "a b c");  // no-break and em spaces
  EXPECT_EQ(NormaliseQuery("tab\x01"
                           "ctrl"),
            "tab ctrl");
  EXPECT_EQ(NormaliseQuery(" \t\n"), "");
  EXPECT_EQ(NormaliseQuery(""), "");
}

TEST(NormaliseQueryTest, CutsToTheCharacterLimitOnACharacterBoundary) {
  std::string long_query;
  for (int i = 0; i < 200; ++i) long_query += "é";
  const std::string cut = NormaliseQuery(long_query, 80);
  EXPECT_EQ(cut.size(), 160u);                     // 80 two-byte characters
  EXPECT_EQ(NormaliseQuery("abc def", 4), "abc");  // no trailing space left
  EXPECT_EQ(NormaliseQuery(std::string(500, 'x')).size(), kMaxAnalyticsQueryChars);
}

TEST(NormaliseQueryTest, InvalidUtf8BecomesValidText) {
  const std::string normalised = NormaliseQuery("caf\xe9 \xff");
  EXPECT_TRUE(IsValidUtf8(normalised)) << normalised;
  EXPECT_FALSE(normalised.empty());
}

TEST(DayTextTest, WritesUtcDates) {
  EXPECT_EQ(DayText(0), "1970-01-01");
  EXPECT_EQ(DayText(kNoon / kDay), "2026-03-05");
  EXPECT_EQ(DayText(11016), "2000-02-29");
}

class SearchAnalyticsTest : public ::testing::Test {
 protected:
  SearchAnalytics::Config Config(size_t top_k = 100, int keep_days = 30) {
    SearchAnalytics::Config config;
    config.top_k = top_k;
    config.keep_days = keep_days;
    config.click_positions = 5;
    return config;
  }
  SearchAnalytics::Clock Clock() {
    return [this] { return now_.load(); };
  }
  std::atomic<int64_t> now_{kNoon};
};

TEST_F(SearchAnalyticsTest, CountsQueriesZeroResultsAndClicksOfTheDay) {
  SearchAnalytics analytics(Config(), Clock());
  analytics.RecordQuery("Solar Power", false);
  analytics.RecordQuery("  solar   power ", false);
  analytics.RecordQuery("xyzzy", true);
  analytics.RecordQuery("   ", true);  // nothing typed: not a query
  analytics.RecordClick("a-1", 1);
  analytics.RecordClick("a-2", 3);
  analytics.RecordClick("a-1", 40);  // past the 5 positions: the last bucket

  auto s = analytics.Summarise(7, 10);
  EXPECT_EQ(s.queries, 3u);
  EXPECT_EQ(s.zero_results, 1u);
  EXPECT_EQ(s.clicks, 3u);
  ASSERT_EQ(s.days.size(), 7u);
  EXPECT_EQ(s.days.back().day, kNoon / kDay);
  EXPECT_EQ(s.days.back().queries, 3u);
  EXPECT_EQ(s.days.front().queries, 0u);
  ASSERT_EQ(s.top_queries.size(), 2u);
  EXPECT_EQ(s.top_queries[0].key, "solar power");
  EXPECT_EQ(s.top_queries[0].count, 2u);
  EXPECT_EQ(s.top_queries[0].error, 0u);
  ASSERT_EQ(s.top_zero_results.size(), 1u);
  EXPECT_EQ(s.top_zero_results[0].key, "xyzzy");
  ASSERT_EQ(s.clicks_by_position.size(), 6u);
  EXPECT_EQ(s.clicks_by_position[0], 1u);
  EXPECT_EQ(s.clicks_by_position[2], 1u);
  EXPECT_EQ(s.clicks_by_position[5], 1u);
  ASSERT_EQ(s.top_clicked.size(), 2u);
  EXPECT_EQ(s.top_clicked[0].key, "a-1");
  EXPECT_EQ(s.top_clicked[0].count, 2u);
}

TEST_F(SearchAnalyticsTest, DaysRollOverAtUtcMidnightAndMergeOverTheSpan) {
  SearchAnalytics analytics(Config(), Clock());
  now_ = kNoon - kDay;  // yesterday
  analytics.RecordQuery("tides", false);
  analytics.RecordQuery("tides", false);
  now_ = (kNoon / kDay) * kDay - 1;  // yesterday, 23:59:59
  analytics.RecordQuery("boats", true);
  now_ = (kNoon / kDay) * kDay;  // today, 00:00:00
  analytics.RecordQuery("tides", false);

  auto today = analytics.Summarise(1, 10);
  EXPECT_EQ(today.queries, 1u);
  EXPECT_EQ(today.zero_results, 0u);
  auto both = analytics.Summarise(2, 10);
  EXPECT_EQ(both.queries, 4u);
  ASSERT_EQ(both.days.size(), 2u);
  EXPECT_EQ(both.days[0].queries, 3u);
  EXPECT_EQ(both.days[0].zero_results, 1u);
  EXPECT_EQ(both.days[1].queries, 1u);
  ASSERT_FALSE(both.top_queries.empty());
  EXPECT_EQ(both.top_queries[0].key, "tides");
  EXPECT_EQ(both.top_queries[0].count, 3u);
  EXPECT_EQ(both.top_queries[0].error, 0u);  // no day was full: exact
}

TEST_F(SearchAnalyticsTest, MergedErrorCoversDaysWhereAKeyWasNotKept) {
  SearchAnalytics analytics(Config(/*top_k=*/2), Clock());
  now_ = kNoon - kDay;
  for (int i = 0; i < 5; ++i) analytics.RecordQuery("alpha", false);
  for (int i = 0; i < 4; ++i) analytics.RecordQuery("beta", false);
  now_ = kNoon;
  for (int i = 0; i < 3; ++i) analytics.RecordQuery("gamma", false);
  for (int i = 0; i < 2; ++i) analytics.RecordQuery("delta", false);
  analytics.RecordQuery("beta", false);  // replaces delta (2): count 3, error 2

  auto s = analytics.Summarise(2, 10);
  std::map<std::string, SearchAnalytics::Ranked> by_key;
  for (const auto& r : s.top_queries) by_key[r.key] = r;
  const std::map<std::string, uint64_t> truth = {{"alpha", 5}, {"beta", 5}, {"gamma", 3}};
  for (const auto& [key, real] : truth) {
    ASSERT_TRUE(by_key.count(key)) << key;
    const auto& r = by_key[key];
    EXPECT_LE(r.count - std::min(r.count, r.error), real) << key;
    EXPECT_GE(r.count + r.error, real) << key;
  }
  EXPECT_EQ(by_key["beta"].count, 7u);  // 4 + 3 (an over-estimate)
  EXPECT_EQ(by_key["beta"].error, 2u);
  // alpha was not kept today, when the smallest count was 3: error 3.
  EXPECT_EQ(by_key["alpha"].error, 3u);
}

TEST_F(SearchAnalyticsTest, DaysPastKeepDaysAreDropped) {
  SearchAnalytics analytics(Config(100, /*keep_days=*/3), Clock());
  now_ = kNoon - 5 * kDay;
  analytics.RecordQuery("old", false);
  now_ = kNoon - 2 * kDay;
  analytics.RecordQuery("kept", false);
  now_ = kNoon;
  analytics.RecordQuery("new", false);
  auto s = analytics.Summarise(30, 10);  // asks for more than kept: 3
  EXPECT_EQ(s.days.size(), 3u);
  EXPECT_EQ(s.queries, 2u);
  const std::string saved = analytics.Serialise();
  EXPECT_EQ(saved.find("\"old\""), std::string::npos) << saved;
  EXPECT_NE(saved.find("\"kept\""), std::string::npos) << saved;
}

TEST_F(SearchAnalyticsTest, SerialiseAndLoadRoundTrip) {
  SearchAnalytics first(Config(/*top_k=*/3), Clock());
  now_ = kNoon - kDay;
  for (const char* q : {"a", "b", "c", "d", "a", "a", "b"}) first.RecordQuery(q, q[0] == 'd');
  now_ = kNoon;
  first.RecordQuery("ünïcode", false);
  first.RecordClick("id-1", 2);
  first.RecordClick("id/2 \"quoted\"", 9);

  SearchAnalytics second(Config(/*top_k=*/3), Clock());
  ASSERT_OK(second.Load(first.Serialise()));
  EXPECT_EQ(second.Serialise(), first.Serialise());
  auto a = first.Summarise(7, 10), b = second.Summarise(7, 10);
  EXPECT_EQ(a.queries, b.queries);
  EXPECT_EQ(a.clicks_by_position, b.clicks_by_position);
  ASSERT_EQ(a.top_queries.size(), b.top_queries.size());
  for (size_t i = 0; i < a.top_queries.size(); ++i) {
    EXPECT_EQ(a.top_queries[i].key, b.top_queries[i].key);
    EXPECT_EQ(a.top_queries[i].count, b.top_queries[i].count);
    EXPECT_EQ(a.top_queries[i].error, b.top_queries[i].error);
  }
  // Counting goes on from what was loaded.
  second.RecordQuery("ÜNÏCODE", false);
  EXPECT_EQ(second.Summarise(1, 10).top_queries[0].count, 2u);
}

TEST_F(SearchAnalyticsTest, LoadRefusesDamagedStateNamingWhere) {
  SearchAnalytics analytics(Config(), Clock());
  analytics.RecordQuery("kept", false);
  const std::string good = analytics.Serialise();
  const std::string before = analytics.Serialise();

  auto load = [&](const std::string& text) { return analytics.Load(text); };
  EXPECT_NE(load(good.substr(0, good.size() / 2)).message().find("not JSON"), std::string::npos);
  EXPECT_NE(load("{\"days\": []}").message().find("not a Byline analytics file"),
            std::string::npos);
  json doc = json::parse(good);
  doc["days"][0]["queries"] = -3;
  EXPECT_NE(load(doc.dump()).message().find("days[0].queries"), std::string::npos);
  doc = json::parse(good);
  doc["days"][0]["date"] = "2026-02-30";
  EXPECT_NE(load(doc.dump()).message().find("days[0].date"), std::string::npos);
  doc = json::parse(good);
  doc["days"][0]["top_queries"][0] = "kept";
  EXPECT_NE(load(doc.dump()).message().find("days[0].top_queries[0]"), std::string::npos);
  doc = json::parse(good);
  doc["version"] = 99;
  EXPECT_FALSE(load(doc.dump()).ok());
  // Nothing of a refused file was taken.
  EXPECT_EQ(analytics.Serialise(), before);
}

TEST_F(SearchAnalyticsTest, CountsFromManyThreads) {
  SearchAnalytics analytics(Config(), Clock());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&analytics, t] {
      for (int i = 0; i < 2000; ++i) {
        analytics.RecordQuery("q" + std::to_string(i % 7), i % 3 == 0);
        if (i % 10 == t) analytics.RecordClick("a", 1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto s = analytics.Summarise(1, 10);
  EXPECT_EQ(s.queries, 8000u);
  EXPECT_EQ(s.zero_results, 4u * 667);
  EXPECT_EQ(s.clicks, 4u * 200);
}

TEST_F(SearchAnalyticsTest, StateFileSavesAtomicallyAndLoadsAtTheNextStart) {
  testing::TempDir dir;
  const std::string state = dir.File("state");  // made by Open
  {
    SearchAnalytics analytics(Config(), Clock());
    std::string warning;
    auto file = AnalyticsStateFile::Open(state, &analytics, &warning);
    ASSERT_OK(file);
    EXPECT_EQ(warning, "");
    analytics.RecordQuery("harbour", false);
    ASSERT_OK((*file)->SaveIfChanged());
    EXPECT_TRUE(std::filesystem::exists(state + "/analytics.json"));
    EXPECT_FALSE(std::filesystem::exists(state + "/analytics.json.tmp"));
    analytics.RecordQuery("harbour", true);
    ASSERT_OK((*file)->Stop());  // a clean stop saves what changed
  }
  SearchAnalytics analytics(Config(), Clock());
  std::string warning;
  auto file = AnalyticsStateFile::Open(state, &analytics, &warning);
  ASSERT_OK(file);
  EXPECT_EQ(warning, "");
  auto s = analytics.Summarise(1, 10);
  EXPECT_EQ(s.queries, 2u);
  EXPECT_EQ(s.zero_results, 1u);
}

TEST_F(SearchAnalyticsTest, BackgroundSavesWriteChangesWithinTheInterval) {
  testing::TempDir dir;
  SearchAnalytics analytics(Config(), Clock());
  std::string warning;
  auto file = AnalyticsStateFile::Open(dir.path(), &analytics, &warning);
  ASSERT_OK(file);
  (*file)->StartSaving(std::chrono::milliseconds(20));
  analytics.RecordQuery("tides", false);
  const std::string path = dir.File("analytics.json");
  for (int i = 0; i < 200 && !std::filesystem::exists(path); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_NE(testing::ReadFile(path).find("\"tides\""), std::string::npos);
  EXPECT_OK((*file)->Stop());
}

TEST_F(SearchAnalyticsTest, ADamagedStateFileIsMovedAsideWithAWarning) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("analytics.json"), "{\"format\": \"byline-search-analytics\", \"ver");
  SearchAnalytics analytics(Config(), Clock());
  std::string warning;
  auto file = AnalyticsStateFile::Open(dir.path(), &analytics, &warning);
  ASSERT_OK(file);
  EXPECT_NE(warning.find(dir.File("analytics.json")), std::string::npos) << warning;
  EXPECT_NE(warning.find("not JSON"), std::string::npos) << warning;
  EXPECT_NE(warning.find(".corrupt-"), std::string::npos) << warning;
  EXPECT_FALSE(std::filesystem::exists(dir.File("analytics.json")));
  bool kept_aside = false;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().rfind("analytics.json.corrupt-", 0) == 0) {
      kept_aside = true;
      EXPECT_EQ(testing::ReadFile(entry.path().string()),
                "{\"format\": \"byline-search-analytics\", \"ver");
    }
  }
  EXPECT_TRUE(kept_aside);
  EXPECT_EQ(analytics.Summarise(1, 10).queries, 0u);
}

TEST_F(SearchAnalyticsTest, AnUnusableStateDirectoryIsAnErrorNamingIt) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("a-file"), "x");
  SearchAnalytics analytics(Config(), Clock());
  std::string warning;
  auto file = AnalyticsStateFile::Open(dir.File("a-file"), &analytics, &warning);
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find(dir.File("a-file")), std::string::npos);
  auto nested = AnalyticsStateFile::Open(dir.File("no/such/parent"), &analytics, &warning);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.status().message().find("no/such/parent"), std::string::npos);
}

}  // namespace
}  // namespace byline::searchd
