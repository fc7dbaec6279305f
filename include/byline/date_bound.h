// Date bounds for filters: a whole year, month or day, or an exact moment.
#ifndef BYLINE_DATE_BOUND_H_
#define BYLINE_DATE_BOUND_H_

#include <cstdint>
#include <string_view>

#include "byline/status.h"

namespace byline {

enum class DateBound {
  kStart,  // a partial date means its first second ("2024" -> 2024-01-01T00:00:00Z)
  kEnd,    // a partial date means its last second ("2024" -> 2024-12-31T23:59:59Z)
};

// Parses "YYYY", "YYYY-MM", "YYYY-MM-DD" or any date-time ParseIsoDate takes,
// into seconds since the epoch (UTC unless the text gives a zone).
Result<int64_t> ParseDateBound(std::string_view text, DateBound bound);

}  // namespace byline

#endif  // BYLINE_DATE_BOUND_H_
