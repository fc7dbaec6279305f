// Options for writing and searching an index. Defaults are commented; main()
// fills these from flags and passes them by const&.
#ifndef BYLINE_OPTIONS_H_
#define BYLINE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "byline/fields.h"
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
  // Custom fields to declare (byline/fields.h), added to those the index
  // already declares and recorded in it; a rebuild may change a type.
  FieldSchema fields;
  // Most fields an index may declare in all.
  size_t max_fields = kDefaultMaxFields;
  // URLs for a site's files (FileUrls::Encode, byline/site_files.h) to
  // record in the index (schema::kFileUrlsMetadataKey); empty: an update
  // leaves the index's as they are, a rebuild keeps the live generation's.
  std::string file_urls;
  // Where a new index, or the generation a rebuild makes, keeps its word
  // positions: "table" (Xapian's position table) or "stream" (a compact
  // index: one value per article, checked by src/phrase_check.h, and a bulk
  // build's articles compressed with its own zstd dictionary; about 43%
  // smaller, but a phrase query reads each candidate's stream, several
  // times slower than the table on long articles, and xapian-tcpsrv cannot
  // check its phrases). Empty: the index's own (a rebuild keeps the live
  // generation's); for a new index "stream", but "table" for the shards of
  // a new sharded one (xapian-tcpsrv checks phrases only there). An update
  // keeps the index's. See schema::kPositionsMetadataKey.
  std::string positions;

  Status Validate() const;
};

// Pseudo-relevance feedback: for queries of at least min_query_terms
// distinct words, the `terms` words that best mark the top `docs` results,
// each found in at least min_docs of them, are added with `weight` of the
// query's weight. Part of RankingOptions.
struct FeedbackOptions {
  // Shorter queries (distinct stemmed, non-stopword words) are left alone:
  // short site-search queries are precise already, and feedback drifts.
  unsigned min_query_terms = 4;
  // Top-ranked articles taken as relevant.
  unsigned docs = 5;
  // Words added to the query.
  unsigned terms = 20;
  // An added word must occur in at least this many of the feedback
  // articles: a word of one article alone marks that article, not the topic.
  unsigned min_docs = 1;
  // Weight of all the added words together relative to the query's.
  double weight = 0.5;
  // Feedback only when the first ranking is confident: the top `docs`
  // results hold on average at least this share of the query's words
  // (weighted by rarity, log N/df); 0: always.
  double min_coverage = 0;
  // No feedback when the best result scores at least this many times the
  // second (it is what was looked for); 0: never skip.
  double max_lead = 0;
  // Feedback only when the top results share at least this many words
  // besides the query's (each held by min_docs of them, at least 2): as
  // many as feedback adds. Short or unrelated top results share too few
  // for their words to say anything about the topic. 0: always.
  unsigned min_shared_words = 20;
};

// How matches are ranked. The defaults are Byline's ranking, chosen by
// leave-one-collection-out on standard test collections
// (bench/relevance/run.sh, bench/RESULTS.md "Ranking quality"); the
// benchmark varies them with `byline-search --ranking KEY=VALUE,...`.
struct RankingOptions {
  // BM25: term-frequency saturation and length normalisation.
  double k1 = 1.2;
  double b = 0.75;
  // BM25+'s delta (Lv and Zhai): a floor on the score of any matching word,
  // so that long articles are not pushed below short ones that miss it; 0
  // is plain BM25.
  double delta = 0;
  // BM25's k3: how much a word repeated in the query counts (0: once).
  double k3 = 1;
  // Extra weight of a query word found in the title, as a share of its body
  // weight (title words are also indexed with the body); 0: none.
  double title_weight = 0;
  // Extra weight for two consecutive query words (stopwords skipped) found
  // within `proximity_window` words of each other; 0: none.
  double proximity_weight = 0;
  unsigned proximity_window = 8;
  // Pseudo-relevance feedback (relevance_feedback.h) for long queries.
  FeedbackOptions feedback;

  Status Validate() const;
};

// Reads "k1=1.0,b=0.6,title=0.5,..." into `options` (keys: k1, b, delta, k3, title,
// proximity, window, fb_min_terms, fb_docs, fb_terms, fb_min_docs,
// fb_weight, fb_coverage, fb_lead); keys not named keep their value, and a
// refused text changes nothing.
Status ParseRankingOptions(const std::string& text, RankingOptions* options);

// Related articles (Searcher::Related, "more like this"): the article's
// `terms` most distinctive words (Xapian's ESet over its own term list,
// among 2 x terms candidates; title words weigh kTitleWdf times as much
// there), each weighted by its ESet weight raised to `weight_power` (0: all
// alike, BM25 alone weighs them) and by `title_boost` when the title holds
// it too, OR-ed and ranked with the search's BM25. Chosen on Reuters-21578
// topics (bench/related/run.sh, bench/RESULTS.md "Related articles"):
// 50 words beat 20 or 30; weighting by the ESet weight (power 0.5 or 1)
// and title boosts of 2 or 4 lost; 1.25 is within noise of none.
struct RelatedOptions {
  unsigned terms = 50;
  double title_boost = 1.25;
  double weight_power = 0;
  // Words held by more than this share of the articles are left out (1:
  // none): they tell little, and cost the match the most.
  double max_df_share = 1;
  // Two stages on a plain local index: the `candidates` best matches of the
  // `candidate_terms` heaviest words, ranked again by all `terms` (a match
  // of 50 words costs about 50 posting lists; the candidates' few skips
  // cost little). 0 candidates: one stage, every article a candidate.
  unsigned candidate_terms = 10;
  unsigned candidates = 200;

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
  // when the top 5 results share at least 20 words besides the query's, the
  // 20 words that best mark them are added to the query with half its weight
  // (RankingOptions). Better rankings for natural-language questions, at the
  // cost of a second match for such queries. Short queries are never expanded.
  bool expand_long_queries = true;
  // BM25 parameters, title and proximity boosts, feedback settings.
  RankingOptions ranking;
  // Weighs query terms with every article's length held in memory (4 bytes
  // an article, read once per revision): the same ranking as Xapian's BM25,
  // several times less matcher work at 400k articles (src/bm25_terms.h).
  // false leaves it all to Xapian (to compare).
  bool lengths_in_memory = true;
  // How related articles are found.
  RelatedOptions related;
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
