// Searcher: answers ranked queries over a Byline index.
//
// Thread safety: a Searcher is NOT safe for concurrent use (Xapian handles are
// not). Give each thread its own, e.g. through a pool. Each Searcher notices
// commits and generation switches by itself (see Refresh()).
#ifndef BYLINE_SEARCHER_H_
#define BYLINE_SEARCHER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/article.h"
#include "byline/fields.h"
#include "byline/index_stats.h"
#include "byline/options.h"
#include "byline/status.h"

namespace byline {

enum class DefaultOp { kAnd, kOr };

// Result order. Dates tie-break on relevance; undated articles come last.
// kByField: by a declared number or date field (SearchRequest::sort_field),
// articles without it last.
enum class SortOrder { kRelevance, kOldestFirst, kNewestFirst, kByField };

// Fields that can be counted over the whole match set.
// kDate: the timeline, matches counted per interval of their published
// date (SearchRequest::date_interval); see Facet.
enum class FacetField { kSource, kTag, kYear, kDate };
// The interval of the date facet. kAuto: the finest of day, week, month and
// year that gives at most kAutoMostDateBuckets buckets between the first and
// the last dated match.
enum class DateInterval { kAuto, kDay, kWeek, kMonth, kYear };
inline constexpr size_t kAutoMostDateBuckets = 60;
// An interval asked for that would give more buckets than this is replaced
// by the finest coarser one that does not (a warning says so); years never.
inline constexpr size_t kMostDateBuckets = 1000;

// Keeps only the best hit among those sharing a key.
enum class CollapseKey { kNone, kUrl, kTitle };

// Near-duplicate folding (byline/fingerprint.h). kNear: walking the ranked
// matches from the first, a match is folded (left out) when its fingerprint
// is within kNearDuplicateDistance of a hit kept earlier in that order; the
// page is cut from the kept hits. What is kept up to a rank depends only on
// the matches above it, so consecutive pages neither overlap nor skip.
// Matches without a fingerprint are always kept.
enum class Dedupe { kOff, kNear };
// Ranks folding examines at most by default (SearchRequest::dedupe_max_ranks).
inline constexpr size_t kDefaultDedupeMaxRanks = 2000;

// A filter on a declared field (byline/fields.h), made by ParseFieldFilter.
struct FieldFilter {
  std::string field;
  std::vector<std::string> keywords;  // a keyword field: any of these, ignoring case
  // A number or date field (dates in seconds since the epoch): within any
  // of these inclusive ranges, either end of one open.
  std::vector<std::pair<std::optional<double>, std::optional<double>>> ranges;
};

// Reads the values of a filter on `spec`: keyword values as given; for
// number and date fields each value a range "A..B" ("5..10", "5..", "..10";
// dates as from=/to= take them, "2024-01..2024-06" meaning the whole of
// both months) or a single value ("5", "2024-03": that number, that whole
// month). InvalidArgument says what is wrong with which value; a text
// field cannot be filtered on.
Result<FieldFilter> ParseFieldFilter(const FieldSpec& spec, const std::vector<std::string>& values);

// Exact-match filters. Values OR within a field; fields AND together. Matching
// ignores case, as the index stores them lower-cased.
struct SearchFilters {
  std::vector<std::string> sources;
  std::vector<std::string> tags;
  std::vector<std::string> authors;
  std::optional<int64_t> published_from;  // seconds since epoch, inclusive
  std::optional<int64_t> published_to;    // seconds since epoch, inclusive
  std::vector<FieldFilter> fields;        // on declared fields; each must hold

