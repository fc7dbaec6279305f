// Fault injection against the real programs: byline-indexer killed with
// SIGKILL at random points, a read-only or full disk, a corrupt or missing
// stub, a missing generation, a corrupt database and a locked one. Each must
// give a clear error (naming the index) and never a crash; searchd's /health
// says unhealthy (503) while the index is broken.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "byline/schema.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

namespace fs = std::filesystem;
using testing::ProgramPath;
using testing::RunProgram;
using testing::RunSearch;

std::string Articles(int first, int count) {
  std::string text;
  for (int i = first; i < first + count; ++i) {
    text += testing::ToJsonLine(testing::MakeArticle(
        "art-" + std::to_string(i), "Harbour article " + std::to_string(i),
        "Body text for article " + std::to_string(i) + " about boats, tides and the quay."));
  }
  return text;
}

int Index(const std::string& index, const std::vector<std::string>& extra, std::string* out) {
  std::vector<std::string> argv = {ProgramPath("byline-indexer"), "--index", index};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return RunProgram(argv, out);
}

// Exit status of a program that must fail cleanly: 1, not a signal.
void ExpectCleanFailure(int status, const std::string& out, const std::string& must_name) {
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find(must_name), std::string::npos)
      << "the error should name " << must_name << ":\n"
      << out;
}

// Every article of the index, by id; fails the test on a duplicate.
std::set<std::string> IdsIn(const std::string& index) {
  std::set<std::string> ids;
  Xapian::Database db(index);
  for (auto it = db.allterms_begin(schema::IdTerm("")); it != db.allterms_end(schema::IdTerm(""));
       ++it) {
    EXPECT_EQ(it.get_termfreq(), 1u) << "duplicate article " << *it;
    ids.insert(*it);
  }
  EXPECT_EQ(ids.size(), db.get_doccount()) << "documents without an id term";
  return ids;
}

pid_t Spawn(const std::vector<std::string>& argv) {
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

// kill -9 at random moments of update runs and rebuilds, several times over
// the same index: after each kill the index opens, holds each article at
// most once, never fewer than were seen committed before; a final run
// completes the job.
TEST(FaultTest, IndexerKilledAtRandomPointsLosesNothingCommitted) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  const std::string input = dir.File("articles.jsonl");
  const int kArticles = 12000;
  testing::WriteFile(input, Articles(0, kArticles));
  std::mt19937 random(20240905);  // fixed seed: a failure can be replayed
  size_t committed_before = 0;
  for (int round = 0; round < 6; ++round) {
    const bool rebuild = round % 3 == 2;
    const int delay_ms = std::uniform_int_distribution<int>(20, 700)(random);
    SCOPED_TRACE("round " + std::to_string(round) + (rebuild ? " (--reindex)" : "") +
                 ", killed after " + std::to_string(delay_ms) + " ms");
    std::vector<std::string> argv = {ProgramPath("byline-indexer"), "--index", index,
                                     "--commit-every", "500"};
    if (rebuild) argv.push_back("--reindex");
    argv.push_back(input);
    pid_t pid = Spawn(argv);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!fs::exists(dir.File("index/XAPIANDB"))) {
      EXPECT_EQ(committed_before, 0u) << "the stub vanished";
      continue;
    }
    std::set<std::string> ids = IdsIn(index);
    // An abandoned rebuild leaves the published generation as it was; an
    // update only adds.
    EXPECT_GE(ids.size(), committed_before);
    committed_before = ids.size();
    std::string out;
    EXPECT_EQ(RunSearch({"--index", index, "harbour"}, &out), 0) << out;
  }
  std::string out;
  ASSERT_EQ(Index(index, {input}, &out), 0) << out;
  std::set<std::string> ids = IdsIn(index);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kArticles));
  ASSERT_EQ(Index(index, {"--reindex", input}, &out), 0) << out;
  EXPECT_EQ(IdsIn(index).size(), static_cast<size_t>(kArticles));
}

