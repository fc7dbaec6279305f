// Readers that turn input files into Articles.
//
// Readers never throw on bad data: each bad record is reported to the error
// callback as a RecordError naming the file and line, and reading goes on.
#ifndef BYLINE_INGEST_H_
#define BYLINE_INGEST_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <string>
#include <string_view>

#include "byline/article.h"
#include "byline/fields.h"
#include "byline/site_files.h"
#include "byline/status.h"

namespace byline {

// A record that could not be turned into an Article.
struct RecordError {
  std::string file;  // path, or "-" for stdin
  size_t line = 0;   // 1-based; 0 when the whole file is at fault
  std::string reason;

  // "FILE:LINE: reason" (or "FILE: reason" when line is 0).
  std::string ToString() const;
};

using ArticleCallback = std::function<void(Article&&)>;
using ErrorCallback = std::function<void(const RecordError&)>;

// Maps canonical field names to the names used by another schema, e.g.
// {"body": "content", "published": "date"}. Unmapped fields keep their names.
using FieldMap = std::map<std::string, std::string>;

// Reads JSON Lines from `in`, one article per non-blank line. `name` is used
// in error reports. Returns non-OK only when the stream itself fails.
Status ReadJsonLines(std::istream& in, const std::string& name, const FieldMap& field_map,
                     const ArticleCallback& on_article, const ErrorCallback& on_error);

// What a JSON record's body is written in. kText keeps it as it is; kHtml
// and kMarkdown turn it into text with the readers .html and .md files go
// through; kAuto reads it as HTML when it plainly is (HTML element tags, or
// entities such as &amp; with no '<' that could open a tag), else as text:
// "x < y and y > z" or "List<T>" stay as written. kAuto never guesses
// Markdown. A record's own "body_format" field (text, html, markdown or
// auto) wins over the reader's; it is read, never kept as a custom field.
enum class BodyFormat { kAuto, kText, kHtml, kMarkdown };

// "auto", "text", "html", "markdown" (and "txt", "md").
Result<BodyFormat> ParseBodyFormat(std::string_view name);

// Parses one JSON object (as text) into an Article, applying `field_map`, and
// validates it. The error message names the field at fault. Top-level
// fields besides the canonical ones (and those `field_map` reads) are kept
// in Article::extra_fields. The body is read as `body_format` says unless
// the record says (BodyFormat, above). "published" is read by
// ResolvePublished (byline/dates.h): with `date_warning` given, a date it
// cannot read is dropped and said there instead of failing the article.
Result<Article> ParseArticleJson(std::string_view json_text, const FieldMap& field_map,
                                 BodyFormat body_format, std::string* date_warning = nullptr);
Result<Article> ParseArticleJson(std::string_view json_text, const FieldMap& field_map);

// Which step of reading an article from JSON text failed.
enum class ArticleJsonFault {
  kNone,
  kNotJson,     // not JSON, or nested past kMaxJsonDepth
  kNotObject,   // JSON, but not an object
  kNotArticle,  // an object that is not a valid article
};

// As ParseArticleJson (one depth check, one parse), except that an object
// without an id (under its mapped name) gets `default_id`; e.g. a
// PUT's body, whose id is the path's. `fault`, when given, says which step
// failed (kNone on success).
Result<Article> ParseArticleJsonWithDefaultId(std::string_view json_text, const FieldMap& field_map,
                                              const std::string& default_id,
                                              ArticleJsonFault* fault = nullptr,
                                              BodyFormat body_format = BodyFormat::kAuto,
                                              std::string* date_warning = nullptr);

// JSON nested deeper than this (arrays and objects) is refused: no article
// needs it, and writing such a value back out would recurse that deep.
inline constexpr size_t kMaxJsonDepth = 100;

// InvalidArgument naming where `json_text` goes past kMaxJsonDepth levels of
// nesting; OK otherwise (whether or not it is valid JSON). Linear, with no
// recursion, so it is safe on any input.
Status CheckJsonDepth(std::string_view json_text);

// The canonical field names a FieldMap may map: id, title, body, url,
// published, source, author, tags, lang.
bool IsArticleField(std::string_view name);

// Adds one mapping written as "canonical=source", e.g. "body=content".
// InvalidArgument names the spec when it is malformed or the field unknown.
Status AddFieldMapping(std::string_view spec, FieldMap* map);

// Input formats. kAuto picks by file extension (a trailing .gz is looked
// through), and for .json and stdin by the first character ('[' is an array).
enum class InputFormat { kAuto, kJsonLines, kJsonArray, kMarkdown, kText, kHtml, kFeed };

// "auto", "jsonl", "json", "md", "txt", "html", "rss", "atom" (both kFeed:
// the feed reader tells RSS, RDF and Atom apart by the root element) and the
// long spellings.
Result<InputFormat> ParseInputFormat(std::string_view name);

// The format a file name implies; kAuto for .json (an array or JSON Lines,
// told apart by the first character) and for extensions Byline does not
// read (directory walks skip those). .rss, .atom and .xml are kFeed (a
// named .xml that is no feed is reported; directory walks skip .xml).
InputFormat FormatForPath(std::string_view path);

// True when `path` would be read as a feed: `format` is kFeed, or it is
// kAuto and the file's extension or (for .xml and unknown extensions) its
// root element says so; a directory when its walk (which `filter` narrows)
// would read a .rss or .atom file. False for "-" unless `format` is kFeed.
bool IsFeedInput(const std::string& path, InputFormat format, const PathFilter& filter = {});

// Where a record came from: the file as error reports name it ("-" for
// stdin) and its 1-based line (0 for a file that is one article).
struct RecordPosition {
  std::string file;
  size_t line = 0;

