// SearcherPool: hands each request its own Searcher (Xapian handles are not
// thread-safe), reusing them across requests so their open databases, query
// parsers and caches stay warm.
//
// Thread safety: every method may be called from any thread.
#ifndef BYLINE_SEARCHD_SEARCHER_POOL_H_
#define BYLINE_SEARCHD_SEARCHER_POOL_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "byline/searcher.h"

namespace byline::searchd {

class SearcherPool {
 public:
  SearcherPool(std::string index_dir, const SearchOptions& options)
      : index_dir_(std::move(index_dir)), options_(options) {}

  // A Searcher on loan; it goes back to the pool when the lease ends.
  class Lease {
   public:
    Lease(SearcherPool* pool, std::unique_ptr<Searcher> searcher)
        : pool_(pool), searcher_(std::move(searcher)), reopens_seen_(searcher_->reopen_count()) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (searcher_) pool_->Return(std::move(searcher_), reopens_seen_);
    }
    Searcher* operator->() { return searcher_.get(); }
    Searcher& operator*() { return *searcher_; }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Searcher> searcher_;
    uint64_t reopens_seen_;  // the searcher's reopen_count() when lent
  };

  // A free Searcher, or a newly opened one when all are in use.
  Result<Lease> Acquire();

  // Makes every idle Searcher look at the index now (POST /admin/reopen);
  // busy ones look by themselves at their next request.
  Status RefreshIdle();

  // Reopens done by all searchers so far (counted as leases end).
  uint64_t reopen_count() const { return reopens_.load(); }
  // Searchers open and idle.
  size_t idle_count() const;

  const std::string& index_dir() const { return index_dir_; }

 private:
  void Return(std::unique_ptr<Searcher> searcher, uint64_t reopens_seen);

  const std::string index_dir_;
  const SearchOptions options_;
  std::atomic<uint64_t> reopens_{0};
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Searcher>> free_;  // guarded by mutex_
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_SEARCHER_POOL_H_
