// SearcherPool: hands each request its own Searcher (Xapian handles are not
// thread-safe), reusing them across requests so their open databases, query
// parsers and caches stay warm.
//
// It also bounds how many searches run at once. Searches are CPU work: with
// more of them running than there are cores, each one only takes longer
// (and a costly one, say a wildcard over common words, is stretched by every
// other running search), memory grows with the handles, and an indexer on
// the same machine is starved. So, like Elasticsearch's search thread pool
// (1.5 x cores + 1), searches beyond the limit wait their turn in order, for
// a bounded time, while HTTP workers keep accepting connections.
//
// Thread safety: every method may be called from any thread.
#ifndef BYLINE_SEARCHD_SEARCHER_POOL_H_
#define BYLINE_SEARCHD_SEARCHER_POOL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "byline/searcher.h"

namespace byline::searchd {

class SearcherPool {
 public:
  // max_searches: searches (AcquireForSearch) running at once; 0 picks
  // 1.5 x the cores + 1. queue_timeout: how long one waits for its turn
  // before giving up with kBusy.
  SearcherPool(std::string index_dir, const SearchOptions& options, size_t max_searches = 0,
               std::chrono::milliseconds queue_timeout = std::chrono::seconds(10));

  // The limit picked for max_searches = 0 on this machine.
  static size_t DefaultMaxSearches();

  // A Searcher on loan; it goes back to the pool when the lease ends.
  class Lease {
   public:
    Lease(SearcherPool* pool, std::unique_ptr<Searcher> searcher, bool holds_slot = false,
          uint64_t writes_seen = 0)
        : pool_(pool),
          searcher_(std::move(searcher)),
          reopens_seen_(searcher_->reopen_count()),
          writes_seen_(writes_seen),
          holds_slot_(holds_slot) {}
    Lease(Lease&& other) noexcept
        : pool_(other.pool_),
          searcher_(std::move(other.searcher_)),
          reopens_seen_(other.reopens_seen_),
          writes_seen_(other.writes_seen_),
          holds_slot_(other.holds_slot_) {
      other.holds_slot_ = false;
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (searcher_) pool_->Return(std::move(searcher_), reopens_seen_, writes_seen_);
      if (holds_slot_) pool_->ReleaseSlot();
    }
    Searcher* operator->() { return searcher_.get(); }
    Searcher& operator*() { return *searcher_; }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Searcher> searcher_;
    uint64_t reopens_seen_;  // the searcher's reopen_count() when lent
    uint64_t writes_seen_;   // the pool's write_count() it has looked at
    bool holds_slot_;        // one of the max_searches slots
  };

  // For a search, suggestion or article fetch: waits (first come, first
  // served) while max_searches are running; kBusy after queue_timeout.
  Result<Lease> AcquireForSearch();

  // For health checks, metrics and admin calls, which must answer while
  // searches queue: a free Searcher, or a newly opened one, at once.
  Result<Lease> Acquire();

  // Makes every idle Searcher look at the index now (POST /admin/reopen);
  // busy ones look by themselves at their next request.
  Status RefreshIdle();

  // Says this process committed a change (a write over HTTP): every
  // searcher, idle or busy, looks at the index again before its next use,
  // not --reopen-interval later, so a write is found once acknowledged.
  void WriteCommitted() { ++writes_; }
  uint64_t write_count() const { return writes_.load(); }

  // Reopens done by all searchers so far (counted as leases end).
  uint64_t reopen_count() const { return reopens_.load(); }
  // Searchers open and idle.
  size_t idle_count() const;
  // Searches waiting for a slot now, and searches refused after waiting.
  size_t waiting_count() const;
  uint64_t refused_count() const { return refused_.load(); }
  size_t max_searches() const { return max_searches_; }

  const std::string& index_dir() const { return index_dir_; }

 private:
  // A free Searcher, or a newly opened one.
  // A free Searcher (reopened first if a write was committed since it
  // last looked), or a newly opened one; its writes_seen in *writes_seen.
  Result<std::unique_ptr<Searcher>> TakeOrOpen(uint64_t* writes_seen);
  void Return(std::unique_ptr<Searcher> searcher, uint64_t reopens_seen, uint64_t writes_seen);
  void ReleaseSlot();

  const std::string index_dir_;
  const SearchOptions options_;
  const size_t max_searches_;
  const std::chrono::milliseconds queue_timeout_;
  std::atomic<uint64_t> reopens_{0};
  std::atomic<uint64_t> refused_{0};
  std::atomic<uint64_t> writes_{0};
  mutable std::mutex mutex_;
  struct Idle {
    std::unique_ptr<Searcher> searcher;
    uint64_t writes_seen;  // write_count() when it last looked at the index
  };
  std::vector<Idle> free_;  // guarded by mutex_
  size_t running_ = 0;      // slots taken; guarded by mutex_
  // A search waiting for a slot. A freed slot is handed to the oldest
  // waiter directly (first come, first served) and only it is woken.
  struct Waiter {
    bool granted = false;
    std::condition_variable wake;
  };
  std::deque<Waiter*> waiting_;  // guarded by mutex_
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_SEARCHER_POOL_H_
