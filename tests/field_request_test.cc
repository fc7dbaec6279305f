// ResolveFieldRequest and CheckFieldRequest: what a search asks of custom
// fields, checked in one place for byline-searchd, byline-search and the
// Searcher, with one set of messages.
#include "byline/field_request.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testutil.h"

namespace byline {
namespace {

const FieldSchema kFields = {{"desk", FieldType::kKeyword},
                             {"minutes", FieldType::kNumber},
                             {"updated", FieldType::kDate},
                             {"summary", FieldType::kText}};

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FieldRequestTest, ParsesFiltersInOrderAndAcceptsWhatEachTypeAllows) {
  SearchRequest request;
  request.field_facets = {"desk"};
  request.sort = SortOrder::kByField;
  request.sort_field = "updated";
  auto refused =
      ResolveFieldRequest(kFields, {{"minutes", {"5..10", "20"}}, {"desk", {"City"}}}, &request);
  ASSERT_FALSE(refused) << refused->status.ToString();
  ASSERT_EQ(request.filters.fields.size(), 2u);
  EXPECT_EQ(request.filters.fields[0].field, "minutes");
  EXPECT_EQ(request.filters.fields[0].ranges.size(), 2u);
  EXPECT_EQ(request.filters.fields[1].field, "desk");
  EXPECT_EQ(request.filters.fields[1].keywords, std::vector<std::string>{"City"});
  // What it made passes the Searcher's check.
  EXPECT_FALSE(CheckFieldRequest(kFields, request));
  request.sort_field = "minutes";
  EXPECT_FALSE(CheckFieldRequest(kFields, request));
}

TEST(FieldRequestTest, AnUndeclaredFilterIsRefusedOrIgnoredAsAsked) {
  SearchRequest request;
  auto refused = ResolveFieldRequest(kFields, {{"desk", {"city"}}, {"colour", {"red"}}}, &request);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->use, FieldUse::kFilter);
  EXPECT_EQ(refused->field, "colour");
  EXPECT_EQ(refused->status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused->status.message(),
            "the index declares no field \"colour\" (declared: desk, minutes, updated, summary)");

  SearchRequest lenient;
  std::vector<std::string> ignored;
  EXPECT_FALSE(ResolveFieldRequest(kFields, {{"utm_source", {"x"}}, {"desk", {"city"}}}, &lenient,
                                   &ignored));
  EXPECT_EQ(ignored, std::vector<std::string>{"utm_source"});
  ASSERT_EQ(lenient.filters.fields.size(), 1u);
  EXPECT_EQ(lenient.filters.fields[0].field, "desk");
  // Ignoring is for undeclared fields only: a bad value is still refused.
  EXPECT_TRUE(ResolveFieldRequest(kFields, {{"minutes", {"many"}}}, &lenient, &ignored));
}

TEST(FieldRequestTest, FiltersOnTextFieldsAndBadValuesNameTheField) {
  for (const NamedFieldValues& filters :
       {NamedFieldValues{{"summary", {"crisis"}}}, NamedFieldValues{{"minutes", {"many"}}},
        NamedFieldValues{{"updated", {"2024-13"}}}, NamedFieldValues{{"minutes", {"10..5"}}}}) {
    SearchRequest request;
    auto refused = ResolveFieldRequest(kFields, filters, &request);
    ASSERT_TRUE(refused) << filters[0].first;
    EXPECT_EQ(refused->use, FieldUse::kFilter);
    EXPECT_EQ(refused->field, filters[0].first);
    EXPECT_TRUE(Has(refused->status.message(), filters[0].first)) << refused->status.message();
  }
}

TEST(FieldRequestTest, FacetsNeedAKeywordFieldAndSortANumberOrDate) {
  for (const std::string name : {"minutes", "summary", "nofield"}) {
    SearchRequest request;
    request.field_facets = {"desk", name};
    auto refused = ResolveFieldRequest(kFields, {}, &request);
    ASSERT_TRUE(refused) << name;
    EXPECT_EQ(refused->use, FieldUse::kFacet);
    EXPECT_EQ(refused->field, name);
    EXPECT_EQ(refused->status.message(),
              "\"" + name +
                  "\" is neither source, tag, year nor a keyword field the index declares "
                  "(keyword fields: desk)");
    // The Searcher's check says the same.
    auto checked = CheckFieldRequest(kFields, request);
    ASSERT_TRUE(checked);
    EXPECT_EQ(checked->status.message(), refused->status.message());
  }
  for (const std::string name : {"desk", "summary", "nofield"}) {
    SearchRequest request;
    request.sort = SortOrder::kByField;
    request.sort_field = name;
    auto refused = ResolveFieldRequest(kFields, {}, &request);
    ASSERT_TRUE(refused) << name;
    EXPECT_EQ(refused->use, FieldUse::kSort);
    EXPECT_TRUE(Has(refused->status.message(), "\"" + name + "\" is neither relevance"));
    EXPECT_TRUE(Has(refused->status.message(), "(number and date fields: minutes, updated)"));
  }
  // Without declared fields of the kind, the message says there is none.
  SearchRequest request;
  request.field_facets = {"desk"};
  auto refused = ResolveFieldRequest({}, {}, &request);
  ASSERT_TRUE(refused);
  EXPECT_TRUE(Has(refused->status.message(), "(keyword fields: none)"));
  EXPECT_EQ(DeclaredFieldNames({}), "none");
}

TEST(FieldRequestTest, TheSearcherRefusesAFilterMadeForAnotherType) {
  SearchRequest request;
  FieldFilter filter;
  filter.field = "desk";
  filter.ranges.emplace_back(1.0, 2.0);
  request.filters.fields.push_back(filter);
  auto refused = CheckFieldRequest(kFields, request);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->field, "desk");
  EXPECT_EQ(refused->status.message(),
            "the filter on \"desk\" was made for another type than keyword");
  request.filters.fields[0].field = "summary";
  EXPECT_TRUE(CheckFieldRequest(kFields, request));
  request.filters.fields[0].field = "colour";
  refused = CheckFieldRequest(kFields, request);
  ASSERT_TRUE(refused);
  EXPECT_TRUE(Has(refused->status.message(), "declares no field \"colour\""));
}

}  // namespace
}  // namespace byline
