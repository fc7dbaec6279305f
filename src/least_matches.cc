#include "least_matches.h"

#include <algorithm>
#include <cstdint>

namespace byline {

Xapian::doccount LeastMatches(const Xapian::Query& query, const Xapian::Database& db) {
  const size_t parts = query.get_num_subqueries();
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
      return db.get_termfreq(*query.get_terms_begin());
    case Xapian::Query::LEAF_MATCH_ALL:
      return db.get_doccount();
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
      Xapian::doccount most = 0;
      for (size_t i = 0; i < parts; ++i) {
        most = std::max(most, LeastMatches(query.get_subquery(i), db));
      }
      return most;
    }
    case Xapian::Query::OP_AND_MAYBE:     // matches what its first part does
    case Xapian::Query::OP_SCALE_WEIGHT:  // only weighs differently
      return parts > 0 ? LeastMatches(query.get_subquery(0), db) : 0;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER: {
      // Every part leaves out at most N minus its matches.
      const int64_t all = db.get_doccount();
      int64_t least = all;
      for (size_t i = 0; i < parts && least > 0; ++i) {
        least -= all - LeastMatches(query.get_subquery(i), db);
      }
      return static_cast<Xapian::doccount>(std::max<int64_t>(least, 0));
    }
    default:
      return 0;
  }
}

}  // namespace byline