  // "FILE:LINE", or "FILE" when line is 0.
  std::string ToString() const;
  // Points at `line` of `in_file`, copying the name only when it changes
  // (readers call this for every record).
  void Set(const std::string& in_file, size_t at_line) {
    if (file != in_file) file = in_file;
    line = at_line;
  }
};

struct ReadOptions {
  FieldMap field_map;
  // Declared fields: a record whose value of one has the wrong type is a
  // record error naming the field (CheckFieldValues).
  FieldSchema fields;
  // Format of stdin and of files given by name whose extension says nothing.
  InputFormat format = InputFormat::kAuto;
  // How JSON records' bodies are read when a record has no "body_format".
  BodyFormat body_format = BodyFormat::kAuto;
  // Checked between records; returning true stops reading early.
  std::function<bool()> should_stop;
  // When set, raw input bytes consumed (compressed bytes for .gz) are added
  // here as reading goes, for progress reports.
  uint64_t* bytes_read = nullptr;
  // When set, readers store here where each article they hand over came
  // from, just before calling the article callback.
  RecordPosition* position = nullptr;
  // Checked between the records of a file (named as in errors); true gives
  // up on the rest of that file, and reading goes on with the next one.
  std::function<bool(const std::string& file)> skip_rest_of_file;
  // Dates: when set, a "published" value NormalizeDate cannot read is not
  // a record error: the article is kept without a date and this hears
  // `FILE:LINE: published "..." not understood; indexed without a date`.
  ErrorCallback on_date_warning;
  // When set, a one-article file (HTML, Markdown, text) without a url of its
  // own (canonical link, front matter) gets one from its path: relative to
  // the walk's root, or its file name when given by name.
  FileUrls file_urls;
  // Which files and directories of a directory walk are read; files given
  // by name are read whatever it says.
  PathFilter path_filter;
  // When set, files read and paths path_filter left out are counted here.
  WalkCounts* walk_counts = nullptr;
  // When set and empty, ReadFeed stores here the name of the first feed it
  // reads (named, sniffed or on stdin), e.g. for --sync to refuse it.
  std::string* feed_read = nullptr;
};

// ReadJsonLines with ReadOptions (field map, early stop, byte count).
Status ReadJsonLinesWithOptions(std::istream& in, const std::string& name,
                                const ReadOptions& options, const ArticleCallback& on_article,
                                const ErrorCallback& on_error);

// One line of JSON Lines, read as ReadJsonLinesWithOptions reads each line
// (`line_no` is 1-based; a byte order mark on line 1 and a trailing '\r' are
// dropped; a blank line is skipped): for readers that split lines
// themselves, e.g. as a body arrives in chunks.
void ReadJsonLine(std::string_view line, size_t line_no, const std::string& name,
                  const ReadOptions& options, const ArticleCallback& on_article,
                  const ErrorCallback& on_error);

// Reads a JSON array of article objects, streaming: one bad element is
// reported with the line it starts on and the others are still read.
// (ReadJsonArray feeds it what it reads.)
class JsonArrayReader {
 public:
  JsonArrayReader(std::string name, ReadOptions options, ArticleCallback on_article,
                  ErrorCallback on_error);

