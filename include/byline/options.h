// Options for writing and searching an index. Defaults are commented; main()
// fills these from flags and passes them by const&.
#ifndef BYLINE_OPTIONS_H_
#define BYLINE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "byline/status.h"

namespace byline {

struct IndexOptions {
  // Snowball stemmer language ("english", "french", "none", ...). Empty
  // means: the index's own language when it exists, else english. Stored in
  // the index, so the searcher always analyses queries the same way. An
  // update keeps the index's language; a rebuild may change it.
  std::string language;
  // Uncommitted changes after which the writer commits by itself.
  uint64_t commit_every = 10000;
  // Whether opening a writer on a path with no index creates one. Only
  // loading articles should: a delete or compact on a mistyped path must
  // say "no Byline index", not make an empty one.
  bool create_if_missing = true;

  Status Validate() const;
};

struct SearchOptions {
  // Time limit in seconds for counting every match, which facets need
  // (Enquire::set_time_limit, set only for such searches); 0 means none. When
  // it is hit the hits are still the best ones, but the facet counts and the
  // total cover only the matches counted by then, and the response says so.
  double time_limit_seconds = 0.5;
  // Most terms a wildcard (word*) may expand to; more common terms win.
  unsigned max_wildcard_expansion = 100;
  // Pseudo-relevance feedback for long queries (4 or more distinct words):
  // the words that mark the top 5 results are added to the query with half
  // its weight. Better rankings for natural-language questions, at the cost
  // of a second match for such queries. Short queries are never expanded.
  bool expand_long_queries = true;
  // How often, at most, a searcher checks whether the index has changed.
  double reopen_interval_seconds = 0.05;
  // Remote shards (stub lines "remote HOST:PORT"): how long to wait for a
  // connection, and for any one reply, before the shard counts as down.
  double remote_connect_timeout_seconds = 2;
  double remote_timeout_seconds = 10;
  // When a shard is down: false fails the search (Unavailable, naming the
  // shard); true answers from the shards that are up, marked partial.
  bool allow_partial = false;

  Status Validate() const;
};

}  // namespace byline

#endif  // BYLINE_OPTIONS_H_
