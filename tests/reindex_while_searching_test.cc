// A full reindex while byline-searchd answers a steady stream of queries:
// no request fails, and the answers switch to the new generation.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "byline/index_layout.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::ProgramPath;
using testing::RunProgram;

// Total hits for `q`, or -1 when the request failed in any way. `exact`
// asks for a facet, so that every match is counted: without one, more than
// 1,000 matches are reported as 1,000.
long Total(httplib::Client& client, const std::string& q, bool exact = false) {
  auto res = client.Get(("/search?q=" + q + (exact ? "&facets=source" : "")).c_str());
  if (!res || res->status != 200) return -1;
  json body = json::parse(res->body, nullptr, false);
  if (body.is_discarded() || !body.contains("total")) return -1;
  return body["total"].get<long>();
}

std::string HealthGeneration(httplib::Client& client) {
  auto res = client.Get("/health");
  if (!res || res->status != 200) return "";
  json body = json::parse(res->body, nullptr, false);
  return body.is_discarded() ? "" : body.value("generation", "");
}

TEST(ReindexWhileSearchingTest, NoRequestFailsAndResultsSwitchToEachNewGeneration) {
  testing::TempDir dir;
  std::string index = dir.File("index"), out;
  testing::WriteFile(dir.File("gen1.jsonl"), testing::HarbourCorpus("first", 500));
  ASSERT_EQ(
      RunProgram({ProgramPath("byline-indexer"), "--index", index, dir.File("gen1.jsonl")}, &out),
      0)
      << out;
  testing::SearchdProcess server(index);
  ASSERT_TRUE(server.ok()) << server.startup_output();

  std::atomic<bool> stop{false};
  std::atomic<long> requests{0}, failures{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t) {
    clients.emplace_back([&] {
      auto client = server.Client();
      while (!stop) {
        long total = Total(*client, "harbour");
        ++requests;
        if (total <= 0) ++failures;  // every generation has "harbour" in every article
      }
    });
  }

  auto client = server.Client();
  const char* markers[] = {"second", "third", "fourth"};
  for (int g = 0; g < 3; ++g) {
    const std::string marker = markers[g];
    testing::WriteFile(dir.File(marker + ".jsonl"), testing::HarbourCorpus(marker, 3000));
    ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, "--reindex",
                          dir.File(marker + ".jsonl")},
                         &out),
              0)
        << out;
    const std::string generation = "gen-00000" + std::to_string(g + 2);
    EXPECT_NE(out.find("now serving " + generation), std::string::npos) << out;
    // Each of searchd's searchers moves to the new generation at its next
    // refresh: wait until 30 answers in a row come from it.
    const std::string previous = g == 0 ? "first" : markers[g - 1];
    int in_a_row = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (in_a_row < 30 && std::chrono::steady_clock::now() < deadline) {
      bool switched = Total(*client, marker, /*exact=*/true) == 3000 &&
                      Total(*client, previous) == 0 && HealthGeneration(*client) == generation;
      in_a_row = switched ? in_a_row + 1 : 0;
      if (!switched) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(in_a_row, 30) << "searchd did not settle on " << generation;
  }
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0) << "of " << requests.load() << " requests";
  EXPECT_GT(requests.load(), 30);
  // The generation replaced last stays for searchers still on it; older ones are gone.
  EXPECT_EQ(IndexLayout(index).ListGenerations(),
            (std::vector<std::string>{"gen-000003", "gen-000004"}));
  EXPECT_EQ(server.Stop(), 0);
}

TEST(ReindexWhileSearchingTest, KilledReindexLeavesTheLiveIndexUntouched) {
  testing::TempDir dir;
  std::string index = dir.File("index"), out;
  testing::WriteFile(dir.File("live.jsonl"), testing::HarbourCorpus("live", 50));
  ASSERT_EQ(
      RunProgram({ProgramPath("byline-indexer"), "--index", index, dir.File("live.jsonl")}, &out),
      0);
  testing::WriteFile(dir.File("big.jsonl"), testing::HarbourCorpus("rebuilt", 60000));
  std::string big = dir.File("big.jsonl");
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO);
    std::string prog = ProgramPath("byline-indexer");
    execl(prog.c_str(), prog.c_str(), "--index", index.c_str(), "--reindex", "--commit-every",
          "1000", big.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill once the new generation is on disk and being written.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline &&
         IndexLayout(index).ListGenerations().size() < 2) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the reindex finished before it could be killed";

  EXPECT_EQ(*IndexLayout(index).CurrentGeneration(), "gen-000001");
  Xapian::Database db(index);
  EXPECT_EQ(db.get_doccount(), 50u);
  // The next reindex clears the abandoned generation away and succeeds; the
  // number it takes is still past the live one.
  testing::WriteFile(dir.File("small.jsonl"), testing::HarbourCorpus("small", 10));
  ASSERT_EQ(RunProgram({ProgramPath("byline-indexer"), "--index", index, "--reindex",
                        dir.File("small.jsonl")},
                       &out),
            0)
      << out;
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 10u);
  EXPECT_EQ(IndexLayout(index).ListGenerations(),
            (std::vector<std::string>{"gen-000001", "gen-000002"}));
}

}  // namespace
}  // namespace byline
