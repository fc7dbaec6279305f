// Markdown files with YAML-style front matter: one article per file.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "byline/ingest.h"
#include "ingest/charset.h"
#include "ingest/markdown_text.h"
#include "ingest/text_util.h"

namespace byline {
namespace {

using ingest::TrimView;
using json = nlohmann::json;

struct FrontMatter {
  std::map<std::string, std::string> scalars;             // lower-cased key -> value
  std::map<std::string, std::vector<std::string>> lists;  // lower-cased key -> items
};

std::string Unquote(std::string_view v) {
  v = TrimView(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    v = v.substr(1, v.size() - 2);
  }
  return std::string(v);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> SplitInlineList(std::string_view v) {  // "[a, 'b c']"
  std::vector<std::string> items;
  v = v.substr(1, v.size() - 2);
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t comma = v.find(',', pos);
    if (comma == std::string_view::npos) comma = v.size();
    std::string item = Unquote(v.substr(pos, comma - pos));
    if (!item.empty()) items.push_back(item);
    pos = comma + 1;
  }
  return items;
}

// Splits off and parses front matter. On success *body is what follows it
// and *body_line the line number it starts on.
Status ParseFrontMatter(std::string_view text, FrontMatter* fm, std::string_view* body,
                        size_t* body_line, size_t* error_line) {
  *body = text;
  *body_line = 1;
  auto first_end = text.find('\n');
  if (TrimView(text.substr(0, first_end)) != "---") return Status::Ok();
  size_t pos = first_end == std::string_view::npos ? text.size() : first_end + 1;
  size_t line_no = 1;
  std::string list_key;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    std::string_view line = TrimView(raw);
    ++line_no;
    pos = end + 1;
    if (line == "---" || line == "...") {
      *body = pos < text.size() ? text.substr(pos) : std::string_view();
      *body_line = line_no + 1;
      return Status::Ok();
    }
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '-' && (line.size() == 1 || line[1] == ' ') && !list_key.empty()) {
      std::string item = Unquote(line.substr(1));
      if (!item.empty()) fm->lists[list_key].push_back(item);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || raw.front() == ' ' ||
        raw.front() == '\t') {
      // Nested YAML we do not read is skipped only under a list-less key.
      if ((raw.front() == ' ' || raw.front() == '\t') && list_key.empty()) continue;
      *error_line = line_no;
      return Status::InvalidArgument("front matter: expected \"key: value\", found \"" +
                                     std::string(line.substr(0, 60)) + "\"");
    }
    std::string key = Lower(TrimView(line.substr(0, colon)));
    std::string_view value = TrimView(line.substr(colon + 1));
    list_key.clear();
    if (value.empty()) {
      list_key = key;  // a block list may follow
      fm->lists[key];
    } else if (value.front() == '[' && value.back() == ']') {
      fm->lists[key] = SplitInlineList(value);
    } else {
      fm->scalars[key] = Unquote(value);
    }
  }
  *error_line = 1;
  return Status::InvalidArgument("front matter opened by \"---\" on line 1 is never closed");
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The length of the raw HTML tag (CommonMark's open tag, closing tag,
// declaration or processing instruction) that starts at s[i] == '<', or 0
// when none does: "<div class=\"note\">", "</span>", "<br/>" are tags;
// "< y", "<3" and "<a b c" without a '>' are text.
size_t HtmlTagLength(std::string_view s, size_t i) {
  s = s.substr(0, i + 4096);  // a longer tag is text: this keeps a long line linear
  size_t p = i + 1;
  if (p >= s.size()) return 0;
  if (s[p] == '?') {  // <?php ... ?>
    size_t end = s.find("?>", p + 1);
    return end == std::string_view::npos ? 0 : end + 2 - i;
  }
  if (s[p] == '!' && p + 1 < s.size() && IsAsciiAlpha(s[p + 1])) {  // <!DOCTYPE html>
    size_t end = s.find('>', p);
    return end == std::string_view::npos ? 0 : end + 1 - i;
  }
  const bool closing = s[p] == '/';
  if (closing) ++p;
  if (p >= s.size() || !IsAsciiAlpha(s[p])) return 0;
  while (p < s.size() && (IsAsciiAlpha(s[p]) || IsAsciiDigit(s[p]) || s[p] == '-')) ++p;
  if (closing) {
    while (p < s.size() && IsBlank(s[p])) ++p;
    return p < s.size() && s[p] == '>' ? p + 1 - i : 0;
  }
  for (;;) {  // attributes, each after blanks
    const size_t before_blanks = p;
    while (p < s.size() && IsBlank(s[p])) ++p;
    if (p >= s.size()) return 0;
    if (s[p] == '>') return p + 1 - i;
    if (s[p] == '/') return p + 1 < s.size() && s[p + 1] == '>' ? p + 2 - i : 0;
    const char c = s[p];
    if (p == before_blanks || !(IsAsciiAlpha(c) || c == '_' || c == ':')) return 0;
    while (p < s.size() && (IsAsciiAlpha(s[p]) || IsAsciiDigit(s[p]) || s[p] == '_' ||
                            s[p] == '.' || s[p] == ':' || s[p] == '-')) {
      ++p;
    }
    size_t q = p;
    while (q < s.size() && IsBlank(s[q])) ++q;
    if (q < s.size() && s[q] == '=') {  // a value
      ++q;
      while (q < s.size() && IsBlank(s[q])) ++q;
      if (q >= s.size()) return 0;
      if (s[q] == '"' || s[q] == '\'') {
        size_t end = s.find(s[q], q + 1);
        if (end == std::string_view::npos) return 0;
        p = end + 1;
      } else {
        size_t start = q;
        while (q < s.size() && !IsBlank(s[q]) &&
               std::string_view("\"'=<>`").find(s[q]) == std::string_view::npos) {
          ++q;
        }
        if (q == start) return 0;
        p = q;
      }
    }
  }
}

// True for a tag of an element that ends a line or a cell (<br>, </p>,
// <td>), whose text is a word apart from the text before it; false for
// inline ones (<b>, <span>) that may sit inside a word.
bool SeparatesWords(std::string_view tag) {
  size_t p = tag[1] == '/' ? 2 : 1;
  std::string name;
  while (p < tag.size() && (IsAsciiAlpha(tag[p]) || IsAsciiDigit(tag[p]))) {
    name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(tag[p++]))));
  }
  static const char* const kBlocks[] = {
      "br",     "p",          "div",     "li",      "td",     "th",      "tr",
      "hr",     "h1",         "h2",      "h3",      "h4",     "h5",      "h6",
      "dt",     "dd",         "ul",      "ol",      "dl",     "table",   "blockquote",
      "pre",    "img",        "section", "article", "aside",  "details", "summary",
      "figure", "figcaption", "caption", "header",  "footer", "nav",     "main"};
  for (const char* block : kBlocks) {
    if (name == block) return true;
  }
  return false;
}

