// QueryBuilder: turns a SearchRequest into a Xapian::Query with the same
// analysis the index was built with. User-typed syntax never fails: on a
// syntax error the text is parsed again as plain words.
//
// Thread safety: not thread-safe; one per Searcher.
#ifndef BYLINE_SRC_QUERY_BUILDER_H_
#define BYLINE_SRC_QUERY_BUILDER_H_

#include <xapian.h>

#include "analysis.h"
#include "byline/options.h"
#include "byline/searcher.h"
#include "query_normaliser.h"

namespace byline {

struct BuiltQuery {
  Xapian::Query query;
  bool fallback = false;  // the strict parse failed; plain words were used
};

class QueryBuilder {
 public:
  // `db` is used for wildcard expansion; it must outlive this builder.
  QueryBuilder(const Analyzer& analyzer, const Xapian::Database& db,
               const SearchOptions& options);

  BuiltQuery Build(const SearchRequest& request);

 private:
  Xapian::QueryParser parser_;
  QueryNormaliser normaliser_;
};

}  // namespace byline

#endif  // BYLINE_SRC_QUERY_BUILDER_H_
