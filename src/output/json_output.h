// JSON rendering of core results, shared by byline-searchd and byline-search
// (a separate library so the core itself never depends on a JSON library).
#ifndef BYLINE_SRC_OUTPUT_JSON_OUTPUT_H_
#define BYLINE_SRC_OUTPUT_JSON_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "byline/article.h"
#include "byline/searcher.h"

namespace byline {

// Serialises without ever throwing: invalid UTF-8 (from a query, say) is
// replaced by U+FFFD rather than failing the response.
std::string DumpJson(const nlohmann::json& value);

// A hit; its requested custom fields (Hit::fields) under "fields".
nlohmann::json HitToJson(const Hit& hit);
// {"id", "total", "duplicates": [{"id", "title", "distance", "url"?,
// "published"?, "source"?}, ...]}: the near-duplicates of article `id`.
nlohmann::json DuplicatesToJson(const std::string& id, const DuplicatesResponse& found);
// {"source": [{"value", "count"}, ...], "tag": [...], ...}
nlohmann::json FacetsToJson(const std::vector<Facet>& facets);
// An article, its custom fields beside the canonical ones as in the input.
nlohmann::json ArticleToJson(const Article& article);

}  // namespace byline

#endif  // BYLINE_SRC_OUTPUT_JSON_OUTPUT_H_
