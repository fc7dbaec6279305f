// WriteQueue: applies the writes that arrive over HTTP (see
// write_handlers.h) with group commit. One writer thread takes every request
// queued so far, takes the index's write lock (the one byline-indexer takes:
// write_lock.h), opens a ShardedWriter, applies them all in arrival order,
// commits once (one commit however many changes; none when nothing
// changed), closes the writer, releases the lock, makes every searcher
// look at the new revision (SearcherPool::WriteCommitted), and only then
// answers them all. When the last commit served several requests, the
// writer first waits up to 2 ms for as many to be queued again. So an answer that says "indexed"
// means committed (Xapian syncs a commit to disk) and visible to the next search on any worker, and
// many small writes share one commit instead of each paying for one.
//
// The lock is held only while writing. When another writer holds it (a
// `byline-indexer --reindex`), the group waits, gathering later requests,
// and each request gives up with kBusy once it has waited --write-wait.
// Searches never wait for writes.
//
// Thread safety: Write() may be called from any thread.
#ifndef BYLINE_SEARCHD_WRITE_QUEUE_H_
#define BYLINE_SEARCHD_WRITE_QUEUE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "byline/article.h"
#include "byline/auto_compact.h"
#include "byline/delete_guard.h"
#include "byline/status.h"
#include "byline/write_lock.h"

namespace byline::searchd {

// The changes of one request, applied in this order.
struct WriteJob {
  std::vector<Article> upserts;
  std::vector<std::string> delete_ids;
  // Deletes the articles it matches (strict syntax, as byline-indexer's
  // --delete-query), unless that is more than the delete limit and !force.
  std::string delete_query;
  bool force = false;
};

struct WriteResult {
  // kBusy: another writer kept the index for the whole --write-wait (the
  // message names it); kInvalidQuery: delete_query does not parse;
  // kInvalidArgument with delete_limit: delete_query matched more than the
  // delete limit; with index_failed: the index could not be opened or
  // written (missing, unreadable, corrupt: a server error, not the request's).
  Status status;
  bool delete_limit = false;
  bool index_failed = false;
  uint64_t added = 0;
  uint64_t updated = 0;
  uint64_t unchanged = 0;
  uint64_t deleted = 0;
  std::vector<std::string> missing;  // delete_ids the index did not hold
  // An upsert the writer refused (kInvalidArgument: e.g. a value of the
  // wrong type for a field the index declares). The others of the request
  // (and of its group) are still written.
  struct Rejected {
    size_t index;    // in job.upserts
    std::string id;  // the article's
    std::string reason;
  };
  std::vector<Rejected> rejected;
  // The group's commit; 0 when the group changed nothing (no commit made).
  double commit_ms = 0;
  size_t requests_in_commit = 0;  // requests the group answered
  // How long this request waited in the queue while the write thread
  // compacted the index after an earlier commit (auto-compaction); 0: none.
  double compaction_wait_ms = 0;
};

class WriteQueue {
 public:
  struct Config {
    std::string index_dir;
    double wait_seconds = 10;  // --write-wait
    DeleteLimit max_delete;    // for delete_query
    // After each commit, before answering: the requests it acknowledges.
    std::function<void(size_t requests)> on_commit;
    // After a commit, once its requests are answered: compacts the index
    // when it drifted past the policy, still holding the lock, so writes
    // queued meanwhile wait for it (as they wait behind a commit: the
    // compaction's length bounds it) and are then applied to the new
    // generation; their answers say how long (compaction_wait_ms).
    AutoCompactPolicy auto_compact;
    // After an auto-compaction: what was compacted (searchd tells its
    // searchers to look again and counts it).
    std::function<void(const std::vector<AutoCompaction>& made)> on_compact;
    // The requests of a group that waited for an auto-compaction.
    std::function<void(size_t requests)> on_waited_for_compaction;
  };

  explicit WriteQueue(Config config);
  // Applies what is queued, then stops the writer thread.
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Queues `job` and waits until it is committed (or refused).
  WriteResult Write(WriteJob job);

 private:
  struct Pending {
    WriteJob job;
    std::chrono::steady_clock::time_point queued;    // when Write() was called
    std::chrono::steady_clock::time_point deadline;  // for the write lock
    WriteResult result;
    bool done = false;
  };

  void Run();
  void ApplyGroup(std::vector<Pending*>& group);
  // Takes the write lock for `group`, gathering newly queued requests into
  // it while it waits and refusing those that waited --write-wait.
  std::shared_ptr<const WriteLock> LockFor(std::vector<Pending*>& group);
  void Finish(std::vector<Pending*>& group);
  // Compacts what drifted past config_.auto_compact (writer thread, under `lock`).
  void AutoCompactUnder(const std::shared_ptr<const WriteLock>& lock);

  const Config config_;
  std::mutex mutex_;
  std::condition_variable queued_;  // a request was queued, or stop
  std::condition_variable answered_;
  std::deque<Pending*> pending_;  // guarded by mutex_
  bool stop_ = false;             // guarded by mutex_
  size_t last_group_ = 0;         // requests the last commit served; writer thread only
  // The last auto-compaction's start and end; writer thread only.
  std::chrono::steady_clock::time_point compaction_started_;
  std::chrono::steady_clock::time_point compaction_ended_;
  std::thread writer_;
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_WRITE_QUEUE_H_
