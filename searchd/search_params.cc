#include "search_params.h"

#include <charconv>

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

}  // namespace

bool ParseSearchParams(const httplib::Params& query, const ServerOptions& options,
                       SearchParams* params, ParamError* error) {
  SearchRequest& r = params->request;
  r.query = ParamValue(query, "q");
  if (r.query.size() > options.max_query_bytes) {
    return Fail(error, "q", "q is longer than " + std::to_string(options.max_query_bytes) + " bytes");
  }
  params->per_page = options.default_per_page;
  if (query.count("per_page") &&
      !ParseSize(ParamValue(query, "per_page"), 1, options.max_per_page, &params->per_page)) {
    return Fail(error, "per_page",
                "per_page must be a whole number from 1 to " + std::to_string(options.max_per_page));
  }
  if (query.count("page") &&
      !ParseSize(ParamValue(query, "page"), 1, options.max_depth, &params->page)) {
    return Fail(error, "page", "page must be a whole number from 1 to " +
                                   std::to_string(options.max_depth));
  }
  if (params->page * params->per_page > options.max_depth) {
    return Fail(error, "page", "page * per_page may not exceed " +
                                   std::to_string(options.max_depth) +
                                   "; narrow the query instead of paging deeper");
  }
  r.offset = (params->page - 1) * params->per_page;
  r.limit = params->per_page;
  if (query.count("op")) {
    const std::string op = ParamValue(query, "op");
    if (op == "and") {
      r.op = DefaultOp::kAnd;
    } else if (op == "or") {
      r.op = DefaultOp::kOr;
    } else {
      return Fail(error, "op", "op must be \"and\" or \"or\"");
    }
  }
  if (query.count("snippet_chars") &&
      !ParseSize(ParamValue(query, "snippet_chars"), 20, options.max_snippet_chars,
                 &r.snippet_chars)) {
    return Fail(error, "snippet_chars", "snippet_chars must be a whole number from 20 to " +
                                            std::to_string(options.max_snippet_chars));
  }
  return true;
}

}  // namespace byline::searchd
