#include "byline/sharded_writer.h"

#include <filesystem>
#include <functional>
#include <vector>

#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/shard_routing.h"
#include "index_settings.h"

namespace fs = std::filesystem;

namespace byline {
namespace {

constexpr uint32_t kMaxShards = 256;

// A plain index (one shard) or N local shards, each an IndexWriter.
class Shards final : public ShardedWriter {
 public:
  Shards(std::shared_ptr<const WriteLock> lock, std::vector<std::unique_ptr<IndexWriter>> shards)
      : lock_(std::move(lock)), shards_(std::move(shards)) {}

  Result<UpsertOutcome> Upsert(const Article& article) override {
    return ShardFor(article.id).Upsert(article);
  }
  Result<bool> Delete(const std::string& id) override { return ShardFor(id).Delete(id); }

  Status Commit() override {
    return OnEveryShard([](IndexWriter& shard) { return shard.Commit(); });
  }
  Status BeginTransaction() override {
    return OnEveryShard([](IndexWriter& shard) { return shard.BeginTransaction(); });
  }
  void Abandon() override {
    for (auto& shard : shards_) shard->Abandon();
  }
  Status SetSynonyms(const SynonymGroups& groups) override {
    return OnEveryShard([&](IndexWriter& shard) { return shard.SetSynonyms(groups); });
  }
  Status SetStopwords(const std::vector<std::string>& words) override {
    return OnEveryShard([&](IndexWriter& shard) { return shard.SetStopwords(words); });
  }

  Result<std::vector<std::string>> IdsMatching(const std::string& query) const override {
    return FromEveryShard([&](const IndexWriter& shard) { return shard.IdsMatching(query); });
  }
  Result<std::vector<std::string>> IdsNotIn(
      const std::function<bool(const std::string& id)>& keep) const override {
    return FromEveryShard([&](const IndexWriter& shard) { return shard.IdsNotIn(keep); });
  }
  uint64_t article_count() const override {
    uint64_t total = 0;
    for (const auto& shard : shards_) total += shard->article_count();
    return total;
  }

 private:
  IndexWriter& ShardFor(const std::string& id) {
    return *shards_[ShardOf(id, static_cast<uint32_t>(shards_.size()))];
  }

  // `change` on each shard in turn, up to the first failure (returned).
  template <typename Change>
  Status OnEveryShard(const Change& change) {
    for (auto& shard : shards_) {
      if (Status s = change(*shard); !s.ok()) return s;
    }
    return Status::Ok();
  }

  // The ids `ids_of` gives for each shard, one shard after the other.
  template <typename IdsOf>
  Result<std::vector<std::string>> FromEveryShard(const IdsOf& ids_of) const {
    std::vector<std::string> all;
    for (const auto& shard : shards_) {
      auto ids = ids_of(*shard);
      if (!ids.ok()) return ids.status();
      all.insert(all.end(), ids->begin(), ids->end());
    }
    return all;
  }

  std::shared_ptr<const WriteLock> lock_;  // first: released after the shards
  std::vector<std::unique_ptr<IndexWriter>> shards_;
};

}  // namespace

Result<uint32_t> ShardedWriter::CountShards(const std::string& dir) {
  IndexLayout layout(dir);
  if (!layout.Exists()) return 0u;
  auto entries = layout.ReadStub();
  if (!entries.ok()) return entries.status();
  if (IndexLayout::IsSingleGeneration(*entries)) return 0u;
  for (uint32_t i = 0; i < entries->size(); ++i) {
    const StubEntry& entry = (*entries)[i];
    if (entry.kind != StubEntry::Kind::kLocal || entry.path != ShardDirName(i)) {
      return Status::Corruption(layout.StubPath() + ":" + std::to_string(entry.line) +
                                ": a sharded index written by byline-indexer lists \"auto " +
                                ShardDirName(i) +
                                "\" here; remote shards are written where "
                                "they live");
    }
  }
  return static_cast<uint32_t>(entries->size());
}

Result<std::vector<std::string>> ShardedWriter::Parts(const std::string& dir) {
  auto shards = CountShards(dir);
  if (!shards.ok()) return shards.status();
  return IndexParts(dir, *shards);
}

Status ShardedWriter::CheckShardCount(const std::string& dir, uint32_t shards) {
  if (shards > kMaxShards) {
    return Status::InvalidArgument("--shards: at most " + std::to_string(kMaxShards));
  }
  if (!IndexLayout(dir).Exists()) return Status::Ok();
  auto existing = CountShards(dir);
  if (!existing.ok()) return existing.status();
  if (*existing == 0 && shards >= 2) {
    return Status::InvalidArgument("--shards " + std::to_string(shards) + ": " + dir +
                                   " is an unsharded index; shard into a new directory");
  }
  if (*existing > 0 && shards != 0 && shards != *existing) {
    return Status::InvalidArgument("--shards " + std::to_string(shards) + ": " + dir + " has " +
                                   std::to_string(*existing) +
                                   " shards; changing the count means reindexing into a new "
                                   "directory");
  }
  return Status::Ok();
}

Status ShardedWriter::PublishShards(const std::string& dir, uint32_t shards) {
  std::vector<std::string> names;
  for (uint32_t i = 0; i < shards; ++i) names.push_back(ShardDirName(i));
  return IndexLayout(dir).PublishShards(names,
                                        "Byline sharded index: articles routed by FNV-1a of "
                                        "their id");
}

Result<std::unique_ptr<ShardedWriter>> ShardedWriter::Open(const std::string& dir,
                                                           const IndexOptions& options,
                                                           uint32_t shards,
                                                           std::shared_ptr<const WriteLock> lock) {
  if (shards > kMaxShards) {
    return Status::InvalidArgument("--shards: at most " + std::to_string(kMaxShards));
  }
  IndexLayout layout(dir);
  if (Status s = layout.PrepareForWriter(options.create_if_missing); !s.ok()) return s;
  // The whole index's lock first; each shard then takes its own too, so a
  // writer given one shard's directory is kept out as well.
  auto held = LockFor(dir, std::move(lock), "update");
  if (!held.ok()) return held.status();
  if (Status s = CheckShardCount(dir, shards); !s.ok()) return s;
  auto existing = CountShards(dir);
  if (!existing.ok()) return existing.status();
  const bool exists = layout.Exists();
  const uint32_t count = exists ? *existing : (shards >= 2 ? shards : 0);
  std::vector<std::unique_ptr<IndexWriter>> writers;
  if (count == 0) {
    auto writer = IndexWriter::Open(dir, options, *held);
    if (!writer.ok()) return writer.status();
    writers.push_back(std::move(writer).value());
  } else {
    // A new index's shards keep the position table unless told; an
    // existing one's keep their own.
    const IndexOptions shard_options = exists ? options : WithShardPositions(options);
    for (uint32_t i = 0; i < count; ++i) {
      auto writer =
          IndexWriter::Open((fs::path(dir) / ShardDirName(i)).string(), shard_options, *held);
      if (!writer.ok()) return writer.status();
      writers.push_back(std::move(writer).value());
    }
    // Published last: until every shard exists, searchers see no index.
    if (!exists) {
      if (Status s = PublishShards(dir, count); !s.ok()) return s;
    }
  }
  return std::unique_ptr<ShardedWriter>(
      std::make_unique<Shards>(std::move(held).value(), std::move(writers)));
}

}  // namespace byline