// The address of an autolink <https://...> or <name@example.com> that
// starts at s[i] == '<', or "" when there is none.
std::string_view Autolink(std::string_view s, size_t i) {
  size_t close = s.substr(0, i + 2048).find('>', i);
  if (close == std::string_view::npos) return {};
  std::string_view inner = s.substr(i + 1, close - i - 1);
  if (inner.empty() || inner.find_first_of(" \t<") != std::string_view::npos) return {};
  size_t colon = inner.find(':');
  if (colon != std::string_view::npos && colon >= 2 && colon <= 32 && IsAsciiAlpha(inner[0])) {
    bool scheme = true;
    for (size_t k = 0; k < colon; ++k) {
      char c = inner[k];
      scheme = scheme && (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '.' || c == '-');
    }
    if (scheme) return inner;
  }
  size_t at = inner.find('@');
  if (at != std::string_view::npos && at > 0 && inner.find('.', at) != std::string_view::npos) {
    return inner;
  }
  return {};
}

// The character an entity such as "&amp;", "&#8217;" or "&#x2014;" at
// s[i] == '&' stands for (as UTF-8), and its length; false for a '&' that
// starts none of those Markdown texts commonly hold.
bool DecodeEntity(std::string_view s, size_t i, std::string* out, size_t* length) {
  size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10 || semi == i + 1) return false;
  std::string_view name = s.substr(i + 1, semi - i - 1);
  uint32_t cp = 0;
  if (name[0] == '#') {
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return false;
    for (char c : digits) {
      int v = IsAsciiDigit(c)               ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (v < 0) return false;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  } else {
    static const std::pair<const char*, uint32_t> kNames[] = {
        {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},
        {"apos", '\''},    {"nbsp", 0xA0},    {"copy", 0xA9},     {"reg", 0xAE},
        {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018},  {"rsquo", 0x2019},
        {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"trade", 0x2122},
        {"larr", 0x2190},  {"rarr", 0x2192},  {"times", 0xD7},    {"middot", 0xB7},
    };
    for (const auto& [entity, value] : kNames) {
      if (name == entity) cp = value;
    }
    if (cp == 0) return false;
  }
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  *length = semi + 1 - i;
  return true;
}

