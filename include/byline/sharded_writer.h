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
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "byline/index_writer.h"
#include "byline/options.h"
#include "byline/status.h"
#include "byline/word_lists.h"
#include "byline/write_lock.h"

namespace byline {

class ShardedWriter {
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

  // Whether `shards` (as Open takes it) agrees with the index in `dir`:
  // InvalidArgument saying why not. Open checks it; a dry run too.
  static Status CheckShardCount(const std::string& dir, uint32_t shards);

  uint32_t shard_count() const { return static_cast<uint32_t>(shards_.size()); }

  Result<UpsertOutcome> Upsert(const Article& article);
  Result<bool> Delete(const std::string& id);
  // Gathered from every shard.
  Result<std::vector<std::string>> IdsMatching(const std::string& query) const;
  Result<std::vector<std::string>> IdsNotIn(
      const std::function<bool(const std::string& id)>& keep) const;
  uint64_t article_count() const;
  // Commits every shard (each is atomic on its own; see docs/scaling.md).
  Status Commit();
  // On every shard (see IndexWriter): until Commit(), each shard's changes
  // are one commit of its own, and Abandon() drops them all.
  Status BeginTransaction();
  void Abandon();
  // Stored in every shard.
  Status SetSynonyms(const SynonymGroups& groups);
  Status SetStopwords(const std::vector<std::string>& words);

 private:
  ShardedWriter(std::shared_ptr<const WriteLock> lock,
                std::vector<std::unique_ptr<IndexWriter>> shards)
      : lock_(std::move(lock)), shards_(std::move(shards)) {}
  IndexWriter& ShardFor(const std::string& id);

  std::shared_ptr<const WriteLock> lock_;  // first: released after the shards
  std::vector<std::unique_ptr<IndexWriter>> shards_;
};

}  // namespace byline

#endif  // BYLINE_SHARDED_WRITER_H_