  bool empty() const {
    return sources.empty() && tags.empty() && authors.empty() && !published_from && !published_to &&
           fields.empty();
  }
};

// Counted exactly up to this many matches by default, as Meilisearch does.
constexpr size_t kDefaultExactTotalUpTo = 1000;

struct SearchRequest {
  std::string query;  // user syntax; empty matches every article
  size_t offset = 0;  // first hit to return (0-based)
  size_t limit = 10;  // hits to return
  DefaultOp op = DefaultOp::kAnd;
  SearchFilters filters;
  SortOrder sort = SortOrder::kRelevance;
  // With kByField: the declared number or date field, and its direction.
  std::string sort_field;
  bool sort_descending = false;
  // With kRelevance: adds up to recency_weight to an article's BM25 score,
  // halving every recency_half_life_days of age. 0 turns it off.
  double recency_half_life_days = 0;
  double recency_weight = 1.0;
  // Matches are counted up to one past this many, whatever the page and
  // order: when at most this many match, `total` is their number (exact);
  // when more do, `total` is this number with total_exact false (a lower
  // bound, the same for every page, order and snippet setting). Facets
  // count every match, so with facets `total` is exact at any size. 0
  // counts no further than the page needs (as before totals were exact),
  // so `total` is then 0, inexact, whenever anything matched; it is there
  // to measure what the counting costs.
  size_t exact_total_up_to = kDefaultExactTotalUpTo;
  std::vector<FacetField> facets;  // counted over every match, not just this page
  // Declared keyword fields counted like `facets`, after them.
  std::vector<std::string> field_facets;
  size_t facet_size = 10;  // most frequent values returned per facet (not the date facet's)
  DateInterval date_interval = DateInterval::kAuto;  // for FacetField::kDate
  // Stored custom fields returned with each hit (Hit::fields), declared or
  // not; "*" for all of them.
  std::vector<std::string> return_fields;
  CollapseKey collapse = CollapseKey::kNone;
  Dedupe dedupe = Dedupe::kOff;
  // With dedupe: the most ranks examined to fill the page (from the first);
  // a page that needs more is returned short (SearchResponse::dedupe_short).
  size_t dedupe_max_ranks = kDefaultDedupeMaxRanks;
  // Fill SearchResponse::did_you_mean with the query's likely typos
  // corrected (SpellingCorrector): looked for only when the query matched
  // fewer than 10 articles (the lookups are costly and rarely useful
  // beyond), and given only when the correction matches at least 10 times
  // as many (at least one when the query matched none).
  bool spelling = true;
  // When nothing matched and a correction exists, search for it instead
  // (SearchResponse::corrected says so).
  bool auto_correct = false;
  bool snippets = true;  // fill title_html, snippet_html and matched_fields
  size_t snippet_chars = 200;
  // Inserted around matches in the _html fields. The rest of the text is
  // HTML-escaped; these are not (callers validate them).
  std::string highlight_start = "<mark>";
  std::string highlight_end = "</mark>";
};

struct Hit {
  std::string id;
  std::string title;
  std::string url;
  std::string published;
  std::string source;
  std::string author;
  std::vector<std::string> tags;
  double score = 0;
  std::string title_html;    // title, HTML-escaped, matches highlighted
  std::string snippet_html;  // window of the body, HTML-escaped, matches highlighted
  // Which of "title", "body", "author", "source", "tags" and the declared
  // text fields the hit matched through: a highlighted query word, or a
  // query term of that field (title:x, author:"...", tag:x, summary:x);
  // filled with the snippets.
  std::vector<std::string> matched_fields;
  uint64_t collapsed = 0;  // with collapse: similar articles left out for this one
  // With dedupe: the article's near-duplicates in the whole index, matching
  // the query or not (what Searcher::Duplicates counts for it); unset
  // without dedupe, and over remote shards (not counted there).
  std::optional<uint64_t> duplicates;
  // The fields of SearchRequest::return_fields the article has: name and
  // value as JSON text.
  std::vector<std::pair<std::string, std::string>> fields;
};

struct FacetValue {
  std::string value;
  uint64_t count = 0;
  // Date facet buckets only: the first and last day of the interval,
  // "YYYY-MM-DD" (what from= and to= take to select it).
  std::string from, to;
};

struct Facet {
  FacetField field = FacetField::kSource;
  std::string name;  // a declared field's (SearchRequest::field_facets); empty: `field`
  // Most frequent first, then by value. The date facet's: one bucket per
  // interval from the first dated match's to the last's, oldest first, the
  // empty ones between with count 0; value is the interval's label (UTC):
  // "2024-03-05" (day), "2024-W10" (ISO week, Monday to Sunday, of its ISO
  // year), "2024-03" (month), "2024" (year). A partial date ("2024",
  // "2024-03") counts in the interval of its first second.
  std::vector<FacetValue> values;
  // Date facet only: the interval used ("day", "week", "month", "year"),
  // and the counted matches without a date. The counts plus `undated` add up
  // to the matches counted: `total` whenever it is exact.
  std::string interval;
  uint64_t undated = 0;
};

struct SearchResponse {
  // Matching articles (after collapsing, with `collapse`): exact when
  // total_exact; otherwise a lower bound, SearchRequest::exact_total_up_to
  // (or, when timed_out, as many as were counted in time).
  uint64_t total = 0;
  bool total_exact = true;
  bool timed_out = false;       // the time limit cut the counting of every match short
  bool fallback_parse = false;  // the query had bad syntax; parsed as plain words
  // The query with likely misspellings corrected; empty when none was found.
  std::string did_you_mean;
  // auto_correct ran did_you_mean because the query itself matched nothing.
  bool corrected = false;
  std::vector<Hit> hits;
  std::vector<Facet> facets;  // in the order requested
  // With dedupe: true, and the matches folded into a kept hit among the
  // ranks examined for this page (from the first to its last hit). `total`
  // and the facets still count every match, folded or not.
  bool deduped = false;
  uint64_t folded = 0;
  // With dedupe: dedupe_max_ranks ranks were examined before the page was
  // full; it holds fewer hits than asked though more matched.
  bool dedupe_short = false;
  // Some shards were down and allow_partial let the others answer: hits
  // and totals cover only the shards that are up.
  bool partial = false;
  // What could not be served as asked, one sentence each (a shard down, a
  // feature remote shards lack).
  std::vector<std::string> warnings;
};

// Most related articles one request may ask for.
constexpr size_t kMaxRelatedLimit = 100;

// Articles about the same thing as article `id` (Searcher::Related).
struct RelatedRequest {
  std::string id;
  size_t limit = 5;       // at most kMaxRelatedLimit
  SearchFilters filters;  // as for Search: only articles passing them
  // Stored custom fields returned with each hit, as SearchRequest's.
  std::vector<std::string> return_fields;
  // Fill Hit::title_html (escaped) and snippet_html (the start of the body,
  // escaped); nothing is highlighted.
  bool snippets = true;
  size_t snippet_chars = 200;
};

struct RelatedResponse {
  // Most related first; never the article itself, an article with the same
  // url or title key (a copy), or a near-duplicate of it (its fingerprint
  // within kNearDuplicateDistance bits, byline/fingerprint.h). Empty when
  // the article has no word to go by.
  std::vector<Hit> hits;
  // The article's words the hits were found by (index terms: stems on an
  // index of stems), most weighty first.
  std::vector<std::string> terms;
  bool partial = false;               // as SearchResponse's
  std::vector<std::string> warnings;  // as SearchResponse's
};

// One completion of the last word a user is typing.
struct Completion {
  std::string text;  // the whole query with its last word completed
  // Articles containing the completed word; on an index of stems (the
  // default since per-index stemming), any word with the same stem.
  uint64_t articles = 0;
};

// Another article within kNearDuplicateDistance of one (Searcher::Duplicates).
struct Duplicate {
  std::string id;
  std::string title;
  std::string url;
  std::string published;
  std::string source;
  int distance = 0;  // differing fingerprint bits
};

struct DuplicatesResponse {
  uint64_t total = 0;                 // every near-duplicate, however many are listed
  std::vector<Duplicate> duplicates;  // closest first, then newest, then by id
};

struct SuggestRequest {
  std::string query;       // what has been typed so far
  size_t completions = 5;  // most completions returned
  size_t titles = 5;       // most matching titles returned
};

struct TitleSuggestion {
  std::string id;
  std::string title;
  std::string url;
};

struct SuggestResponse {
  std::vector<Completion> completions;  // most frequent first
  std::vector<TitleSuggestion> titles;  // best match first
};

// "source", "tag", "year"; and back. Parse returns nullopt for other names.
const char* FacetFieldName(FacetField field);
std::optional<FacetField> ParseFacetField(std::string_view name);
const char* DateIntervalName(DateInterval interval);  // "auto", "day", ...
std::optional<DateInterval> ParseDateInterval(std::string_view name);

class Searcher {
 public:
  static Result<std::unique_ptr<Searcher>> Open(const std::string& dir,
                                                const SearchOptions& options);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Runs a query. User-typed syntax errors never fail: they fall back to a
  // plain-words parse.
  Result<SearchResponse> Search(const SearchRequest& request);

