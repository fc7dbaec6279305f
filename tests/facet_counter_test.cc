// FacetCounter on its own: the counts it gives for a sequence of documents,
// including runs of equal values, repeated tags, and documents without the
// value.
#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "byline/schema.h"
#include "facets.h"

namespace byline {
namespace {

using Counts = std::map<std::string, uint64_t>;

Counts Count(bool multi_valued, const std::vector<std::string>& values) {
  FacetCounter counter(schema::kTagsSlot, multi_valued);
  for (const std::string& value : values) {
    Xapian::Document doc;
    if (!value.empty()) doc.add_value(schema::kTagsSlot, value);
    counter(doc, 1.0);
  }
  Counts counts;
  for (const FacetValue& v : counter.Top(100)) counts[v.value] = v.count;
  return counts;
}

std::string Tags(const std::vector<std::string>& tags) {
  std::string joined;
  for (const std::string& tag : tags) {
    if (!joined.empty()) joined += schema::kListSeparator;
    joined += tag;
  }
  return joined;
}

TEST(FacetCounterTest, RunsOfOneValueCountEveryDocument) {
  EXPECT_EQ(Count(false, {"reuters", "reuters", "reuters", "", "reuters", "bbc", "bbc", "reuters",
                          "", ""}),
            (Counts{{"reuters", 5}, {"bbc", 2}}));
}

TEST(FacetCounterTest, RunsOfOneTagListCountEachTagOncePerDocument) {
  const std::string oil_gas = Tags({"oil", "gas", "oil"});  // oil repeated in one document
  const std::string gas = Tags({"gas"});
  EXPECT_EQ(Count(true, {oil_gas, oil_gas, oil_gas, "", gas, gas, oil_gas, Tags({"gas", "oil"})}),
            (Counts{{"oil", 5}, {"gas", 7}}));
}

TEST(FacetCounterTest, ATagListThatStartsLikeAnotherIsCountedOnItsOwn) {
  EXPECT_EQ(Count(true, {Tags({"a", "b"}), Tags({"a"}), Tags({"a"}), Tags({"a", "b"})}),
            (Counts{{"a", 4}, {"b", 2}}));
}

}  // namespace
}  // namespace byline
