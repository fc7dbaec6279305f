#include "searcher_pool.h"

namespace byline::searchd {

Result<SearcherPool::Lease> SearcherPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!free_.empty()) {
      auto searcher = std::move(free_.back());
      free_.pop_back();
      return Lease(this, std::move(searcher));
    }
  }
  auto opened = Searcher::Open(index_dir_, options_);  // outside the lock: slow
  if (!opened.ok()) return opened.status();
  return Lease(this, std::move(opened).value());
}

Status SearcherPool::RefreshIdle() {
  std::vector<std::unique_ptr<Searcher>> idle;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle.swap(free_);
  }
  Status result = Status::Ok();
  for (auto& searcher : idle) {
    // Lent to ourselves, so the reopens are counted when they go back.
    Lease lease(this, std::move(searcher));
    if (Status s = lease->Refresh(/*force=*/true); !s.ok() && result.ok()) result = s;
  }
  return result;
}

size_t SearcherPool::idle_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return free_.size();
}

void SearcherPool::Return(std::unique_ptr<Searcher> searcher, uint64_t reopens_seen) {
  reopens_ += searcher->reopen_count() - reopens_seen;
  std::lock_guard<std::mutex> lock(mutex_);
  free_.push_back(std::move(searcher));
}

}  // namespace byline::searchd
