// Input dispatch: stdin, files (by format, gunzipped when needed) and
// directories walked recursively.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "byline/fields.h"
#include "byline/ingest.h"
#include "ingest/directory_walk.h"
#include "ingest/input_stream.h"
#include "ingest/text_util.h"

namespace fs = std::filesystem;

namespace byline {
namespace {

// One-article documents larger than this are refused rather than read.
constexpr size_t kMaxDocumentBytes = 64u << 20;

bool Stopped(const ReadOptions& options) { return options.should_stop && options.should_stop(); }

// For an unknown format: '[' is a JSON array, '{' JSON Lines, '<' HTML.
InputFormat Sniff(std::istream& in) {
  std::streambuf* buf = in.rdbuf();
  std::string start;  // what was skipped since the last blank or whole mark
  for (int c; (c = buf->sgetc()) != EOF; buf->sbumpc()) {
    start.push_back(static_cast<char>(c));
    if (const std::optional<char> first = ingest::FirstSignificantChar(start)) {
      if (*first == '[') return InputFormat::kJsonArray;
      if (*first == '{') return InputFormat::kJsonLines;
      if (*first == '<') return InputFormat::kHtml;
      return InputFormat::kAuto;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || start == "\xEF\xBB\xBF") start.clear();
  }
  return InputFormat::kJsonLines;  // blank or empty
}

// Reads the whole stream for a one-article document; false when too large.
bool Slurp(std::istream& in, std::string* text) {
  text->clear();
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text->append(chunk, static_cast<size_t>(in.gcount()));
    if (text->size() > kMaxDocumentBytes) return false;
  }
  return true;
}

// `url_path`: the file's path for its URL (options.file_urls), relative to
// the walk's root; "" for none.
void ReadFile(const std::string& path, const std::string& name, const std::string& default_id,
              InputFormat format, const ReadOptions& options, const ArticleCallback& on_article,
              const ErrorCallback& on_error, const std::string& url_path = "") {
  if (options.walk_counts && path != "-") ++options.walk_counts->files;
  auto input = ingest::OpenInput(path, options.bytes_read);
  if (!input.ok()) {
    on_error({name, 0, input.status().message()});
    return;
  }
  std::istream& in = *input->stream;
  const bool sniffed = format == InputFormat::kAuto;
  if (sniffed) format = Sniff(in);
  Status read;
  std::string text;
  switch (format) {
    case InputFormat::kAuto:
      on_error({name, 0,
                "unknown format: not JSON, HTML or a feed; name the file .jsonl, .json, .md, "
                ".txt, .html or .rss, or pass --format"});
      return;
    case InputFormat::kJsonLines:
      read = ReadJsonLinesWithOptions(in, name, options, on_article, on_error);
      break;
    case InputFormat::kJsonArray:
      read = ReadJsonArray(in, name, options, on_article, on_error);
      break;
    case InputFormat::kFeed:
      if (!Slurp(in, &text)) {
        on_error({name, 0, "feed too large (over 64 MB)"});
        return;
      }
      if (!input->buf->error().empty()) break;  // reported below
      ReadFeed(text, name, options, on_article, on_error);
      break;
    case InputFormat::kMarkdown:
    case InputFormat::kText:
    case InputFormat::kHtml:
      if (!Slurp(in, &text)) {
        on_error({name, 0, "file too large for one article (over 64 MB)"});
        return;
      }
      if (!input->buf->error().empty()) break;  // reported below
      if (sniffed && format == InputFormat::kHtml && ingest::LooksLikeFeed(text.substr(0, 4096))) {
        ReadFeed(text, name, options, on_article, on_error);  // '<' opened a feed, not a page
        break;
      }
      if (options.position) options.position->Set(name, 0);
      // A date the reader could not read is said only once the article is
      // taken (a Markdown file's field check may still refuse it).
      std::optional<RecordError> date_warning;
      ErrorCallback hold_date_warning;
      if (options.on_date_warning) {
        hold_date_warning = [&](const RecordError& warning) { date_warning = warning; };
      }
      const ArticleCallback take = [&](Article&& article) {
        if (date_warning) options.on_date_warning(*date_warning);
        // A url the document gives (canonical link, front matter) wins; a
        // relative one is resolved against the file's own.
        if (!options.file_urls.empty() && !url_path.empty()) {
          const std::string own = options.file_urls.UrlFor(url_path);
          article.url = article.url.empty() ? own : ResolveUrl(own, article.url);
        }
        on_article(std::move(article));
      };
      if (format == InputFormat::kMarkdown) {
        // Its front matter's other keys are custom fields: checked as JSON
        // records' are.
        ReadMarkdown(
            text, name, default_id, options.field_map,
            [&](Article&& article) {
              if (Status s = CheckFieldValues(article, options.fields); !s.ok()) {
                return on_error({name, 0, s.message()});
              }
              take(std::move(article));
            },
            on_error, hold_date_warning);
      } else if (format == InputFormat::kText) {
        ReadPlainText(text, name, default_id, take, on_error, hold_date_warning);
      } else {
        ReadHtml(text, name, default_id, take, on_error, hold_date_warning);
      }
      break;
  }
  if (!input->buf->error().empty()) {
    on_error({name, 0, input->buf->error()});
  } else if (!read.ok()) {
    on_error({name, 0, read.message()});
  }
}

// Id of a file found under `root`: its relative path without extension.
std::string RelativeId(const fs::path& root, const fs::path& file) {
  fs::path rel = file.lexically_relative(root);
  std::string id = rel.parent_path().empty() ? "" : rel.parent_path().generic_string() + "/";
  return id + ingest::FileStem(rel.filename().string());
}

bool IsReadableName(const std::string& name) {
  std::string_view n = name;
  if (n.size() > 3 && n.substr(n.size() - 3) == ".gz") n.remove_suffix(3);
  // A site's .xml files are mostly sitemaps and the like: only named ones are read.
  if (n.size() > 4 && n.substr(n.size() - 4) == ".xml") return false;
  if (FormatForPath(name) != InputFormat::kAuto) return true;
  return n.size() > 5 && n.substr(n.size() - 5) == ".json";
}

void WalkDirectory(const fs::path& root, const fs::path& dir, const ReadOptions& options,
                   const ArticleCallback& on_article, const ErrorCallback& on_error) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) {
    on_error({dir.string(), 0, "cannot list directory: " + ec.message()});
    return;
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const auto& entry : entries) {
    if (Stopped(options)) return;
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;  // hidden files, editors' droppings
    const std::string relative = entry.path().lexically_relative(root).generic_string();
    // Symlinked directories are not followed (they can loop); linked files are.
    if (entry.is_directory(ec) && !entry.is_symlink(ec)) {
      if (!options.path_filter.Keeps(relative, /*is_directory=*/true)) {
        if (options.walk_counts) ++options.walk_counts->excluded;
        continue;
      }
      WalkDirectory(root, entry.path(), options, on_article, on_error);
    } else if (entry.is_regular_file(ec) && IsReadableName(name)) {
      if (!options.path_filter.Keeps(relative, /*is_directory=*/false)) {
        if (options.walk_counts) ++options.walk_counts->excluded;
        continue;
      }
      ReadFile(entry.path().string(), entry.path().string(), RelativeId(root, entry.path()),
               FormatForPath(name), options, on_article, on_error, relative);
    }
  }
}

}  // namespace

