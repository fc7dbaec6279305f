// What a directory walk reads of a site, and the URL each file gets:
// --include/--exclude globs and --base-url/--url-template.
#ifndef BYLINE_SITE_FILES_H_
#define BYLINE_SITE_FILES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "byline/status.h"

namespace byline {

// The template used when none is given: the page as a static site serves it.
inline constexpr char kDefaultUrlTemplate[] = "{base}{page}";

// URLs for one-article files (HTML, Markdown, text) found in a directory
// walk, from their path relative to the walk's root. Placeholders:
//   {base}  the base URL, ending in '/'
//   {path}  the relative path as found ("guide/intro.md")
//   {page}  the relative path as served: a trailing .gz dropped, .md and
//           .markdown turned into .html ("guide/intro.html")
//   {dir}   the relative directory with a trailing '/' ("guide/"; "" at the root)
//   {name}  the file name as found ("intro.md")
//   {stem}  the file name without extension (and .gz) ("intro")
//   {ext}   the extension without its dot, .gz dropped ("md"; "" when none)
// Every placeholder but {base} is percent-encoded as a URL path needs
// (spaces, '%', '?', '#', non-ASCII bytes ...); '/' is kept.
class FileUrls {
 public:
  FileUrls() = default;

  // InvalidArgument (naming what is wrong) unless `base` is an absolute
  // http or https URL without query or fragment, and `url_template` (empty:
  // kDefaultUrlTemplate) starts with {base} and uses only the placeholders
  // above. A base without a trailing '/' gets one: it names a directory.
  static Result<FileUrls> Make(std::string_view base, std::string_view url_template);

  bool empty() const { return base_.empty(); }
  const std::string& base() const { return base_; }
  const std::string& url_template() const { return template_; }

  // The URL of the file at `relative_path` ('/'-separated).
  std::string UrlFor(std::string_view relative_path) const;

  // One line for the index's metadata ("" when empty), and back; Corruption
  // for a stored value this version cannot read.
  std::string Encode() const;
  static Result<FileUrls> Decode(std::string_view stored);

  bool operator==(const FileUrls& o) const { return base_ == o.base_ && template_ == o.template_; }
  bool operator!=(const FileUrls& o) const { return !(*this == o); }

 private:
  std::string base_;
  std::string template_;
};

// `reference` (a link as a page gives it: "/docs/a.html", "../b.html",
// "//host/c") resolved against the absolute http(s) URL `base` (RFC 3986
// section 5.2, dot segments removed); an absolute reference is returned
// as it is.
std::string ResolveUrl(std::string_view base, std::string_view reference);

// `text` with every byte but unreserved characters, sub-delimiters, ':',
// '@' and '/' percent-encoded (uppercase hex), as a URL path needs.
std::string PercentEncodePath(std::string_view text);

// Whether `path` ('/'-separated, relative) matches the glob `pattern`:
// '*' any characters but '/', '?' one, [abc], [a-z], [!a] classes (fnmatch(3)
// within each path segment), and a whole segment "**" any number of
// segments (none too). A pattern without '/' (a trailing one aside) is
// matched against the last segment, at any depth; a leading '/' anchors it
// at the root, as does any other '/'. A trailing '/' matches directories
// only. Case-sensitive.
bool GlobMatches(std::string_view pattern, std::string_view path, bool is_directory);

// Which paths of a directory walk are read: a file is read when it, or a
// directory it is in, matches an include pattern (or none are given), and
// no exclude pattern; a directory matching an exclude pattern is not
// descended into (include patterns do not keep a walk out of directories).
class PathFilter {
 public:
  PathFilter() = default;
  // InvalidArgument naming a pattern that is empty or "/".
  static Result<PathFilter> Make(std::vector<std::string> include,
                                 std::vector<std::string> exclude);

  bool empty() const { return include_.empty() && exclude_.empty(); }
  bool Keeps(std::string_view relative_path, bool is_directory) const;

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
};

// The URLs a run gives files: the index's `stored` ones, with `base` and
// `url_template` given this run (empty: the stored one's; the template
// defaults to kDefaultUrlTemplate). InvalidArgument when only a template is
// given to an index without a base URL, when a value is malformed, or when
// the result differs from `stored` and `rebuild` is false: one index never
// mixes two URL schemes, and a rebuild (which rewrites every article) is
// how they are changed.
Result<FileUrls> ChooseFileUrls(const FileUrls& stored, std::string_view base,
                                std::string_view url_template, bool rebuild);

// The file URLs recorded in the index in `dir` (schema::kFileUrlsMetadataKey);
// empty when none, or when there is no index. An error naming the index
// when it cannot be read; Corruption for a value this version cannot read.
Result<FileUrls> ReadLiveFileUrls(const std::string& dir);

// Counts of a run's inputs (ReadOptions::walk_counts).
struct WalkCounts {
  uint64_t files = 0;     // files read (each file of a walk, each named one)
  uint64_t excluded = 0;  // files and directories a PathFilter left out (a directory once)
};

}  // namespace byline

#endif  // BYLINE_SITE_FILES_H_
