// Which reader a file goes to.
#include <string>

#include "byline/ingest.h"

namespace byline {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

Result<InputFormat> ParseInputFormat(std::string_view name) {
  struct Entry {
    std::string_view name;
    InputFormat format;
  };
  static constexpr Entry kNames[] = {
      {"auto", InputFormat::kAuto},        {"jsonl", InputFormat::kJsonLines},
      {"ndjson", InputFormat::kJsonLines}, {"json", InputFormat::kJsonArray},
      {"md", InputFormat::kMarkdown},      {"markdown", InputFormat::kMarkdown},
      {"txt", InputFormat::kText},         {"text", InputFormat::kText},
      {"html", InputFormat::kHtml},
  };
  for (const auto& e : kNames) {
    if (e.name == name) return e.format;
  }
  return Status::InvalidArgument("unknown input format \"" + std::string(name) +
                                 "\" (expected auto, jsonl, json, md, txt or html)");
}

InputFormat FormatForPath(std::string_view path) {
  if (EndsWith(path, ".gz")) path.remove_suffix(3);
  if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson")) return InputFormat::kJsonLines;
  // .json may hold an array or JSON Lines: the first character decides.
  if (EndsWith(path, ".json")) return InputFormat::kAuto;
  if (EndsWith(path, ".md") || EndsWith(path, ".markdown")) return InputFormat::kMarkdown;
  if (EndsWith(path, ".txt")) return InputFormat::kText;
  if (EndsWith(path, ".html") || EndsWith(path, ".htm")) return InputFormat::kHtml;
  return InputFormat::kAuto;
}

}  // namespace byline
