#include "most_frequent_terms.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

namespace byline {
namespace {

// An in-memory database where term T is in freq(T) documents.
Xapian::Database WithTerms(const std::vector<std::pair<std::string, int>>& terms) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  int most = 0;
  for (const auto& t : terms) most = std::max(most, t.second);
  for (int i = 0; i < most; ++i) {
    Xapian::Document doc;
    for (const auto& t : terms) {
      if (i < t.second) doc.add_term(t.first);
    }
    db.add_document(doc);
  }
  return db;
}

std::vector<std::string> Terms(const std::vector<TermCount>& counts) {
  std::vector<std::string> out;
  for (const auto& c : counts) out.push_back(c.term + ":" + std::to_string(c.freq));
  return out;
}

TEST(MostFrequentTermsTest, KeepsTheMostFrequentMostFrequentFirstTiesAlphabetical) {
  Xapian::Database db =
      WithTerms({{"loop", 2}, {"lamp", 5}, {"light", 3}, {"list", 3}, {"lot", 1}, {"map", 9}});
  EXPECT_EQ(Terms(MostFrequentTerms(db.allterms_begin("l"), db.allterms_end("l"), "l", 3, 100)),
            (std::vector<std::string>{"lamp:5", "light:3", "list:3"}));
  EXPECT_TRUE(MostFrequentTerms(db.allterms_begin("l"), db.allterms_end("l"), "l", 0, 100).empty());
}

TEST(MostFrequentTermsTest, ReadsAtMostMaxScanAndStopsPastThePrefix) {
  Xapian::Database db = WithTerms({{"la", 1}, {"lb", 2}, {"lc", 7}, {"ma", 9}});
  // Only "la" and "lb" are read.
  EXPECT_EQ(Terms(MostFrequentTerms(db.allterms_begin("l"), db.allterms_end("l"), "l", 1, 2)),
            (std::vector<std::string>{"lb:2"}));
  // From "lb" over every term (as the spelling table is read): "ma" does
  // not start with "l", so the scan ends there.
  Xapian::TermIterator from_lb = db.allterms_begin();
  from_lb.skip_to("lb");
  EXPECT_EQ(Terms(MostFrequentTerms(from_lb, db.allterms_end(), "l", 5, 100)),
            (std::vector<std::string>{"lc:7", "lb:2"}));
  Xapian::TermIterator from_l = db.allterms_begin();
  from_l.skip_to("l");
  EXPECT_EQ(Terms(MostFrequentTerms(from_l, db.allterms_end(), "", 1, 100)),
            (std::vector<std::string>{"ma:9"}));
}

}  // namespace
}  // namespace byline
