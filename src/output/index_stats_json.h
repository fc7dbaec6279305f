// The one JSON form of IndexStats, for `byline-indexer stats --json` and
// byline-searchd's /stats, /admin/reopen and /admin/stats.
#ifndef BYLINE_SRC_OUTPUT_INDEX_STATS_JSON_H_
#define BYLINE_SRC_OUTPUT_INDEX_STATS_JSON_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "byline/auto_compact.h"
#include "byline/index_stats.h"

namespace byline {

// "2024-03-05T09:30:00Z" (UTC), or "" when `seconds` is not a known time (<= 0).
std::string IsoTimeUtc(int64_t seconds);

enum class StatsDetail {
  kBasic,  // articles, generation, last_update, last_update_unix, size_bytes, stemming
  kFull,   // kBasic plus terms, average_length and revision
};

// last_update is the ISO time of the last commit, or null when unknown.
nlohmann::json IndexStatsToJson(const IndexStats& stats, StatsDetail detail);

// How far the index has drifted since its last compaction (byline/auto_compact.h):
// {"written_since_compaction", "share_written", "size_vs_compacted" (null
// without a record), "compacted_estimate_bytes" (null likewise),
// "last_compacted" (ISO time or null), "last_compacted_unix" (0: unknown)}.
nlohmann::json DriftToJson(const Drift& drift);

}  // namespace byline

#endif  // BYLINE_SRC_OUTPUT_INDEX_STATS_JSON_H_
