// QueryBuilder: turns a SearchRequest into a Xapian::Query with the same
// analysis the index was built with: the user's text (with `published:A..B`
// ranges, the index's synonyms and stopwords) and the request's filters
// (spelling correction is SpellingCorrector's). User-typed syntax never fails: on a syntax error
// the text is parsed again as plain words.
//
// Thread safety: not thread-safe; one per Searcher.
#ifndef BYLINE_SRC_QUERY_BUILDER_H_
#define BYLINE_SRC_QUERY_BUILDER_H_

#include <xapian.h>

#include <memory>
#include <string>

#include "analysis.h"
#include "byline/fields.h"
#include "byline/options.h"
#include "byline/searcher.h"
#include "byline/status.h"
#include "query_normaliser.h"

namespace byline {

struct BuiltQuery {
  Xapian::Query query;     // text and filters together
  Xapian::Query text;      // the text alone (its terms are what "matched")
  bool fallback = false;   // the strict parse failed; plain words were used
  bool match_all = false;  // the text was blank
};

class QueryBuilder {
 public:
  // `db` is used for wildcard expansion, synonyms and the index's
  // own stopword list; it and `analyzer` must outlive this builder.
  QueryBuilder(const Analyzer& analyzer, const Xapian::Database& db, const SearchOptions& options);
  // The same, with the index's declared fields already read (none when they
  // cannot be).
  QueryBuilder(const Analyzer& analyzer, const Xapian::Database& db, const SearchOptions& options,
               FieldSchema fields);

  BuiltQuery Build(const SearchRequest& request);

  // The query `text` means with every word required, for deleting by
  // query: the same syntax, fields, ranges, synonyms and normalising as
  // Build, except that capitalised operators are always operators and a
  // text the strict grammar cannot parse is kInvalidQuery (never re-read as
  // plain words, as Build and Xapian's own fallback do); a blank one too.
  // Throws Xapian::Error (other than QueryParserError).
  Result<Xapian::Query> BuildStrict(const std::string& text);

  // A query for titles starting like `text` (its last word taken as a
  // prefix), for search-as-you-type.
  Xapian::Query BuildTitlePrefixQuery(const std::string& text);

 private:
  // The most frequent title stems starting with `text`, scanning a bounded
  // number of them, as one word (OP_SYNONYM).
  Xapian::Query TitleWordsStartingWith(const std::string& text) const;

  const Analyzer& analyzer_;
  Xapian::Database db_;
  FieldSchema fields_;  // the index's declared fields
  Xapian::QueryParser parser_;
  std::unique_ptr<Xapian::SimpleStopper> index_stopper_;  // null: the analyzer's list
  QueryNormaliser normaliser_;
  unsigned strict_flags_;
};

// The normaliser for queries on an index analysed by `analyzer` (with its
// fields, the declared text fields among `fields`, and wildcard routes when
// the index holds stems only).
QueryNormaliser MakeQueryNormaliser(const Analyzer& analyzer, const FieldSchema& fields);

// The filters as one boolean query, field filters on `fields` (a filter on
// a field not declared there, or not of its type, matches nothing);
// REQUIRES: !filters.empty().
Xapian::Query FilterQuery(const SearchFilters& filters, const FieldSchema& fields);

}  // namespace byline

#endif  // BYLINE_SRC_QUERY_BUILDER_H_
