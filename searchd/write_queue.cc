#include "write_queue.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "byline/index_changes.h"
#include "byline/sharded_writer.h"

namespace byline::searchd {
namespace {

using Clock = std::chrono::steady_clock;

// How long the writer waits for the clients of the last commit (when it
// served more than one request) to send their next writes.
constexpr auto kGather = std::chrono::milliseconds(2);

// Between two looks at a busy write lock.
constexpr auto kLockPoll = std::chrono::milliseconds(50);

// What a refused write is told about the holder: WriteLock's message
// without its advice for byline-indexer's command line.
std::string BusyMessage(const Status& busy, double waited_seconds) {
  std::string message = busy.message();
  if (auto advice = message.find("; wait for it"); advice != std::string::npos) {
    message.erase(advice);
  }
  char waited[32];
  std::snprintf(waited, sizeof waited, "%.1f", waited_seconds);
  return message + " (this write waited " + waited + " s, --write-wait); retry later";
}

}  // namespace

WriteQueue::WriteQueue(Config config) : config_(std::move(config)) {
  writer_ = std::thread([this] { Run(); });
}

WriteQueue::~WriteQueue() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  queued_.notify_all();
  writer_.join();
}

WriteResult WriteQueue::Write(WriteJob job) {
  Pending me;
  me.job = std::move(job);
  const auto wait = std::chrono::duration<double>(config_.wait_seconds);
  me.queued = Clock::now();
  me.deadline = me.queued + std::chrono::duration_cast<Clock::duration>(wait);
  std::unique_lock<std::mutex> lock(mutex_);
  pending_.push_back(&me);
  queued_.notify_one();
  answered_.wait(lock, [&me] { return me.done; });
  return std::move(me.result);
}

