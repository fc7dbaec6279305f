#include "ingest/body_format.h"

#include <algorithm>
#include <string>

#include "ingest/html_text.h"
#include "ingest/markdown_text.h"

namespace byline {

Result<BodyFormat> ParseBodyFormat(std::string_view name) {
  if (name == "auto") return BodyFormat::kAuto;
  if (name == "text" || name == "txt") return BodyFormat::kText;
  if (name == "html") return BodyFormat::kHtml;
  if (name == "markdown" || name == "md") return BodyFormat::kMarkdown;
  return Status::InvalidArgument("unknown body format \"" + std::string(name.substr(0, 40)) +
                                 "\" (expected text, html, markdown or auto)");
}

namespace ingest {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsHtmlElement(const std::string& name) {
  static const char* const kElements[] = {
      "a",          "abbr",    "address", "article", "aside",  "audio", "b",       "big",
      "blockquote", "body",    "br",      "caption", "center", "cite",  "code",    "col",
      "dd",         "del",     "details", "dfn",     "div",    "dl",    "dt",      "em",
      "figcaption", "figure",  "font",    "footer",  "h1",     "h2",    "h3",      "h4",
      "h5",         "h6",      "head",    "header",  "hr",     "html",  "i",       "iframe",
      "img",        "ins",     "kbd",     "li",      "main",   "mark",  "nav",     "ol",
      "p",          "picture", "pre",     "q",       "s",      "samp",  "section", "small",
      "source",     "span",    "strike",  "strong",  "svg",    "sub",   "summary", "sup",
      "table",      "tbody",   "td",      "tfoot",   "th",     "thead", "time",    "tr",
      "tt",         "u",       "ul",      "var",     "video",  "wbr",   "script",  "style",
      "title"};
  for (const char* element : kElements) {
    if (name == element) return true;
  }
  return false;
}

bool IsNamedEntity(std::string_view name) {
  static const char* const kEntities[] = {
      "amp",    "lt",     "gt",     "quot",   "apos",  "nbsp",  "copy",   "reg",   "trade",
      "ndash",  "mdash",  "lsquo",  "rsquo",  "ldquo", "rdquo", "hellip", "laquo", "raquo",
      "eacute", "egrave", "agrave", "aacute", "uuml",  "ouml",  "auml",   "szlig", "ccedil",
      "bull",   "middot", "deg",    "euro",   "pound", "times", "shy"};
  for (const char* entity : kEntities) {
    if (name == entity) return true;
  }
  return false;
}

// An entity (&amp;, &#8217;, &#x2014;) starts at text[i] == '&'.
bool EntityAt(std::string_view text, size_t i) {
  const size_t semi = text.substr(0, i + 10).find(';', i);
  if (semi == std::string_view::npos || semi - i < 3) return false;
  std::string_view name = text.substr(i + 1, semi - i - 1);
  if (name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return false;
    for (char c : digits) {
      if (!(IsDigit(c) || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))))) {
        return false;
      }
    }
    return true;
  }
  return IsNamedEntity(name);
}

// What a '<' at text[i] starts, as evidence that the text is HTML.
enum class Evidence { kNone, kWeak, kStrong };

struct Tag {
  Evidence evidence = Evidence::kNone;
  // A tag only a whole page has (<html>, <body>, <!DOCTYPE>, <svg>): in the
  // middle of a text, a page quoted as an example.
  bool page = false;
};

