// Auto-compaction: keeps an index that is kept current by per-article
// writes (IndexWriter) as small and fast as a rebuilt one, by compacting it
// (CompactIndex) once enough of it was written since its last compaction.
//
// Drift is recorded in the index itself (schema.h, "Drift since the last
// compaction"): a compaction or bulk build records the articles and size of
// the generation it made; each commit adds the articles it upserted or
// deleted. The share written since the last compaction is
//   written_since / max(articles now, articles compacted, 1)
// and its size against the compacted estimate (compacted size scaled by the
// article count) is size_ratio(). The policy compacts once at least
// min_writes were written (a small index is not compacted on every commit)
// and either the share reaches the threshold or the size ratio reaches
// max_size_ratio: a few percent of an index rewritten already grows it by a
// tenth (Xapian's B-trees split and keep the freed blocks), so the size
// limit is what keeps an updated index within 110% of a rebuilt one; the
// share catches the rest (a drift that does not show in the size, such as
// many deletions). `stats` and /stats show both.
//
// An index without a compaction record (compacted or built by an older
// Byline, or made by per-article writes only) counts the writes of the
// commits since its first commit by this Byline against its article count:
// a long-drifted old index is not compacted at once on its first update
// (that would stall it unannounced); `compact` does it by hand, after which
// it has a record.
//
// Sharded indexes: each shard is its own index with its own drift and is
// compacted on its own.
#ifndef BYLINE_AUTO_COMPACT_H_
#define BYLINE_AUTO_COMPACT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "byline/index_stats.h"
#include "byline/status.h"
#include "byline/write_lock.h"

namespace byline {

// The default share written since the last compaction at which an index is
// compacted (docs/scaling.md, "Compaction": chosen from sizes measured on a
// 22k-article corpus).
inline constexpr double kDefaultAutoCompactThreshold = 0.05;
// The default fewest writes since the last compaction before one is made.
inline constexpr uint64_t kDefaultAutoCompactMinWrites = 1000;
// The default size against the compacted estimate at which an index is
// compacted (docs/deploy.md, "Compaction"); 0 turns the size limit off.
inline constexpr double kDefaultAutoCompactMaxSizeRatio = 1.10;

struct AutoCompactPolicy {
  bool enabled = true;                                      // --auto-compact on|off
  double threshold = kDefaultAutoCompactThreshold;          // --auto-compact-threshold
  uint64_t min_writes = kDefaultAutoCompactMinWrites;       // --auto-compact-min-writes
  double max_size_ratio = kDefaultAutoCompactMaxSizeRatio;  // --auto-compact-max-size

  // InvalidArgument naming the flag when threshold is not in (0, 10] or
  // max_size_ratio is neither 0 nor in (1, 100].
  Status Validate() const;
};

// How far one index (or shard) has drifted from its last compaction.
struct Drift {
  bool recorded = false;  // the index has a compaction record
  uint64_t compacted_articles = 0;
  uint64_t compacted_bytes = 0;
  int64_t compacted_at = 0;    // seconds since epoch; 0 when unknown
  uint64_t written_since = 0;  // articles upserted + deleted since
  uint64_t articles = 0;       // now
  uint64_t size_bytes = 0;     // now

  // written_since / max(articles, compacted_articles, 1).
  double share() const;
  // size_bytes / (compacted_bytes * articles / compacted_articles); 0 when
  // there is no record or it held no article.
  double size_ratio() const;
};

// Whether `policy` compacts an index drifted as `drift`.
bool ShouldCompact(const Drift& drift, const AutoCompactPolicy& policy);

// Why `policy` compacts `drift`, for messages: "12% written since its last
// compaction (threshold 5%)" or "114% of its compacted size (limit 110%)".
std::string CompactionReason(const Drift& drift, const AutoCompactPolicy& policy);

// The drift of the plain index (or one shard) in `dir`, read without the lock.
Result<Drift> ReadDrift(const std::string& dir);

// The drift of the index in `dir`, plain or sharded (its shards' added up).
Result<Drift> ReadIndexDrift(const std::string& dir);

// One compaction the policy made.
struct AutoCompaction {
  std::string part;  // the index or shard directory
  Drift drift;       // what made it compact
  uint64_t bytes_before = 0;
  IndexStats after;
};

// Compacts each part of the index in `dir` (itself, or each local shard)
// whose drift passes `policy`, one after another, each switched in
// atomically (CompactIndex). REQUIRES: no IndexWriter of `dir` is open (its
// commits are what is compacted); `lock` is `dir`'s write lock, held by the
// caller (a shard's own is taken too). Returns the compactions made (none
// when the policy is off or nothing drifted enough).
Result<std::vector<AutoCompaction>> AutoCompact(const std::string& dir,
                                                const AutoCompactPolicy& policy,
                                                const std::shared_ptr<const WriteLock>& lock);

}  // namespace byline

#endif  // BYLINE_AUTO_COMPACT_H_
