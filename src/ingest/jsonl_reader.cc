// JSON Lines and JSON object parsing into Articles.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "byline/dates.h"
#include "byline/fields.h"
#include "byline/ingest.h"
#include "ingest/body_format.h"
#include "ingest/charset.h"
#include "ingest/text_util.h"

namespace byline {
namespace {

using nlohmann::json;

std::string SourceName(const FieldMap& map, const std::string& field) {
  auto it = map.find(field);
  return it == map.end() ? field : it->second;
}

// Reads a string field; a number is accepted for ids (CMS exports use them).
Status ReadString(const json& obj, const FieldMap& map, const std::string& field,
                  std::string* out) {
  const std::string name = SourceName(map, field);
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (it->is_string()) {
    *out = it->get<std::string>();
  } else if (field == "id" && it->is_number_integer()) {
    *out = it->dump();
  } else {
    return Status::InvalidArgument("field \"" + name + "\" must be a string, not " +
                                   it->type_name());
  }
  return Status::Ok();
}

Status ReadTags(const json& obj, const FieldMap& map, std::vector<std::string>* tags) {
  const std::string name = SourceName(map, "tags");
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (it->is_string()) {  // a single tag
    if (!it->get_ref<const std::string&>().empty()) tags->push_back(it->get<std::string>());
    return Status::Ok();
  }
  if (!it->is_array()) {
    return Status::InvalidArgument("field \"" + name + "\" must be an array of strings, not " +
                                   it->type_name());
  }
  for (const auto& tag : *it) {
    if (!tag.is_string()) {
      return Status::InvalidArgument("field \"" + name + "\" must hold only strings, found " +
                                     std::string(tag.type_name()));
    }
    if (!tag.get_ref<const std::string&>().empty()) tags->push_back(tag.get<std::string>());
  }
  return Status::Ok();
}

// A record's own say in how its body is read (ApplyBodyFormat).
constexpr const char* kBodyFormatField = "body_format";

// The record's "body_format", else `fallback`.
Result<BodyFormat> RecordBodyFormat(const json& obj, BodyFormat fallback) {
  auto it = obj.find(kBodyFormatField);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_string()) {
    return Status::InvalidArgument(std::string("field \"") + kBodyFormatField +
                                   "\" must be a string (text, html, markdown or auto), not " +
                                   it->type_name());
  }
  auto format = ParseBodyFormat(it->get_ref<const std::string&>());
  if (!format.ok()) {
    return Status::InvalidArgument(std::string("field \"") + kBodyFormatField +
                                   "\": " + format.status().message());
  }
  return format;
}

// Keeps every other top-level field (not null) as compact JSON: what the
// field map reads, and canonical names it reads elsewhere, are not "other".
void ReadExtraFields(const json& obj, const FieldMap& map, Article* a) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& name = it.key();
    if (it->is_null() || IsArticleField(name) || name == kBodyFormatField) continue;
    bool mapped = false;
    for (const auto& [field, source] : map) mapped = mapped || source == name;
    if (mapped) continue;
    a->extra_fields.emplace_back(name, it->dump());
  }
}

Result<Article> ArticleFromJson(const json& obj, const FieldMap& map, BodyFormat body_format,
                                std::string* date_warning) {
  if (!obj.is_object()) {
    return Status::InvalidArgument(std::string("expected a JSON object, found ") + obj.type_name());
  }
  Article a;
  for (const auto& [field, out] : StringFields(a)) {
    Status s = ReadString(obj, map, field, out);
    if (!s.ok()) return s;
  }
  if (Status s = ReadTags(obj, map, &a.tags); !s.ok()) return s;
  auto format = RecordBodyFormat(obj, body_format);
  if (!format.ok()) return format.status();
  // (The JSON parser has checked that strings are UTF-8.)
  if (Status s = ingest::ApplyBodyFormat(*format, &a); !s.ok()) return s;
  ReadExtraFields(obj, map, &a);
  if (Status s = ResolvePublished(&a, date_warning); !s.ok()) return s;
  if (Status s = ValidateArticle(a); !s.ok()) return s;
  return a;
}

}  // namespace

std::string RecordError::ToString() const {
  if (line == 0) return file + ": " + reason;
  return file + ":" + std::to_string(line) + ": " + reason;
}

std::string RecordPosition::ToString() const {
  return line == 0 ? file : file + ":" + std::to_string(line);
}

Status CheckJsonDepth(std::string_view json_text) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json_text.size(); ++i) {
    const char c = json_text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        return Status::InvalidArgument("JSON nested more than " + std::to_string(kMaxJsonDepth) +
                                       " levels deep (at byte " + std::to_string(i + 1) + ")");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return Status::Ok();
}

