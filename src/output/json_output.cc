#include "json_output.h"

namespace byline {

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {
// Optional fields are left out when unknown rather than sent as "".
void PutIfSet(nlohmann::json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

// The fields a hit and an article share after id and title (a Hit or an
// Article).
template <typename T>
void PutDescription(nlohmann::json& out, const T& from) {
  PutIfSet(out, "url", from.url);
  PutIfSet(out, "published", from.published);
  PutIfSet(out, "source", from.source);
  PutIfSet(out, "author", from.author);
  out["tags"] = from.tags;
}

// A stored field's value (JSON text written by the readers); a text that
// does not parse (never written so) is given as a string.
nlohmann::json StoredFieldJson(const std::string& json_text) {
  nlohmann::json value = nlohmann::json::parse(json_text, nullptr, false);
  return value.is_discarded() ? nlohmann::json(json_text) : value;
}
}  // namespace

nlohmann::json HitToJson(const Hit& hit) {
  nlohmann::json out = {{"id", hit.id}, {"title", hit.title}, {"score", hit.score}};
  PutDescription(out, hit);
  out["title_html"] = hit.title_html;
  out["snippet_html"] = hit.snippet_html;
  out["matched_fields"] = hit.matched_fields;
  if (hit.collapsed > 0) out["collapsed"] = hit.collapsed;
  if (hit.duplicates) out["duplicates"] = *hit.duplicates;
  if (!hit.fields.empty()) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [name, value] : hit.fields) fields[name] = StoredFieldJson(value);
    out["fields"] = std::move(fields);
  }
  return out;
}

nlohmann::json DuplicatesToJson(const std::string& id, const DuplicatesResponse& found) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : found.duplicates) {
    nlohmann::json item = {{"id", d.id}, {"title", d.title}, {"distance", d.distance}};
    PutIfSet(item, "url", d.url);
    PutIfSet(item, "published", d.published);
    PutIfSet(item, "source", d.source);
    list.push_back(std::move(item));
  }
  return {{"id", id}, {"total", found.total}, {"duplicates", std::move(list)}};
}

nlohmann::json FacetsToJson(const std::vector<Facet>& facets) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& facet : facets) {
    nlohmann::json values = nlohmann::json::array();
    if (facet.name.empty() && facet.field == FacetField::kDate) {
      for (const auto& v : facet.values) {
        values.push_back({{"value", v.value}, {"from", v.from}, {"to", v.to}, {"count", v.count}});
      }
      out["date"] = {
          {"interval", facet.interval}, {"undated", facet.undated}, {"buckets", std::move(values)}};
      continue;
    }
    for (const auto& v : facet.values) values.push_back({{"value", v.value}, {"count", v.count}});
    out[facet.name.empty() ? std::string(FacetFieldName(facet.field)) : facet.name] =
        std::move(values);
  }
  return out;
}

nlohmann::json ArticleToJson(const Article& a) {
  nlohmann::json out = {{"id", a.id}, {"title", a.title}, {"body", a.body}};
  PutDescription(out, a);
  PutIfSet(out, "lang", a.lang);
  // The article's other fields, as they came (their names are never those
  // above).
  for (const auto& [name, value] : a.extra_fields) out[name] = StoredFieldJson(value);
  return out;
}

}  // namespace byline
