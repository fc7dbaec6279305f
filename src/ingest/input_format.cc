// Which reader a file goes to.
#include <filesystem>
#include <string>

#include "byline/ingest.h"
#include "ingest/directory_walk.h"
#include "ingest/input_stream.h"
#include "ingest/text_util.h"

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
      {"html", InputFormat::kHtml},        {"rss", InputFormat::kFeed},
      {"atom", InputFormat::kFeed},        {"feed", InputFormat::kFeed},
  };
  for (const auto& e : kNames) {
    if (e.name == name) return e.format;
  }
  return Status::InvalidArgument("unknown input format \"" + std::string(name) +
                                 "\" (expected auto, jsonl, json, md, txt, html, rss or atom)");
}

InputFormat FormatForPath(std::string_view path) {
  if (EndsWith(path, ".gz")) path.remove_suffix(3);
  if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson")) return InputFormat::kJsonLines;
  // .json may hold an array or JSON Lines: the first character decides.
  if (EndsWith(path, ".json")) return InputFormat::kAuto;
  if (EndsWith(path, ".md") || EndsWith(path, ".markdown")) return InputFormat::kMarkdown;
  if (EndsWith(path, ".txt")) return InputFormat::kText;
  if (EndsWith(path, ".html") || EndsWith(path, ".htm")) return InputFormat::kHtml;
  if (EndsWith(path, ".rss") || EndsWith(path, ".atom") || EndsWith(path, ".xml")) {
    return InputFormat::kFeed;
  }
  return InputFormat::kAuto;
}

bool IsFeedInput(const std::string& path, InputFormat format, const PathFilter& filter) {
  if (path == "-") return format == InputFormat::kFeed;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    // A walk reads the .rss and .atom files in it (not .xml ones).
    bool feed = false;
    ingest::ForEachWalkedFile(path, filter, [&](const std::filesystem::directory_entry& file) {
      const std::string name = file.path().filename().string();
      std::string_view n = name;
      if (EndsWith(n, ".gz")) n.remove_suffix(3);
      feed = EndsWith(n, ".rss") || EndsWith(n, ".atom");
      return !feed;
    });
    return feed;
  }
  if (format == InputFormat::kAuto) format = FormatForPath(path);
  if (format != InputFormat::kFeed && format != InputFormat::kAuto) return false;
  std::string_view p = path;
  if (EndsWith(p, ".gz")) p.remove_suffix(3);
  if (EndsWith(p, ".rss") || EndsWith(p, ".atom")) return true;
  // .xml, .json or an unknown extension: the start of the file says.
  auto input = ingest::OpenInput(path, nullptr);
  if (!input.ok()) return false;
  std::string head(4096, '\0');
  input->stream->read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(input->stream->gcount()));
  return ingest::LooksLikeFeed(head);
}

}  // namespace byline
