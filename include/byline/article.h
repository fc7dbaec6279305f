// Article: the unit Byline indexes and returns, and its validation.
#ifndef BYLINE_ARTICLE_H_
#define BYLINE_ARTICLE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/status.h"

namespace byline {

// One article, as it appears in the canonical JSON Lines input:
// {"id","title","body","url","published","source","author","tags":[...],"lang"}.
// id, title and body are required; the rest may be empty.
struct Article {
  std::string id;
  std::string title;
  std::string body;
  std::string url;
  std::string published;  // ISO 8601, as byline/dates.h says (readers normalise it)
  std::string source;
  std::string author;
  std::vector<std::string> tags;
  std::string lang;
  // Every other top-level field of the input, in name order: its name and
  // its value as compact JSON text (e.g. {"category", "\"world\""}). Kept
  // and returned with the article; indexed when declared (byline/fields.h).
  std::vector<std::pair<std::string, std::string>> extra_fields;

  bool operator==(const Article& o) const;
};

// Longest id accepted: Xapian terms are limited to 245 bytes and the id term
// carries a prefix.
inline constexpr size_t kMaxIdBytes = 200;

// The article's single-valued text fields (all but "tags") with their
// canonical JSON names, in canonical order: one list for the code that
// treats them alike. `A` is Article or const Article.
template <typename A>
std::array<std::pair<const char*, decltype(&std::declval<A&>().id)>, 8> StringFields(A& a) {
  return {{{"id", &a.id},
           {"title", &a.title},
           {"body", &a.body},
           {"url", &a.url},
           {"published", &a.published},
           {"source", &a.source},
           {"author", &a.author},
           {"lang", &a.lang}}};
}

// Checks required fields, UTF-8 validity of every field, id length and the
// published date. The message names the offending field.
Status ValidateArticle(const Article& article);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates, or bytes
// past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS[.fff]" with an
// optional "Z" or "+HH:MM"/"-HH:MM" offset (a space may replace the "T").
// Returns seconds since 1970-01-01T00:00:00Z; a date without zone is UTC.
Result<int64_t> ParseIsoDate(std::string_view text);

// Formats seconds since the epoch as "YYYY-MM-DD".
std::string FormatIsoDay(int64_t seconds);

}  // namespace byline

#endif  // BYLINE_ARTICLE_H_
