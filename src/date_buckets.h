// The date facet (the timeline): publication moments rolled up into day,
// week, month or year buckets.
//
// Thread safety: pure functions.
#ifndef BYLINE_SRC_DATE_BUCKETS_H_
#define BYLINE_SRC_DATE_BUCKETS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "byline/searcher.h"

namespace byline {

struct DateBuckets {
  DateInterval interval = DateInterval::kDay;  // never kAuto
  // Oldest first, every interval from the first dated moment's to the
  // last's, the empty ones with count 0 (see Facet::values).
  std::vector<FacetValue> buckets;
  // Set when `asked` would have given more than kMostDateBuckets buckets.
  std::string warning;
};

// Counts `moments` (seconds since the epoch, UTC, each with its number of
// articles) by `asked` interval; kAuto picks the finest giving at most
// kAutoMostDateBuckets buckets (with no moment at all: kDay).
DateBuckets BucketDates(const std::vector<std::pair<int64_t, uint64_t>>& moments,
                        DateInterval asked);

}  // namespace byline

#endif  // BYLINE_SRC_DATE_BUCKETS_H_
