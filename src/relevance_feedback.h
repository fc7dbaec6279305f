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

namespace byline {

struct FeedbackOptions {
  // Queries with fewer distinct (stemmed, non-stopword) words are left alone:
  // short site-search queries are precise already, and feedback on them
  // drifts.
  unsigned min_query_terms = 4;
  // Top-ranked articles taken as relevant.
  unsigned feedback_docs = 5;
  // Words added to the query.
  unsigned expansion_terms = 20;
  // An added word must occur in at least this many of the feedback articles:
  // a word of one article alone marks that article, not the query's topic.
  unsigned min_docs = 1;
  // No feedback unless the feedback articles hold on average at least this
  // share of the query's words, each weighted by its rarity (log N/df): when
  // the top results miss most of what was asked, the first ranking is a
  // guess and its words would lead the query astray. 0: always.
  double min_coverage = 0;
  // No feedback when the best result scores at least this many times the
  // second: the query has found the article it was after. 0: never skip.
  double max_lead = 0;
  // No feedback unless at least this many words other than the query's are
  // each held by 2 (or min_docs) or more of the feedback articles. 0: off.
  unsigned min_shared_words = 0;
  // Weight of all the added words together relative to the original query's.
  double expansion_weight = 0.5;
  // True: added words may also bring in articles the query did not match
  // (unless it has exclusions, required words or filters, which must hold).
  // False: they only reorder its matches.
  bool expansion_may_match = true;
};

// Returns `ranked` expanded from the top of `enquire`'s ranking of it, or
// `ranked` itself when `query` is too short or nothing useful is found.
// `query` is the user's query, `ranked` the same with any ranking boosts
// (RankingBoosts); its words are never added. `enquire`, on `db`, must have
// its weighting scheme set; its query is left set to `ranked`.
// Throws Xapian::Error.
Xapian::Query ExpandWithFeedback(const Xapian::Database& db, Xapian::Enquire* enquire,
                                 const Xapian::Query& query, const Xapian::Query& ranked,
                                 const Analyzer& analyzer, const FeedbackOptions& options);

}  // namespace byline

#endif  // BYLINE_SRC_RELEVANCE_FEEDBACK_H_
