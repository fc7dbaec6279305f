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
}  // namespace

nlohmann::json HitToJson(const Hit& hit) {
  nlohmann::json out = {{"id", hit.id}, {"title", hit.title}, {"score", hit.score}};
  PutIfSet(out, "url", hit.url);
  PutIfSet(out, "published", hit.published);
  PutIfSet(out, "source", hit.source);
  PutIfSet(out, "author", hit.author);
  out["tags"] = hit.tags;
  out["title_html"] = hit.title_html;
  out["snippet_html"] = hit.snippet_html;
  return out;
}

nlohmann::json ArticleToJson(const Article& a) {
  nlohmann::json out = {{"id", a.id}, {"title", a.title}, {"body", a.body}};
  PutIfSet(out, "url", a.url);
  PutIfSet(out, "published", a.published);
  PutIfSet(out, "source", a.source);
  PutIfSet(out, "author", a.author);
  out["tags"] = a.tags;
  PutIfSet(out, "lang", a.lang);
  return out;
}

}  // namespace byline
