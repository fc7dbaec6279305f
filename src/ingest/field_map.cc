// Field maps: reading other schemas (CMS exports) without a conversion script.
#include <algorithm>
#include <string>

#include "byline/ingest.h"

namespace byline {
namespace {

constexpr std::string_view kArticleFields[] = {"id",     "title",  "body", "url", "published",
                                               "source", "author", "tags", "lang"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool IsArticleField(std::string_view name) {
  return std::find(std::begin(kArticleFields), std::end(kArticleFields), name) !=
         std::end(kArticleFields);
}

Status AddFieldMapping(std::string_view spec, FieldMap* map) {
  const std::string quoted = "\"" + std::string(spec) + "\"";
  size_t eq = spec.find('=');
  if (eq == std::string_view::npos) {
    return Status::InvalidArgument("field mapping " + quoted +
                                   " must look like FIELD=NAME, e.g. body=content");
  }
  std::string_view field = Trim(spec.substr(0, eq));
  std::string_view source = Trim(spec.substr(eq + 1));
  if (!IsArticleField(field)) {
    return Status::InvalidArgument("field mapping " + quoted + ": \"" + std::string(field) +
                                   "\" is not an article field (id, title, body, url, "
                                   "published, source, author, tags, lang)");
  }
  if (source.empty()) {
    return Status::InvalidArgument("field mapping " + quoted + " names no source field");
  }
  auto [it, inserted] = map->emplace(std::string(field), std::string(source));
  if (!inserted && it->second != source) {
    return Status::InvalidArgument("field mapping " + quoted + ": \"" + std::string(field) +
                                   "\" is already mapped to \"" + it->second + "\"");
  }
  return Status::Ok();
}

}  // namespace byline
