// Ranking boosts added to a user's query: words of the query found in an
// article's title, and consecutive words of the query found close together
// in it, add to the article's score. They only reorder the query's matches.
//
// Thread safety: stateless.
#ifndef BYLINE_SRC_RANKING_BOOSTS_H_
#define BYLINE_SRC_RANKING_BOOSTS_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "byline/options.h"

namespace byline {

// The stemmed plain words of `query` in query order ("Zcomput"), outside
// phrases, wildcards and synonyms; field words ("ZScomput") and numbers
// are left out.
std::vector<std::string> PlainStemsInOrder(const Xapian::Query& query);

// `query` with the title and proximity boosts of `ranking`, or `query`
// itself when both are 0 or it has no plain words. `positions` says whether
// the index holds positions for its stems (proximity needs them).
Xapian::Query WithRankingBoosts(const Xapian::Query& query, const RankingOptions& ranking,
                                bool positions);

}  // namespace byline

#endif  // BYLINE_SRC_RANKING_BOOSTS_H_
