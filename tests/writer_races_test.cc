// Writers racing for one index, run for real as separate byline-indexer
// processes: nothing acknowledged is lost and the live generation only moves
// forward. The first writer reads from a pipe the test holds open, so every
// race happens while it is certainly mid-run. Each test checks the articles
// at the end, not only the exit codes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "byline/index_layout.h"
#include "byline/schema.h"
#include "byline/write_lock.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using testing::ProgramPath;
using testing::RunProgram;

struct Outcome {  // of one byline-indexer run
  int code = -1;
  std::string err;
};

// Starts byline-indexer with `args` in the background.
std::future<Outcome> Start(std::vector<std::string> args) {
  args.insert(args.begin(), ProgramPath("byline-indexer"));
  return std::async(std::launch::async, [args] {
    Outcome run;
    std::string out;
    run.code = RunProgram(args, &out, "", &run.err);
    return run;
  });
}

Outcome Indexer(std::vector<std::string> args) { return Start(std::move(args)).get(); }

// True once a writer holds `index`'s lock (its file names the holder).
bool WaitForWriter(const std::string& index) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!testing::ReadFile(WriteLock::PathFor(index)).empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

// A named pipe a writer reads its input from: it holds the write lock, and
// keeps reading, until the test closes the pipe. So each race happens while
// the first writer is certainly mid-run, however fast or slow the machine.
class Feed {
 public:
  explicit Feed(std::string path) : path_(std::move(path)) {
    EXPECT_EQ(mkfifo(path_.c_str(), 0600), 0) << path_;
  }
  const std::string& path() const { return path_; }
  // Opens the pipe once its reader has (at most 60 s) and writes `text`.
  void Write(const std::string& text) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (fd_ < 0 && std::chrono::steady_clock::now() < deadline) {
      // ENXIO until the reader opens; not inherited by the programs started
      // later, or they would keep the pipe open.
      fd_ = open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd_ < 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_GE(fd_, 0) << "nobody opened " << path_;
    fcntl(fd_, F_SETFL, 0);  // blocking writes from here on
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = write(fd_, text.data() + done, text.size() - done);
      ASSERT_GT(n, 0);
      done += static_cast<size_t>(n);
    }
  }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  ~Feed() { Close(); }

 private:
  std::string path_;
  int fd_ = -1;
};