namespace {

// The JSON value of `text`, depth checked first; InvalidArgument saying
// where and why when it is not JSON.
Result<json> ParseJsonText(std::string_view text) {
  if (Status s = CheckJsonDepth(text); !s.ok()) return s;
  json obj = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!obj.is_discarded()) return obj;
  // Text in another encoding: say so, and where, rather than "invalid JSON".
  if (const size_t bad = ingest::InvalidUtf8Offset(text); bad != std::string_view::npos) {
    const size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    const size_t column =
        line_start == std::string_view::npos || bad == 0 ? bad + 1 : bad - line_start;
    size_t line = 1;
    for (size_t i = 0; i < bad; ++i) line += text[i] == '\n';
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    return Status::InvalidArgument(
        std::string("invalid JSON: not valid UTF-8: byte ") + byte + " at column " +
        std::to_string(column) +
        (line > 1 ? " of the record's line " + std::to_string(line) : std::string()) +
        " (JSON must be UTF-8: convert the file, e.g. iconv -f windows-1252 -t utf-8)");
  }
  // Parse again with exceptions for a message that says where and why.
  try {
    json checked = json::parse(text.begin(), text.end());
    (void)checked;
  } catch (const json::exception& e) {  // parse_error, or out_of_range for 1e999
    std::string what = e.what();
    auto pos = what.find("parse error");
    return Status::InvalidArgument("invalid JSON: " +
                                   (pos == std::string::npos ? what : what.substr(pos)));
  }
  return Status::InvalidArgument("invalid JSON");
}

}  // namespace

Result<Article> ParseArticleJson(std::string_view text, const FieldMap& field_map) {
  return ParseArticleJson(text, field_map, BodyFormat::kAuto);
}

Result<Article> ParseArticleJson(std::string_view text, const FieldMap& field_map,
                                 BodyFormat body_format, std::string* date_warning) {
  auto obj = ParseJsonText(text);
  if (!obj.ok()) return obj.status();
  return ArticleFromJson(*obj, field_map, body_format, date_warning);
}

Result<Article> ParseArticleJsonWithDefaultId(std::string_view text, const FieldMap& field_map,
                                              const std::string& default_id,
                                              ArticleJsonFault* fault, BodyFormat body_format,
                                              std::string* date_warning) {
  ArticleJsonFault ignored;
  ArticleJsonFault& out = fault != nullptr ? *fault : ignored;
  out = ArticleJsonFault::kNotJson;
  auto obj = ParseJsonText(text);
  if (!obj.ok()) return obj.status();
  out = ArticleJsonFault::kNotObject;
  if (!obj->is_object()) {
    return Status::InvalidArgument(std::string("expected a JSON object, found ") +
                                   obj->type_name());
  }
  const std::string id_key = SourceName(field_map, "id");
  if (!obj->contains(id_key)) (*obj)[id_key] = default_id;
  out = ArticleJsonFault::kNotArticle;
  auto article = ArticleFromJson(*obj, field_map, body_format, date_warning);
  if (article.ok()) out = ArticleJsonFault::kNone;
  return article;
}

namespace ingest {

void ReadJsonRecord(std::string_view text, const std::string& name, size_t line,
                    const ReadOptions& options, const ArticleCallback& on_article,
                    const ErrorCallback& on_error) {
  std::string date_warning;
  auto article = ParseArticleJson(text, options.field_map, options.body_format,
                                  options.on_date_warning ? &date_warning : nullptr);
  if (article.ok() && !options.fields.empty()) {
    if (Status s = CheckFieldValues(*article, options.fields); !s.ok()) article = s;
  }
  if (article.ok()) {
    if (!date_warning.empty()) options.on_date_warning({name, line, date_warning});
    if (options.position) options.position->Set(name, line);
    on_article(std::move(article).value());
  } else {
    on_error({name, line, article.status().message()});
  }
}

}  // namespace ingest

Status ReadJsonLines(std::istream& in, const std::string& name, const FieldMap& field_map,
                     const ArticleCallback& on_article, const ErrorCallback& on_error) {
  ReadOptions options;
  options.field_map = field_map;
  return ReadJsonLinesWithOptions(in, name, options, on_article, on_error);
}

void ReadJsonLine(std::string_view line, size_t line_no, const std::string& name,
                  const ReadOptions& options, const ArticleCallback& on_article,
                  const ErrorCallback& on_error) {
  if (line_no == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.remove_prefix(3);  // BOM
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;
  ingest::ReadJsonRecord(line, name, line_no, options, on_article, on_error);
}

Status ReadJsonLinesWithOptions(std::istream& in, const std::string& name,
                                const ReadOptions& options, const ArticleCallback& on_article,
                                const ErrorCallback& on_error) {
  std::string line;
  size_t line_no = 0;
  auto stopped = [&] {
    return (options.should_stop && options.should_stop()) ||
           (options.skip_rest_of_file && options.skip_rest_of_file(name));
  };
  while (!stopped() && std::getline(in, line)) {
    ReadJsonLine(line, ++line_no, name, options, on_article, on_error);
  }
  if (in.bad())
    return Status::IOError(name + ": read failed after line " + std::to_string(line_no));
  return Status::Ok();
}

}  // namespace byline
