// Rebuilding a Xapian query with some of its subqueries replaced: what the
// phrase checks (src/phrase_check.h) and the BM25 terms with lengths in
// memory (src/bm25_terms.h) do to a parsed query before it is run.
//
// Thread safety: pure functions.
#ifndef BYLINE_SRC_QUERY_REWRITE_H_
#define BYLINE_SRC_QUERY_REWRITE_H_

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>

namespace byline {

// Given a subquery and whether its weight counts (false on the right of
// OP_FILTER and OP_AND_NOT, and below), what stands in its place: a query
// (perhaps the subquery itself, which is then not descended into), or
// nullopt to descend into its subqueries.
using SubqueryReplacer = std::function<std::optional<Xapian::Query>(const Xapian::Query&, bool)>;

// `query` with its subqueries replaced as `replace` says, top down. An
// operator this cannot rebuild (a value range, OP_PHRASE, ...) is left as it
// is, with everything below it. Returns `query` itself when nothing changed.
Xapian::Query ReplaceSubqueries(const Xapian::Query& query, const SubqueryReplacer& replace);

// The number after `op` (" PHRASE ", " NEAR ", " ELITE_SET ") in `query`'s
// description: Xapian 1.4 offers no other way to read a window or a set
// size; 0 when there is none.
Xapian::termcount NumberAfter(const Xapian::Query& query, const std::string& op);

// The within-query frequency of a LEAF_TERM (1 but for a term the query
// gave more weight: "term#2"), read from its description likewise.
Xapian::termcount LeafWqf(const Xapian::Query& leaf);

}  // namespace byline

#endif  // BYLINE_SRC_QUERY_REWRITE_H_