// Records the generation the stub names, every few milliseconds, until
// stopped: the history searchers would have seen.
class StubWatcher {
 public:
  explicit StubWatcher(std::string index)
      : thread_([this, index = std::move(index)] {
          while (!stop_) {
            auto current = IndexLayout(index).CurrentGeneration();
            if (current.ok() && (seen_.empty() || seen_.back() != *current)) {
              seen_.push_back(*current);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        }) {}
  std::vector<std::string> Stop() {
    stop_ = true;
    thread_.join();
    return seen_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::string> seen_;
  std::thread thread_;
};

class WriterRacesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = dir_.File("index");
    testing::WriteFile(dir_.File("live.jsonl"), testing::HarbourCorpus("live", 100));
    testing::WriteFile(dir_.File("small.jsonl"), testing::HarbourCorpus("small", 500));
    testing::WriteFile(dir_.File("extra.jsonl"), testing::HarbourCorpus("extra", 40));
    Outcome live = Indexer({"--index", index_, dir_.File("live.jsonl")});
    ASSERT_EQ(live.code, 0) << live.err;
  }

  testing::TempDir dir_;
  std::string index_;
};

TEST_F(WriterRacesTest, AnUpdateDuringAReindexIsRefusedOrWaitsAndIsNeverLost) {
  Feed feed(dir_.File("rebuilt.jsonl"));
  auto reindex = Start({"--index", index_, "--reindex", feed.path()});
  feed.Write(testing::HarbourCorpus("rebuilt", 2000));
  ASSERT_TRUE(WaitForWriter(index_));
  Outcome refused = Indexer({"--index", index_, dir_.File("extra.jsonl")});
  EXPECT_EQ(refused.code, 1) << refused.err;
  EXPECT_NE(refused.err.find("running a reindex"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("(pid "), std::string::npos) << refused.err;
  auto waiting = Start({"--index", index_, "--wait", dir_.File("extra.jsonl")});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it wait
  feed.Close();
  Outcome rebuilt = reindex.get();
  ASSERT_EQ(rebuilt.code, 0) << rebuilt.err;
  Outcome waited = waiting.get();
  ASSERT_EQ(waited.code, 0) << waited.err;
  EXPECT_NE(waited.err.find("waiting for byline-indexer (pid "), std::string::npos) << waited.err;
  EXPECT_NE(waited.err.find("40 added"), std::string::npos) << waited.err;
  // The rebuild's articles and the update's, none of the replaced generation's.
  EXPECT_EQ(testing::ArticleCount(index_), 2040u);
  for (int i = 0; i < 40; ++i)
    EXPECT_TRUE(testing::IndexHas(index_, "extra-" + std::to_string(i))) << i;
  EXPECT_FALSE(testing::IndexHas(index_, "live-0"));
}

TEST_F(WriterRacesTest, TwoReindexesTakeTurnsAndGenerationsOnlyMoveForward) {
  StubWatcher watcher(index_);
  Feed feed(dir_.File("rebuilt.jsonl"));
  auto first = Start({"--index", index_, "--reindex", feed.path()});
  feed.Write(testing::HarbourCorpus("rebuilt", 2000));
  ASSERT_TRUE(WaitForWriter(index_));
  Outcome refused = Indexer({"--index", index_, "--reindex", dir_.File("small.jsonl")});
  EXPECT_EQ(refused.code, 1) << refused.err;
  EXPECT_NE(refused.err.find("is busy"), std::string::npos) << refused.err;
  auto second = Start({"--index", index_, "--wait=120", "--reindex", dir_.File("small.jsonl")});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it wait
  feed.Close();
  Outcome a = first.get(), b = second.get();
  ASSERT_EQ(a.code, 0) << a.err;
  ASSERT_EQ(b.code, 0) << b.err;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::vector<std::string> seen = watcher.Stop();
  // Live, then the big build, then the small one: never back.
  EXPECT_EQ(seen, (std::vector<std::string>{"gen-000001", "gen-000002", "gen-000003"}));
  EXPECT_EQ(testing::ArticleCount(index_), 500u);
  EXPECT_TRUE(testing::IndexHas(index_, "small-499"));
  // The generation replaced last stays for searchers still on it; no other.
  EXPECT_EQ(IndexLayout(index_).ListGenerations(),
            (std::vector<std::string>{"gen-000002", "gen-000003"}));
}

TEST_F(WriterRacesTest, CompactDuringAReindexWaitsItsTurn) {
  Feed feed(dir_.File("rebuilt.jsonl"));
  auto reindex = Start({"--index", index_, "--reindex", feed.path()});
  feed.Write(testing::HarbourCorpus("rebuilt", 2000));
  ASSERT_TRUE(WaitForWriter(index_));
  Outcome refused = Indexer({"--index", index_, "compact"});
  EXPECT_EQ(refused.code, 1) << refused.err;
  EXPECT_NE(refused.err.find("running a reindex"), std::string::npos) << refused.err;
  auto compact = Start({"--index", index_, "--wait", "compact"});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it wait
  feed.Close();
  Outcome rebuilt = reindex.get(), compacted = compact.get();
  ASSERT_EQ(rebuilt.code, 0) << rebuilt.err;
  ASSERT_EQ(compacted.code, 0) << compacted.err;
  // The compaction copied the rebuilt generation, not the one it replaced.
  EXPECT_EQ(*IndexLayout(index_).CurrentGeneration(), "gen-000003");
  EXPECT_EQ(testing::ArticleCount(index_), 2000u);
  EXPECT_FALSE(testing::IndexHas(index_, "live-0"));
}

TEST_F(WriterRacesTest, AKilledWritersLockAndLeftoversGoWithIt) {
  Feed feed(dir_.File("rebuilt.jsonl"));
  const std::string prog = ProgramPath("byline-indexer");
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO);
    execl(prog.c_str(), prog.c_str(), "--index", index_.c_str(), "--reindex", feed.path().c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  feed.Write(testing::HarbourCorpus("rebuilt", 2000));
  ASSERT_TRUE(WaitForWriter(index_));
  // Killed mid-build, once the new generation is on disk.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline &&
         IndexLayout(index_).ListGenerations().size() < 2) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(IndexLayout(index_).ListGenerations().size(), 2u);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  feed.Close();
  // An update goes ahead at once, and clears the unfinished generation.
  Outcome update = Indexer({"--index", index_, dir_.File("extra.jsonl")});
  ASSERT_EQ(update.code, 0) << update.err;
  EXPECT_EQ(testing::ArticleCount(index_), 140u);
  EXPECT_EQ(IndexLayout(index_).ListGenerations(), (std::vector<std::string>{"gen-000001"}));
}

}  // namespace
}  // namespace byline