// Removes inline markup from one line: links and images keep their text,
// emphasis marks go, raw HTML tags and comments go (their text stays),
// entities are decoded; a code span's text stays as written. An HTML
// comment that does not end on the line sets *in_comment (the caller skips
// lines up to its "-->").
std::string StripInline(std::string_view line, bool* in_comment) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {  // an escaped character stands for itself
      out.push_back(line[++i]);
      continue;
    }
    if (c == '`') {  // a code span: up to the next run of as many backticks
      size_t run = line.find_first_not_of('`', i);
      if (run == std::string_view::npos) run = line.size();
      const size_t ticks = run - i;
      size_t close = run;
      while ((close = line.find(std::string(ticks, '`'), close)) != std::string_view::npos) {
        size_t after = close + ticks;
        if (after < line.size() && line[after] == '`') {  // a longer run: not the closer
          close = line.find_first_not_of('`', after);
          if (close == std::string_view::npos) break;
          continue;
        }
        break;
      }
      if (close != std::string_view::npos) {
        out.append(line.substr(run, close - run));
        i = close + ticks - 1;
      } else {
        i = run - 1;  // unmatched backticks: dropped
      }
      continue;
    }
    if (c == '!' && i + 1 < line.size() && line[i + 1] == '[') continue;  // image: keep alt
    if (c == '[') {
      size_t close = line.find(']', i + 1);
      if (close != std::string_view::npos) {
        bool nested_comment = false;
        out.append(StripInline(line.substr(i + 1, close - i - 1), &nested_comment));
        size_t next = close + 1;
        if (next < line.size() && (line[next] == '(' || line[next] == '[')) {
          char closer = line[next] == '(' ? ')' : ']';
          size_t target_end = line.find(closer, next);
          if (target_end != std::string_view::npos) next = target_end + 1;
        }
        i = next - 1;
        continue;
      }
    }
    if (c == '<') {
      if (line.compare(i, 4, "<!--") == 0) {  // a comment, maybe over several lines
        size_t end = line.find("-->", i + 4);
        if (end == std::string_view::npos) {
          *in_comment = true;
          break;
        }
        i = end + 2;
        continue;
      }
      if (std::string_view link = Autolink(line, i); !link.empty()) {
        out.append(link);
        i += link.size() + 1;
        continue;
      }
      if (size_t tag = HtmlTagLength(line, i); tag > 0) {
        if (!out.empty() && !IsBlank(out.back()) && SeparatesWords(line.substr(i, tag))) {
          out.push_back(' ');  // <br>, </td><td>: words either side are not one
        }
        i += tag - 1;
        continue;
      }
    }
    if (c == '&') {
      size_t length = 0;
      if (DecodeEntity(line, i, &out, &length)) {
        i += length - 1;
        continue;
      }
    }
    if (c == '*' || c == '~') continue;
    if (c == '_') {
      // Emphasis only at word edges: snake_case words keep their underscores.
      bool word_before = i > 0 && std::isalnum(static_cast<unsigned char>(line[i - 1]));
      bool word_after =
          i + 1 < line.size() && std::isalnum(static_cast<unsigned char>(line[i + 1]));
      if (!(word_before && word_after)) continue;
    }
    out.push_back(c);
  }
  return out;
}

bool IsRule(std::string_view line) {  // ---, ***, ___ and table separators |---|:-:|
  if (line.size() < 3) return false;
  for (char c : line) {
    if (c != '-' && c != '*' && c != '_' && c != ' ' && c != '|' && c != ':') return false;
  }
  return true;
}

