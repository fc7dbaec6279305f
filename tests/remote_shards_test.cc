// Sharded indexes on Xapian's own machinery, every node on loopback: the
// articles of data/articles.jsonl split by id hash into three shards, each
// served by its own xapian-tcpsrv process, searched through a stub of
// "remote HOST:PORT" lines by the library, byline-search and byline-searchd;
// compared with one database holding the same articles; then a shard killed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "byline/index_writer.h"
#include "byline/ingest.h"
#include "byline/searcher.h"
#include "byline/shard_routing.h"
#include "ranking_compare.h"
#include "searchd_process.h"
#include "shard_server_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::ExpectSameRanking;
using testing::Ranked;
using testing::RankedOf;

constexpr uint32_t kShards = 3;

// Single words, phrases, boolean syntax, a long query (relevance feedback)
// and filters: ranking must agree for each.
const std::vector<std::string> kQueries = {"solar",
                                           "port elling",
                                           "marathon OR football",
                                           "\"solar farm\"",
                                           "harbour -jazz",
                                           "bread bakery",
                                           "winter data buses cold",
                                           "title:robotics",
                                           "the",
                                           "mars rover lakes images layered rock"};

std::vector<Ranked> RankedOf(const json& body) {
  std::vector<Ranked> out;
  for (const auto& hit : body["hits"]) {
    out.push_back({hit["id"].get<std::string>(), hit["score"].get<double>()});
  }
  return out;
}

SearchRequest RequestFor(const std::string& query) {
  SearchRequest req;
  req.query = query;
  req.limit = 100;  // more than the 40 articles: every match, no cut among ties
  req.snippets = false;
  return req;
}

class RemoteShardsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (testing::TcpsrvPath().empty()) return;  // each test skips
    dir_ = new testing::TempDir;
    std::vector<std::unique_ptr<IndexWriter>> writers;
    auto whole = IndexWriter::Open(dir_->File("whole"), IndexOptions{});
    ASSERT_OK(whole);
    // Shards with Xapian's position table, as byline-indexer --shards makes
    // them (phrase_check_test.cc checks that default).
    IndexOptions table;
    table.positions = "table";
    for (uint32_t i = 0; i < kShards; ++i) {
      auto shard = IndexWriter::Open(dir_->File(ShardDirName(i)), table);
      ASSERT_OK(shard);
      writers.push_back(std::move(*shard));
    }
    // The same shards as compact indexes (byline-indexer --positions
    // stream), whose phrases xapian-tcpsrv cannot check.
    IndexOptions compact;
    compact.positions = "stream";
    for (uint32_t i = 0; i < kShards; ++i) {
      auto shard = IndexWriter::Open(dir_->File("stream-" + ShardDirName(i)), compact);
      ASSERT_OK(shard);
      writers.push_back(std::move(*shard));
    }
    std::ifstream in(testing::DataDir() + "/articles.jsonl");
    ASSERT_OK(ReadJsonLines(
        in, "articles.jsonl", {},
        [&](Article&& a) {
          shard_of_[a.id] = ShardOf(a.id, kShards);
          ASSERT_OK((*whole)->Upsert(a));
          ASSERT_OK(writers[ShardOf(a.id, kShards)]->Upsert(a));
          ASSERT_OK(writers[kShards + ShardOf(a.id, kShards)]->Upsert(a));
        },
        [](const RecordError& e) { FAIL() << e.ToString(); }));
    ASSERT_OK((*whole)->Commit());
    for (auto& w : writers) ASSERT_OK(w->Commit());
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (testing::TcpsrvPath().empty()) GTEST_SKIP() << "xapian-tcpsrv is not installed";
  }

  // Starts one xapian-tcpsrv per shard (serving the shard's own index
  // directory, stub and all) and writes a stub listing them in `stub_dir`.
  void StartShards(const std::string& stub_dir,
                   std::vector<std::unique_ptr<testing::ShardServerProcess>>* servers,
                   const std::string& prefix = "") {
    std::string stub = "# three shards on loopback\n";
    for (uint32_t i = 0; i < kShards; ++i) {
      servers->push_back(
          std::make_unique<testing::ShardServerProcess>(dir_->File(prefix + ShardDirName(i))));
      ASSERT_TRUE(servers->back()->ok()) << "xapian-tcpsrv for shard " << i << " did not start";
      stub += servers->back()->StubLine() + "\n";
    }
    std::filesystem::create_directories(stub_dir);
    testing::WriteFile(stub_dir + "/XAPIANDB", stub);
  }

  static testing::TempDir* dir_;
  static std::map<std::string, uint32_t> shard_of_;
};

