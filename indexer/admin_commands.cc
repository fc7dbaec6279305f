#include "admin_commands.h"

#include <cstdio>
#include <ctime>

#include "byline/index_writer.h"

namespace byline::indexer {
namespace {

std::string FormatTime(int64_t seconds) {
  if (seconds <= 0) return "unknown";
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

int RunStats(const std::string& index, bool json) {
  auto stats = ReadIndexStats(index);
  if (!stats.ok()) {
    std::fprintf(stderr, "byline-indexer: %s\n", stats.status().message().c_str());
    return 1;
  }
  const std::string updated = FormatTime(stats->last_update);
  if (json) {
    std::printf("{\"articles\": %llu, \"terms\": %llu, \"size_bytes\": %llu, "
                "\"generation\": \"%s\", \"last_update\": \"%s\"}\n",
                static_cast<unsigned long long>(stats->articles),
                static_cast<unsigned long long>(stats->terms),
                static_cast<unsigned long long>(stats->size_bytes), stats->generation.c_str(),
                updated.c_str());
  } else {
    std::printf("articles     %llu\nterms        %llu\nsize         %.1f MB (%llu bytes)\n"
                "generation   %s\nlast update  %s\n",
                static_cast<unsigned long long>(stats->articles),
                static_cast<unsigned long long>(stats->terms),
                static_cast<double>(stats->size_bytes) / (1024.0 * 1024.0),
                static_cast<unsigned long long>(stats->size_bytes), stats->generation.c_str(),
                updated.c_str());
  }
  return 0;
}

int RunCompact(const std::string& index, bool quiet) {
  auto before = ReadIndexStats(index);
  if (!before.ok()) {
    std::fprintf(stderr, "byline-indexer: %s\n", before.status().message().c_str());
    return 1;
  }
  auto after = CompactIndex(index);
  if (!after.ok()) {
    std::fprintf(stderr, "byline-indexer: %s\n", after.status().message().c_str());
    return 1;
  }
  if (!quiet) {
    std::fprintf(stderr, "byline-indexer: compacted %s: %.1f MB -> %.1f MB, now serving %s\n",
                 index.c_str(), static_cast<double>(before->size_bytes) / (1024.0 * 1024.0),
                 static_cast<double>(after->size_bytes) / (1024.0 * 1024.0),
                 after->generation.c_str());
  }
  return 0;
}

}  // namespace byline::indexer
