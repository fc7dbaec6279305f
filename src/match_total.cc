#include "match_total.h"

#include <algorithm>

namespace byline {

MatchCounting PlanMatchCounting(uint64_t offset, uint64_t limit, uint64_t exact_up_to,
                                bool every_match, bool collapse, uint64_t least_matches,
                                uint64_t doccount) {
  MatchCounting counting;
  counting.items = limit;
  // Xapian never counts past the database, so neither does anything here
  // (and exact_up_to + 1 cannot overflow).
  const uint64_t one_past = std::min(exact_up_to, doccount) + 1;
  if (every_match) {
    counting.check_at_least = doccount;
  } else if (least_matches > exact_up_to) {
    counting.check_at_least = 0;  // known to be past the limit: the page is all
  } else {
    // Counting stops once one match more than exact_up_to is found: enough
    // to know that more matched, the same for every page.
    counting.check_at_least = one_past;
    if (collapse && offset < one_past) counting.items = std::max(limit, one_past - offset);
  }
  // Xapian counts at least the hits it keeps anyway.
  counting.check_at_least = std::max(counting.check_at_least, offset + counting.items);
  return counting;
}

MatchTotal TotalOfMatches(uint64_t lower_bound, uint64_t upper_bound, uint64_t exact_up_to,
                          bool every_match, bool timed_out, uint64_t least_matches) {
  lower_bound = std::max(lower_bound, least_matches);
  if (timed_out) return {lower_bound, false};
  if (every_match) return {lower_bound, true};
  if (lower_bound == upper_bound && lower_bound <= exact_up_to) return {lower_bound, true};
  // More than exact_up_to matched: counting went one past it (or further,
  // for a deep page), so the lower bound is above it, but by how much
  // depends on the page and order; exact_up_to itself does not. (The min
  // keeps the total a true lower bound should Xapian ever stop short.)
  return {std::min(exact_up_to, lower_bound), false};
}

}  // namespace byline