testing::TempDir* RemoteShardsTest::dir_ = nullptr;
std::map<std::string, uint32_t> RemoteShardsTest::shard_of_;

TEST_F(RemoteShardsTest, EveryShardHoldsSomeArticles) {
  std::vector<int> per_shard(kShards);
  for (const auto& [id, shard] : shard_of_) ++per_shard[shard];
  for (uint32_t i = 0; i < kShards; ++i) EXPECT_GT(per_shard[i], 0) << "shard " << i;
}

TEST_F(RemoteShardsTest, LibraryOverRemoteShardsRanksLikeOneDatabase) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-lib"), &servers);
  auto whole = Searcher::Open(dir_->File("whole"), SearchOptions{});
  auto sharded = Searcher::Open(dir_->File("remote-lib"), SearchOptions{});
  ASSERT_OK(whole);
  ASSERT_OK(sharded);
  EXPECT_EQ((*sharded)->article_count(), (*whole)->article_count());
  size_t nonempty = 0;
  for (const auto& query : kQueries) {
    auto want = (*whole)->Search(RequestFor(query));
    auto got = (*sharded)->Search(RequestFor(query));
    ASSERT_OK(want);
    ASSERT_OK(got);
    EXPECT_EQ(want->total, got->total) << query;
    EXPECT_FALSE(got->partial);
    if (!want->hits.empty()) ++nonempty;
    ExpectSameRanking(RankedOf(*want), RankedOf(*got), query);
  }
  EXPECT_GE(nonempty, kQueries.size() - 1);  // the comparison compared something

  // Completions that follow the previous word come first over remote shards
  // too (pair terms are counted over every shard), in their written form.
  SuggestRequest suggest;
  suggest.query = "port el";
  auto want_completions = (*whole)->Suggest(suggest);
  auto got_completions = (*sharded)->Suggest(suggest);
  ASSERT_OK(want_completions);
  ASSERT_OK(got_completions);
  ASSERT_FALSE(want_completions->completions.empty());
  ASSERT_FALSE(got_completions->completions.empty());
  EXPECT_EQ(want_completions->completions[0].text, "port Elling");
  EXPECT_EQ(got_completions->completions[0].text, "port Elling");
  EXPECT_EQ(got_completions->completions[0].articles, want_completions->completions[0].articles);

  // Articles are found on whichever shard holds them.
  auto article = (*sharded)->GetArticle("byline-0001");
  ASSERT_OK(article);
  EXPECT_EQ(article->id, "byline-0001");
}

TEST_F(RemoteShardsTest, RelatedArticlesOverRemoteShardsMatchOneDatabase) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-related"), &servers);
  auto whole = Searcher::Open(dir_->File("whole"), SearchOptions{});
  auto sharded = Searcher::Open(dir_->File("remote-related"), SearchOptions{});
  ASSERT_OK(whole);
  ASSERT_OK(sharded);
  for (const char* id : {"byline-0001", "byline-0006", "byline-0021", "byline-0039"}) {
    RelatedRequest req;
    req.id = id;
    req.limit = 10;
    auto want = (*whole)->Related(req);
    auto got = (*sharded)->Related(req);
    ASSERT_OK(want);
    ASSERT_OK(got);
    ASSERT_FALSE(want->hits.empty()) << id;
    EXPECT_EQ(want->terms, got->terms) << id;
    std::vector<Ranked> want_ranked, got_ranked;
    for (const Hit& hit : want->hits) want_ranked.push_back({hit.id, hit.score});
    for (const Hit& hit : got->hits) got_ranked.push_back({hit.id, hit.score});
    ExpectSameRanking(want_ranked, got_ranked, id);
  }
}