Status ReadInput(const std::string& path, const ReadOptions& options,
                 const ArticleCallback& on_article, const ErrorCallback& on_error) {
  if (path == "-") {
    ReadFile("-", "-", "stdin", options.format, options, on_article, on_error);
    return Status::Ok();
  }
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    on_error({path, 0, "cannot open file: " + (ec ? ec.message() : "no such file or directory")});
    return Status::Ok();
  }
  if (fs::is_directory(st)) {
    WalkDirectory(fs::path(path), fs::path(path), options, on_article, on_error);
    return Status::Ok();
  }
  InputFormat format = options.format != InputFormat::kAuto ? options.format : FormatForPath(path);
  // Given by name: its URL is its file name's, as its id is its stem.
  ReadFile(path, path, ingest::FileStem(path), format, options, on_article, on_error,
           fs::path(path).filename().string());
  return Status::Ok();
}

namespace ingest {

void ForEachWalkedFile(const std::string& root, const PathFilter& filter,
                       const std::function<bool(const fs::directory_entry&)>& on_file) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const bool is_directory = it->is_directory(ec);
    if ((!name.empty() && name[0] == '.') ||
        (!filter.empty() &&
         !filter.Keeps(it->path().lexically_relative(root).generic_string(), is_directory))) {
      if (is_directory) it.disable_recursion_pending();
      continue;
    }
    if (!is_directory && it->is_regular_file(ec) && !on_file(*it)) return;
  }
}

}  // namespace ingest

uint64_t InputSize(const std::string& path, const PathFilter& filter) {
  if (path == "-") return 0;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t total = 0;
  if (!fs::is_directory(path, ec)) return 0;
  ingest::ForEachWalkedFile(path, filter, [&](const fs::directory_entry& file) {
    std::error_code size_ec;
    if (IsReadableName(file.path().filename().string())) total += file.file_size(size_ec);
    return true;
  });
  return total;
}

}  // namespace byline
