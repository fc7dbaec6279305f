// Autocomplete over every way byline-indexer writes an index (updates to one
// database, the parallel bulk build, local shards): the same word pairs,
// hence the same completions; and GET /suggest through the real
// byline-searchd.
#include <gtest/gtest.h>
#include <xapian.h>

#include <nlohmann/json.hpp>

#include "autocomplete_corpus.h"
#include "byline/schema.h"
#include "byline/searcher.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;
using Names = std::vector<std::string>;

class AutocompleteCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    std::string corpus;
    for (const Article& a : testing::AutocompleteCorpus()) corpus += testing::ToJsonLine(a);
    testing::WriteFile(dir_->File("corpus.jsonl"), corpus);
    const std::vector<std::vector<std::string>> runs = {
        {"--index", dir_->File("updates"), dir_->File("corpus.jsonl")},
        {"--index", dir_->File("bulk"), "--reindex", "--threads", "2", dir_->File("corpus.jsonl")},
        {"--index", dir_->File("shards"), "--shards", "2", dir_->File("corpus.jsonl")},
    };
    for (const auto& args : runs) {
      std::string err;
      ASSERT_EQ(testing::RunIndexer(args, &err), 0) << err;
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static std::vector<std::pair<std::string, uint64_t>> Completions(const std::string& index,
                                                                   const std::string& query) {
    auto searcher = Searcher::Open(index, SearchOptions{});
    EXPECT_OK(searcher);
    std::vector<std::pair<std::string, uint64_t>> out;
    if (!searcher.ok()) return out;
    SuggestRequest req;
    req.query = query;
    auto r = (*searcher)->Suggest(req);
    EXPECT_OK(r);
    if (r.ok()) {
      for (const auto& c : r->completions) out.emplace_back(c.text, c.articles);
    }
    return out;
  }

  static testing::TempDir* dir_;
};

testing::TempDir* AutocompleteCliTest::dir_ = nullptr;

TEST_F(AutocompleteCliTest, EveryIndexingPathRecordsTheSamePairs) {
  std::map<std::string, Xapian::doccount> want;
  for (const char* index : {"updates", "bulk", "shards"}) {
    // The stub opens the generation or both shards as one database.
    Xapian::Database db(dir_->File(index) + "/XAPIANDB");
    std::map<std::string, Xapian::doccount> pairs;
    for (auto t = db.allterms_begin(schema::kWordPairPrefix);
         t != db.allterms_end(schema::kWordPairPrefix); ++t) {
      pairs[*t] = db.get_termfreq(*t);  // summed over shards
    }
    EXPECT_EQ(pairs[schema::WordPairTerm("event", "loop")], 6u) << index;
    if (want.empty()) {
      want = pairs;
    } else {
      EXPECT_EQ(pairs, want) << index;
    }
  }
  for (const std::string query : {"event l", "Tony b", "l", "readf", "blair w"}) {
    auto expected = Completions(dir_->File("updates"), query);
    ASSERT_FALSE(expected.empty()) << query;
    EXPECT_EQ(Completions(dir_->File("bulk"), query), expected) << query;
    EXPECT_EQ(Completions(dir_->File("shards"), query), expected) << query;
  }
  EXPECT_EQ(Completions(dir_->File("shards"), "event l")[0].first, "event loop");
}

TEST_F(AutocompleteCliTest, SearchdSuggestReadsThePreviousWord) {
  testing::SearchdProcess searchd(dir_->File("shards"));
  ASSERT_TRUE(searchd.ok()) << searchd.startup_output();
  auto client = searchd.Client();
  auto get = [&](const std::string& path) {
    auto res = client->Get(path);
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << path << ": " << res->body;
    return json::parse(res->body);
  };
  json body = get("/suggest?q=event+l&completions=3&titles=0");
  Names texts;
  for (const auto& c : body["completions"]) texts.push_back(c["text"]);
  EXPECT_EQ(texts, (Names{"event loop", "event listener", "event light"}));
  EXPECT_EQ(body["completions"][0]["articles"], 6);
  body = get("/suggest?q=l&completions=1&titles=0");
  ASSERT_EQ(body["completions"].size(), 1u);
  EXPECT_EQ(body["completions"][0]["text"], "light");
  body = get("/suggest?q=sync+with+readf&completions=1&titles=0");
  ASSERT_EQ(body["completions"].size(), 1u);
  EXPECT_EQ(body["completions"][0]["text"], "sync with readFileSync");
}

}  // namespace
}  // namespace byline