TEST_F(RemoteShardsTest, LocalShardStubRanksLikeOneDatabase) {
  std::string stub;
  for (uint32_t i = 0; i < kShards; ++i) stub += "auto " + ShardDirName(i) + "\n";
  testing::WriteFile(dir_->File("XAPIANDB"), stub);  // dir_ itself: shards are its subdirs
  auto whole = Searcher::Open(dir_->File("whole"), SearchOptions{});
  auto sharded = Searcher::Open(dir_->path(), SearchOptions{});
  ASSERT_OK(whole);
  ASSERT_OK(sharded);
  for (const auto& query : kQueries) {
    auto want = (*whole)->Search(RequestFor(query));
    auto got = (*sharded)->Search(RequestFor(query));
    ASSERT_OK(want);
    ASSERT_OK(got);
    ExpectSameRanking(RankedOf(*want), RankedOf(*got), query);
    EXPECT_TRUE(got->warnings.empty()) << query << ": local shards lack nothing";
  }
  // Suggestions too: spelling data and word pairs are summed over the shards.
  for (const std::string query : {"port el", "solar f", "s"}) {
    SuggestRequest suggest;
    suggest.query = query;
    auto want = (*whole)->Suggest(suggest);
    auto got = (*sharded)->Suggest(suggest);
    ASSERT_OK(want);
    ASSERT_OK(got);
    ASSERT_FALSE(want->completions.empty()) << query;
    ASSERT_EQ(got->completions.size(), want->completions.size()) << query;
    for (size_t i = 0; i < want->completions.size(); ++i) {
      EXPECT_EQ(got->completions[i].text, want->completions[i].text) << query;
      EXPECT_EQ(got->completions[i].articles, want->completions[i].articles) << query;
    }
  }
  std::filesystem::remove(dir_->File("XAPIANDB"));
}

TEST_F(RemoteShardsTest, TotalsOverShardsAreExactUpToTheLimitOnEveryPage) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-totals"), &servers);
  std::string stub;
  for (uint32_t i = 0; i < kShards; ++i) stub += "auto ../" + ShardDirName(i) + "\n";
  std::filesystem::create_directories(dir_->File("local-totals"));
  testing::WriteFile(dir_->File("local-totals/XAPIANDB"), stub);
  auto whole = Searcher::Open(dir_->File("whole"), SearchOptions{});
  ASSERT_OK(whole);
  // The 40 sample articles are few, so the limit comes down to 5 for the
  // queries matching more to cross it.
  constexpr size_t kUpTo = 5;
  int below = 0, above = 0;  // cases on each side of the limit
  for (const char* index : {"remote-totals", "local-totals"}) {
    auto sharded = Searcher::Open(dir_->File(index), SearchOptions{});
    ASSERT_OK(sharded);
    for (const std::string query : {"", "solar", "the", "harbour -jazz", "marathon OR football"}) {
      for (CollapseKey collapse : {CollapseKey::kNone, CollapseKey::kUrl}) {
        SearchRequest req = RequestFor(query);
        req.collapse = collapse;
        auto all = (*whole)->Search(req);  // limit 100: every match on the page
        ASSERT_OK(all);
        ASSERT_TRUE(all->total_exact) << query;
        const uint64_t count = all->total;
        (count <= kUpTo ? below : above)++;
        req.exact_total_up_to = kUpTo;
        for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewestFirst}) {
          for (auto [offset, limit] : {std::pair<size_t, size_t>{0, 2}, {3, 1}, {6, 10}}) {
            req.sort = sort;
            req.offset = offset;
            req.limit = limit;
            auto got = (*sharded)->Search(req);
            ASSERT_OK(got);
            const std::string what = std::string(index) + " q=\"" + query + "\" offset " +
                                     std::to_string(offset) + " limit " + std::to_string(limit);
            EXPECT_EQ(got->total, std::min<uint64_t>(count, kUpTo)) << what;
            EXPECT_EQ(got->total_exact, count <= kUpTo) << what;
          }
        }
      }
    }
  }
  EXPECT_GE(below, 4);
  EXPECT_GE(above, 4);
  std::filesystem::remove(dir_->File("local-totals/XAPIANDB"));
}

