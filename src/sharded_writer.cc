#include "byline/sharded_writer.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "byline/index_layout.h"
#include "byline/shard_routing.h"

namespace fs = std::filesystem;

namespace byline {
namespace {

constexpr uint32_t kMaxShards = 256;

// Writes DIR/XAPIANDB listing the shards, atomically (temp file + rename).
Status WriteShardStub(const IndexLayout& layout, uint32_t shards) {
  const std::string tmp = layout.StubPath() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# Byline sharded index: articles routed by FNV-1a of their id\n";
    for (uint32_t i = 0; i < shards; ++i) out << "auto " << ShardDirName(i) << "\n";
    out.flush();
    if (!out) return Status::IOError("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), layout.StubPath().c_str()) != 0) {
    return Status::IOError("cannot rename " + tmp + " to " + layout.StubPath());
  }
  return Status::Ok();
}

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
                                ShardDirName(i) + "\" here; remote shards are written where "
                                "they live");
    }
  }
  return static_cast<uint32_t>(entries->size());
}

Result<std::unique_ptr<ShardedWriter>> ShardedWriter::Open(const std::string& dir,
                                                           const IndexOptions& options,
                                                           uint32_t shards) {
  if (shards > kMaxShards) {
    return Status::InvalidArgument("--shards: at most " + std::to_string(kMaxShards));
  }
  auto existing = CountShards(dir);
  if (!existing.ok()) return existing.status();
  IndexLayout layout(dir);
  const bool exists = layout.Exists();
  if (exists && *existing == 0 && shards >= 2) {
    return Status::InvalidArgument("--shards " + std::to_string(shards) + ": " + dir +
                                   " is an unsharded index; shard into a new directory");
  }
  if (exists && *existing > 0 && shards != 0 && shards != *existing) {
    return Status::InvalidArgument("--shards " + std::to_string(shards) + ": " + dir + " has " +
                                   std::to_string(*existing) +
                                   " shards; changing the count means reindexing into a new "
                                   "directory");
  }
  const uint32_t count = exists ? *existing : (shards >= 2 ? shards : 0);
  std::vector<std::unique_ptr<IndexWriter>> writers;
  if (count == 0) {
    auto writer = IndexWriter::Open(dir, options);
    if (!writer.ok()) return writer.status();
    writers.push_back(std::move(writer).value());
  } else {
    for (uint32_t i = 0; i < count; ++i) {
      auto writer = IndexWriter::Open((fs::path(dir) / ShardDirName(i)).string(), options);
      if (!writer.ok()) return writer.status();
      writers.push_back(std::move(writer).value());
    }
    // Published last: until every shard exists, searchers see no index.
    if (!exists) {
      if (Status s = WriteShardStub(layout, count); !s.ok()) return s;
    }
  }
  return std::unique_ptr<ShardedWriter>(new ShardedWriter(std::move(writers)));
}

IndexWriter& ShardedWriter::ShardFor(const std::string& id) {
  return *shards_[ShardOf(id, shard_count())];
}

Result<UpsertOutcome> ShardedWriter::Upsert(const Article& article) {
  return ShardFor(article.id).Upsert(article);
}

Result<bool> ShardedWriter::Delete(const std::string& id) { return ShardFor(id).Delete(id); }

Result<uint64_t> ShardedWriter::DeleteMatching(const std::string& query, bool dry_run) {
  uint64_t total = 0;
  for (auto& shard : shards_) {
    auto n = shard->DeleteMatching(query, dry_run);
    if (!n.ok()) return n.status();
    total += *n;
  }
  return total;
}

Result<uint64_t> ShardedWriter::DeleteAllExcept(const std::unordered_set<std::string>& keep_ids,
                                                bool dry_run) {
  uint64_t total = 0;
  for (auto& shard : shards_) {
    auto n = shard->DeleteAllExcept(keep_ids, dry_run);
    if (!n.ok()) return n.status();
    total += *n;
  }
  return total;
}

Status ShardedWriter::Commit() {
  for (auto& shard : shards_) {
    if (Status s = shard->Commit(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ShardedWriter::SetSynonyms(const SynonymGroups& groups) {
  for (auto& shard : shards_) {
    if (Status s = shard->SetSynonyms(groups); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ShardedWriter::SetStopwords(const std::vector<std::string>& words) {
  for (auto& shard : shards_) {
    if (Status s = shard->SetStopwords(words); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace byline