  // Search-as-you-type: completions of the last, partial word (by how many
  // articles hold them) and titles matching what has been typed.
  Result<SuggestResponse> Suggest(const SuggestRequest& request);

  // The stored article with this id, or kNotFound.
  Result<Article> GetArticle(const std::string& id);

  // The near-duplicates of the article with this id in the whole index (at
  // most `limit` listed; `total` counts all), or kNotFound. An article
  // without a fingerprint (no words) has none. kUnavailable over remote
  // shards, which cannot send every fingerprint cheaply.
  Result<DuplicatesResponse> Duplicates(const std::string& id, size_t limit);

  // Articles about the same thing as article request.id, by its own most
  // distinctive words (SearchOptions::related), ranked by BM25 as searches
  // are, ties by id. kNotFound when there is no such article;
  // kInvalidArgument for a limit above kMaxRelatedLimit or a filter on a
  // custom field the index cannot take (as Search).
  Result<RelatedResponse> Related(const RelatedRequest& request);

  // Reopens the database if the index has had a commit or switched
  // generation since the last look (at most once per reopen interval unless
  // `force`). Search and GetArticle call it themselves.
  Status Refresh(bool force = false);

  // What the index holds now (refreshing first). `count_terms` walks the
  // whole term list: slow on big indexes, so only for admin detail.
  Result<IndexStats> Stats(bool count_terms = false);

  // Times this searcher has reopened its database (a new commit or a new
  // generation) since it was opened.
  uint64_t reopen_count() const;

  // The fields the index declares, as last opened.
  const FieldSchema& fields() const;

  // Number of articles in the index as last opened.
  uint64_t article_count() const;
  // The generation being read, e.g. "gen-000002".
  const std::string& generation() const;

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_H_