TEST_F(RemoteShardsTest, DateSortsOverRemoteShardsMatchOneDatabase) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-dates"), &servers);
  auto whole = Searcher::Open(dir_->File("whole"), SearchOptions{});
  auto sharded = Searcher::Open(dir_->File("remote-dates"), SearchOptions{});
  ASSERT_OK(whole);
  ASSERT_OK(sharded);
  for (SortOrder sort : {SortOrder::kNewestFirst, SortOrder::kOldestFirst}) {
    for (const std::string query : {"", "the", "solar OR harbour"}) {
      SearchRequest req = RequestFor(query);
      req.sort = sort;
      auto want = (*whole)->Search(req);
      auto got = (*sharded)->Search(req);  // was UnimplementedError: no KeyMaker remotely
      ASSERT_OK(want);
      ASSERT_OK(got);
      ASSERT_FALSE(want->hits.empty()) << query;
      std::vector<std::string> want_ids, got_ids;
      for (const auto& hit : want->hits) want_ids.push_back(hit.id);
      for (const auto& hit : got->hits) got_ids.push_back(hit.id);
      // Every sample article is dated, so undated ones' place cannot differ.
      EXPECT_EQ(got_ids, want_ids) << query;
      const bool warned =
          std::any_of(got->warnings.begin(), got->warnings.end(), [](const std::string& w) {
            return w.find("without a date come first") != std::string::npos;
          });
      EXPECT_EQ(warned, sort == SortOrder::kOldestFirst) << query;
    }
  }
}

// Fingerprints are values, so remote shards fold as one database does; each
// hit's duplicates are not counted there (a warning says so), and listing
// them is refused clearly.
TEST_F(RemoteShardsTest, DedupeOverRemoteShardsFoldsLikeOneDatabase) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-dedupe"), &servers);
  auto whole = Searcher::Open(dir_->File("whole"), SearchOptions{});
  auto sharded = Searcher::Open(dir_->File("remote-dedupe"), SearchOptions{});
  ASSERT_OK(whole);
  ASSERT_OK(sharded);
  for (SortOrder sort : {SortOrder::kNewestFirst, SortOrder::kOldestFirst}) {
    SearchRequest req = RequestFor("");
    req.sort = sort;
    req.dedupe = Dedupe::kNear;
    auto want = (*whole)->Search(req);
    auto got = (*sharded)->Search(req);
    ASSERT_OK(want);
    ASSERT_OK(got);
    std::vector<std::string> want_ids, got_ids;
    for (const auto& hit : want->hits) want_ids.push_back(hit.id);
    for (const auto& hit : got->hits) got_ids.push_back(hit.id);
    EXPECT_EQ(got_ids, want_ids);
    EXPECT_EQ(got->folded, want->folded);
    EXPECT_EQ(got->total, want->total);
    for (const auto& hit : want->hits) EXPECT_TRUE(hit.duplicates.has_value()) << hit.id;
    for (const auto& hit : got->hits) EXPECT_FALSE(hit.duplicates.has_value()) << hit.id;
    EXPECT_TRUE(std::any_of(got->warnings.begin(), got->warnings.end(), [](const std::string& w) {
      return w.find("duplicates are not counted over remote shards") != std::string::npos;
    }));
  }
  auto listed = (*sharded)->Duplicates(shard_of_.begin()->first, 10);
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.status().code(), StatusCode::kUnavailable);
}

TEST_F(RemoteShardsTest, SearchdAndSearchCliOverRemoteShardsMatchOneDatabase) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-http"), &servers);
  testing::SearchdProcess searchd(dir_->File("remote-http"));
  ASSERT_TRUE(searchd.ok()) << searchd.startup_output();
  auto whole = Searcher::Open(dir_->File("whole"), SearchOptions{});
  ASSERT_OK(whole);
  auto client = searchd.Client();
  for (const std::string query : {"solar", "port elling", "marathon OR football"}) {
    auto want = (*whole)->Search(RequestFor(query));
    ASSERT_OK(want);
    httplib::Params params = {{"q", query}, {"per_page", "50"}};
    client->set_url_encode(true);
    auto res = client->Get("/search", params, httplib::Headers{});
    ASSERT_TRUE(res) << query;
    ASSERT_EQ(res->status, 200) << res->body;
    json body = json::parse(res->body);
    EXPECT_EQ(body["total"], want->total);
    ExpectSameRanking(RankedOf(*want), RankedOf(body), query);
    EXPECT_FALSE(body.contains("partial"));
    // Remote shards have no spelling tables: said, not silently dropped.
    ASSERT_TRUE(body.contains("warnings")) << res->body;
    EXPECT_NE(body["warnings"].dump().find("did_you_mean"), std::string::npos);
  }
  // Facets need Byline's own match spy, which tcpsrv cannot run: the search
  // still answers, with a warning instead of facets.
  auto res = client->Get("/search", httplib::Params{{"q", "solar"}, {"facets", "source"}},
                         httplib::Headers{});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("facets are unavailable"), std::string::npos) << res->body;

  std::string out, err;
  ASSERT_EQ(
      testing::RunSearch({"--index", dir_->File("remote-http"), "--json", "-n", "50", "solar"},
                         &out, "", &err),
      0)
      << out << err;
  json cli = json::parse(out);
  auto want = (*whole)->Search(RequestFor("solar"));
  ASSERT_OK(want);
  ASSERT_EQ(cli["ids"].size(), want->hits.size());
}

