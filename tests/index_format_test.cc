// Index format versioning, with the real programs: every writer records
// schema::kIndexFormat; an index of an older format (made here by rewriting
// the recorded format of one written today) still opens and says how a
// --reindex upgrades it; one of a newer format is refused by byline-search,
// byline-indexer and byline-searchd, naming the format and what to do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "byline/index_layout.h"
#include "byline/schema.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const int kNewer = schema::kIndexFormat + 1;

// The database of the generation the stub of `dir` names.
std::string LiveDatabase(const std::string& dir) {
  auto generation = IndexLayout(dir).CurrentGeneration();
  EXPECT_TRUE(generation.ok()) << generation.status().ToString();
  return IndexLayout(dir).GenerationPath(generation.ok() ? *generation : "");
}

// The format a database records ("" when none).
std::string RecordedFormat(const std::string& database) {
  return Xapian::Database(database).get_metadata(schema::kFormatMetadataKey);
}

// Sets the recorded format of a database directly ("" removes it, as an
// index written before formats were recorded has none).
void SetRecordedFormat(const std::string& database, const std::string& value) {
  Xapian::WritableDatabase db(database, Xapian::DB_OPEN);
  db.set_metadata(schema::kFormatMetadataKey, value);
  db.commit();
}

std::string NewerMessage(const std::string& dir, const std::string& program) {
  return "index at " + dir + " was written by a newer Byline (format " + std::to_string(kNewer) +
         "; this " + program + " reads up to " + std::to_string(schema::kIndexFormat) +
         "): upgrade Byline";
}

class IndexFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(
        articles_,
        testing::ToJsonLine(testing::MakeArticle("a-1", "Harbour lights", "The harbour at night")) +
            testing::ToJsonLine(testing::MakeArticle("a-2", "Tide tables", "When the tide turns")));
    testing::WriteFile(more_, testing::ToJsonLine(testing::MakeArticle(
                                  "a-3", "Ferry times", "The harbour ferry leaves at six")));
    std::string err;
    ASSERT_EQ(testing::RunIndexer({"--index", index_, articles_}, &err), 0) << err;
  }

  // `byline-indexer --index INDEX stats` (its stdout).
  int Stats(std::string* out, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {testing::ProgramPath("byline-indexer"), "--index", index_,
                                     "stats"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return testing::RunProgram(argv, out);
  }

  testing::TempDir dir_;
  const std::string index_ = dir_.File("index");
  const std::string articles_ = dir_.File("articles.jsonl");
  const std::string more_ = dir_.File("more.jsonl");
};

TEST_F(IndexFormatTest, EveryWriterRecordsTheCurrentFormat) {
  const std::string current = std::to_string(schema::kIndexFormat);
  EXPECT_EQ(RecordedFormat(LiveDatabase(index_)), current) << "a new index";
  std::string out;
  ASSERT_EQ(Stats(&out, {"--json"}), 0) << out;
  EXPECT_EQ(json::parse(out)["format"], schema::kIndexFormat);

  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index_, "--reindex", articles_}, &err), 0) << err;
  EXPECT_EQ(RecordedFormat(LiveDatabase(index_)), current) << "a reindex";
  ASSERT_EQ(testing::RunIndexer({"--index", index_, "compact"}, &err), 0) << err;
  EXPECT_EQ(RecordedFormat(LiveDatabase(index_)), current) << "a compaction";

  const std::string sharded = dir_.File("sharded");
  ASSERT_EQ(testing::RunIndexer({"--index", sharded, "--shards", "2", articles_}, &err), 0) << err;
  for (const char* shard : {"/shard-00", "/shard-01"}) {
    EXPECT_EQ(RecordedFormat(LiveDatabase(sharded + shard)), current) << shard;
  }
}

