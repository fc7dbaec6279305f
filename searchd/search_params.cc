#include "search_params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <utility>

#include "byline/date_bound.h"
#include "byline/field_request.h"
#include "query_string.h"

namespace byline::searchd {
namespace {

// Parses a whole decimal number in [lo, hi].
bool ParseSize(const std::string& text, size_t lo, size_t hi, size_t* out) {
  size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) {
    return false;
  }
  *out = value;
  return true;
}

bool Fail(ParamError* error, const std::string& parameter, const std::string& message) {
  *error = {parameter, message};
  return false;
}

constexpr size_t kMaxFilterValues = 50;  // per field
constexpr size_t kMaxFilterValueBytes = 200;
constexpr size_t kMaxSuggestions = 20;  // completions= and titles=
constexpr size_t kMaxFieldParams = 32;  // distinct custom fields named by one search

// Every value of a repeatable parameter (tag=a&tag=b), each bounded.
bool ParseList(const httplib::Params& query, const std::string& name, std::vector<std::string>* out,
               ParamError* error) {
  auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    const std::string& value = it->second;
    if (value.find_first_not_of(" \t") == std::string::npos) {
      return Fail(error, name, name + " must not be empty");
    }
    if (value.size() > kMaxFilterValueBytes) {
      return Fail(error, name,
                  name + " values are at most " + std::to_string(kMaxFilterValueBytes) + " bytes");
    }
    out->push_back(value);
  }
  if (out->size() > kMaxFilterValues) {
    return Fail(error, name,
                name + " may be given at most " + std::to_string(kMaxFilterValues) + " times");
  }
  return true;
}

bool ParseBool(const httplib::Params& query, const std::string& name, bool* out,
               ParamError* error) {
  if (!query.count(name)) return true;
  if (!ParseBoolValue(ParamValue(query, name), out)) {
    return Fail(error, name, name + " must be true or false");
  }
  return true;
}

// A parameter that is one of a few words, each standing for a value of `out`;
// any other word is refused with `message`.
template <typename T>
bool ParseChoice(const httplib::Params& query, const std::string& name,
                 std::initializer_list<std::pair<const char*, T>> choices, T* out,
                 const std::string& message, ParamError* error) {
  if (!query.count(name)) return true;
  const std::string value = ParamValue(query, name);
  for (const auto& [word, choice] : choices) {
    if (value == word) {
      *out = choice;
      return true;
    }
  }
  return Fail(error, name, message);
}

bool ParseDate(const httplib::Params& query, const std::string& name, DateBound bound,
               std::optional<int64_t>* out, ParamError* error) {
  if (!query.count(name)) return true;
  auto when = ParseDateBound(ParamValue(query, name), bound);
  if (!when.ok()) return Fail(error, name, name + ": " + when.status().message());
  *out = *when;
  return true;
}

// A finite decimal number in (lo, hi], followed by nothing or by `units`.
bool ParseNumber(const std::string& text, double lo, double hi, double* out, size_t* used) {
  const char* begin = text.c_str();
  char* end = nullptr;
  double value = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(value) || value <= lo || value > hi) return false;
  *out = value;
  *used = static_cast<size_t>(end - begin);
  return true;
}

// A half-life: a number of days, or a number with a unit h, d, w or y.
bool ParseHalfLifeDays(const std::string& text, double* days) {
  double value = 0;
  size_t used = 0;
  if (text.empty() || !(text[0] >= '0' && text[0] <= '9') ||
      !ParseNumber(text, 0, 1e6, &value, &used)) {
    return false;
  }
  std::string unit = text.substr(used);
  if (unit.empty() || unit == "d") {
    *days = value;
  } else if (unit == "h") {
    *days = value / 24;
  } else if (unit == "w") {
    *days = value * 7;
  } else if (unit == "y") {
    *days = value * 365.25;
  } else {
    return false;
  }
  return *days >= 1.0 / 24 && *days <= 36525;
}

// Element names a client may choose to wrap matches in.
bool IsAllowedHighlightTag(const std::string& tag) {
  for (const char* allowed : {"mark", "em", "strong", "b", "i", "u", "span"}) {
    if (tag == allowed) return true;
  }
  return false;
}

// Class names: letters, digits, '-', '_' and spaces, so nothing can break
// out of the attribute.
bool IsSafeClassList(const std::string& text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == ' ';
    if (!ok) return false;
  }
  return true;
}