// The date facet counts with Xapian's ValueCountMatchSpy, which xapian-tcpsrv
// runs: the same buckets as one database; the other facets are dropped.
TEST_F(RemoteShardsTest, DateFacetOverRemoteShardsMatchesOneDatabase) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-timeline"), &servers);
  auto whole = Searcher::Open(dir_->File("whole"), SearchOptions{});
  auto sharded = Searcher::Open(dir_->File("remote-timeline"), SearchOptions{});
  ASSERT_OK(whole);
  ASSERT_OK(sharded);
  for (DateInterval interval : {DateInterval::kAuto, DateInterval::kDay, DateInterval::kMonth}) {
    for (const std::string query : {"", "the", "solar OR harbour"}) {
      SearchRequest req = RequestFor(query);
      req.limit = 3;
      req.facets = {FacetField::kSource, FacetField::kDate};
      req.date_interval = interval;
      auto want = (*whole)->Search(req);
      auto got = (*sharded)->Search(req);
      ASSERT_OK(want);
      ASSERT_OK(got);
      ASSERT_EQ(want->facets.size(), 2u);
      ASSERT_EQ(got->facets.size(), 1u) << query;  // source is dropped, with a warning
      const Facet& w = want->facets[1];
      const Facet& g = got->facets[0];
      EXPECT_EQ(g.field, FacetField::kDate);
      EXPECT_EQ(g.interval, w.interval) << query;
      EXPECT_EQ(g.undated, w.undated) << query;
      ASSERT_EQ(g.values.size(), w.values.size()) << query;
      uint64_t sum = g.undated;
      for (size_t i = 0; i < w.values.size(); ++i) {
        EXPECT_EQ(g.values[i].value, w.values[i].value) << query;
        EXPECT_EQ(g.values[i].count, w.values[i].count) << query;
        sum += g.values[i].count;
      }
      EXPECT_EQ(sum, got->total) << query;
      EXPECT_TRUE(std::any_of(got->warnings.begin(), got->warnings.end(), [](const auto& warning) {
        return warning.find("facets other than date are unavailable") != std::string::npos;
      }));
    }
  }
}

