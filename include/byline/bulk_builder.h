// BulkBuilder: builds a whole new generation of an index using every core,
// for --reindex.
//
// Articles go to `threads` workers, each analysing and writing its own shard
// database (the id's hash picks the shard, so a repeated id stays in one
// shard and its last copy wins). Finish() merges the shards with Xapian's
// compactor into the next generation, syncs it once, and switches readers to
// it atomically. Until then the live index is untouched; a builder destroyed
// before Finish(), or a killed process, publishes nothing (the next writer
// clears what a killed one left).
//
// The builder holds the index's WriteLock from Open() until the switch (or
// until it is destroyed, when abandoned), so no update can land in the live generation and then
// vanish at the switch, and two builds cannot race to publish.
//
// Memory is bounded by a few batches per worker plus Xapian's flush
// threshold per shard, whatever the corpus size.
//
// Thread safety: Add() and Finish() must be called from one thread.
#ifndef BYLINE_BULK_BUILDER_H_
#define BYLINE_BULK_BUILDER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "byline/article.h"
#include "byline/options.h"
#include "byline/status.h"
#include "byline/write_lock.h"

namespace byline {

struct BulkCounts {
  uint64_t added = 0;     // distinct ids
  uint64_t replaced = 0;  // later copies of an id already added
  // Set when old generations could not be removed after the switch (the
  // new one is live all the same).
  std::string cleanup_error;
};

class BulkBuilder {
 public:
  // Reserves the next generation of the index in `dir` (created if missing
  // and options.create_if_missing). `threads` 0 means one per core. Holds
  // `lock` when it is `dir`'s, else takes `dir`'s own without waiting.
  static Result<std::unique_ptr<BulkBuilder>> Open(const std::string& dir,
                                                   const IndexOptions& options,
                                                   unsigned threads = 0,
                                                   std::shared_ptr<const WriteLock> lock = nullptr);
  ~BulkBuilder();
  BulkBuilder(const BulkBuilder&) = delete;
  BulkBuilder& operator=(const BulkBuilder&) = delete;

  // Queues the article for a worker; blocks while the workers are behind.
  // Invalid articles are InvalidArgument; a worker's failure is returned by
  // the next call.
  Status Add(Article article);

  // Waits for the workers, merges the shards into the new generation and
  // switches to it. The generation it replaces stays for searchers still
  // reading it (they move on at their next refresh); older ones are removed.
  Result<BulkCounts> Finish();

  // Words counted fewer times than `count` over the whole build are left out
  // of the spelling data (default kMinBulkSpellingCount, src/word_table.h).
  // A build of one shard of several takes 1: a word's count is its sum over
  // the shards, which no one shard knows.
  void set_min_spelling_count(uint32_t count);

  // The generation being built, e.g. "gen-000004".
  const std::string& generation() const;
  unsigned threads() const;

 private:
  struct Impl;
  explicit BulkBuilder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_BULK_BUILDER_H_
