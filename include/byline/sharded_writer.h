// ShardedWriter: writes an index that is either one database or N local
// shards, routing each article by a stable hash of its id (ShardOf), so an
// update or delete always reaches the shard that holds the article.
//
//   DIR/XAPIANDB     "auto shard-00" ... "auto shard-NN": searched as one
//   DIR/shard-00/    an ordinary Byline index (its own stub and generations)
//
// A plain (unsharded) index is written through the same interface as one
// shard, so callers need not care which they have.
#ifndef BYLINE_SHARDED_WRITER_H_
#define BYLINE_SHARDED_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "byline/index_changes.h"
#include "byline/options.h"
#include "byline/status.h"
#include "byline/write_lock.h"

namespace byline {

// The IndexChanges (see there) of such an index: an article's upsert or
// delete goes to the shard its id routes to; IdsMatching, IdsNotIn and
// article_count gather from every shard; the rest is done on every shard.
// Each shard commits on its own (atomic per shard; see docs/scaling.md), and
// in a transaction each shard's changes are one commit of its own, which
// Abandon() drops on them all.
class ShardedWriter : public IndexChanges {
 public:
  // Opens the index in `dir`. `shards` 0 means "whatever it is" (a new index
  // is then a plain one); N >= 2 creates N shards when the index is new and
  // must match an existing sharded index. InvalidArgument when they disagree.
  // Holds the index's write lock (`lock` when it is `dir`'s, else taken
  // without waiting) and each shard's while open.
  static Result<std::unique_ptr<ShardedWriter>> Open(
      const std::string& dir, const IndexOptions& options, uint32_t shards,
      std::shared_ptr<const WriteLock> lock = nullptr);

  // Shards of the index in `dir`: 0 when it is a plain index or missing.
  // Corruption when its stub lists something other than local shard-NN dirs.
  static Result<uint32_t> CountShards(const std::string& dir);

  // The databases the index in `dir` is made of (IndexParts with its
  // CountShards): itself, or each of its local shards.
  static Result<std::vector<std::string>> Parts(const std::string& dir);

  // Whether `shards` (as Open takes it) agrees with the index in `dir`:
  // InvalidArgument saying why not. Open checks it; a dry run too.
  static Status CheckShardCount(const std::string& dir, uint32_t shards);

  // Makes `dir`'s stub list its `shards` local shards (shard-00 ...), as a
  // new sharded index's: the last step of creating one, once every shard
  // is an index of its own. REQUIRES: the caller holds `dir`'s write lock.
  static Status PublishShards(const std::string& dir, uint32_t shards);
};

}  // namespace byline

#endif  // BYLINE_SHARDED_WRITER_H_
