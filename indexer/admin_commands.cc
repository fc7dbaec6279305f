#include "admin_commands.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "byline/auto_compact.h"
#include "byline/index_format.h"
#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "byline/shard_routing.h"
#include "byline/sharded_writer.h"
#include "byline/site_files.h"
#include "index_command.h"
#include "index_stats_json.h"
#include "json_output.h"

namespace byline::indexer {
namespace {

// Stats of a plain index, or of a sharded one added up: terms are summed per
// shard (a word in two shards counts twice), the last update is the latest,
// the average length is over all articles; a revision is a shard's own (0).
Result<IndexStats> ReadStats(const std::string& index) {
  auto parts = ShardedWriter::Parts(index);
  if (!parts.ok()) return parts.status();
  if (parts->size() == 1) return ReadIndexStats(parts->front());
  IndexStats total;
  total.format = schema::kIndexFormat;
  total.generation = std::to_string(parts->size()) + " shards";
  for (const auto& part : *parts) {
    auto stats = ReadIndexStats(part);
    if (!stats.ok()) return stats.status();
    total.articles += stats->articles;
    total.terms += stats->terms;
    total.size_bytes += stats->size_bytes;
    total.last_update = std::max(total.last_update, stats->last_update);
    total.format = std::min(total.format, stats->format);  // the one a reindex upgrades
    total.average_length += stats->average_length * static_cast<double>(stats->articles);
    if (total.stemming.empty()) {
      total.stemming = stats->stemming;
    } else if (total.stemming != stats->stemming) {
      total.stemming = "mixed";  // shards built at different times: reindex
    }
  }
  if (total.articles > 0) total.average_length /= static_cast<double>(total.articles);
  return total;
}

}  // namespace

int RunStats(const std::string& index, bool json) {
  auto stats = ReadStats(index);
  if (!stats.ok()) {
    std::fprintf(stderr, "byline-indexer: %s\n", stats.status().message().c_str());
    return 1;
  }
  // How a site's files get URLs (--base-url), when the index records it.
  auto urls = ReadLiveFileUrls(index);
  if (!urls.ok()) {
    std::fprintf(stderr, "byline-indexer: %s\n", urls.status().message().c_str());
    return 1;
  }
  auto drift = ReadIndexDrift(index);
  if (!drift.ok()) {
    std::fprintf(stderr, "byline-indexer: %s\n", drift.status().message().c_str());
    return 1;
  }
  if (json) {
    auto out = IndexStatsToJson(*stats, StatsDetail::kFull);
    out["drift"] = DriftToJson(*drift);
    if (!urls->empty()) {
      out["base_url"] = urls->base();
      out["url_template"] = urls->url_template();
    }
    std::printf("%s\n", DumpJson(out).c_str());
  } else {
    const std::string updated = IsoTimeUtc(stats->last_update);
    std::printf(
        "articles     %llu\nterms        %llu\nsize         %.1f MB (%llu bytes)\n"
        "generation   %s\nlast update  %s\nstemming     %s\n",
        static_cast<unsigned long long>(stats->articles),
        static_cast<unsigned long long>(stats->terms),
        static_cast<double>(stats->size_bytes) / (1024.0 * 1024.0),
        static_cast<unsigned long long>(stats->size_bytes), stats->generation.c_str(),
        updated.empty() ? "unknown" : updated.c_str(), stats->stemming.c_str());
    const std::string advice = IndexFormatAdvice(stats->format, index);
    std::printf("format       %s\n",
                advice.empty() ? std::to_string(stats->format).c_str() : advice.c_str());
    // How far updates have taken it from its last compaction.
    const std::string compacted = IsoTimeUtc(drift->compacted_at);
    std::printf("drift        %.1f%% written since the last compaction (%llu articles)\n",
                drift->share() * 100, static_cast<unsigned long long>(drift->written_since));
    if (drift->size_ratio() > 0) {
      std::printf("size         %.0f%% of its compacted estimate\n", drift->size_ratio() * 100);
    }
    std::printf("compacted    %s\n", compacted.empty()
                                         ? "never recorded (run compact to start the record)"
                                         : compacted.c_str());
    if (!urls->empty()) {
      std::printf("base URL     %s\nURL template %s\n", urls->base().c_str(),
                  urls->url_template().c_str());
    }
  }
  return 0;
}

int RunCompact(const Flags& flags) {
  auto fail = [](const std::string& message) {
    std::fprintf(stderr, "byline-indexer: %s\n", message.c_str());
    return 1;
  };
  if (!IndexLayout(flags.index).Exists()) return fail("no Byline index at " + flags.index);
  auto parts = ShardedWriter::Parts(flags.index);
  if (!parts.ok()) return fail(parts.status().message());
  std::shared_ptr<const WriteLock> lock;
  if (!flags.dry_run) {
    auto held = TakeWriteLock(flags, "a compaction");
    if (!held.ok()) return fail(held.status().message());
    lock = std::move(held).value();
  }
  for (const auto& part : *parts) {  // each shard on its own, atomically
    auto before = ReadIndexStats(part);
    if (!before.ok()) return fail(before.status().message());
    const double mb_before = static_cast<double>(before->size_bytes) / (1024.0 * 1024.0);
    if (flags.dry_run) {
      if (!flags.quiet) {
        std::fprintf(stderr,
                     "byline-indexer: dry run, nothing changed: would compact %s "
                     "(%s, %.1f MB) into a new generation\n",
                     part.c_str(), before->generation.c_str(), mb_before);
      }
      continue;
    }
    // A shard's own lock is taken too (the index's covers only its stub).
    auto after = CompactIndex(part, lock);
    if (!after.ok()) return fail(after.status().message());
    if (!flags.quiet) {
      std::fprintf(stderr, "byline-indexer: compacted %s: %.1f MB -> %.1f MB, now serving %s\n",
                   part.c_str(), mb_before,
                   static_cast<double>(after->size_bytes) / (1024.0 * 1024.0),
                   after->generation.c_str());
    }
  }
  return 0;
}

}  // namespace byline::indexer