bool ParseFilters(const httplib::Params& query, SearchFilters* f, ParamError* error) {
  if (!ParseList(query, "source", &f->sources, error) ||
      !ParseList(query, "tag", &f->tags, error) ||
      !ParseList(query, "author", &f->authors, error) ||
      !ParseDate(query, "from", DateBound::kStart, &f->published_from, error) ||
      !ParseDate(query, "to", DateBound::kEnd, &f->published_to, error)) {
    return false;
  }
  if (f->published_from && f->published_to && *f->published_from > *f->published_to) {
    return Fail(error, "to", "to must not be before from");
  }
  return true;
}

bool ParseRanking(const httplib::Params& query, SearchRequest* r, ParamError* error) {
  if (query.count("sort")) {
    const std::string sort = ParamValue(query, "sort");
    if (sort == "relevance") {
      r->sort = SortOrder::kRelevance;
    } else if (sort == "date") {
      r->sort = SortOrder::kOldestFirst;
    } else if (sort == "-date") {
      r->sort = SortOrder::kNewestFirst;
    } else if (const bool descending = !sort.empty() && sort[0] == '-';
               CheckFieldName(descending ? sort.substr(1) : sort).ok()) {
      // A declared number or date field, checked by ResolveFieldParams.
      r->sort = SortOrder::kByField;
      r->sort_field = descending ? sort.substr(1) : sort;
      r->sort_descending = descending;
    } else {
      return Fail(error, "sort",
                  "sort must be relevance, date (oldest first), -date (newest first), or a "
                  "declared number or date field (FIELD ascending, -FIELD descending)");
    }
  }
  if (query.count("recency")) {
    if (!ParseHalfLifeDays(ParamValue(query, "recency"), &r->recency_half_life_days)) {
      return Fail(error, "recency",
                  "recency must be a half-life such as 30 (days), 12h, 30d, 2w or 1y, "
                  "from 1h to 100y");
    }
    if (r->sort != SortOrder::kRelevance) {
      return Fail(error, "recency",
                  "recency blends with relevance; it cannot be used with sort=" +
                      ParamValue(query, "sort"));
    }
  }
  if (query.count("recency_weight")) {
    size_t used = 0;
    const std::string text = ParamValue(query, "recency_weight");
    if (!ParseNumber(text, 0, 100, &r->recency_weight, &used) || used != text.size()) {
      return Fail(error, "recency_weight", "recency_weight must be a number above 0, at most 100");
    }
    if (!query.count("recency")) {
      return Fail(error, "recency_weight", "recency_weight needs recency= (a half-life)");
    }
  }
  return true;
}

bool ParseFacets(const httplib::Params& query, SearchRequest* r, ParamError* error) {
  if (query.count("facets")) {
    const std::string list = ParamValue(query, "facets");
    size_t start = 0;
    while (start <= list.size()) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      std::string name = list.substr(start, comma - start);
      auto field = ParseFacetField(name);
      if (!field && CheckFieldName(name).ok()) {
        // A declared keyword field, checked by ResolveFieldParams.
        if (std::find(r->field_facets.begin(), r->field_facets.end(), name) ==
            r->field_facets.end()) {
          if (r->field_facets.size() >= kMaxFieldParams) {
            return Fail(error, "facets",
                        "facets names at most " + std::to_string(kMaxFieldParams) + " fields");
          }
          r->field_facets.push_back(name);
        }
        start = comma + 1;
        continue;
      }
      if (!field) {
        return Fail(error, "facets",
                    "facets is a comma-separated list of source, tag, year, date and declared "
                    "keyword fields; \"" +
                        name.substr(0, 40) + "\" is not one of them");
      }
      if (std::find(r->facets.begin(), r->facets.end(), *field) == r->facets.end()) {
        r->facets.push_back(*field);
      }
      start = comma + 1;
    }
  }
  if (query.count("date_interval")) {
    auto interval = ParseDateInterval(ParamValue(query, "date_interval"));
    if (!interval) {
      return Fail(error, "date_interval", "date_interval is one of auto, day, week, month, year");
    }
    r->date_interval = *interval;
  }
  if (query.count("facet_size") &&
      !ParseSize(ParamValue(query, "facet_size"), 1, 100, &r->facet_size)) {
    return Fail(error, "facet_size", "facet_size must be a whole number from 1 to 100");
  }
  return true;
}