TEST_F(RemoteShardsTest, ShardDownAtOpenFailsClearlyOrOpensPartially) {
  testing::ShardServerProcess live(dir_->File(ShardDirName(0)));
  ASSERT_TRUE(live.ok());
  const int dead_port = testing::FreeLoopbackPort();  // nobody listens there
  const std::string stub_dir = dir_->File("remote-half");
  std::filesystem::create_directories(stub_dir);
  testing::WriteFile(stub_dir + "/XAPIANDB",
                     live.StubLine() + "\nremote 127.0.0.1:" + std::to_string(dead_port) + "\n");
  SearchOptions strict;
  strict.remote_connect_timeout_seconds = 1;
  auto failed = Searcher::Open(stub_dir, strict);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(failed.status().message().find("127.0.0.1:" + std::to_string(dead_port)),
            std::string::npos)
      << failed.status().message();
  EXPECT_NE(failed.status().message().find("XAPIANDB:2"), std::string::npos);

  SearchOptions lenient = strict;
  lenient.allow_partial = true;
  auto half = Searcher::Open(stub_dir, lenient);
  ASSERT_OK(half);
  auto found = (*half)->Search(RequestFor("port elling"));
  ASSERT_OK(found);
  EXPECT_TRUE(found->partial);
  ASSERT_FALSE(found->hits.empty());
  for (const auto& hit : found->hits) EXPECT_EQ(shard_of_[hit.id], 0u) << hit.id;
  ASSERT_FALSE(found->warnings.empty());
  EXPECT_NE(found->warnings[0].find(std::to_string(dead_port)), std::string::npos);

  // Suggestions work over remote shards too (term lists are served; the
  // spelling table is not, so stems are completed and shown as words).
  SuggestRequest suggest;
  suggest.query = "sol";
  auto suggestions = (*half)->Suggest(suggest);
  ASSERT_OK(suggestions);
  ASSERT_FALSE(suggestions->completions.empty());
  std::vector<std::string> completed;
  for (const auto& c : suggestions->completions) completed.push_back(c.text);
  EXPECT_NE(std::find(completed.begin(), completed.end(), "solar"), completed.end())
      << ::testing::PrintToString(completed);
  for (const auto& word : completed) EXPECT_EQ(word.rfind("sol", 0), 0u) << word;

  // searchd starts all the same (a restarted node must not stay out of the
  // pool) and says which shard is down until it is back.
  testing::SearchdProcess searchd(stub_dir, {"--remote-connect-timeout-ms", "1000"});
  ASSERT_TRUE(searchd.ok()) << searchd.startup_output();
  auto res = searchd.Client()->Get("/search?q=solar");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503) << res->body;
  EXPECT_NE(res->body.find(std::to_string(dead_port)), std::string::npos) << res->body;
}

TEST_F(RemoteShardsTest, KilledShardGivesClearErrorOrPartialResultsNeverAHang) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-dead"), &servers);
  const std::vector<std::string> timeouts = {"--remote-timeout-ms", "3000",
                                             "--remote-connect-timeout-ms", "1000"};
  testing::SearchdProcess strict(dir_->File("remote-dead"), timeouts);
  std::vector<std::string> partial_args = timeouts;
  partial_args.push_back("--allow-partial");
  testing::SearchdProcess lenient(dir_->File("remote-dead"), partial_args);
  ASSERT_TRUE(strict.ok()) << strict.startup_output();
  ASSERT_TRUE(lenient.ok()) << lenient.startup_output();
  const std::string path = "/search?q=port+elling&per_page=50";
  for (auto* server : {&strict, &lenient}) {
    auto res = server->Client()->Get(path.c_str());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  const int dead_port = servers[1]->port();
  servers[1]->Kill();  // mid-test, with both searchds holding connections to it

  // The client's 10 s read timeout bounds each request: a hang fails here.
  auto res = strict.Client()->Get(path.c_str());
  ASSERT_TRUE(res) << "searchd did not answer with a shard down";
  EXPECT_EQ(res->status, 503) << res->body;
  json error = json::parse(res->body);
  EXPECT_EQ(error["error"]["code"], "unavailable");
  EXPECT_NE(
      error["error"]["message"].get<std::string>().find("127.0.0.1:" + std::to_string(dead_port)),
      std::string::npos)
      << "the error names the shard: " << res->body;

  res = lenient.Client()->Get(path.c_str());
  ASSERT_TRUE(res) << "searchd --allow-partial did not answer with a shard down";
  ASSERT_EQ(res->status, 200) << res->body;
  json body = json::parse(res->body);
  EXPECT_EQ(body["partial"], true);
  EXPECT_NE(body["warnings"].dump().find(std::to_string(dead_port)), std::string::npos);
  ASSERT_FALSE(body["hits"].empty());
  for (const auto& hit : body["hits"]) {
    EXPECT_NE(shard_of_[hit["id"].get<std::string>()], 1u) << "hit from the dead shard";
  }

  // And the strict server keeps answering 503 (not hanging) on later queries.
  res = strict.Client()->Get("/search?q=solar");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503) << res->body;

  // byline-search says the same: an error naming the shard, or with
  // --allow-partial the live shards' hits, a warning on stderr and exit 3.
  std::string out, err;
  EXPECT_EQ(testing::RunSearch({"--index", dir_->File("remote-dead"), "solar"}, &out, "", &err), 1);
  EXPECT_NE(err.find(std::to_string(dead_port)), std::string::npos) << err;
  ASSERT_EQ(testing::RunSearch(
                {"--index", dir_->File("remote-dead"), "--allow-partial", "--json", "solar"}, &out,
                "", &err),
            3)
      << err;
  json cli = json::parse(out);
  EXPECT_EQ(cli["partial"], true);
  for (const auto& id : cli["ids"]) EXPECT_NE(shard_of_[id.get<std::string>()], 1u);
}