// `comment_end`: where the last "-->" looked for was found (npos: none
// follows), shared by the calls on one text, so that it is searched for
// again only past it and each byte is looked at once.
Tag TagAt(std::string_view text, size_t i, bool at_start, size_t* comment_end) {
  Tag tag;
  if (text.compare(i, 4, "<!--") == 0) {
    if (*comment_end != std::string_view::npos && *comment_end < i + 4) {
      *comment_end = text.find("-->", i + 4);
    }
    if (*comment_end == std::string_view::npos) return tag;
    tag.evidence = Evidence::kStrong;
    return tag;
  }
  const std::string start = Lower(text.substr(i, 9));
  if (start == "<!doctype" || start.compare(0, 5, "<?xml") == 0) {
    tag.evidence = at_start ? Evidence::kStrong : Evidence::kNone;
    tag.page = true;
    return tag;
  }
  size_t p = i + 1;
  const bool closing = p < text.size() && text[p] == '/';
  if (closing) ++p;
  const size_t name_start = p;
  while (p < text.size() && (IsAlpha(text[p]) || IsDigit(text[p]))) ++p;
  if (p == name_start || !IsAlpha(text[name_start])) return tag;
  const std::string_view raw_name = text.substr(name_start, p - name_start);
  const std::string name = Lower(raw_name);
  if (!IsHtmlElement(name)) return tag;
  tag.page = name == "html" || name == "head" || name == "body" || name == "svg";
  // Its '>': before any other '<' (so that each byte is looked at for one
  // tag only), within a tag's length.
  std::string_view window = text.substr(p, 2000);
  window = window.substr(0, window.find('<'));
  const size_t close = window.find('>');
  if (close == std::string_view::npos) return tag;
  std::string_view rest = window.substr(0, close);  // blanks and attributes, or "/"
  if (closing) {
    for (char c : rest) {
      if (!IsBlank(c)) return tag;
    }
    tag.evidence = Evidence::kStrong;  // </p>
    return tag;
  }
  if (!rest.empty() && !IsBlank(rest[0]) && rest[0] != '/') return tag;
  // A start tag: "Vec<Source>" (mixed case) is a type, not an element.
  bool upper = false, lower = false;
  for (char c : raw_name) {
    upper = upper || (c >= 'A' && c <= 'Z');
    lower = lower || (c >= 'a' && c <= 'z');
  }
  if (upper && lower) return tag;
  tag.evidence = Evidence::kStrong;
  if (at_start || name == "br" || name == "hr" || name == "img") return tag;
  // A quoted attribute value: <a href="...">, <div class='x'>.
  size_t eq = rest.find('=');
  while (eq != std::string_view::npos) {
    size_t q = eq + 1;
    while (q < rest.size() && IsBlank(rest[q])) ++q;
    if (q < rest.size() && (rest[q] == '"' || rest[q] == '\'') &&
        rest.find(rest[q], q + 1) != std::string_view::npos) {
      return tag;
    }
    eq = rest.find('=', eq + 1);
  }
  tag.evidence = Evidence::kWeak;  // <div> or <b> in running text: may be prose about HTML
  return tag;
}

}  // namespace

bool LooksLikeHtml(std::string_view text) {
  size_t first = 0;
  while (first < text.size() && IsBlank(text[first])) ++first;
  bool entity = false, tag_opener = false, quotes_page = false;
  size_t comment_end = 0;
  size_t paragraphs = 0;  // blocks between blank lines, so far
  bool in_paragraph = false;
  size_t marked = 0;       // paragraphs with markup in them
  size_t last_marked = 0;  // the last one (1-based)
  for (size_t i = first; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      size_t j = i + 1;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
      if (j < text.size() && text[j] == '\n') in_paragraph = false;  // a blank line
      continue;
    }
    if (!in_paragraph && !IsBlank(c)) {
      in_paragraph = true;
      ++paragraphs;
    }
    if (c == '<') {
      const Tag tag = TagAt(text, i, i == first, &comment_end);
      if (tag.evidence == Evidence::kStrong) {
        if (i == first) return true;  // it starts with markup
        quotes_page = quotes_page || tag.page;
        if (last_marked != paragraphs) {
          ++marked;
          last_marked = paragraphs;
        }
      }
      const char next = i + 1 < text.size() ? text[i + 1] : ' ';
      tag_opener = tag_opener || IsAlpha(next) || next == '/' || next == '!' || next == '?';
    } else if (c == '&' && !entity) {
      entity = EntityAt(text, i);
    }
  }
  // Markup in one paragraph of several, or a page's tags mid-text: an
  // example quoted in a text about HTML.
  if (marked > 0 && !quotes_page && marked >= std::min<size_t>(2, paragraphs)) return true;
  // Entities alone: text escaped as HTML, read the same with no tag to lose.
  return entity && !tag_opener;
}

Status ApplyBodyFormat(BodyFormat format, Article* article) {
  if (format == BodyFormat::kAuto) {
    format = LooksLikeHtml(article->body) ? BodyFormat::kHtml : BodyFormat::kText;
  }
  if (format == BodyFormat::kText || article->body.empty()) return Status::Ok();
  const char* what = format == BodyFormat::kHtml ? "HTML" : "Markdown";
  if (format == BodyFormat::kHtml) {
    article->body = HtmlToText(article->body);
    if (LooksLikeHtml(article->title)) article->title = HtmlInlineText(article->title);
  } else {
    std::string heading;
    article->body = MarkdownToText(article->body, article->title.empty(), &heading);
    if (article->title.empty()) article->title = heading;
  }
  if (article->body.empty()) {
    return Status::InvalidArgument(std::string("field \"body\" holds no text once read as ") +
                                   what);
  }
  return Status::Ok();
}

}  // namespace ingest
}  // namespace byline