void WriteQueue::Run() {
  for (;;) {
    std::vector<Pending*> group;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      queued_.wait(lock, [this] { return stop_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopped, and nothing left to write
      // Clients answered by the last commit are likely sending their next
      // writes now: give them a moment to join this commit, instead of
      // each commit serving half of them (a commit costs several fsyncs).
      if (last_group_ > 1) {
        queued_.wait_for(lock, kGather, [this] { return stop_ || pending_.size() >= last_group_; });
      }
      group.assign(pending_.begin(), pending_.end());
      pending_.clear();
    }
    ApplyGroup(group);
    last_group_ = group.size();
  }
}

std::shared_ptr<const WriteLock> WriteQueue::LockFor(std::vector<Pending*>& group) {
  for (;;) {
    auto lock = WriteLock::Acquire(config_.index_dir, {"byline-searchd", "writes over HTTP"});
    if (lock.ok()) return std::move(lock).value();
    const bool busy = lock.status().code() == StatusCode::kBusy;
    // Refuse those that waited long enough (all of them, if it is not busy).
    const auto now = Clock::now();
    std::vector<Pending*> refused;
    for (Pending* p : group) {
      if (!busy || now >= p->deadline) refused.push_back(p);
    }
    if (!refused.empty()) {
      for (Pending* p : refused) {
        if (busy) {
          // How long this request waited, not the group's first.
          const double waited = std::chrono::duration<double>(now - p->queued).count();
          p->result.status = Status::Busy(BusyMessage(lock.status(), waited));
        } else {
          p->result.status = lock.status();
          p->result.index_failed = true;
        }
      }
      Finish(refused);
      group.erase(std::remove_if(group.begin(), group.end(),
                                 [&](Pending* p) {
                                   return std::find(refused.begin(), refused.end(), p) !=
                                          refused.end();
                                 }),
                  group.end());
      if (group.empty()) return nullptr;  // every request was answered
    }
    std::this_thread::sleep_for(kLockPoll);
    // Requests that came meanwhile wait with the group.
    std::lock_guard<std::mutex> guard(mutex_);
    group.insert(group.end(), pending_.begin(), pending_.end());
    pending_.clear();
  }
}

void WriteQueue::ApplyGroup(std::vector<Pending*>& group) {
  auto lock = LockFor(group);
  if (!lock) return;  // every request was refused
  IndexOptions options;
  options.create_if_missing = false;  // searchd serves an index it found
  // One commit for the whole group, however many changes it holds.
  options.commit_every = std::numeric_limits<uint64_t>::max();
  auto opened = ShardedWriter::Open(config_.index_dir, options, 0, lock);
  if (!opened.ok()) {
    for (Pending* p : group) {
      p->result.status = opened.status();
      p->result.index_failed = true;
    }
    return Finish(group);
  }
  std::unique_ptr<IndexChanges> writer = std::move(opened).value();
  // The group is one transaction: one commit, or nothing written when the
  // index fails before the commit.
  Status failed = writer->BeginTransaction();
  for (Pending* p : group) {
    if (!failed.ok()) break;
    WriteJob& job = p->job;
    WriteResult& r = p->result;
    for (size_t i = 0; i < job.upserts.size(); ++i) {
      auto outcome = writer->Upsert(job.upserts[i]);
      if (!outcome.ok() && outcome.status().code() == StatusCode::kInvalidArgument) {
        // The article's fault (checked against the index's declarations
        // as they are now), not the group's.
        r.rejected.push_back({i, job.upserts[i].id, outcome.status().message()});
        continue;
      }
      if (!outcome.ok()) {
        failed = outcome.status();
        break;
      }
      ++(*outcome == UpsertOutcome::kAdded     ? r.added
         : *outcome == UpsertOutcome::kUpdated ? r.updated
                                               : r.unchanged);
    }
    for (const std::string& id : job.delete_ids) {
      if (!failed.ok()) break;
      auto deleted = writer->Delete(id);
      if (!deleted.ok()) {
        failed = deleted.status();
      } else if (*deleted) {
        ++r.deleted;
      } else {
        r.missing.push_back(id);
      }
    }
    if (failed.ok() && !job.delete_query.empty()) {
      const uint64_t before = writer->article_count();
      auto ids = writer->IdsMatching(job.delete_query);
      if (!ids.ok()) {
        // A bad query is this request's fault, not the group's.
        r.status = ids.status();
        continue;
      }
      Status deleted = DeleteWithinLimit(
          "the query \"" + job.delete_query + "\"", *ids, before, config_.max_delete,
          "--max-delete", job.force, "Send force=true to delete them, or raise --max-delete",
          [&writer](const std::string& id) { return writer->Delete(id); },
          [&r](const std::string&) { ++r.deleted; }, &r.delete_limit);
      // The guard's refusal is this request's; anything else the index's.
      if (r.delete_limit) {
        r.status = deleted;
      } else if (!deleted.ok()) {
        failed = deleted;
      }
    }
    if (!failed.ok()) break;
  }
  bool changed = false;
  for (Pending* p : group) {
    changed = changed || p->result.added + p->result.updated + p->result.deleted > 0;
  }
  const auto commit_start = Clock::now();
  // A group that changed nothing is not committed (no fsync, no reopen).
  const bool committing = failed.ok() && changed;
  if (committing) failed = writer->Commit();
  // After a failure nothing more is written. A failure in the commit itself
  // may leave part of the group written: the shards of a sharded index
  // commit one after another (docs/api.md).
  if (!failed.ok()) writer->Abandon();
  writer.reset();  // closes every shard (and its lock)
  const double commit_ms =
      changed ? std::chrono::duration<double, std::milli>(Clock::now() - commit_start).count() : 0;
  size_t acknowledged = 0;
  for (Pending* p : group) {
    if (!failed.ok() && p->result.status.ok()) {
      // A request refused on its own (a bad query, the delete limit) keeps
      // its own answer; the others get the group's failure.
      p->result = WriteResult{};
      p->result.status = failed;
      p->result.index_failed = true;
    }
    p->result.commit_ms = commit_ms;
    p->result.requests_in_commit = group.size();
    if (p->result.status.ok()) ++acknowledged;
  }
  // Requests queued before the last auto-compaction ended waited for it.
  size_t waited = 0;
  for (Pending* p : group) {
    if (p->queued < compaction_ended_) {
      const auto from = std::max(p->queued, compaction_started_);
      p->result.compaction_wait_ms =
          std::chrono::duration<double, std::milli>(compaction_ended_ - from).count();
      ++waited;
    }
  }
  if (waited > 0 && config_.on_waited_for_compaction) config_.on_waited_for_compaction(waited);
  // After a failed commit too: part of it may be in the index.
  if (committing && config_.on_commit) config_.on_commit(acknowledged);
  Finish(group);
  // Answered first: what they wrote is committed whatever the compaction does.
  if (committing && failed.ok()) AutoCompactUnder(lock);
  lock.reset();  // the index is free for byline-indexer again
}

void WriteQueue::AutoCompactUnder(const std::shared_ptr<const WriteLock>& lock) {
  if (!config_.auto_compact.enabled) return;
  const auto started = Clock::now();
  auto made = AutoCompact(config_.index_dir, config_.auto_compact, lock);
  if (!made.ok()) {
    // The writes stay committed in the generation it was compacting; the
    // next commit tries again.
    std::fprintf(stderr, "byline-searchd: auto-compaction failed: %s\n",
                 made.status().message().c_str());
    return;
  }
  if (made->empty()) return;
  compaction_started_ = started;
  compaction_ended_ = Clock::now();
  for (const AutoCompaction& c : *made) {
    std::fprintf(stderr,
                 "byline-searchd: auto-compacted %s: %s: %.1f MB -> %.1f MB in %.1f s, now "
                 "serving %s\n",
                 c.part.c_str(), CompactionReason(c.drift, config_.auto_compact).c_str(),
                 static_cast<double>(c.bytes_before) / (1024.0 * 1024.0),
                 static_cast<double>(c.after.size_bytes) / (1024.0 * 1024.0),
                 std::chrono::duration<double>(compaction_ended_ - compaction_started_).count(),
                 c.after.generation.c_str());
  }
  if (config_.on_compact) config_.on_compact(*made);
}

void WriteQueue::Finish(std::vector<Pending*>& group) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Pending* p : group) p->done = true;
  }
  answered_.notify_all();
}

}  // namespace byline::searchd
