#include "byline/fields.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "byline/date_bound.h"
#include "byline/dates.h"
#include "byline/ingest.h"

namespace byline {
namespace {

using nlohmann::json;

constexpr size_t kMaxFieldNameBytes = 64;

// Names the search API, query syntax or the index itself already use: a
// field of one of these names could not be told apart from them.
constexpr std::string_view kReservedNames[] = {
    // query syntax prefixes (besides the canonical fields)
    "tag", "year", "date",
    // GET /search parameters
    "q", "page", "per_page", "op", "from", "to", "facets", "facet_size", "date_interval", "sort",
    "recency", "recency_weight", "spelling", "autocorrect", "collapse", "snippets", "snippet_chars",
    "highlight", "highlight_class", "fields", "relevance", "completions", "titles", "score",
    "dedupe",
    // hit fields
    "title_html", "snippet_html", "matched_fields", "collapsed", "duplicates"};

const char* JsonTypeName(const json& value) { return value.type_name(); }

Status WrongType(const FieldSpec& spec, const std::string& expected, const json& value) {
  return Status::InvalidArgument("field \"" + spec.name + "\" (declared " +
                                 FieldTypeName(spec.type) + ") must be " + expected + ", not " +
                                 JsonTypeName(value));
}

}  // namespace

const char* FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kKeyword:
      return "keyword";
    case FieldType::kNumber:
      return "number";
    case FieldType::kDate:
      return "date";
    case FieldType::kText:
      return "text";
  }
  return "keyword";
}

Status CheckFieldName(std::string_view name) {
  const std::string quoted = "\"" + std::string(name.substr(0, 80)) + "\"";
  if (name.empty() || name.size() > kMaxFieldNameBytes || !(name[0] >= 'a' && name[0] <= 'z')) {
    return Status::InvalidArgument("field name " + quoted +
                                   " must start with a lower-case letter a-z and be at most " +
                                   std::to_string(kMaxFieldNameBytes) + " bytes");
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return Status::InvalidArgument("field name " + quoted +
                                     " may hold only lower-case letters a-z, digits and _");
    }
  }
  if (IsArticleField(name)) {
    return Status::InvalidArgument("field name " + quoted +
                                   " is an article field of its own (id, title, body, url, "
                                   "published, source, author, tags, lang)");
  }
  if (name.rfind("byline", 0) == 0 ||
      std::find(std::begin(kReservedNames), std::end(kReservedNames), name) !=
          std::end(kReservedNames)) {
    return Status::InvalidArgument("field name " + quoted +
                                   " is reserved (a search parameter or query syntax name)");
  }
  return Status::Ok();
}

Result<FieldSpec> ParseFieldSpec(std::string_view spec) {
  const size_t colon = spec.find(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument("\"" + std::string(spec.substr(0, 80)) +
                                   "\" must look like NAME:TYPE (TYPE keyword, number, date or "
                                   "text), e.g. category:keyword");
  }
  FieldSpec field;
  field.name = std::string(spec.substr(0, colon));
  if (Status s = CheckFieldName(field.name); !s.ok()) return s;
  const std::string_view type = spec.substr(colon + 1);
  if (type == "keyword") {
    field.type = FieldType::kKeyword;
  } else if (type == "number") {
    field.type = FieldType::kNumber;
  } else if (type == "date") {
    field.type = FieldType::kDate;
  } else if (type == "text") {
    field.type = FieldType::kText;
  } else {
    return Status::InvalidArgument("field \"" + field.name + "\": unknown type \"" +
                                   std::string(type.substr(0, 40)) +
                                   "\" (keyword, number, date or text)");
  }
  return field;
}

