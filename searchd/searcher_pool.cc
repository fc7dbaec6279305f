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

void SearcherPool::Return(std::unique_ptr<Searcher> searcher) {
  std::lock_guard<std::mutex> lock(mutex_);
  free_.push_back(std::move(searcher));
}

}  // namespace byline::searchd