// An index written before formats were recorded (format 1) opens everywhere,
// keeps its format through updates, and a --reindex makes it current.
TEST_F(IndexFormatTest, AnOlderFormatOpensAndAReindexUpgradesIt) {
  ASSERT_LT(schema::kOldestReadableIndexFormat, schema::kIndexFormat);
  SetRecordedFormat(LiveDatabase(index_), "");

  std::string out;
  ASSERT_EQ(testing::RunSearch({"--index", index_, "harbour"}, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Harbour lights"));

  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index_, more_, "--dry-run"}, &err), 0) << err;
  ASSERT_EQ(testing::RunIndexer({"--index", index_, more_}, &err), 0) << err;
  EXPECT_EQ(RecordedFormat(LiveDatabase(index_)), "") << "an update rewrites only some articles";
  ASSERT_EQ(testing::RunSearch({"--index", index_, "ferry"}, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Ferry times"));

  ASSERT_EQ(Stats(&out), 0) << out;
  EXPECT_THAT(
      out, HasSubstr("format       format 1 (current " + std::to_string(schema::kIndexFormat) +
                     "): upgrade with byline-indexer --index " + index_ + " --reindex INPUTS\n"));
  ASSERT_EQ(Stats(&out, {"--json"}), 0) << out;
  EXPECT_EQ(json::parse(out)["format"], 1);

  {
    testing::SearchdProcess server(index_);
    ASSERT_TRUE(server.ok()) << server.startup_output();
    auto res = server.Client()->Get("/search?q=harbour");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(json::parse(res->body)["total"], 2);
  }

  ASSERT_EQ(testing::RunIndexer({"--index", index_, "--reindex", articles_, more_}, &err), 0)
      << err;
  EXPECT_EQ(RecordedFormat(LiveDatabase(index_)), std::to_string(schema::kIndexFormat));
  ASSERT_EQ(Stats(&out), 0) << out;
  EXPECT_THAT(out, HasSubstr("format       " + std::to_string(schema::kIndexFormat) + "\n"));
  EXPECT_THAT(out, Not(HasSubstr("upgrade")));
}

TEST_F(IndexFormatTest, ANewerFormatIsRefusedByEveryProgram) {
  const std::string live = LiveDatabase(index_);
  SetRecordedFormat(live, std::to_string(kNewer));
  const auto unchanged = [&] {
    EXPECT_EQ(RecordedFormat(LiveDatabase(index_)), std::to_string(kNewer));
    EXPECT_EQ(LiveDatabase(index_), live) << "no new generation";
    EXPECT_EQ(Xapian::Database(live).get_doccount(), 2u);
  };

  std::string out;
  EXPECT_EQ(testing::RunSearch({"--index", index_, "harbour"}, &out), 1) << out;
  EXPECT_THAT(out, HasSubstr(NewerMessage(index_, "byline-search")));

  const std::string message = NewerMessage(index_, "byline-indexer");
  std::string err;
  EXPECT_EQ(testing::RunIndexer({"--index", index_, more_}, &err), 1) << err;
  EXPECT_THAT(err, HasSubstr(message)) << "update";
  EXPECT_EQ(testing::RunIndexer({"--index", index_, more_, "--dry-run"}, &err), 1) << err;
  EXPECT_THAT(err, HasSubstr(message)) << "update --dry-run";
  EXPECT_EQ(testing::RunIndexer({"--index", index_, "--reindex", more_, "--dry-run"}, &err), 1)
      << err;
  EXPECT_THAT(err, HasSubstr(message)) << "reindex --dry-run";
  EXPECT_EQ(testing::RunIndexer({"--index", index_, "--reindex", more_}, &err), 1) << err;
  EXPECT_THAT(err, HasSubstr(message)) << "reindex";
  EXPECT_EQ(testing::RunIndexer({"--index", index_, "--delete", "a-1"}, &err), 1) << err;
  EXPECT_THAT(err, HasSubstr(message)) << "delete";
  EXPECT_EQ(testing::RunIndexer({"--index", index_, "compact"}, &err), 1) << err;
  EXPECT_THAT(err, HasSubstr(message)) << "compact";
  EXPECT_EQ(testing::RunIndexer({"--index", index_, "stats"}, &err), 1) << err;
  EXPECT_THAT(err, HasSubstr(message)) << "stats";
  unchanged();

  // Refuses to start (it exits at once, before listening).
  EXPECT_EQ(testing::RunProgram({testing::ProgramPath("byline-searchd"), "--index", index_,
                                 "--listen", "127.0.0.1:0"},
                                &out),
            1)
      << out;
  EXPECT_THAT(out, HasSubstr(NewerMessage(index_, "byline-searchd")));
  unchanged();
}

TEST_F(IndexFormatTest, ASearcherRefusesANewerFormatCommittedInPlaceUntilItChanges) {
  auto searcher = testing::OpenSearcher(index_);
  ASSERT_NE(searcher, nullptr);
  SearchRequest request;
  request.query = "harbour";
  ASSERT_TRUE(searcher->Search(request).ok());
  // A newer Byline commits into the live generation: no older revision is
  // left to serve, so every search says why, not only the first.
  SetRecordedFormat(LiveDatabase(index_), std::to_string(kNewer));
  for (int i = 0; i < 3; ++i) {
    auto answer = searcher->Search(request);
    ASSERT_FALSE(answer.ok()) << "search " << i;
    EXPECT_THAT(answer.status().message(), HasSubstr("written by a newer Byline")) << i;
  }
  SetRecordedFormat(LiveDatabase(index_), std::to_string(schema::kIndexFormat));
  EXPECT_TRUE(searcher->Search(request).ok()) << "served again once the format is readable";
}

TEST_F(IndexFormatTest, ANewerShardIsRefused) {
  const std::string sharded = dir_.File("sharded");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", sharded, "--shards", "2", articles_}, &err), 0) << err;
  SetRecordedFormat(LiveDatabase(sharded + "/shard-01"), std::to_string(kNewer));
  std::string out;
  EXPECT_EQ(testing::RunSearch({"--index", sharded, "harbour"}, &out), 1) << out;
  EXPECT_THAT(out, HasSubstr("was written by a newer Byline (format " + std::to_string(kNewer)));
  EXPECT_THAT(out, HasSubstr("shard-01"));
  EXPECT_EQ(testing::RunIndexer({"--index", sharded, more_}, &err), 1) << err;
  EXPECT_THAT(err, HasSubstr("was written by a newer Byline"));
}

TEST_F(IndexFormatTest, AnUnknownFormatValueIsRefused) {
  SetRecordedFormat(LiveDatabase(index_), "two");
  std::string out;
  EXPECT_EQ(testing::RunSearch({"--index", index_, "harbour"}, &out), 1) << out;
  EXPECT_THAT(out, HasSubstr("index at " + index_ + " records an unknown format \"two\""));
  EXPECT_THAT(out, HasSubstr("upgrade Byline"));
}

// A format below the oldest this Byline reads: refused with the command
// that rebuilds it, and that command works.
TEST_F(IndexFormatTest, AFormatTooOldToReadSaysWhichReindexUpgradesIt) {
  const std::string too_old = std::to_string(schema::kOldestReadableIndexFormat - 1);
  SetRecordedFormat(LiveDatabase(index_), too_old);
  const std::string command =
      "rebuild it with byline-indexer --index " + index_ + " --reindex INPUTS";
  std::string out;
  EXPECT_EQ(testing::RunSearch({"--index", index_, "harbour"}, &out), 1) << out;
  EXPECT_THAT(out, HasSubstr("index at " + index_ + " is in format " + too_old));
  EXPECT_THAT(out, HasSubstr(command));
  std::string err;
  EXPECT_EQ(testing::RunIndexer({"--index", index_, more_}, &err), 1) << err;
  EXPECT_THAT(err, HasSubstr(command));

  ASSERT_EQ(testing::RunIndexer({"--index", index_, "--reindex", articles_, more_}, &err), 0)
      << err;
  EXPECT_EQ(RecordedFormat(LiveDatabase(index_)), std::to_string(schema::kIndexFormat));
  ASSERT_EQ(testing::RunSearch({"--index", index_, "harbour"}, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Ferry times"));
}

// A generation of a newer format published under a running searchd: it
// keeps serving the one it has, and says why in the searches' warnings.
TEST_F(IndexFormatTest, SearchdKeepsServingWhenTheNextGenerationIsNewer) {
  testing::SearchdProcess server(index_, {"--reopen-interval-ms", "0"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();
  auto first = client->Get("/health");
  ASSERT_TRUE(first);
  const std::string served = json::parse(first->body)["generation"];

  // The next generation, built aside and made "newer", then published.
  const std::string other = dir_.File("other");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", other, more_}, &err), 0) << err;
  SetRecordedFormat(LiveDatabase(other), std::to_string(kNewer));
  IndexLayout layout(index_);
  auto next = layout.NextGeneration();
  ASSERT_TRUE(next.ok());
  fs::copy(LiveDatabase(other), layout.GenerationPath(*next), fs::copy_options::recursive);
  ASSERT_TRUE(layout.SwitchTo(*next).ok());

  auto res = client->Get("/search?q=tide");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json body = json::parse(res->body);
  EXPECT_EQ(body["total"], 1) << "the old generation's article (the newer one has none)";
  ASSERT_TRUE(body.contains("warnings")) << res->body;
  EXPECT_THAT(body["warnings"].dump(), HasSubstr("was written by a newer Byline"));
  EXPECT_THAT(body["warnings"].dump(), HasSubstr("still serving " + served));
  auto health = client->Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body)["generation"], served);
}

// The same when one shard of a sharded index moves to a newer generation.
TEST_F(IndexFormatTest, SearchdKeepsServingWhenAShardMovesToANewerFormat) {
  const std::string sharded = dir_.File("sharded");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", sharded, "--shards", "2", articles_}, &err), 0) << err;
  testing::SearchdProcess server(sharded, {"--reopen-interval-ms", "0"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  auto client = server.Client();

  const std::string shard = sharded + "/shard-01";
  IndexLayout layout(shard);
  auto next = layout.NextGeneration();
  ASSERT_TRUE(next.ok());
  fs::copy(LiveDatabase(shard), layout.GenerationPath(*next), fs::copy_options::recursive);
  SetRecordedFormat(layout.GenerationPath(*next), std::to_string(kNewer));
  ASSERT_TRUE(layout.SwitchTo(*next).ok());

  for (int i = 0; i < 3; ++i) {  // and on every search after
    auto res = client->Get("/search?q=tide+OR+harbour");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    json body = json::parse(res->body);
    EXPECT_EQ(body["total"], 2);
    EXPECT_THAT(body["warnings"].dump(), HasSubstr(shard + " was written by a newer Byline"));
  }
}

}  // namespace
}  // namespace byline
