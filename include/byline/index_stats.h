// IndexStats: what an index holds, as its writer or a searcher sees it.
#ifndef BYLINE_INDEX_STATS_H_
#define BYLINE_INDEX_STATS_H_

#include <cstdint>
#include <string>

namespace byline {

struct IndexStats {
  uint64_t articles = 0;
  uint64_t terms = 0;       // distinct terms; 0 unless asked for (a full term walk)
  uint64_t size_bytes = 0;  // on disk, current generation
  std::string generation;
  int64_t last_update = 0;    // seconds since epoch of the last commit, 0 if unknown
  double average_length = 0;  // mean indexed terms per article
  uint64_t revision = 0;      // Xapian revision of the generation
  // How words are indexed: "all_z" (stems only, every index created or
  // rebuilt since per-index stemming) or "some" (exact forms plus stems: an
  // older index, until its next --reindex).
  std::string stemming;
  // The index format it records (schema::kIndexFormat; 1 for an index
  // written before formats were recorded); the oldest of a sharded index's.
  int format = 0;
};

}  // namespace byline

#endif  // BYLINE_INDEX_STATS_H_