  // The next bytes of the input, in chunks of any size. False once the rest
  // no longer matters (the array was damaged beyond the last good element,
  // text followed it, or options.should_stop / skip_rest_of_file said so).
  bool Feed(std::string_view chunk);
  // The end of the input. Call once.
  void Finish();

  // While on_error runs: the text of the element the error is about (as
  // much of it as arrived), or "" for an error about the array itself.
  std::string_view element() const { return element_; }
  // Bytes held: the element in progress.
  size_t bytes_held() const { return element_.size(); }

 private:
  enum class State { kBom, kOpen, kBetween, kAfterComma, kElement, kAfterClose, kDone };

  // Handles `c` (EOF at the end of the input); false when it is left for
  // the next state to handle.
  bool Step(int c);
  bool Take(int c);     // `c` was handled: counts lines; returns true
  void StartBetween();  // an element was read, or the array opened
  void ElementRead();
  void Fail(size_t line, std::string reason);

  const std::string name_;
  const ReadOptions options_;
  const ArticleCallback on_article_;
  const ErrorCallback on_error_;
  State state_ = State::kBom;
  bool first_ = true;  // no element read yet
  int bom_left_ = -1;  // bytes of a byte order mark still to skip; -1 before the first byte
  size_t line_ = 1;
  size_t element_line_ = 0;
  std::string element_;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

Status ReadJsonArray(std::istream& in, const std::string& name, const ReadOptions& options,
                     const ArticleCallback& on_article, const ErrorCallback& on_error);

// One-article documents. `default_id` is the article id unless the document
// names one (front matter "id"); `name` is used in error reports.
//
// Markdown: optional front matter between "---" lines ("key: value", lists
// as [a, b] or "- a" lines); title from front matter, else the first
// heading; body is the text without Markdown markup, HTML comments and HTML
// tags (code spans and blocks are kept as written).
void ReadMarkdown(std::string_view text, const std::string& name, const std::string& default_id,
                  const FieldMap& field_map, const ArticleCallback& on_article,
                  const ErrorCallback& on_error, const ErrorCallback& on_date_warning = {});
// Plain text: the first non-blank line is the title, the rest the body.
void ReadPlainText(std::string_view text, const std::string& name, const std::string& default_id,
                   const ArticleCallback& on_article, const ErrorCallback& on_error,
                   const ErrorCallback& on_date_warning = {});
// HTML: converted to UTF-8 first when it declares another charset (a byte
// order mark or <meta>; see src/ingest/charset.h); title from og:title or
// <title> (else the first <h1>); date, author,
// url and tags from common meta tags; body is the main text with scripts,
// styles, navigation and page furniture dropped.
void ReadHtml(std::string_view text, const std::string& name, const std::string& default_id,
              const ArticleCallback& on_article, const ErrorCallback& on_error,
              const ErrorCallback& on_date_warning = {});

// RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed by libxml2 (no network, no
// external entities, no entity expansion): each item or entry is an
// article. id from guid / Atom id, else the link (made a valid id when it
// is not one); url from the link (Atom rel="alternate" or no rel); title;
// body from content:encoded, Atom content, description or summary, read as
// HTML the way ReadHtml reads a page; published from pubDate, dc:date,
// published or updated (ResolvePublished); author from author, dc:creator
// or Atom author/name; tags from category (Atom: its term); source from the
// feed's title. A bad item is reported with its line and the others read;
// malformed XML is reported with the line libxml2 names.
void ReadFeed(std::string_view text, const std::string& name, const ReadOptions& options,
              const ArticleCallback& on_article, const ErrorCallback& on_error);

// Reads `path`: "-" is stdin, a directory is walked recursively (hidden
// entries and unknown extensions skipped, files in name order), a file is
// read by its format, gunzipped first when it is gzip. Files in a directory
// get ids from their path relative to it, without extension. An unreadable
// file is reported through on_error (line 0) and reading goes on; non-OK only
// when `path` itself cannot be read at all.
Status ReadInput(const std::string& path, const ReadOptions& options,
                 const ArticleCallback& on_article, const ErrorCallback& on_error);

// Total bytes of the regular files `path` names (walking directories, as
// `filter` says), for an ETA; 0 for stdin or when unknown.
uint64_t InputSize(const std::string& path, const PathFilter& filter = PathFilter());

}  // namespace byline

#endif  // BYLINE_INGEST_H_
