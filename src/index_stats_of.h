// The one producer of IndexStats from an open database, for the writer and
// the searcher alike (each adds what only it knows: generation, size).
#ifndef BYLINE_SRC_INDEX_STATS_OF_H_
#define BYLINE_SRC_INDEX_STATS_OF_H_

#include <xapian.h>

#include "byline/index_stats.h"

namespace byline {

// Articles, last update, average length, revision and stemming of `db`, and
// its distinct terms when `count_terms` (a walk over every term). Leaves
// generation and size_bytes empty.
// REQUIRES: the caller catches Xapian::Error.
IndexStats StatsOfDatabase(const Xapian::Database& db, bool count_terms);

}  // namespace byline

#endif  // BYLINE_SRC_INDEX_STATS_OF_H_