TEST_F(RemoteShardsTest, HungShardTimesOutWithAClearError) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-hung"), &servers);
  testing::SearchdProcess strict(
      dir_->File("remote-hung"),
      {"--remote-timeout-ms", "1000", "--remote-connect-timeout-ms", "1000"});
  testing::SearchdProcess lenient(
      dir_->File("remote-hung"),
      {"--remote-timeout-ms", "1000", "--remote-connect-timeout-ms", "1000", "--allow-partial"});
  ASSERT_TRUE(strict.ok()) << strict.startup_output();
  ASSERT_TRUE(lenient.ok()) << lenient.startup_output();
  for (auto* server : {&strict, &lenient}) {
    auto res = server->Client()->Get("/search?q=solar");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }
  const int hung_port = servers[2]->port();
  servers[2]->Pause();  // connections are accepted by the kernel, never answered

  // The client gives up after 10 s; the 1 s remote timeouts must answer first.
  auto res = strict.Client()->Get("/search?q=solar");
  ASSERT_TRUE(res) << "searchd hung on a shard that does not answer";
  EXPECT_EQ(res->status, 503) << res->body;
  EXPECT_NE(res->body.find(std::to_string(hung_port)), std::string::npos) << res->body;

  res = lenient.Client()->Get("/search?q=solar");
  ASSERT_TRUE(res) << "searchd --allow-partial hung on a shard that does not answer";
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("\"partial\":true"), std::string::npos) << res->body;
  servers[2]->Resume();
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Compact shards keep positions in streams, which xapian-tcpsrv cannot
// check: phrases over them match as all their words, and a search with one
// says so (one without does not). Shards with a position table (the
// default for a --shards index) give every phrase what one local database
// gives.
TEST_F(RemoteShardsTest, PhrasesOverRemoteShardsAreCheckedOrSaySoInAWarning) {
  std::vector<std::unique_ptr<testing::ShardServerProcess>> servers;
  StartShards(dir_->File("remote-streams"), &servers, "stream-");
  auto streams = Searcher::Open(dir_->File("remote-streams"), SearchOptions{});
  ASSERT_OK(streams);
  const auto warned = [&](const std::string& query) {
    auto r = (*streams)->Search(RequestFor(query));
    EXPECT_OK(r);
    if (!r.ok()) return false;
    for (const auto& w : r->warnings) {
      if (w.find("phrases match as all their words") != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(warned("\"solar farm\""));
  EXPECT_FALSE(warned("solar farm"));
  auto whole = Searcher::Open(dir_->File("whole"), SearchOptions{});
  ASSERT_OK(whole);

  std::vector<std::unique_ptr<testing::ShardServerProcess>> table_servers;
  StartShards(dir_->File("remote-table"), &table_servers);
  auto table = Searcher::Open(dir_->File("remote-table"), SearchOptions{});
  ASSERT_OK(table);
  size_t checked = 0;
  for (const char* phrase : {"\"solar farm\"", "\"port elling\"", "\"harbour jazz\"",
                             "\"the rover\"", "title:\"solar farm\""}) {
    auto want = (*whole)->Search(RequestFor(phrase));
    auto got = (*table)->Search(RequestFor(phrase));
    ASSERT_OK(want);
    ASSERT_OK(got);
    for (const auto& w : got->warnings) {
      EXPECT_EQ(w.find("phrases match"), std::string::npos) << phrase << ": " << w;
    }
    EXPECT_EQ(got->total, want->total) << phrase;
    ExpectSameRanking(RankedOf(*want), RankedOf(*got), phrase);
    if (!want->hits.empty()) ++checked;
  }
  EXPECT_GE(checked, 3u);
}

}  // namespace
}  // namespace byline
