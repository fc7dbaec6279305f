// Markdown files with YAML-style front matter: one article per file.
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "byline/ingest.h"
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

// Removes inline markup from one line: links and images keep their text,
// emphasis and code marks go, HTML tags go.
std::string StripInline(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {  // an escaped character stands for itself
      out.push_back(line[++i]);
      continue;
    }
    if (c == '!' && i + 1 < line.size() && line[i + 1] == '[') continue;  // image: keep alt
    if (c == '[') {
      size_t close = line.find(']', i + 1);
      if (close != std::string_view::npos) {
        out.append(StripInline(line.substr(i + 1, close - i - 1)));
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
    if (c == '<') {  // inline HTML or an autolink
      size_t close = line.find('>', i);
      if (close != std::string_view::npos) {
        std::string_view inner = line.substr(i + 1, close - i - 1);
        if (inner.rfind("http", 0) == 0) out.append(inner);
        i = close;
        continue;
      }
    }
    if (c == '*' || c == '`' || c == '~') continue;
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

// The Markdown body as plain text. *heading receives the first heading, which
// is dropped from the text when `take_heading` (it becomes the title).
std::string MarkdownToText(std::string_view md, bool take_heading, std::string* heading) {
  std::string out;
  bool in_fence = false;
  size_t pos = 0;
  while (pos < md.size()) {
    size_t end = md.find('\n', pos);
    if (end == std::string_view::npos) end = md.size();
    std::string_view line = TrimView(md.substr(pos, end - pos));
    pos = end + 1;
    if (line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0) {
      in_fence = !in_fence;
      out += "\n";
      continue;
    }
    if (in_fence) {  // code is content; keep it as it is
      out.append(line);
      out += "\n";
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
    std::string text = StripInline(line);
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

void ReadMarkdown(std::string_view text, const std::string& name, const std::string& default_id,
                  const FieldMap& field_map, const ArticleCallback& on_article,
                  const ErrorCallback& on_error) {
  text = ingest::StripBom(text);
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
  a.body = MarkdownToText(body, a.title.empty(), &heading);
  if (a.title.empty()) a.title = heading;
  if (a.title.empty()) {
    on_error({name, 0, "no title: give \"title:\" in the front matter or start with a # heading"});
    return;
  }
  if (a.body.empty()) {
    on_error({name, body_line, "no body text after the front matter"});
    return;
  }
  ingest::EmitArticle(name, std::move(a), on_article, on_error);
}

}  // namespace byline
