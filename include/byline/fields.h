// Custom fields: the top-level fields of an article besides the canonical
// ones (id, title, body, ...). Every such field is stored with the article
// and returned with it; a field declared with `byline-indexer --field
// NAME:TYPE` is also indexed by its type, as recorded in the index's metadata
// (schema::kFieldsMetadataKey), so that searchers know it too:
//
//   keyword  exact filter (category=world) and facet; a string or an array of strings
//   number   range filter (reading_minutes=5..10) and sort; a JSON number
//   date     range filter (updated=2024-01..2024-06) and sort; a date as `published` takes
//   text     searchable words, in plain queries and with its prefix (summary:crisis); a string
#ifndef BYLINE_FIELDS_H_
#define BYLINE_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "byline/article.h"
#include "byline/status.h"

namespace byline {

enum class FieldType { kKeyword, kNumber, kDate, kText };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kKeyword;

  bool operator==(const FieldSpec& o) const { return name == o.name && type == o.type; }
};

// An index's declared fields in declaration order; field i uses value slot
// schema::kFirstFieldSlot + i, so the order never changes once recorded.
using FieldSchema = std::vector<FieldSpec>;

// Declared fields an index takes by default (--max-fields), and at most.
inline constexpr size_t kDefaultMaxFields = 32;
inline constexpr size_t kMaxFieldsLimit = 256;

// "keyword", "number", "date", "text".
const char* FieldTypeName(FieldType type);

// A field name is [a-z][a-z0-9_]{0,63}, not a canonical article field (id,
// title, ...) and not a name query syntax or the search API already uses
// (tag, published, year, q, sort, ...). The message names the field.
Status CheckFieldName(std::string_view name);

// Parses "NAME:TYPE" (e.g. "category:keyword").
Result<FieldSpec> ParseFieldSpec(std::string_view spec);

// The declaration of `name`, or null.
const FieldSpec* FindField(const FieldSchema& fields, std::string_view name);
// Its index (for its value slot), or -1.
int FieldIndex(const FieldSchema& fields, std::string_view name);

// The metadata text of `fields` ("name:type" lines) and back. Decoding fails
// (Corruption) on a line this version does not know.
std::string EncodeFieldSchema(const FieldSchema& fields);
Result<FieldSchema> DecodeFieldSchema(const std::string& text);

// The fields an index has after declaring `declared` on one that had
// `stored`: stored ones keep their place, new ones are appended. Declaring
// a stored field again with another type is refused unless `rebuild` (a
// --reindex, which writes every article again: the field keeps its place and
// takes the new type). More than `max_fields` in all is refused.
Result<FieldSchema> MergeFieldSchemas(const FieldSchema& stored, const FieldSchema& declared,
                                      bool rebuild, size_t max_fields);

// Checks the values of `article`'s declared fields against their types:
// InvalidArgument naming the field, e.g. field "reading_minutes" must be a
// number, not string. Undeclared fields are not checked.
Status CheckFieldValues(const Article& article, const FieldSchema& fields);

// The typed value of one declared field of an article, from its JSON text.
struct FieldValue {
  std::vector<std::string> keywords;  // kKeyword (empty strings left out)
  double number = 0;                  // kNumber; kDate: seconds since the epoch
  std::string text;                   // kText
  bool present = false;               // false for JSON null (and empty keyword lists)
};
Result<FieldValue> ReadFieldValue(const FieldSpec& spec, std::string_view json_text);

// What declaring `declared` on the index in `dir` does, checked before
// anything is written (a missing index has no fields and no articles).
struct FieldDeclarations {
  FieldSchema fields;  // as the index will declare them (MergeFieldSchemas)
  struct Added {
    FieldSpec spec;
    // Articles already stored that carry the field, which stay unindexed
    // by it until written again (counted when `count_stored` and not
    // `rebuild`; 0 otherwise).
    uint64_t stored_articles = 0;
  };
  std::vector<Added> added;  // declared now, not before (or retyped by a rebuild)
};
Result<FieldDeclarations> PlanFieldDeclarations(const std::string& dir, const FieldSchema& declared,
                                                bool rebuild, size_t max_fields,
                                                bool count_stored = true);

// The JSON text of field `name` of `article`, or null.
const std::string* ExtraField(const Article& article, std::string_view name);

}  // namespace byline

#endif  // BYLINE_FIELDS_H_
