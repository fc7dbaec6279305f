// BulkLoad: the first load of an index that holds no article yet (a new
// one, or one whose articles were all deleted), built the fast way: each
// shard of it (the index itself when it is not sharded) by a BulkBuilder of
// its own, all at once, with the threads shared between them.
//
// Articles are routed as ShardedWriter routes them (ShardOf of their id),
// and each shard ends up exactly as a ShardedWriter would have left it (an
// index of its own, with its stub, generation and settings), so later
// updates, deletes and searches work on the result as on any other. A new
// sharded index's shards are built under other names (shard-00.new ...),
// renamed and published by the stub once every one is built: a load killed
// or failed before then leaves no index (nor shard) at `dir`.
//
// Thread safety: Add() and Finish() must be called from one thread.
#ifndef BYLINE_BULK_LOAD_H_
#define BYLINE_BULK_LOAD_H_

#include <cstdint>
#include <memory>
#include <string>

#include "byline/article.h"
#include "byline/bulk_builder.h"
#include "byline/options.h"
#include "byline/status.h"
#include "byline/write_lock.h"

namespace byline {

class BulkLoad {
 public:
  // Whether the index in `dir` may be loaded by a BulkLoad: there is none
  // (nor shards holding articles that lost their stub), or it (every shard
  // of it) holds no article and was made by this Byline's analysis (an
  // older index keeps its own, through updates).
  // Errors when it cannot be read. REQUIRES: the caller holds `dir`'s write
  // lock, or the answer may be stale at once.
  static Result<bool> Loadable(const std::string& dir);

  // Starts the load of the index in `dir`: the existing one's shards, or a
  // new index of `shards` shards (0 or 1: a plain one). `threads` 0 means
  // one per core, shared between the shards (at least one each). Holds
  // `lock` when it is `dir`'s, else takes `dir`'s own without waiting.
  // InvalidArgument when the index is not Loadable().
  static Result<std::unique_ptr<BulkLoad>> Open(const std::string& dir, const IndexOptions& options,
                                                uint32_t shards, unsigned threads,
                                                std::shared_ptr<const WriteLock> lock);
  ~BulkLoad();
  BulkLoad(const BulkLoad&) = delete;
  BulkLoad& operator=(const BulkLoad&) = delete;

  // Queues the article for its shard's builder (BulkBuilder::Add).
  Status Add(Article article);

  // Builds every shard at once and publishes them (a new sharded index's
  // stub last). On a failure, a shard already switched keeps its articles,
  // but a new index is not published. Counts summed over the shards.
  Result<BulkCounts> Finish();

  // Shards being built (0: a plain index) and worker threads in all.
  uint32_t shards() const;
  unsigned threads() const;

 private:
  struct Impl;
  explicit BulkLoad(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_BULK_LOAD_H_