// A tmpfs mounted for one test (root only); skips the test where mounting
// is not permitted.
class ScratchMount {
 public:
  ScratchMount(const std::string& path, const std::string& size) : path_(path) {
    fs::create_directories(path);
    mounted_ = mount("tmpfs", path.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
  }
  ~ScratchMount() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  bool MakeReadOnly() {
    return mount(nullptr, path_.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  std::string path_;
  bool mounted_ = false;
};

TEST(FaultTest, ReadOnlyIndexDirectoryIsAClearErrorAndStillSearchable) {
  testing::TempDir dir;
  ScratchMount disk(dir.File("ro"), "8m");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs is not permitted here";
  const std::string index = dir.File("ro/index");
  testing::WriteFile(dir.File("a.jsonl"), Articles(0, 20));
  testing::WriteFile(dir.File("b.jsonl"), Articles(20, 5));
  std::string out;
  ASSERT_EQ(Index(index, {dir.File("a.jsonl")}, &out), 0) << out;
  ASSERT_TRUE(disk.MakeReadOnly());

  ExpectCleanFailure(Index(index, {dir.File("b.jsonl")}, &out), out, index);
  EXPECT_NE(out.find("Read-only file system"), std::string::npos) << out;
  ExpectCleanFailure(Index(index, {"--reindex", dir.File("b.jsonl")}, &out), out, index);
  ExpectCleanFailure(Index(dir.File("ro/new-index"), {dir.File("b.jsonl")}, &out), out,
                     "new-index");

  // Readers need no write access: searching goes on.
  EXPECT_EQ(RunSearch({"--index", index, "harbour"}, &out), 0) << out;
  testing::SearchdProcess server(index);
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_EQ(server.Client()->Get("/health")->status, 200);
}

TEST(FaultTest, FullDiskIsAClearErrorAndKeepsWhatWasCommitted) {
  testing::TempDir dir;
  ScratchMount disk(dir.File("small"), "1m");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs is not permitted here";
  const std::string index = dir.File("small/index");
  testing::WriteFile(dir.File("few.jsonl"), Articles(0, 10));
  testing::WriteFile(dir.File("many.jsonl"), Articles(10, 20000));
  std::string out;
  ASSERT_EQ(Index(index, {dir.File("few.jsonl")}, &out), 0) << out;

  ExpectCleanFailure(Index(index, {"--commit-every", "1000000", dir.File("many.jsonl")}, &out), out,
                     "No space left on device");
  EXPECT_GE(IdsIn(index).size(), 10u) << "what was committed before stays";
  EXPECT_EQ(RunSearch({"--index", index, "harbour"}, &out), 0) << out;
  ExpectCleanFailure(Index(index, {"--reindex", dir.File("many.jsonl")}, &out), out,
                     "No space left on device");
  EXPECT_GE(IdsIn(index).size(), 10u) << "a failed rebuild leaves the index as it was";
  EXPECT_FALSE(fs::exists(index + "/gen-000002")) << "and gives back the space it took";
}

// A broken index, three ways; each program says what is wrong and where.
class BrokenIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = dir_.File("index");
    testing::WriteFile(dir_.File("a.jsonl"), Articles(0, 30));
    std::string out;
    ASSERT_EQ(Index(index_, {dir_.File("a.jsonl")}, &out), 0) << out;
  }

  void ExpectEveryProgramFails(const std::string& must_name) {
    std::string out;
    ExpectCleanFailure(Index(index_, {dir_.File("a.jsonl")}, &out), out, must_name);
    ExpectCleanFailure(RunSearch({"--index", index_, "harbour"}, &out), out, must_name);
    ExpectCleanFailure(
        RunProgram({ProgramPath("byline-searchd"), "--index", index_, "--listen", "127.0.0.1:0"},
                   &out),
        out, must_name);
  }

  // /health turns 503 while broken, /search does not answer 200 or 500;
  // after `repair`, both recover without a restart.
  template <typename Break, typename Repair>
  void ExpectSearchdUnhealthyThenRecovers(Break break_index, Repair repair) {
    testing::SearchdProcess server(index_);
    ASSERT_TRUE(server.ok()) << server.startup_output();
    auto client = server.Client();
    ASSERT_EQ(client->Get("/health")->status, 200);
    break_index();
    auto health = client->Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 503) << health->body;
    auto body = nlohmann::json::parse(health->body, nullptr, false);
    EXPECT_EQ(body["status"], "unhealthy") << health->body;
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty()) << health->body;
    auto search = client->Get("/search?q=harbour");
    ASSERT_TRUE(search) << "searchd must still answer";
    EXPECT_EQ(search->status, 503) << search->body;
    repair();
    EXPECT_EQ(client->Get("/health")->status, 200);
    EXPECT_EQ(client->Get("/search?q=harbour")->status, 200);
    EXPECT_EQ(server.Stop(), 0) << "still running normally";
  }

  std::string Stub() const { return index_ + "/XAPIANDB"; }

  testing::TempDir dir_;
  std::string index_;
};

