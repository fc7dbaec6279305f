// Totals that do not move with the page or the order: how far a search makes
// Xapian count its matches, and what it may then say about their number.
//
// Xapian counts matches only as far as it is asked to (check_at_least) and
// estimates the rest; how far it gets before it may stop depends on the
// order and on how deep the page is, so its estimate (and even its bounds)
// differ between two pages of one query. Here every search counts up to one
// match past `exact_up_to`, whatever its page and order: when at most that
// many match, the total is their exact number; when more do, it is
// `exact_up_to` itself, flagged inexact: a lower bound that is the same for
// every page and order.
//
// Thread safety: pure functions.
#ifndef BYLINE_SRC_MATCH_TOTAL_H_
#define BYLINE_SRC_MATCH_TOTAL_H_

#include <cstdint>

namespace byline {

// What to ask Enquire::get_mset for.
struct MatchCounting {
  uint64_t check_at_least = 0;  // matches the matcher must count
  uint64_t items = 0;           // hits to keep from the offset on (>= the page)
};

// The counting a page of `limit` hits from `offset` needs. `every_match`:
// facets must see every match, so everything is counted. `collapse`: Xapian
// counts collapsed matches exactly only while they fit in the hits it keeps
// (its bounds are then set from those), so the hits kept reach one past
// `exact_up_to`; the caller shows only the first `limit`. `least_matches`:
// a floor under the matches known beforehand (LeastMatches); above
// `exact_up_to` nothing needs counting, the total being `exact_up_to` anyway.
MatchCounting PlanMatchCounting(uint64_t offset, uint64_t limit, uint64_t exact_up_to,
                                bool every_match, bool collapse, uint64_t least_matches,
                                uint64_t doccount);

struct MatchTotal {
  uint64_t total = 0;
  bool exact = true;
};

// The total to report from the bounds Xapian gave (MSet's
// get_matches_lower_bound and get_matches_upper_bound) after counting as
// PlanMatchCounting said (with the same `least_matches`). Exact when the bounds met at or below
// `exact_up_to`, or when `every_match` was counted (then the lower bound is
// the count, also of collapsed matches, whose upper bound Xapian does not
// tighten); otherwise `exact_up_to` (never more than the lower bound),
// inexact. `timed_out` (the time limit cut the counting short): the lower
// bound, inexact.
MatchTotal TotalOfMatches(uint64_t lower_bound, uint64_t upper_bound, uint64_t exact_up_to,
                          bool every_match, bool timed_out, uint64_t least_matches);

}  // namespace byline

#endif  // BYLINE_SRC_MATCH_TOTAL_H_
