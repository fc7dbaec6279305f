// Readers that turn input files into Articles.
//
// Readers never throw on bad data: each bad record is reported to the error
// callback as a RecordError naming the file and line, and reading goes on.
#ifndef BYLINE_INGEST_H_
#define BYLINE_INGEST_H_

#include <cstddef>
#include <functional>
#include <istream>
#include <map>
#include <string>

#include "byline/article.h"
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
Status ReadJsonLines(std::istream& in, const std::string& name,
                     const FieldMap& field_map, const ArticleCallback& on_article,
                     const ErrorCallback& on_error);

// Parses one JSON object (as text) into an Article, applying `field_map`, and
// validates it. The error message names the field at fault.
Result<Article> ParseArticleJson(std::string_view json_text,
                                 const FieldMap& field_map);

}  // namespace byline

#endif  // BYLINE_INGEST_H_
