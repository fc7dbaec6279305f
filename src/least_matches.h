// A floor under the number of articles a query matches, from the term
// frequencies of its words alone (no matching).
//
// It lets a search whose words alone show more matches than it counts
// exactly skip the counting: "solar" in 40,000 articles is past 1,000
// before any posting is read.
//
// Thread safety: uses the caller's Database; one thread at a time.
#ifndef BYLINE_SRC_LEAST_MATCHES_H_
#define BYLINE_SRC_LEAST_MATCHES_H_

#include <xapian.h>

namespace byline {

// A number of documents `query` matches at least in `db`: exact for a term
// or everything; for "any of", the most of any; for "all of" (and filters),
// what the parts must share (|A ∩ B| >= |A| + |B| - N); for the other
// operators (phrases, ranges, exclusions, wildcards), 0. Throws
// Xapian::Error. Each term costs a term frequency lookup (a network round
// trip on a remote shard).
Xapian::doccount LeastMatches(const Xapian::Query& query, const Xapian::Database& db);

}  // namespace byline

#endif  // BYLINE_SRC_LEAST_MATCHES_H_
