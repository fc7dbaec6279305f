// byline-searchd's auto-compaction on the write thread (byline/auto_compact.h,
// searchd/write_queue.h): HTTP writes past the threshold compact the index
// while concurrent searches never fail and every acknowledged write is kept.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "byline/auto_compact.h"
#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::SearchdProcess;

constexpr char kCompactToken[] = "auto-compact-admin-token-0123";

const httplib::Headers& CompactAdmin() {
  static const httplib::Headers headers = {
      {"Authorization", std::string("Bearer ") + kCompactToken}};
  return headers;
}

class SearchdAutoCompactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = IndexWriter::Open(dir_.path(), IndexOptions{});
    ASSERT_OK(writer);
    for (int i = 0; i < 100; ++i) {
      ASSERT_OK((*writer)->Upsert(
          testing::MakeArticle("old-" + std::to_string(i), "Harbour report " + std::to_string(i),
                               "Boats came into the harbour at dawn, and the quay was busy.")));
    }
    ASSERT_OK((*writer)->Commit());
    writer->reset();
    ASSERT_OK(CompactIndex(dir_.path()));
  }

  std::string Generation() { return *IndexLayout(dir_.path()).CurrentGeneration(); }

  // Writes kWriters x kEach articles (new ones and replacements of old ones)
  // one request each, with searches running all along; fills `acknowledged`.
  void WriteWhileSearching(SearchdProcess& server, std::set<std::string>* acknowledged) {
    constexpr int kWriters = 4;
    constexpr int kEach = 30;
    std::atomic<bool> writing{true};
    std::atomic<int> searches{0};
    std::atomic<int> failed_searches{0};
    std::vector<std::thread> searchers;
    for (int t = 0; t < 2; ++t) {
      searchers.emplace_back([&] {
        auto c = server.Client();
        while (writing.load()) {
          auto res = c->Get("/search?q=harbour&per_page=5");
          ++searches;
          if (!res || res->status != 200) ++failed_searches;
        }
      });
    }
    std::mutex mu;
    std::atomic<int> failed_writes{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        auto c = server.Client();
        for (int i = 0; i < kEach; ++i) {
          // Half replace an old article, half add a new one.
          const std::string id = i % 2 == 0 ? "old-" + std::to_string(w * kEach / 2 + i / 2)
                                            : "new-" + std::to_string(w) + "-" + std::to_string(i);
          const json body = {{"title", "Ferry timetable " + id},
                             {"body", "The ferry left the harbour late, said " + id}};
          auto res = c->Put(("/admin/articles/" + id).c_str(), CompactAdmin(), body.dump(),
                            "application/json");
          if (res && res->status == 200) {
            std::lock_guard<std::mutex> lock(mu);
            acknowledged->insert(id);
          } else {
            ++failed_writes;
          }
        }
      });
    }
    for (auto& t : writers) t.join();
    writing = false;
    for (auto& t : searchers) t.join();
    EXPECT_GT(searches.load(), 0);
    EXPECT_EQ(failed_searches.load(), 0);
    EXPECT_EQ(failed_writes.load(), 0);
  }

  void ExpectAllThere(SearchdProcess& server, const std::set<std::string>& acknowledged) {
    auto c = server.Client();
    for (const auto& id : acknowledged) {
      auto res = c->Get(("/articles/" + id).c_str());
      ASSERT_TRUE(res) << id;
      EXPECT_EQ(res->status, 200) << id;
      if (res->status == 200) {
        EXPECT_NE(res->body.find("Ferry timetable " + id), std::string::npos) << res->body;
      }
    }
    EXPECT_EQ(testing::ArticleCount(dir_.path()), 160u);
  }

  double Metric(SearchdProcess& server, const std::string& series) {
    auto res = server.Client()->Get("/metrics");
    if (!res || res->status != 200) return -1;
    return testing::MetricSample(res->body, series);
  }

  testing::TempDir dir_;
};

TEST_F(SearchdAutoCompactTest, WritesPastTheThresholdCompactWhileSearchesGoOn) {
  const std::string before = Generation();
  SearchdProcess server(
      dir_.path(), {"--admin-token", kCompactToken, "--threads", "8", "--reopen-interval-ms", "20",
                    "--auto-compact-threshold", "0.2", "--auto-compact-min-writes", "1"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  std::set<std::string> acknowledged;
  WriteWhileSearching(server, &acknowledged);
  EXPECT_EQ(acknowledged.size(), 120u);
  EXPECT_NE(Generation(), before);
  EXPECT_GE(Metric(server, "byline_auto_compactions_total"), 1);
  ExpectAllThere(server, acknowledged);
  // What /stats says of the drift is what the index records.
  auto stats = server.Client()->Get("/stats");
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->status, 200);
  const json body = json::parse(stats->body);
  auto drift = ReadDrift(dir_.path());
  ASSERT_OK(drift);
  EXPECT_LT(drift->share(), 0.2);
  EXPECT_EQ(body["drift"]["written_since_compaction"], drift->written_since);
}

TEST_F(SearchdAutoCompactTest, OffNeverCompacts) {
  const std::string before = Generation();
  SearchdProcess server(
      dir_.path(), {"--admin-token", kCompactToken, "--threads", "8", "--reopen-interval-ms", "20",
                    "--auto-compact", "off", "--auto-compact-threshold", "0.2",
                    "--auto-compact-min-writes", "1"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  std::set<std::string> acknowledged;
  WriteWhileSearching(server, &acknowledged);
  EXPECT_EQ(Generation(), before);
  EXPECT_EQ(Metric(server, "byline_auto_compactions_total"), 0);
  ExpectAllThere(server, acknowledged);
  auto drift = ReadDrift(dir_.path());
  ASSERT_OK(drift);
  EXPECT_EQ(drift->written_since, 120u);
}

}  // namespace
}  // namespace byline