const FieldSpec* FindField(const FieldSchema& fields, std::string_view name) {
  for (const FieldSpec& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

int FieldIndex(const FieldSchema& fields, std::string_view name) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string EncodeFieldSchema(const FieldSchema& fields) {
  std::string text;
  for (const FieldSpec& field : fields) {
    text += field.name + ":" + FieldTypeName(field.type) + "\n";
  }
  return text;
}

Result<FieldSchema> DecodeFieldSchema(const std::string& text) {
  FieldSchema fields;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    auto field = ParseFieldSpec(line);
    if (!field.ok()) {
      return Status::Corruption("the index's field declarations hold \"" + line.substr(0, 80) +
                                "\": " + field.status().message() +
                                " (written by a newer Byline?)");
    }
    fields.push_back(std::move(field).value());
  }
  return fields;
}

Result<FieldSchema> MergeFieldSchemas(const FieldSchema& stored, const FieldSchema& declared,
                                      bool rebuild, size_t max_fields) {
  FieldSchema merged = stored;
  for (const FieldSpec& field : declared) {
    FieldSpec* known = nullptr;
    for (FieldSpec& m : merged) {
      if (m.name == field.name) known = &m;
    }
    if (known == nullptr) {
      merged.push_back(field);
    } else if (known->type != field.type) {
      if (!rebuild) {
        return Status::InvalidArgument(
            "field \"" + field.name + "\" is declared " + FieldTypeName(known->type) +
            " in the index; changing it to " + FieldTypeName(field.type) +
            " means indexing every article again: run with --reindex");
      }
      known->type = field.type;
    }
  }
  // An index that already has more (declared under a higher limit) keeps them.
  if (merged.size() > max_fields && merged.size() > stored.size()) {
    return Status::InvalidArgument(
        std::to_string(merged.size()) + " declared fields (" + std::to_string(stored.size()) +
        " in the index) are more than --max-fields " + std::to_string(max_fields));
  }
  return merged;
}

const std::string* ExtraField(const Article& article, std::string_view name) {
  for (const auto& [field, value] : article.extra_fields) {
    if (field == name) return &value;
  }
  return nullptr;
}

Result<FieldValue> ReadFieldValue(const FieldSpec& spec, std::string_view json_text) {
  FieldValue out;
  json value = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (value.is_discarded()) {
    return Status::InvalidArgument("field \"" + spec.name + "\" is not valid JSON");
  }
  if (value.is_null()) return out;
  switch (spec.type) {
    case FieldType::kKeyword:
      if (value.is_string()) {
        if (!value.get_ref<const std::string&>().empty()) {
          out.keywords.push_back(value.get<std::string>());
        }
      } else if (value.is_array()) {
        for (const json& item : value) {
          if (!item.is_string()) {
            return WrongType(spec, "a string or an array of strings, holding no", item);
          }
          if (!item.get_ref<const std::string&>().empty()) {
            out.keywords.push_back(item.get<std::string>());
          }
        }
      } else {
        return WrongType(spec, "a string or an array of strings", value);
      }
      out.present = !out.keywords.empty();
      return out;
    case FieldType::kNumber:
      if (!value.is_number()) return WrongType(spec, "a number", value);
      out.number = value.get<double>();
      if (!std::isfinite(out.number)) {
        return Status::InvalidArgument("field \"" + spec.name + "\" must be a finite number");
      }
      out.present = true;
      return out;
    case FieldType::kDate: {
      if (!value.is_string()) return WrongType(spec, "a date string (YYYY-MM-DD, ...)", value);
      const std::string& text = value.get_ref<const std::string&>();
      // As published takes it (byline/dates.h); a bare year or month means
      // its first second. ISO text (most values) is parsed once.
      auto when = PublishedSeconds(text);
      if (!when.ok()) {
        auto iso = NormalizeDate(text);
        if (!iso.ok()) {
          return Status::InvalidArgument("field \"" + spec.name + "\": " + iso.status().message());
        }
        when = PublishedSeconds(*iso);
        if (!when.ok()) {
          return Status::InvalidArgument("field \"" + spec.name + "\": " + when.status().message());
        }
      }
      out.number = static_cast<double>(*when);
      out.present = true;
      return out;
    }
    case FieldType::kText:
      if (!value.is_string()) return WrongType(spec, "a string", value);
      out.text = value.get<std::string>();
      out.present = !out.text.empty();
      return out;
  }
  return out;
}

Status CheckFieldValues(const Article& article, const FieldSchema& fields) {
  if (fields.empty()) return Status::Ok();
  for (const auto& [name, value] : article.extra_fields) {
    const FieldSpec* spec = FindField(fields, name);
    if (spec == nullptr) continue;
    if (auto read = ReadFieldValue(*spec, value); !read.ok()) return read.status();
  }
  return Status::Ok();
}

}  // namespace byline