TEST_F(BrokenIndexTest, CorruptStub) {
  const std::string good = testing::ReadFile(Stub());
  testing::WriteFile(Stub(), "\x7f\x45LF garbage \xff\n");
  ExpectEveryProgramFails("XAPIANDB");
  testing::WriteFile(Stub(), good);
  ExpectSearchdUnhealthyThenRecovers([&] { testing::WriteFile(Stub(), "auto ../../etc\n"); },
                                     [&] { testing::WriteFile(Stub(), good); });
}

TEST_F(BrokenIndexTest, MissingStub) {
  const std::string good = testing::ReadFile(Stub());
  fs::remove(Stub());
  // The indexer starts a new index where none is; the readers say none is there.
  std::string out;
  ExpectCleanFailure(RunSearch({"--index", index_, "harbour"}, &out), out, "XAPIANDB");
  ExpectCleanFailure(
      RunProgram({ProgramPath("byline-searchd"), "--index", index_, "--listen", "127.0.0.1:0"},
                 &out),
      out, "XAPIANDB");
  testing::WriteFile(Stub(), good);
  ExpectSearchdUnhealthyThenRecovers([&] { fs::remove(Stub()); },
                                     [&] { testing::WriteFile(Stub(), good); });
}

TEST_F(BrokenIndexTest, MissingGeneration) {
  fs::rename(index_ + "/gen-000001", dir_.File("moved-away"));
  ExpectEveryProgramFails("gen-000001");
  std::string out;
  EXPECT_EQ(Index(index_, {"--reindex", dir_.File("a.jsonl")}, &out), 0)
      << "--reindex repairs it: " << out;
  EXPECT_EQ(IdsIn(index_).size(), 30u);
}

TEST_F(BrokenIndexTest, CorruptDatabaseFile) {
  // Truncate the table of documents' data and the version file: Xapian
  // notices at open.
  for (const auto& entry : fs::directory_iterator(index_ + "/gen-000001")) {
    if (entry.path().filename() == "iamglass") testing::WriteFile(entry.path(), "not glass");
  }
  ExpectEveryProgramFails(index_);
}

TEST_F(BrokenIndexTest, LockedDatabaseIsBusyForWritersOnly) {
  // Another writer holds the lock (as a running byline-indexer would).
  Xapian::WritableDatabase holder(index_ + "/gen-000001", Xapian::DB_OPEN);
  std::string out;
  ExpectCleanFailure(Index(index_, {dir_.File("a.jsonl")}, &out), out, index_);
  EXPECT_NE(out.find("lock"), std::string::npos) << out;
  EXPECT_EQ(RunSearch({"--index", index_, "harbour"}, &out), 0)
      << "readers are not blocked: " << out;
  testing::SearchdProcess server(index_);
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_EQ(server.Client()->Get("/health")->status, 200);
  holder.close();
  EXPECT_EQ(Index(index_, {dir_.File("a.jsonl")}, &out), 0) << "once released: " << out;
}

}  // namespace
}  // namespace byline