// The closing tag of an HTML block whose content is never text, when
// `line` opens one: "</script>", "</style>"; else "".
std::string_view SkippedBlockEnd(std::string_view line) {
  for (std::string_view tag : {"script", "style"}) {
    if (line.size() < tag.size() + 1 || line[0] != '<') continue;
    bool match = true;
    for (size_t k = 0; k < tag.size(); ++k) {
      match = match && std::tolower(static_cast<unsigned char>(line[k + 1])) == tag[k];
    }
    size_t after = tag.size() + 1;
    if (match && (after == line.size() || line[after] == '>' || IsBlank(line[after]))) {
      return tag == "script" ? "</script>" : "</style>";
    }
  }
  return {};
}

bool ContainsNoCase(std::string_view text, std::string_view lower_needle) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(lower_needle) != std::string::npos;
}

}  // namespace

namespace ingest {

std::string MarkdownToText(std::string_view md, bool take_heading, std::string* heading) {
  std::string out;
  char fence_char = 0;  // '`' or '~' inside a fenced code block
  size_t fence_length = 0;
  bool in_comment = false;      // inside an HTML comment
  std::string_view skip_until;  // the end tag of a <script> or <style> block
  size_t pos = 0;
  while (pos < md.size()) {
    size_t end = md.find('\n', pos);
    if (end == std::string_view::npos) end = md.size();
    std::string_view line = TrimView(md.substr(pos, end - pos));
    pos = end + 1;
    if (fence_char == 0 && !skip_until.empty()) {
      if (ContainsNoCase(line, skip_until)) skip_until = {};
      continue;
    }
    if (in_comment) {
      size_t close = line.find("-->");
      if (close == std::string_view::npos) continue;
      in_comment = false;
      line = TrimView(line.substr(close + 3));
      if (line.empty()) continue;
    }
    if (line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0) {
      const size_t run = std::min(line.find_first_not_of(line[0]), line.size());
      if (fence_char == 0) {
        fence_char = line[0];
        fence_length = run;
        out += "\n";
        continue;
      }
      if (line[0] == fence_char && run >= fence_length && TrimView(line.substr(run)).empty()) {
        fence_char = 0;
        out += "\n";
        continue;
      }
    }
    if (fence_char != 0) {  // code is content; keep it as it is
      out.append(line);
      out += "\n";
      continue;
    }
    if (std::string_view block_end = SkippedBlockEnd(line); !block_end.empty()) {
      if (!ContainsNoCase(line, block_end)) skip_until = block_end;
      continue;
    }
    while (!line.empty() && line.front() == '>') line = TrimView(line.substr(1));  // quotes
    if (line.empty()) {
      out += "\n";
      continue;
    }
    if (IsRule(line)) {
      out += "\n";
      continue;
    }
    if (line.front() == '[' && line.find("]:") != std::string_view::npos) continue;  // link refs
    bool is_heading = false;
    if (line.front() == '#') {  // not empty: checked above
      size_t hashes = line.find_first_not_of('#');
      if (hashes <= 6 && line[hashes] == ' ') {  // npos is more than 6
        line = TrimView(line.substr(hashes));
        while (!line.empty() && line.back() == '#') line.remove_suffix(1);  // closing hashes
        line = TrimView(line);
        is_heading = true;
      }
    } else if (line.size() > 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') &&
               line[1] == ' ') {
      line = line.substr(2);  // bullet
    } else {
      size_t digits = line.find_first_not_of("0123456789");
      if (digits > 0 && digits != std::string_view::npos && digits + 1 < line.size() &&
          (line[digits] == '.' || line[digits] == ')') && line[digits + 1] == ' ') {
        line = line.substr(digits + 2);  // numbered item
      }
    }
    std::string text = StripInline(line, &in_comment);
    for (char& c : text) {
      if (c == '|') c = ' ';  // table cells
    }
    if (is_heading && heading->empty()) {
      *heading = ingest::TidyText(text);
      if (take_heading) continue;
    }
    out += text;
    out += is_heading ? "\n\n" : "\n";
  }
  return ingest::TidyText(out);
}

}  // namespace ingest

