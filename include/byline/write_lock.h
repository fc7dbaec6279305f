// WriteLock: the one-writer rule. Every change to an index (updates,
// deletions, a reindex from start to switch, compaction, and any later
// writer) holds the index's write lock for as long as it writes, so two
// writers never interleave: an update cannot be lost under a reindex's
// switch, and two reindexes cannot race to publish.
//
//   DIR/writer.lock    flock(2)ed by the writer; says who holds it
//
// The lock is an advisory flock on the file, so a killed writer's lock goes
// with its process (no stale locks to clear by hand). Whoever removes the
// file must do so while holding the lock; a waiter that then gets the lock
// of the removed file sees it is gone and locks the path's new file. The
// file holds the holder's program, pid, action and start time, which a
// refused writer quotes.
//
// Thread safety: a WriteLock is immutable once acquired; share it freely.
// Two acquisitions in one process exclude each other like two processes.
#ifndef BYLINE_WRITE_LOCK_H_
#define BYLINE_WRITE_LOCK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "byline/status.h"

namespace byline {

// Who writes, as a refused writer is told.
struct WriterIdentity {
  std::string program;  // e.g. "byline-indexer"; empty: this process's name
  std::string action;   // e.g. "reindex", "update", "compact"
};

// Who holds a lock, read from its file.
struct LockHolder {
  std::string program;
  int64_t pid = 0;
  std::string action;
  int64_t since = 0;  // seconds since epoch; 0 when unknown

  // "byline-indexer (pid 4242) running a reindex since 2026-12-02 16:10:03
  // UTC", or "another writer" when the file says nothing yet.
  std::string Describe() const;
};

class WriteLock {
 public:
  // Takes the write lock of the index in `dir` (which must exist). Returns
  // kBusy naming the holder if another writer has it and `wait_seconds`
  // passed: 0 does not wait, a negative value waits as long as it takes.
  // `on_wait`, when set, is called once if the lock is busy and we wait.
  static Result<std::shared_ptr<const WriteLock>> Acquire(
      const std::string& dir, const WriterIdentity& who, double wait_seconds = 0,
      const std::function<void(const LockHolder&)>& on_wait = nullptr);

  ~WriteLock();
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

  const std::string& dir() const { return dir_; }
  const WriterIdentity& identity() const { return who_; }

  // True when this lock is the one of the index in `dir`.
  bool Covers(const std::string& dir) const;

  // DIR/writer.lock
  static std::string PathFor(const std::string& dir);

 private:
  WriteLock(std::string dir, WriterIdentity who, int fd)
      : dir_(std::move(dir)), who_(std::move(who)), fd_(fd) {}

  std::string dir_;
  WriterIdentity who_;
  int fd_;
};

// The lock `held` when it is the one of `dir`; otherwise `dir`'s own lock,
// taken without waiting in the name of `held`'s writer (or `fallback`).
// Writers call this so that whoever opens them holds the lock, whether the
// caller took it first or not.
Result<std::shared_ptr<const WriteLock>> LockFor(const std::string& dir,
                                                 std::shared_ptr<const WriteLock> held,
                                                 const std::string& fallback_action);

}  // namespace byline

#endif  // BYLINE_WRITE_LOCK_H_
