#include "least_matches.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

namespace byline {
namespace {

using Q = Xapian::Query;

// Ten documents: "a" in all, "b" in the first 8, "c" in the first 3, "d"
// in the last 4 (so b and d share 2), "e" in none.
Xapian::WritableDatabase TenDocuments() {
  Xapian::WritableDatabase db("", Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 10; ++i) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    doc.add_posting("a", ++pos);
    if (i < 8) doc.add_posting("b", ++pos);
    if (i < 3) doc.add_posting("c", ++pos);
    if (i >= 6) doc.add_posting("d", ++pos);
    db.add_document(doc);
  }
  return db;
}

TEST(LeastMatchesTest, FloorsFromTermFrequencies) {
  Xapian::WritableDatabase db = TenDocuments();
  struct Case {
    const char* what;
    Q query;
    Xapian::doccount least;
  } cases[] = {
      {"a term: its frequency", Q("b"), 8},
      {"a term nowhere", Q("e"), 0},
      {"everything", Q::MatchAll, 10},
      {"any of: the most of any", Q(Q::OP_OR, Q("c"), Q("d")), 4},
      {"synonyms likewise", Q(Q::OP_SYNONYM, Q("b"), Q("c")), 8},
      {"all of: what they must share", Q(Q::OP_AND, Q("b"), Q("d")), 2},
      {"all of, sharing nothing for sure", Q(Q::OP_AND, Q("c"), Q("d")), 0},
      {"a filter is all of", Q(Q::OP_FILTER, Q("a"), Q("b")), 8},
      {"and maybe: its first part", Q(Q::OP_AND_MAYBE, Q("c"), Q("a")), 3},
      {"scaled", Q(Q::OP_SCALE_WEIGHT, Q("a"), 0.5), 10},
      {"nested", Q(Q::OP_AND, Q(Q::OP_OR, Q("b"), Q("d")), Q("a")), 8},
      {"a phrase: unknown", Q(Q::OP_PHRASE, Q("a"), Q("b")), 0},
      {"an exclusion: unknown", Q(Q::OP_AND_NOT, Q("a"), Q("c")), 0},
      {"nothing", Q(), 0},
  };
  for (const Case& c : cases) EXPECT_EQ(LeastMatches(c.query, db), c.least) << c.what;
}

TEST(LeastMatchesTest, NeverAboveTheMatches) {
  Xapian::WritableDatabase db = TenDocuments();
  const std::vector<Q> queries = {
      Q(Q::OP_AND, Q(Q::OP_AND, Q("a"), Q("b")), Q("d")),
      Q(Q::OP_OR, Q(Q::OP_AND, Q("b"), Q("c")), Q("d")),
      Q(Q::OP_FILTER, Q(Q::OP_OR, Q("c"), Q("d")), Q("b")),
  };
  for (const Q& query : queries) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    const Xapian::MSet all = enquire.get_mset(0, 10);
    EXPECT_LE(LeastMatches(query, db), all.size()) << query.get_description();
  }
}

}  // namespace
}  // namespace byline
