// SearcherPool: searches beyond --max-searches wait their turn, first come
// first served, for a bounded time; health and admin calls never wait.
#include "searcher_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "testutil.h"

namespace byline::searchd {
namespace {

using namespace std::chrono_literals;

class SearcherPoolTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    testing::IndexSampleArticles(dir_->File("index"));
  }
  static void TearDownTestSuite() { delete dir_; }

  // Waits (generously: machines are loaded) until n searches are queued.
  static bool WaitForWaiting(const SearcherPool& pool, size_t n) {
    for (int i = 0; i < 1000 && pool.waiting_count() != n; ++i) std::this_thread::sleep_for(10ms);
    return pool.waiting_count() == n;
  }

  static testing::TempDir* dir_;
};
testing::TempDir* SearcherPoolTest::dir_ = nullptr;

TEST_F(SearcherPoolTest, DefaultLimitFollowsTheCores) {
  SearcherPool pool(dir_->File("index"), SearchOptions{});
  EXPECT_EQ(pool.max_searches(), SearcherPool::DefaultMaxSearches());
  EXPECT_GE(pool.max_searches(), 2u);
}

TEST_F(SearcherPoolTest, SearchPastTheLimitIsRefusedAfterWaiting) {
  SearcherPool pool(dir_->File("index"), SearchOptions{}, 2, 300ms);
  auto first = pool.AcquireForSearch();
  auto second = pool.AcquireForSearch();
  ASSERT_OK(first.status());
  ASSERT_OK(second.status());

  auto start = std::chrono::steady_clock::now();
  auto third = pool.AcquireForSearch();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().code(), StatusCode::kBusy);
  EXPECT_NE(third.status().message().find("2 searches running"), std::string::npos)
      << third.status().message();
  EXPECT_EQ(pool.refused_count(), 1u);
  EXPECT_EQ(pool.waiting_count(), 0u);

  // Health checks and admin calls do not queue behind searches.
  auto health = pool.Acquire();
  ASSERT_OK(health.status());
  EXPECT_GT((*health)->article_count(), 0u);
}

TEST_F(SearcherPoolTest, AFreedSlotGoesToTheOldestWaiter) {
  SearcherPool pool(dir_->File("index"), SearchOptions{}, 1, 30s);
  auto held = pool.AcquireForSearch();
  ASSERT_OK(held.status());

  std::mutex mutex;
  std::vector<int> order;
  auto search = [&](int who) {
    auto lease = pool.AcquireForSearch();
    ASSERT_TRUE(lease.ok()) << lease.status().ToString();
    std::lock_guard<std::mutex> lock(mutex);
    order.push_back(who);
  };
  std::thread first(search, 1);
  ASSERT_TRUE(WaitForWaiting(pool, 1));
  std::thread second(search, 2);
  ASSERT_TRUE(WaitForWaiting(pool, 2));
  std::thread third(search, 3);
  ASSERT_TRUE(WaitForWaiting(pool, 3));

  { auto release = std::move(held).value(); }  // the lease ends here
  first.join();
  second.join();
  third.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(pool.refused_count(), 0u);

  // All slots are free again: this one runs at once.
  auto start = std::chrono::steady_clock::now();
  ASSERT_OK(pool.AcquireForSearch().status());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_F(SearcherPoolTest, HandlesAreReusedAcrossSearches) {
  SearcherPool pool(dir_->File("index"), SearchOptions{}, 4, 1s);
  {
    auto a = pool.AcquireForSearch();
    auto b = pool.AcquireForSearch();
    ASSERT_OK(a.status());
    ASSERT_OK(b.status());
  }
  EXPECT_EQ(pool.idle_count(), 2u);
  {
    auto c = pool.AcquireForSearch();
    ASSERT_OK(c.status());
    EXPECT_EQ(pool.idle_count(), 1u);
  }
  EXPECT_EQ(pool.idle_count(), 2u);
}

}  // namespace
}  // namespace byline::searchd
