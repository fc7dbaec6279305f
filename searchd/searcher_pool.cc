#include "searcher_pool.h"

#include <algorithm>
#include <cstdio>
#include <thread>

namespace byline::searchd {

size_t SearcherPool::DefaultMaxSearches() {
  const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return cores * 3 / 2 + 1;
}

SearcherPool::SearcherPool(std::string index_dir, const SearchOptions& options, size_t max_searches,
                           std::chrono::milliseconds queue_timeout)
    : index_dir_(std::move(index_dir)),
      options_(options),
      max_searches_(max_searches == 0 ? DefaultMaxSearches() : max_searches),
      queue_timeout_(queue_timeout) {}

Result<SearcherPool::Lease> SearcherPool::AcquireForSearch() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (running_ < max_searches_ && waiting_.empty()) {
      ++running_;
    } else {
      Waiter me;
      waiting_.push_back(&me);
      if (!me.wake.wait_for(lock, queue_timeout_, [&me] { return me.granted; })) {
        waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &me));
        ++refused_;
        char waited[32];
        std::snprintf(waited, sizeof waited, "%.1f", queue_timeout_.count() / 1000.0);
        return Status::Busy("the server is busy: " + std::to_string(max_searches_) +
                            " searches running and this one waited " + waited +
                            " s for its turn; retry shortly");
      }
      // The slot was handed over by ReleaseSlot: running_ already counts it.
    }
  }
  uint64_t writes_seen = 0;
  auto searcher = TakeOrOpen(&writes_seen);
  if (!searcher.ok()) {
    ReleaseSlot();
    return searcher.status();
  }
  return Lease(this, std::move(searcher).value(), /*holds_slot=*/true, writes_seen);
}

void SearcherPool::ReleaseSlot() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (waiting_.empty()) {
    --running_;
    return;
  }
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->granted = true;
  next->wake.notify_one();
}

Result<SearcherPool::Lease> SearcherPool::Acquire() {
  uint64_t writes_seen = 0;
  auto searcher = TakeOrOpen(&writes_seen);
  if (!searcher.ok()) return searcher.status();
  return Lease(this, std::move(searcher).value(), /*holds_slot=*/false, writes_seen);
}

Result<std::unique_ptr<Searcher>> SearcherPool::TakeOrOpen(uint64_t* writes_seen) {
  // Read first: a write committed after this is looked for next time.
  const uint64_t writes = writes_.load();
  *writes_seen = writes;
  Idle idle;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!free_.empty()) {
      idle = std::move(free_.back());
      free_.pop_back();
    }
  }
  if (!idle.searcher) return Searcher::Open(index_dir_, options_);  // outside the lock: slow
  if (idle.writes_seen != writes) {
    const uint64_t reopens_before = idle.searcher->reopen_count();
    // A failure is not throttled: the search itself then reports it.
    if (!idle.searcher->Refresh(/*force=*/true).ok()) *writes_seen = idle.writes_seen;
    reopens_ += idle.searcher->reopen_count() - reopens_before;  // the lease counts from here
  }
  return std::move(idle.searcher);
}

Status SearcherPool::RefreshIdle() {
  std::vector<Idle> idle;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle.swap(free_);
  }
  Status result = Status::Ok();
  for (auto& searcher : idle) {
    // Lent to ourselves, so the reopens are counted when they go back.
    Lease lease(this, std::move(searcher.searcher), /*holds_slot=*/false, write_count());
    if (Status s = lease->Refresh(/*force=*/true); !s.ok() && result.ok()) result = s;
  }
  return result;
}

size_t SearcherPool::idle_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return free_.size();
}

size_t SearcherPool::waiting_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_.size();
}

void SearcherPool::Return(std::unique_ptr<Searcher> searcher, uint64_t reopens_seen,
                          uint64_t writes_seen) {
  reopens_ += searcher->reopen_count() - reopens_seen;
  std::lock_guard<std::mutex> lock(mutex_);
  free_.push_back({std::move(searcher), writes_seen});
}

}  // namespace byline::searchd
