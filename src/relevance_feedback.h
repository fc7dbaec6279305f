// Pseudo-relevance feedback: a long query is run once, the words that best
// characterise its top-ranked articles (Xapian's ESet) are added to it with a
// lower weight, and the expanded query is run again. Long natural-language
// queries ("articles on the sensitivity of eigenvalue decomposition ...") then
// also find articles that use the field's other words for the same thing.
//
// Thread safety: stateless apart from the options; use with the Enquire and
// Analyzer of one thread.
#ifndef BYLINE_SRC_RELEVANCE_FEEDBACK_H_
#define BYLINE_SRC_RELEVANCE_FEEDBACK_H_

#include <xapian.h>

#include "analysis.h"
#include "byline/options.h"

namespace byline {

// Returns `ranked` expanded from the top of `enquire`'s ranking of it, or
// `ranked` itself when `query` is too short or nothing useful is found.
// `query` is the user's query, `ranked` the same with any ranking boosts
// (RankingBoosts); its words are never added. `enquire`, on `db`, must have
// its weighting scheme set; its query is left set to `ranked`.
// `expansion_may_match`: added words may also bring in articles the query
// did not match (unless it has exclusions, required words or filters, which
// must hold); false: they only reorder its matches. Throws Xapian::Error.
Xapian::Query ExpandWithFeedback(const Xapian::Database& db, Xapian::Enquire* enquire,
                                 const Xapian::Query& query, const Xapian::Query& ranked,
                                 const Analyzer& analyzer, const FeedbackOptions& options,
                                 bool expansion_may_match);

}  // namespace byline

#endif  // BYLINE_SRC_RELEVANCE_FEEDBACK_H_