namespace {

// Front matter key for a canonical field: the mapped name, else the field
// itself, else common aliases (Hugo/Jekyll use "date" and "categories").
std::vector<std::string> KeysFor(const FieldMap& map, const std::string& field) {
  auto it = map.find(field);
  if (it != map.end()) return {Lower(it->second)};
  if (field == "published") return {"published", "date", "pubdate"};
  if (field == "tags") return {"tags", "categories", "keywords"};
  if (field == "id") return {"id", "slug"};
  if (field == "lang") return {"lang", "language"};
  if (field == "author") return {"author", "authors"};
  return {field};
}

// The front matter's keys that no field reads become custom fields: a
// list as an array of strings, a scalar that is a JSON number as that
// number, any other as a string.
void KeepOtherKeys(const FrontMatter& fm, const FieldMap& field_map, Article* a) {
  // Read by a field: its own name, a mapped name, or an alias of a field
  // that is not mapped (KeysFor).
  std::set<std::string> read;
  for (const auto& [field, source] : field_map) read.insert(Lower(source));
  for (const char* field : {"published", "tags", "id", "lang", "author"}) {
    for (const std::string& key : KeysFor(field_map, field)) read.insert(key);
  }
  auto is_read = [&](const std::string& key) { return IsArticleField(key) || read.count(key); };
  auto quoted = [](const std::string& text) { return json(text).dump(); };
  auto is_number = [](const std::string& text) {
    // JSON's grammar, with nothing around the number (as it is kept as written).
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    return !text.empty() && text.size() <= 30 && (text[0] == '-' || digit(text[0])) &&
           digit(text.back()) && json::parse(text, nullptr, false).is_number();
  };
  std::map<std::string, std::string> kept;  // by name, as JSON records' are
  for (const auto& [key, value] : fm.scalars) {
    if (is_read(key) || !IsValidUtf8(key) || !IsValidUtf8(value)) continue;
    kept[key] = is_number(value) ? value : quoted(value);
  }
  for (const auto& [key, items] : fm.lists) {
    if (is_read(key) || kept.count(key) || !IsValidUtf8(key)) continue;
    std::string array = "[";
    for (const std::string& item : items) {
      if (!IsValidUtf8(item)) continue;
      if (array.size() > 1) array += ",";
      array += quoted(item);
    }
    kept[key] = array + "]";
  }
  for (auto& [key, value] : kept) a->extra_fields.emplace_back(key, std::move(value));
}

}  // namespace

void ReadMarkdown(std::string_view raw, const std::string& name, const std::string& default_id,
                  const FieldMap& field_map, const ArticleCallback& on_article,
                  const ErrorCallback& on_error, const ErrorCallback& on_date_warning) {
  std::string converted;
  auto decoded = ingest::DecodeTextBytes(raw, &converted, "Markdown");
  if (!decoded.ok()) {
    on_error({name, 0, decoded.status().message()});
    return;
  }
  const std::string_view text = *decoded;
  FrontMatter fm;
  std::string_view body;
  size_t body_line = 1, error_line = 0;
  if (Status s = ParseFrontMatter(text, &fm, &body, &body_line, &error_line); !s.ok()) {
    on_error({name, error_line, s.message()});
    return;
  }
  Article a;
  for (const auto& [field, out] : StringFields(a)) {
    if (std::string_view(field) == "body") continue;  // the text after the front matter
    for (const std::string& key : KeysFor(field_map, field)) {
      if (auto it = fm.scalars.find(key); it != fm.scalars.end()) {
        *out = it->second;
        break;
      }
      if (auto it = fm.lists.find(key); it != fm.lists.end() && !it->second.empty()) {
        *out = it->second.front();  // e.g. "authors: [Ann]"
        break;
      }
    }
  }
  for (const std::string& key : KeysFor(field_map, "tags")) {
    if (auto it = fm.lists.find(key); it != fm.lists.end()) {
      a.tags = it->second;
      break;
    }
    if (auto it = fm.scalars.find(key); it != fm.scalars.end()) {
      a.tags.push_back(it->second);
      break;
    }
  }
  if (a.id.empty()) a.id = default_id;
  KeepOtherKeys(fm, field_map, &a);
  std::string heading;
  a.body = ingest::MarkdownToText(body, a.title.empty(), &heading);
  if (a.title.empty()) a.title = heading;
  if (a.title.empty()) {
    on_error({name, 0, "no title: give \"title:\" in the front matter or start with a # heading"});
    return;
  }
  if (a.body.empty()) {
    on_error({name, body_line, "no body text after the front matter"});
    return;
  }
  ingest::EmitArticle(name, std::move(a), on_article, on_error, on_date_warning);
}

}  // namespace byline
