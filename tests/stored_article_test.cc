#include "stored_article.h"

#include <gtest/gtest.h>

#include "testutil.h"

namespace byline {
namespace {

TEST(StoredArticleTest, RoundTripsEveryField) {
  Article a = testing::MakeArticle("id-1", "Tïtle", std::string(1000, 'b') + "\n\nend");
  a.author = "Ann Author";
  a.tags = {"one", "", "three"};
  Article b;
  ASSERT_TRUE(DecodeStoredArticle(EncodeStoredArticle(a), &b));
  EXPECT_EQ(a, b);
}

TEST(StoredArticleTest, RejectsTruncatedOrForeignData) {
  std::string data = EncodeStoredArticle(testing::MakeArticle("id", "T", "Body"));
  Article out;
  for (size_t cut = 0; cut < data.size(); ++cut) {
    EXPECT_FALSE(DecodeStoredArticle(data.substr(0, cut), &out)) << "cut at " << cut;
  }
  EXPECT_FALSE(DecodeStoredArticle(data + "x", &out));
  EXPECT_FALSE(DecodeStoredArticle("{\"id\":\"json\"}", &out));
}

}  // namespace
}  // namespace byline
