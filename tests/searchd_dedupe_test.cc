// Near-duplicate folding end to end: the generated corpus of
// dedupe_corpus.h indexed by the real byline-indexer, searched over HTTP on
// the real byline-searchd (every answer checked against docs/openapi.yaml),
// and listed by byline-search --duplicates.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dedupe_corpus.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;

class SearchdDedupeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    corpus_ = new testing::DedupeCorpus(testing::MakeDedupeCorpus());
    dir_ = new testing::TempDir;
    std::string lines;
    for (const auto& a : corpus_->articles) lines += testing::ToJsonLine(a) + "\n";
    testing::WriteFile(dir_->File("in.jsonl"), lines);
    std::string err;
    ASSERT_EQ(testing::RunIndexer({"--index", dir_->File("index"), dir_->File("in.jsonl")}, &err),
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

  static std::vector<std::string> Ids(const json& body) {
    std::vector<std::string> ids;
    for (const auto& hit : body["hits"]) ids.push_back(hit["id"].get<std::string>());
    return ids;
  }

  static size_t Copies() {
    size_t n = 0;
    for (const auto& entry : corpus_->copies) n += entry.second.size();
    return n;
  }

  static testing::DedupeCorpus* corpus_;
  static testing::TempDir* dir_;
  static testing::SearchdProcess* server_;
};

testing::DedupeCorpus* SearchdDedupeTest::corpus_ = nullptr;
testing::TempDir* SearchdDedupeTest::dir_ = nullptr;
testing::SearchdProcess* SearchdDedupeTest::server_ = nullptr;

TEST_F(SearchdDedupeTest, OffByDefaultNearFoldsAndSaysHowMany) {
  const json off = Get("/search?q=harbour&per_page=100");
  EXPECT_FALSE(off.contains("folded"));
  for (const auto& hit : off["hits"]) EXPECT_FALSE(hit.contains("duplicates")) << hit["id"];
  EXPECT_EQ(Get("/search?q=harbour&per_page=100&dedupe=off")["hits"], off["hits"]);

  const json near = Get("/search?q=harbour&per_page=100&dedupe=near");
  EXPECT_EQ(near["folded"], Copies());
  EXPECT_EQ(near["total"], off["total"]);
  EXPECT_EQ(near["hits"].size(), off["hits"].size() - Copies());
  for (const auto& hit : near["hits"]) {
    const std::string id = hit["id"];
    ASSERT_TRUE(hit.contains("duplicates")) << id;
    // What "N similar stories" says is what the list holds.
    const json listed = Get("/articles/" + id + "/duplicates?limit=100");
    EXPECT_EQ(listed["total"], hit["duplicates"]) << id;
    EXPECT_EQ(listed["duplicates"].size(), hit["duplicates"].get<size_t>()) << id;
  }
}

TEST_F(SearchdDedupeTest, PagesFollowOnInEveryOrder) {
  for (const std::string sort : {"relevance", "date", "-date"}) {
    const json whole = Get("/search?q=harbour&dedupe=near&per_page=100&sort=" + sort);
    std::vector<std::string> paged;
    for (int page = 1; page <= 5; ++page) {
      const json body = Get("/search?q=harbour&dedupe=near&per_page=4&sort=" + sort +
                            "&page=" + std::to_string(page));
      EXPECT_EQ(body["total"], whole["total"]) << sort << " page " << page;
      for (const auto& id : Ids(body)) paged.push_back(id);
    }
    EXPECT_EQ(paged, Ids(whole)) << sort;
  }
}

TEST_F(SearchdDedupeTest, DuplicatesEndpoint) {
  const json listed = Get("/articles/story-0/duplicates");
  EXPECT_EQ(listed["id"], "story-0");
  EXPECT_EQ(listed["total"], 2);
  ASSERT_EQ(listed["duplicates"].size(), 2u);
  EXPECT_EQ(listed["duplicates"][0]["id"], "story-0-copy");
  EXPECT_EQ(listed["duplicates"][0]["distance"], 0);
  EXPECT_EQ(listed["duplicates"][1]["id"], "story-0-edit");
  const json one = Get("/articles/story-0/duplicates?limit=1");
  EXPECT_EQ(one["total"], 2);
  EXPECT_EQ(one["duplicates"].size(), 1u);
  EXPECT_EQ(Get("/articles/other-0/duplicates")["total"], 0);
  // The article itself is still at its own path.
  EXPECT_EQ(Get("/articles/story-0")["id"], "story-0");
  const json missing = Get("/articles/no-such/duplicates", 404);
  EXPECT_EQ(missing["error"]["code"], "not_found");
  const json bad = Get("/articles/story-0/duplicates?limit=0", 400);
  EXPECT_EQ(bad["error"]["parameter"], "limit");
}

TEST_F(SearchdDedupeTest, BadDedupeValueNamesTheParameter) {
  const json bad = Get("/search?q=harbour&dedupe=yes", 400);
  EXPECT_EQ(bad["error"]["code"], "invalid_parameter");
  EXPECT_EQ(bad["error"]["parameter"], "dedupe");
}

TEST_F(SearchdDedupeTest, CommandLineFoldsAndListsDuplicates) {
  std::string out;
  ASSERT_EQ(testing::RunSearch({"--index", dir_->File("index"), "--json", "--limit", "100",
                                "--dedupe", "near", "harbour"},
                               &out),
            0)
      << out;
  const json body = json::parse(out);
  EXPECT_EQ(body["folded"], Copies());
  ASSERT_EQ(testing::RunSearch({"--index", dir_->File("index"), "--duplicates", "story-0"}, &out),
            0)
      << out;
  EXPECT_NE(out.find("2 near-duplicates of story-0"), std::string::npos) << out;
  EXPECT_NE(out.find("story-0-copy"), std::string::npos) << out;
  ASSERT_EQ(testing::RunSearch(
                {"--index", dir_->File("index"), "--json", "--duplicates", "story-0"}, &out),
            0)
      << out;
  EXPECT_EQ(json::parse(out)["total"], 2);
  std::string err;
  EXPECT_EQ(
      testing::RunSearch({"--index", dir_->File("index"), "--duplicates", "nope"}, &out, "", &err),
      1);
  EXPECT_EQ(testing::RunSearch({"--index", dir_->File("index"), "--dedupe", "maybe", "harbour"},
                               &out, "", &err),
            2);
  EXPECT_EQ(testing::RunSearch({"--index", dir_->File("index"), "--duplicates", "story-0", "x"},
                               &out, "", &err),
            2);
}

}  // namespace
}  // namespace byline
