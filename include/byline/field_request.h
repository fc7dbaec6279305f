// What a search asks of the index's custom fields (filters on them, facets
// and a sort naming one), checked against its declared fields in one place,
// with one set of messages: byline-searchd's GET /search and byline-search's
// flags resolve theirs with ResolveFieldRequest, and Searcher::Search checks
// every request with CheckFieldRequest.
#ifndef BYLINE_FIELD_REQUEST_H_
#define BYLINE_FIELD_REQUEST_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "byline/fields.h"
#include "byline/searcher.h"
#include "byline/status.h"

namespace byline {

// Where a request names a custom field.
enum class FieldUse { kFilter, kFacet, kSort };

// A request's filters on custom fields as a program read them, in the order
// given: the field's name and its values (several values of one field are
// alternatives).
using NamedFieldValues = std::vector<std::pair<std::string, std::vector<std::string>>>;

// A field a request cannot use as it asks: where it is named, the name, and
// InvalidArgument saying why (naming the field, and what could be named).
struct FieldRequestError {
  FieldUse use = FieldUse::kFilter;
  std::string field;
  Status status;
};

// Parses `filters` against `fields` into request->filters.fields (after
// those it holds), then checks request->field_facets (declared keyword
// fields) and a SortOrder::kByField sort (a declared number or date field).
// The first error is returned, in that order: a filter on a field the index
// does not declare (unless `ignored` is given: such filters are then left
// out and their names added there), on a text field, or with a bad value.
std::optional<FieldRequestError> ResolveFieldRequest(const FieldSchema& fields,
                                                     const NamedFieldValues& filters,
                                                     SearchRequest* request,
                                                     std::vector<std::string>* ignored = nullptr);

// Checks a request whose filters are parsed already, as ResolveFieldRequest
// does (the same messages); a filter made for another type than its field's
// is refused too.
std::optional<FieldRequestError> CheckFieldRequest(const FieldSchema& fields,
                                                   const SearchRequest& request);

// The names of the declared fields, "a, b", or "none".
std::string DeclaredFieldNames(const FieldSchema& fields);

}  // namespace byline

#endif  // BYLINE_FIELD_REQUEST_H_