// fields=a,b: the stored custom fields returned with each hit ("*": all).
bool ParseReturnFields(const httplib::Params& query, SearchRequest* r, ParamError* error) {
  if (!query.count("fields")) return true;
  const std::string list = ParamValue(query, "fields");
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    const std::string name = list.substr(start, comma - start);
    start = comma + 1;
    if (name.empty()) continue;
    if (name != "*" && !CheckFieldName(name).ok()) {
      return Fail(error, "fields",
                  "fields is a comma-separated list of custom field names (or *); \"" +
                      name.substr(0, 40) + "\" is not a field name");
    }
    if (std::find(r->return_fields.begin(), r->return_fields.end(), name) !=
        r->return_fields.end()) {
      continue;
    }
    if (r->return_fields.size() >= kMaxFieldParams) {
      return Fail(error, "fields",
                  "fields names at most " + std::to_string(kMaxFieldParams) + " fields");
    }
    r->return_fields.push_back(name);
  }
  return true;
}

// Parameters that are not search parameters but could name a custom field
// (the search parameters' names are reserved, so none can); others are
// ignored as they always were.
bool CollectFieldParams(const httplib::Params& query, SearchParams* params, ParamError* error) {
  for (auto it = query.begin(); it != query.end(); it = query.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (!CheckFieldName(name).ok()) continue;
    if (params->field_params.size() >= kMaxFieldParams) {
      return Fail(error, name,
                  "at most " + std::to_string(kMaxFieldParams) + " fields may be filtered on");
    }
    std::vector<std::string> values;
    if (!ParseList(query, name, &values, error)) return false;
    params->field_params.emplace_back(name, std::move(values));
  }
  return true;
}

bool ParseSnippetOptions(const httplib::Params& query, const ServerOptions& options,
                         SearchRequest* r, ParamError* error) {
  if (!ParseBool(query, "snippets", &r->snippets, error)) return false;
  if (query.count("snippet_chars") && !ParseSize(ParamValue(query, "snippet_chars"), 20,
                                                 options.max_snippet_chars, &r->snippet_chars)) {
    return Fail(error, "snippet_chars",
                "snippet_chars must be a whole number from 20 to " +
                    std::to_string(options.max_snippet_chars));
  }
  std::string tag = "mark";
  if (query.count("highlight")) {
    tag = ParamValue(query, "highlight");
    if (!IsAllowedHighlightTag(tag)) {
      return Fail(error, "highlight", "highlight must be one of mark, em, strong, b, i, u, span");
    }
  }
  std::string open = "<" + tag;
  if (query.count("highlight_class")) {
    const std::string cls = ParamValue(query, "highlight_class");
    if (!IsSafeClassList(cls)) {
      return Fail(error, "highlight_class",
                  "highlight_class must be 1 to 64 letters, digits, '-', '_' or spaces");
    }
    open += " class=\"" + cls + "\"";
  }
  r->highlight_start = open + ">";
  r->highlight_end = "</" + tag + ">";
  return true;
}

}  // namespace

bool ParseSearchParams(const httplib::Params& query, const ServerOptions& options,
                       SearchParams* params, ParamError* error) {
  SearchRequest& r = params->request;
  r.query = ParamValue(query, "q");
  if (r.query.size() > options.max_query_bytes) {
    return Fail(error, "q",
                "q is longer than " + std::to_string(options.max_query_bytes) + " bytes");
  }
  params->per_page = options.default_per_page;
  if (query.count("per_page") &&
      !ParseSize(ParamValue(query, "per_page"), 1, options.max_per_page, &params->per_page)) {
    return Fail(
        error, "per_page",
        "per_page must be a whole number from 1 to " + std::to_string(options.max_per_page));
  }
  if (query.count("page") &&
      !ParseSize(ParamValue(query, "page"), 1, options.max_depth, &params->page)) {
    return Fail(error, "page",
                "page must be a whole number from 1 to " + std::to_string(options.max_depth));
  }
  if (params->page * params->per_page > options.max_depth) {
    return Fail(error, "page",
                "page * per_page may not exceed " + std::to_string(options.max_depth) +
                    "; narrow the query instead of paging deeper");
  }
  r.offset = (params->page - 1) * params->per_page;
  r.limit = params->per_page;
  // Counted exactly at least as deep as a client may page, so a pager
  // reading `total` reaches the last page allowed.
  r.exact_total_up_to = std::max(kDefaultExactTotalUpTo, options.max_depth);
  if (!ParseChoice(query, "op", {{"and", DefaultOp::kAnd}, {"or", DefaultOp::kOr}}, &r.op,
                   "op must be \"and\" or \"or\"", error) ||
      !ParseFilters(query, &r.filters, error) || !ParseRanking(query, &r, error) ||
      !ParseFacets(query, &r, error) || !ParseSnippetOptions(query, options, &r, error) ||
      !ParseReturnFields(query, &r, error) || !CollectFieldParams(query, params, error) ||
      !ParseBool(query, "spelling", &r.spelling, error) ||
      !ParseBool(query, "autocorrect", &r.auto_correct, error) ||
      !ParseBool(query, "byline_analytics", &params->analytics, error)) {
    return false;
  }
  if (r.auto_correct && !r.spelling) {
    return Fail(error, "autocorrect", "autocorrect needs spelling=true");
  }
  // Folding may examine more ranks than a page shows: twice the deepest
  // page, at least the default.
  r.dedupe_max_ranks = std::max(kDefaultDedupeMaxRanks, 2 * options.max_depth);
  return ParseChoice(query, "collapse",
                     {{"url", CollapseKey::kUrl}, {"title", CollapseKey::kTitle}}, &r.collapse,
                     "collapse must be url or title", error) &&
         ParseChoice(query, "dedupe", {{"near", Dedupe::kNear}, {"off", Dedupe::kOff}}, &r.dedupe,
                     "dedupe must be near or off", error);
}

