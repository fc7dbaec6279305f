#include "byline/field_request.h"

#include <initializer_list>

namespace byline {
namespace {

// The names of the declared fields of these types, "a, b", or "none".
std::string NamesOf(const FieldSchema& fields, std::initializer_list<FieldType> types) {
  std::string names;
  for (const FieldSpec& field : fields) {
    for (FieldType type : types) {
      if (field.type == type) names += (names.empty() ? "" : ", ") + field.name;
    }
  }
  return names.empty() ? "none" : names;
}

FieldRequestError Refused(FieldUse use, const std::string& field, const std::string& message) {
  return {use, field, Status::InvalidArgument(message)};
}

// Whether `name` is a declared field that `use` may name (for a filter: any
// but a text field, whose own message ParseFieldFilter gives).
std::optional<FieldRequestError> CheckUse(const FieldSchema& fields, FieldUse use,
                                          const std::string& name) {
  const FieldSpec* spec = FindField(fields, name);
  const std::string quoted = "\"" + name.substr(0, 64) + "\"";
  switch (use) {
    case FieldUse::kFilter:
      if (spec != nullptr) return std::nullopt;
      return Refused(use, name,
                     "the index declares no field " + quoted +
                         " (declared: " + DeclaredFieldNames(fields) + ")");
    case FieldUse::kFacet:
      if (spec != nullptr && spec->type == FieldType::kKeyword) return std::nullopt;
      return Refused(use, name,
                     quoted +
                         " is neither source, tag, year nor a keyword field the index "
                         "declares (keyword fields: " +
                         NamesOf(fields, {FieldType::kKeyword}) + ")");
    case FieldUse::kSort:
      if (spec != nullptr && (spec->type == FieldType::kNumber || spec->type == FieldType::kDate)) {
        return std::nullopt;
      }
      return Refused(use, name,
                     quoted +
                         " is neither relevance, date, -date nor a number or date field the "
                         "index declares (number and date fields: " +
                         NamesOf(fields, {FieldType::kNumber, FieldType::kDate}) +
                         "); FIELD sorts ascending, -FIELD descending");
  }
  return std::nullopt;
}

// The facets and the sort of `request`.
std::optional<FieldRequestError> CheckFacetsAndSort(const FieldSchema& fields,
                                                    const SearchRequest& request) {
  for (const std::string& name : request.field_facets) {
    if (auto error = CheckUse(fields, FieldUse::kFacet, name)) return error;
  }
  if (request.sort == SortOrder::kByField) {
    return CheckUse(fields, FieldUse::kSort, request.sort_field);
  }
  return std::nullopt;
}

}  // namespace

std::string DeclaredFieldNames(const FieldSchema& fields) {
  return NamesOf(fields,
                 {FieldType::kKeyword, FieldType::kNumber, FieldType::kDate, FieldType::kText});
}

std::optional<FieldRequestError> ResolveFieldRequest(const FieldSchema& fields,
                                                     const NamedFieldValues& filters,
                                                     SearchRequest* request,
                                                     std::vector<std::string>* ignored) {
  for (const auto& [name, values] : filters) {
    if (auto error = CheckUse(fields, FieldUse::kFilter, name)) {
      if (ignored == nullptr) return error;
      ignored->push_back(name);
      continue;
    }
    auto filter = ParseFieldFilter(*FindField(fields, name), values);
    if (!filter.ok()) return FieldRequestError{FieldUse::kFilter, name, filter.status()};
    request->filters.fields.push_back(std::move(filter).value());
  }
  return CheckFacetsAndSort(fields, *request);
}

std::optional<FieldRequestError> CheckFieldRequest(const FieldSchema& fields,
                                                   const SearchRequest& request) {
  for (const FieldFilter& filter : request.filters.fields) {
    if (auto error = CheckUse(fields, FieldUse::kFilter, filter.field)) return error;
    const FieldType type = FindField(fields, filter.field)->type;
    const bool fits = type == FieldType::kKeyword ? filter.ranges.empty()
                      : type == FieldType::kText  ? false
                                                  : filter.keywords.empty();
    if (!fits) {
      return Refused(FieldUse::kFilter, filter.field,
                     "the filter on \"" + filter.field + "\" was made for another type than " +
                         FieldTypeName(type));
    }
  }
  return CheckFacetsAndSort(fields, request);
}

}  // namespace byline
