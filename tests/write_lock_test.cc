// The one-writer rule in the core: every writer holds the index's lock, a
// second one is refused naming the first (or waits), and a dead holder's
// lock goes with it.
#include "byline/write_lock.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "byline/bulk_builder.h"
#include "byline/index_writer.h"
#include "byline/sharded_writer.h"
#include "testutil.h"

namespace byline {
namespace {

using Clock = std::chrono::steady_clock;

// A small index in `dir`, its writer closed again.
void MakeIndex(const std::string& dir) {
  auto writer = IndexWriter::Open(dir, IndexOptions{});
  ASSERT_OK(writer);
  ASSERT_OK((*writer)->Upsert(testing::MakeArticle("a", "Title", "body")));
  ASSERT_OK((*writer)->Commit());
}

TEST(WriteLockTest, ASecondWriterIsRefusedNamingTheFirst) {
  testing::TempDir dir;
  auto held = WriteLock::Acquire(dir.path(), {"byline-indexer", "a reindex"});
  ASSERT_OK(held);
  auto second = WriteLock::Acquire(dir.path(), {"byline-indexer", "an update"});
  ASSERT_EQ(second.status().code(), StatusCode::kBusy);
  const std::string& message = second.status().message();
  EXPECT_NE(message.find("byline-indexer (pid " + std::to_string(getpid()) + ")"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("running a reindex since "), std::string::npos) << message;
  EXPECT_NE(message.find("--wait"), std::string::npos) << message;
  held->reset();
  EXPECT_OK(WriteLock::Acquire(dir.path(), {"byline-indexer", "an update"}));
}

TEST(WriteLockTest, WaitsForTheHolderOrGivesUpAfterTheWait) {
  testing::TempDir dir;
  auto held = WriteLock::Acquire(dir.path(), {"test", "holding"});
  ASSERT_OK(held);
  auto start = Clock::now();
  auto refused = WriteLock::Acquire(dir.path(), {"test", "waiting"}, 0.3);
  EXPECT_EQ(refused.status().code(), StatusCode::kBusy);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(300));

  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    held->reset();
  });
  int told = 0;
  auto waited =
      WriteLock::Acquire(dir.path(), {"test", "waiting"}, -1, [&](const LockHolder& holder) {
        ++told;
        EXPECT_EQ(holder.action, "holding");
      });
  release.join();
  EXPECT_OK(waited);
  EXPECT_EQ(told, 1);
}