bool ParseDuplicatesParams(const httplib::Params& query, size_t* limit, ParamError* error) {
  *limit = kDefaultDuplicatesLimit;
  if (query.count("limit") &&
      !ParseSize(ParamValue(query, "limit"), 1, kMaxDuplicatesLimit, limit)) {
    return Fail(error, "limit",
                "limit must be a whole number from 1 to " + std::to_string(kMaxDuplicatesLimit));
  }
  return true;
}

bool ResolveFieldParams(const FieldSchema& fields, SearchParams* params, ParamError* error) {
  std::vector<std::string> ignored;
  auto refused = ResolveFieldRequest(fields, params->field_params, &params->request, &ignored);
  for (const std::string& name : ignored) {
    params->warnings.push_back("ignored parameter \"" + name +
                               "\": not a search parameter, nor a field the index declares "
                               "(declared: " +
                               DeclaredFieldNames(fields) + ")");
  }
  if (!refused) return true;
  // A filter's message begins with its field, the parameter; the others
  // are named first, as byline-search names its flags.
  if (refused->use == FieldUse::kFilter) {
    return Fail(error, refused->field, refused->status.message());
  }
  const std::string parameter = refused->use == FieldUse::kFacet ? "facets" : "sort";
  return Fail(error, parameter, parameter + ": " + refused->status.message());
}

bool ParseRelatedParams(const httplib::Params& query, const ServerOptions& options,
                        RelatedParams* params, ParamError* error) {
  const size_t most = std::min<size_t>(options.max_per_page, kMaxRelatedLimit);
  params->limit = std::min(params->limit, most);
  if (query.count("limit") && !ParseSize(ParamValue(query, "limit"), 1, most, &params->limit)) {
    return Fail(error, "limit", "limit must be a whole number from 1 to " + std::to_string(most));
  }
  // limit= is this route's own; any other name may be a declared field.
  httplib::Params rest = query;
  rest.erase("limit");
  SearchRequest& r = params->search.request;
  return ParseFilters(rest, &r.filters, error) && ParseSnippetOptions(rest, options, &r, error) &&
         ParseReturnFields(rest, &r, error) && CollectFieldParams(rest, &params->search, error);
}

bool ParseSuggestParams(const httplib::Params& query, const ServerOptions& options,
                        SuggestRequest* request, ParamError* error) {
  request->query = ParamValue(query, "q");
  if (request->query.size() > options.max_query_bytes) {
    return Fail(error, "q",
                "q is longer than " + std::to_string(options.max_query_bytes) + " bytes");
  }
  const std::string range = " must be a whole number from 0 to " + std::to_string(kMaxSuggestions);
  if (query.count("completions") &&
      !ParseSize(ParamValue(query, "completions"), 0, kMaxSuggestions, &request->completions)) {
    return Fail(error, "completions", "completions" + range);
  }
  if (query.count("titles") &&
      !ParseSize(ParamValue(query, "titles"), 0, kMaxSuggestions, &request->titles)) {
    return Fail(error, "titles", "titles" + range);
  }
  return true;
}

}  // namespace byline::searchd
