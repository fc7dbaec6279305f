// Parses and bounds the query-string parameters of GET /search into a
// SearchRequest, naming the parameter at fault when one is bad.
#ifndef BYLINE_SEARCHD_SEARCH_PARAMS_H_
#define BYLINE_SEARCHD_SEARCH_PARAMS_H_

#include <httplib.h>

#include <string>

#include "byline/searcher.h"
#include "server_options.h"

namespace byline::searchd {

struct ParamError {
  std::string parameter;
  std::string message;
};

struct SearchParams {
  SearchRequest request;
  size_t page = 1;
  size_t per_page = 10;
  // Parameters named like a custom field (category=world), with their
  // values: filters once ResolveFieldParams finds them declared.
  std::vector<std::pair<std::string, std::vector<std::string>>> field_params;
  // Said in the answer's "warnings": parameters ignored because they name
  // no search parameter and no declared field (say a link's utm_source).
  std::vector<std::string> warnings;
  // byline_analytics=false: not a search a person made (the page's facet
  // counts, the widget's as-you-type results), so analytics skip it.
  bool analytics = true;
};

// Returns false and fills `error` when a parameter is malformed or out of
// bounds (per_page, page depth, query length, ...).
bool ParseSearchParams(const httplib::Params& query, const ServerOptions& options,
                       SearchParams* params, ParamError* error);

// Checks what `params` asks of custom fields against the index's declared
// `fields`: field_params become request.filters.fields, and facets and sort
// naming a field must name one of a type that allows it. False (400) names
// the parameter: a text field, a bad value or range, or a facet or sort on
// an undeclared field. An undeclared filter is ignored with a warning: a
// link's tracking parameters must not break a search.
bool ResolveFieldParams(const FieldSchema& fields, SearchParams* params, ParamError* error);

// The `limit` of GET /articles/{id}/duplicates: 1 to kMaxDuplicatesLimit,
// kDefaultDuplicatesLimit when absent.
inline constexpr size_t kDefaultDuplicatesLimit = 20;
inline constexpr size_t kMaxDuplicatesLimit = 100;
bool ParseDuplicatesParams(const httplib::Params& query, size_t* limit, ParamError* error);

// GET /articles/{id}/related: limit= (1 to --max-per-page, at most 100;
// default 5), the
// filters of GET /search (source=, tag=, author=, from=, to= and declared
// fields, with the same messages), fields=, snippets= and snippet_chars=.
struct RelatedParams {
  size_t limit = 5;
  // The filters, fields and snippet settings, read as GET /search reads
  // them (ResolveFieldParams resolves its field filters).
  SearchParams search;
};
bool ParseRelatedParams(const httplib::Params& query, const ServerOptions& options,
                        RelatedParams* params, ParamError* error);

// The same for GET /suggest.
bool ParseSuggestParams(const httplib::Params& query, const ServerOptions& options,
                        SuggestRequest* request, ParamError* error);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_SEARCH_PARAMS_H_
