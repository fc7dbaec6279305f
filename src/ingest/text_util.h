// Small text helpers shared by the document readers.
#ifndef BYLINE_SRC_INGEST_TEXT_UTIL_H_
#define BYLINE_SRC_INGEST_TEXT_UTIL_H_

#include <optional>
#include <string>
#include <string_view>

#include "byline/ingest.h"

namespace byline::ingest {

// Hands a reader's article on when ValidateArticle passes it, else reports
// why as an error of the whole file `name`. Its date is read first by
// ResolvePublished: one it cannot read is an error, unless
// `on_date_warning` is set: then the article is kept without the date and
// that hears why, just before the article is handed on.
void EmitArticle(const std::string& name, Article&& article, const ArticleCallback& on_article,
                 const ErrorCallback& on_error, const ErrorCallback& on_date_warning = {});

// Without leading and trailing ASCII whitespace.
std::string_view TrimView(std::string_view s);

// Collapses runs of spaces and tabs into one space, trims every line and
// keeps at most one blank line between paragraphs.
std::string TidyText(std::string_view text);

// Removes a leading UTF-8 byte order mark.
std::string_view StripBom(std::string_view text);

// The last path component without its extension(s) (".md", ".md.gz").
std::string FileStem(std::string_view path);

// One JSON record (a JSON Lines line, an array element) at `line` of
// `name`: parsed (ParseArticleJson with options.field_map), checked against
// options.fields, then given to on_article (options.position set first) or
// reported to on_error.
void ReadJsonRecord(std::string_view text, const std::string& name, size_t line,
                    const ReadOptions& options, const ArticleCallback& on_article,
                    const ErrorCallback& on_error);

// The first character of `text` past blanks (space, tab, CR, LF) and UTF-8
// byte order marks, which tells a JSON array ('[') from JSON Lines ('{');
// nullopt while `text` holds nothing else (or ends in part of a mark), as
// the start of an input still arriving.
std::optional<char> FirstSignificantChar(std::string_view text);

// True when `start` (the first bytes of a file) opens an RSS, RDF or Atom
// feed: past an XML declaration, comments, processing instructions and a
// DOCTYPE, the root element is rss, feed or RDF (any prefix).
bool LooksLikeFeed(std::string_view start);

}  // namespace byline::ingest

#endif  // BYLINE_SRC_INGEST_TEXT_UTIL_H_
