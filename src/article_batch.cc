#include "byline/article_batch.h"

#include <istream>
#include <nlohmann/json.hpp>
#include <streambuf>

#include "byline/seen_ids.h"

namespace byline {
namespace {

// An istream over text that stays where it is (no copy of a large body).
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

// '[' (after blanks and a byte order mark) is a JSON array; anything else
// is read as JSON Lines, whose records then say what is wrong with them.
bool IsJsonArray(std::string_view text) {
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '[';
}

std::string_view LineOf(std::string_view text, size_t line) {
  size_t start = 0;
  for (size_t n = 1; n < line; ++n) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  const size_t end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string IdValue(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  return "";
}

}  // namespace

std::string IdOnLine(std::string_view text, size_t line, const FieldMap& field_map) {
  if (line == 0) return "";
  auto mapped = field_map.find("id");
  const std::string key = mapped == field_map.end() ? "id" : mapped->second;
  std::string_view record = LineOf(text, line);
  // A whole record on its line (JSON Lines, or a one-line array element).
  const size_t open = record.find('{');
  const size_t close = record.rfind('}');
  if (open != std::string_view::npos && close != std::string_view::npos && open < close) {
    auto object = nlohmann::json::parse(record.substr(open, close - open + 1), nullptr, false);
    if (object.is_object()) {
      auto id = object.find(key);
      return id == object.end() ? "" : IdValue(*id);
    }
  }
  // Otherwise the first "key": "value" on the line.
  const std::string quoted = "\"" + key + "\"";
  size_t at = record.find(quoted);
  if (at == std::string_view::npos) return "";
  at = record.find_first_not_of(" \t", at + quoted.size());
  if (at == std::string_view::npos || record[at] != ':') return "";
  at = record.find_first_not_of(" \t", at + 1);
  if (at == std::string_view::npos) return "";
  // The value alone: a string (escapes kept intact) or a number.
  size_t end = at;
  if (record[at] == '"') {
    for (end = at + 1; end < record.size() && record[end] != '"'; ++end) {
      if (record[end] == '\\') ++end;
    }
    ++end;
  } else {
    end = record.find_first_of(",} \t", at);
  }
  if (end == std::string_view::npos || end > record.size()) end = record.size();
  auto value = nlohmann::json::parse(record.substr(at, end - at), nullptr, false);
  return value.is_discarded() ? "" : IdValue(value);
}

Status ReadArticleBatch(std::string_view text, const std::string& name, const FieldMap& field_map,
                        const std::function<void(Article&&, size_t line)>& on_article,
                        const std::function<void(const BatchRecordError&)>& on_error) {
  ViewBuf buf(text);
  std::istream in(&buf);
  RecordPosition where;
  ReadOptions options;
  options.field_map = field_map;
  options.position = &where;
  SeenIds seen;
  auto take = [&](Article&& article) {
    if (auto repeated = seen.SkipIfSeen(article.id, where)) {
      return on_error({repeated->line, article.id, repeated->reason});
    }
    on_article(std::move(article), where.line);
  };
  auto refuse = [&](const RecordError& e) {
    on_error({e.line, IdOnLine(text, e.line, field_map), e.reason});
  };
  return IsJsonArray(text) ? ReadJsonArray(in, name, options, take, refuse)
                           : ReadJsonLinesWithOptions(in, name, options, take, refuse);
}

}  // namespace byline
