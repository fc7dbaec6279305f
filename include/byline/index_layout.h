// The on-disk layout of a Byline index: a directory that Xapian's own tools
// open as it is.
//
//   DIR/XAPIANDB       a Xapian stub file: "auto gen-000042"
//   DIR/gen-000042/    the current database generation (glass)
//   DIR/gen-000041/    an older generation, removed after a reindex
//   DIR/writer.lock    held by whoever writes (write_lock.h)
//
// A stub may instead list several databases, which Xapian searches as one
// (statistics are combined, so ranking matches a single database):
//
//   auto shard-00                a local shard, relative to DIR (a folder
//                                with its own stub and generations)
//   remote 10.0.0.7:33333        a shard served by xapian-tcpsrv
//
// Such an index is searched like any other; writers work per shard.
//
// A full reindex builds the next generation beside the live one and renames a
// new stub into place, so readers switch atomically.
#ifndef BYLINE_INDEX_LAYOUT_H_
#define BYLINE_INDEX_LAYOUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "byline/status.h"

namespace byline {

// One database line of a stub.
struct StubEntry {
  enum class Kind { kLocal, kRemote };
  Kind kind = Kind::kLocal;
  std::string path;  // kLocal: as written (relative to the index directory)
  std::string host;  // kRemote
  int port = 0;      // kRemote
  int line = 0;      // 1-based line in the stub, for error messages

  // "shard-00" or "10.0.0.7:33333": how messages name the shard.
  std::string Name() const;
};

class IndexLayout {
 public:
  explicit IndexLayout(std::string dir) : dir_(std::move(dir)) {}

  const std::string& dir() const { return dir_; }
  std::string StubPath() const;  // DIR/XAPIANDB
  std::string LockPath() const;  // DIR/writer.lock (see write_lock.h)

  // True when DIR holds a stub file.
  bool Exists() const;

  // The generation the stub points at, e.g. "gen-000042". NotFound when
  // there is no stub; Corruption when it cannot be understood.
  Result<std::string> CurrentGeneration() const;

  // Every database the stub lists, in order. Corruption naming
  // file:line for a line that is not "auto PATH", "glass PATH" or
  // "remote HOST:PORT".
  Result<std::vector<StubEntry>> ReadStub() const;

  // True when the stub is one local generation ("auto gen-NNNNNN"): the
  // layout writers and generation switches work on.
  static bool IsSingleGeneration(const std::vector<StubEntry>& entries);

  // Absolute-or-relative path of a generation directory inside DIR.
  std::string GenerationPath(const std::string& generation) const;

  // Name for the next generation: one past the highest that exists on disk.
  Result<std::string> NextGeneration() const;

  // Atomically points the stub at `generation` (write temp file, fsync,
  // rename over XAPIANDB, fsync the directory). Generations only move
  // forward: one at or below the current one is refused (kInternal).
  Status SwitchTo(const std::string& generation) const;

  // Atomically makes the stub list `shards` (directories inside DIR, each a
  // Byline index of its own) with `comment` as its first line: written and
  // synced exactly as SwitchTo writes a generation's stub.
  Status PublishShards(const std::vector<std::string>& shards, const std::string& comment) const;

  // fsyncs every file and directory of a generation written without syncs
  // (DB_NO_SYNC), so it is durable before SwitchTo publishes it.
  Status SyncGeneration(const std::string& generation) const;

  // Bytes on disk of a generation's files (0 when it cannot be read).
  uint64_t GenerationSizeBytes(const std::string& generation) const;

  // All generation directories on disk, oldest first.
  std::vector<std::string> ListGenerations() const;

  // Removes the generation directories older than the current one (except
  // `keep`, which searchers may still be reading).
  Status RemoveStaleGenerations(const std::string& keep = "") const;

  // Removes what an interrupted writer left: generations newer than the
  // current one (a reindex or compaction killed before its switch), the
  // shards of unfinished builds, a half-written stub. REQUIRES: the caller
  // holds the index's WriteLock, so no other writer is building them.
  Status RemoveLeftovers() const;

  // OK when DIR may become a new index: it does not exist, is empty, or
  // holds only what Byline itself puts there (and no generation with
  // articles in it: an index that lost its stub). Otherwise InvalidArgument
  // naming what was found, so a mistyped --index never fills a folder of
  // documents with index files, nor replaces an index it cannot see.
  Status CheckNewIndexDir() const;

  // Readies DIR for a writer: OK when it holds an index; when it holds none,
  // "no Byline index at DIR" (kNotFound) unless `create_if_missing`, else
  // CheckNewIndexDir() and the directory created.
  Status PrepareForWriter(bool create_if_missing) const;

 private:
  // The generation a one-generation stub names, whether or not its
  // directory exists; "" for none.
  std::string StubGeneration() const;
  // Replaces the stub by `contents`: temp file, fsync, rename, fsync DIR.
  Status WriteStub(const std::string& contents) const;

  std::string dir_;
};

}  // namespace byline

#endif  // BYLINE_INDEX_LAYOUT_H_
