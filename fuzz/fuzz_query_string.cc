// Fuzz target: the raw request target of GET /search and GET /suggest, as a
// client sends it ("/search?q=...&page=..."), through the query-string
// decoder and both parameter parsers. Any input must give either parameters
// within the server's bounds or a ParamError naming a parameter; never a
// crash, a hang or an out-of-bounds request.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "query_string.h"
#include "search_params.h"

namespace {

// The highlight markup goes into HTML unescaped: it must be exactly one tag,
// with at most one quoted attribute value.
bool IsOneTag(const std::string& markup) {
  auto count = [&markup](char c) {
    size_t n = 0;
    for (char m : markup) n += m == c;
    return n;
  };
  return markup.size() >= 3 && markup.front() == '<' && markup.back() == '>' && count('<') == 1 &&
         count('>') == 1 && (count('"') == 0 || count('"') == 2) && count('\'') == 0 &&
         count('&') == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Requests longer than this are refused by httplib (414) before routing.
  if (size > 16384) return 0;
  static const byline::searchd::ServerOptions options;
  std::string target("/search?");
  target.append(reinterpret_cast<const char*>(data), size);
  httplib::Params params = byline::searchd::DecodeQueryString(target);

  byline::searchd::SearchParams search;
  byline::searchd::ParamError error;
  if (byline::searchd::ParseSearchParams(params, options, &search, &error)) {
    const auto& r = search.request;
    if (r.query.size() > options.max_query_bytes) std::abort();
    if (search.per_page < 1 || search.per_page > options.max_per_page) std::abort();
    if (r.offset + r.limit > options.max_depth) std::abort();
    if (r.snippet_chars > options.max_snippet_chars) std::abort();
    if (!IsOneTag(r.highlight_start) || !IsOneTag(r.highlight_end)) std::abort();
  } else if (error.parameter.empty() || error.message.empty()) {
    std::abort();
  }

  byline::SuggestRequest suggest;
  if (byline::searchd::ParseSuggestParams(params, options, &suggest, &error)) {
    if (suggest.query.size() > options.max_query_bytes) std::abort();
    if (suggest.completions > 20 || suggest.titles > 20) std::abort();
  } else if (error.parameter.empty() || error.message.empty()) {
    std::abort();
  }
  return 0;
}
