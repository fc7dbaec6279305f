// Date ranges over the published value slot: the query built for from=/to=
// filters, and the `published:A..B` syntax inside a query.
#ifndef BYLINE_SRC_DATE_RANGE_H_
#define BYLINE_SRC_DATE_RANGE_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>

namespace byline {

// Articles published within [from, to] (either end may be open). REQUIRES:
// at least one end is set.
Xapian::Query PublishedBetween(std::optional<int64_t> from, std::optional<int64_t> to);

// Handles "published:2024-01-01..2024-03-31" (also "published:2024..",
// "published:..2024-06"), with the bounds ParseDateBound takes. Text it
// cannot read is left to other processors (and, failing those, the query is
// re-parsed as plain words, like any syntax error).
class PublishedRangeProcessor : public Xapian::RangeProcessor {
 public:
  PublishedRangeProcessor();
  Xapian::Query operator()(const std::string& begin, const std::string& end) override;
};

}  // namespace byline

#endif  // BYLINE_SRC_DATE_RANGE_H_
