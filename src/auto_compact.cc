#include "byline/auto_compact.h"

#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "byline/shard_routing.h"
#include "byline/sharded_writer.h"
#include "compaction_record.h"
#include "index_metadata.h"
#include "xapian_status.h"

namespace byline {

void RecordCompaction(Xapian::WritableDatabase& db, uint64_t articles, uint64_t bytes) {
  db.set_metadata(schema::kCompactedArticlesMetadataKey, std::to_string(articles));
  db.set_metadata(schema::kCompactedBytesMetadataKey, std::to_string(bytes));
  db.set_metadata(schema::kCompactedAtMetadataKey, std::to_string(NowSeconds()));
  db.set_metadata(schema::kWrittenSinceCompactionMetadataKey, "0");
}

uint64_t ReadCount(const Xapian::Database& db, const char* key) {
  const std::string text = db.get_metadata(key);
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : 0;
}

void AddWritesSinceCompaction(Xapian::WritableDatabase& db, uint64_t writes) {
  if (writes == 0) return;
  const uint64_t before = ReadCount(db, schema::kWrittenSinceCompactionMetadataKey);
  db.set_metadata(schema::kWrittenSinceCompactionMetadataKey, std::to_string(before + writes));
}

Status AutoCompactPolicy::Validate() const {
  if (!(threshold > 0 && threshold <= 10)) {
    return Status::InvalidArgument(
        "--auto-compact-threshold must be a share of the index above 0 and at most 10 (0.05 "
        "compacts once a twentieth of it was written since the last compaction)");
  }
  if (!(max_size_ratio == 0 || (max_size_ratio > 1 && max_size_ratio <= 100))) {
    return Status::InvalidArgument(
        "--auto-compact-max-size must be 0 (no size limit) or a size against the compacted "
        "estimate above 1 and at most 100 (1.1 compacts once the index is a tenth larger than "
        "a compacted one)");
  }
  return Status::Ok();
}

double Drift::share() const {
  const uint64_t base = std::max<uint64_t>({articles, compacted_articles, 1});
  return static_cast<double>(written_since) / static_cast<double>(base);
}

double Drift::size_ratio() const {
  if (!recorded || compacted_articles == 0 || compacted_bytes == 0) return 0;
  const double estimate = static_cast<double>(compacted_bytes) * static_cast<double>(articles) /
                          static_cast<double>(compacted_articles);
  return estimate > 0 ? static_cast<double>(size_bytes) / estimate : 0;
}

bool ShouldCompact(const Drift& drift, const AutoCompactPolicy& policy) {
  if (!policy.enabled || drift.written_since == 0) return false;
  if (drift.written_since < policy.min_writes) return false;
  if (drift.share() >= policy.threshold) return true;
  return policy.max_size_ratio > 0 && drift.size_ratio() >= policy.max_size_ratio;
}

std::string CompactionReason(const Drift& drift, const AutoCompactPolicy& policy) {
  char text[160];
  if (drift.share() >= policy.threshold || policy.max_size_ratio <= 0) {
    std::snprintf(text, sizeof text, "%.0f%% written since its last compaction (threshold %.0f%%)",
                  drift.share() * 100, policy.threshold * 100);
  } else {
    std::snprintf(text, sizeof text, "%.0f%% of its compacted size (limit %.0f%%)",
                  drift.size_ratio() * 100, policy.max_size_ratio * 100);
  }
  return text;
}

Result<Drift> ReadDrift(const std::string& dir) {
  IndexLayout layout(dir);
  auto generation = layout.CurrentGeneration();
  if (!generation.ok()) return generation.status();
  try {
    Xapian::Database db(layout.GenerationPath(*generation));
    Drift drift;
    drift.recorded = !db.get_metadata(schema::kCompactedArticlesMetadataKey).empty();
    drift.compacted_articles = ReadCount(db, schema::kCompactedArticlesMetadataKey);
    drift.compacted_bytes = ReadCount(db, schema::kCompactedBytesMetadataKey);
    drift.compacted_at = static_cast<int64_t>(ReadCount(db, schema::kCompactedAtMetadataKey));
    drift.written_since = ReadCount(db, schema::kWrittenSinceCompactionMetadataKey);
    drift.articles = db.get_doccount();
    drift.size_bytes = layout.GenerationSizeBytes(*generation);
    return drift;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading the drift of " + dir);
  }
}

Result<Drift> ReadIndexDrift(const std::string& dir) {
  auto parts = ShardedWriter::Parts(dir);
  if (!parts.ok()) return parts.status();
  if (parts->size() == 1) return ReadDrift(parts->front());
  Drift total;
  total.recorded = true;
  for (const auto& part : *parts) {
    auto drift = ReadDrift(part);
    if (!drift.ok()) return drift.status();
    total.recorded = total.recorded && drift->recorded;
    total.compacted_articles += drift->compacted_articles;
    total.compacted_bytes += drift->compacted_bytes;
    if (drift->compacted_at != 0) {
      total.compacted_at = total.compacted_at == 0
                               ? drift->compacted_at
                               : std::min(total.compacted_at, drift->compacted_at);
    }
    total.written_since += drift->written_since;
    total.articles += drift->articles;
    total.size_bytes += drift->size_bytes;
  }
  return total;
}

Result<std::vector<AutoCompaction>> AutoCompact(const std::string& dir,
                                                const AutoCompactPolicy& policy,
                                                const std::shared_ptr<const WriteLock>& lock) {
  std::vector<AutoCompaction> made;
  if (!policy.enabled) return made;
  auto parts = ShardedWriter::Parts(dir);
  if (!parts.ok()) return parts.status();
  for (const auto& part : *parts) {
    auto drift = ReadDrift(part);
    if (!drift.ok()) return drift.status();
    if (!ShouldCompact(*drift, policy)) continue;
    auto after = CompactIndex(part, lock);
    if (!after.ok()) return after.status();
    made.push_back({part, *drift, drift->size_bytes, *after});
  }
  return made;
}

}  // namespace byline