TEST(WriteLockTest, AWaiterOnALockFileRemovedByItsHolderLocksTheNewFile) {
  testing::TempDir dir;
  auto held = WriteLock::Acquire(dir.path(), {"test", "holding"});
  ASSERT_OK(held);
  Result<std::shared_ptr<const WriteLock>> waited = Status::Internal("not yet");
  std::thread waiter([&] {
    waited = WriteLock::Acquire(dir.path(), {"test", "waiting"}, /*wait_seconds=*/-1);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // it waits on the old file
  // The holder removes the file (as byline-indexer does with an index it
  // left empty), then lets go.
  std::filesystem::remove(WriteLock::PathFor(dir.path()));
  held->reset();
  waiter.join();
  ASSERT_OK(waited);
  // The waiter holds the file that is at the path now: nobody else gets it.
  EXPECT_EQ(WriteLock::Acquire(dir.path(), {"test", "third"}).status().code(), StatusCode::kBusy);
}

TEST(WriteLockTest, AKilledHoldersLockGoesWithIt) {
  testing::TempDir dir;
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t pid = fork();
  if (pid == 0) {
    auto held = WriteLock::Acquire(dir.path(), {"child", "holding"});
    char c = held.ok() ? 'y' : 'n';
    if (write(ready[1], &c, 1) != 1) _exit(2);
    pause();
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto busy = WriteLock::Acquire(dir.path(), {"parent", "update"});
  ASSERT_EQ(busy.status().code(), StatusCode::kBusy);
  EXPECT_NE(busy.status().message().find("child (pid " + std::to_string(pid) + ")"),
            std::string::npos)
      << busy.status().message();
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  EXPECT_OK(WriteLock::Acquire(dir.path(), {"parent", "update"}));
  close(ready[0]);
  close(ready[1]);
}

TEST(WriteLockTest, EveryKindOfWriterExcludesEveryOther) {
  testing::TempDir dir;
  MakeIndex(dir.path());
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    EXPECT_EQ(IndexWriter::Open(dir.path(), IndexOptions{}).status().code(), StatusCode::kBusy);
    EXPECT_EQ(BulkBuilder::Open(dir.path(), IndexOptions{}, 1).status().code(), StatusCode::kBusy);
    EXPECT_EQ(CompactIndex(dir.path()).status().code(), StatusCode::kBusy);
    EXPECT_EQ(ShardedWriter::Open(dir.path(), IndexOptions{}, 0).status().code(),
              StatusCode::kBusy);
  }
  {
    // A reindex holds the lock from start to switch.
    auto builder = BulkBuilder::Open(dir.path(), IndexOptions{}, 1);
    ASSERT_OK(builder);
    ASSERT_OK((*builder)->Add(testing::MakeArticle("b", "Title", "body")));
    EXPECT_EQ(IndexWriter::Open(dir.path(), IndexOptions{}).status().code(), StatusCode::kBusy);
    EXPECT_EQ(BulkBuilder::Open(dir.path(), IndexOptions{}, 1).status().code(), StatusCode::kBusy);
    EXPECT_EQ(CompactIndex(dir.path()).status().code(), StatusCode::kBusy);
    ASSERT_OK((*builder)->Finish());
    // Switched: updates may go on.
    EXPECT_OK(IndexWriter::Open(dir.path(), IndexOptions{}));
  }
}

TEST(WriteLockTest, AWriterUsesTheLockItIsGivenAndNoOther) {
  testing::TempDir dir;
  MakeIndex(dir.path());
  auto held = WriteLock::Acquire(dir.path(), {"byline-indexer", "a reindex"});
  ASSERT_OK(held);
  auto builder = BulkBuilder::Open(dir.path(), IndexOptions{}, 1, *held);
  ASSERT_OK(builder);
  ASSERT_OK((*builder)->Add(testing::MakeArticle("b", "Title", "body")));
  ASSERT_OK((*builder)->Finish());
  builder->reset();
  // Still ours after the switch: the caller kept its reference.
  EXPECT_EQ(IndexWriter::Open(dir.path(), IndexOptions{}).status().code(), StatusCode::kBusy);
  auto writer = IndexWriter::Open(dir.path(), IndexOptions{}, *held);
  ASSERT_OK(writer);
  // Another index's lock is no licence.
  testing::TempDir other;
  auto foreign = WriteLock::Acquire(other.path(), {"test", "elsewhere"});
  ASSERT_OK(foreign);
  testing::TempDir third;
  MakeIndex(third.path());
  EXPECT_OK(IndexWriter::Open(third.path(), IndexOptions{}, *foreign));
  EXPECT_TRUE((*foreign)->Covers(other.path()));
  EXPECT_FALSE((*foreign)->Covers(third.path()));
}

TEST(WriteLockTest, OnlyLoadingCreatesAnIndex) {
  testing::TempDir dir;
  IndexOptions no_create;
  no_create.create_if_missing = false;
  const std::string missing = dir.File("mistyped");
  EXPECT_EQ(IndexWriter::Open(missing, no_create).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ShardedWriter::Open(missing, no_create, 0).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(BulkBuilder::Open(missing, no_create, 1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(CompactIndex(missing).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST(WriteLockTest, ANewIndexIsNotMadeInAFolderOfOtherFiles) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("notes.md"), "# My notes\n");
  auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
  ASSERT_EQ(writer.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(writer.status().message().find("notes.md"), std::string::npos);
  EXPECT_EQ(BulkBuilder::Open(dir.path(), IndexOptions{}, 1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(dir.File("XAPIANDB")));
  EXPECT_FALSE(std::filesystem::exists(dir.File("writer.lock")));
}

}  // namespace
}  // namespace byline
