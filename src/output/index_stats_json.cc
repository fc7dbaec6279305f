#include "index_stats_json.h"

#include <cmath>
#include <ctime>

namespace byline {

std::string IsoTimeUtc(int64_t seconds) {
  if (seconds <= 0) return "";
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json IndexStatsToJson(const IndexStats& stats, StatsDetail detail) {
  const std::string updated = IsoTimeUtc(stats.last_update);
  const nlohmann::json last_update = updated.empty() ? nlohmann::json() : nlohmann::json(updated);
  nlohmann::json body = {{"articles", stats.articles},     {"generation", stats.generation},
                         {"last_update", last_update},     {"last_update_unix", stats.last_update},
                         {"size_bytes", stats.size_bytes}, {"stemming", stats.stemming}};
  if (detail == StatsDetail::kFull) {
    body["terms"] = stats.terms;
    body["average_length"] = stats.average_length;
    body["revision"] = stats.revision;
    body["format"] = stats.format;
  }
  return body;
}

nlohmann::json DriftToJson(const Drift& drift) {
  const std::string compacted = IsoTimeUtc(drift.compacted_at);
  const double ratio = drift.size_ratio();
  nlohmann::json estimate;
  if (ratio > 0) {
    estimate = static_cast<uint64_t>(std::llround(static_cast<double>(drift.size_bytes) / ratio));
  }
  return {{"written_since_compaction", drift.written_since},
          {"share_written", drift.share()},
          {"size_vs_compacted", ratio > 0 ? nlohmann::json(ratio) : nlohmann::json()},
          {"compacted_estimate_bytes", estimate},
          {"last_compacted", compacted.empty() ? nlohmann::json() : nlohmann::json(compacted)},
          {"last_compacted_unix", drift.compacted_at}};
}

}  // namespace byline
