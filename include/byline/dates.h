// Dates as sites and feeds write them, read into ISO 8601.
//
// An article's `published` is stored in ISO 8601: a date ("2024-03-05"), a
// date-time ("2024-03-05T10:00:00Z", "2024-03-05T10:00:00+01:00"), or, when
// the source gave no more, a year ("2024") or a month ("2024-03"). A partial
// date sorts and filters as its first second, and is found by the year (and
// month) it names.
#ifndef BYLINE_DATES_H_
#define BYLINE_DATES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "byline/article.h"
#include "byline/status.h"

namespace byline {

// Reads `text` (surrounding blanks ignored) and returns it in ISO 8601:
// - ISO 8601 as ParseIsoDate takes it: returned as given;
// - "YYYY" and "YYYY-MM": returned as given (their precision is kept);
// - RFC 822/2822, as feeds write it: "Tue, 05 Mar 2024 10:00:00 +0000", with
//   or without the weekday and the seconds, zones GMT, UT, UTC, Z, US zone
//   names (EST, EDT, CST, CDT, MST, MDT, PST, PDT) or +HHMM, two-digit years
//   (below 50 are 20YY);
// - English month names, full or short ("Sept" too): "March 5, 2024",
//   "5 Mar 2024", "Mar 5 2024", "5th March 2024", "March 2024", optionally
//   followed by a time ("10:00", "10:00:00", "10:00 am") and a zone;
// - year first with numbers ("2024/03/05", "2024-03-05 10:00:00 +0100" as
//   static site generators write it), also with a time and a zone.
// A date-time with a zone comes back as "YYYY-MM-DDTHH:MM:SS" and "Z" or
// "+HH:MM"; without one, without the zone (read as UTC); a date alone as
// "YYYY-MM-DD". Dates that do not exist (February 30) and all-numeric dates
// other than ISO ("03/05/2024": month or day first?) are InvalidArgument.
Result<std::string> NormalizeDate(std::string_view text);

// The moment a stored `published` value stands for, in seconds since the
// epoch: an ISO date or date-time (ParseIsoDate), or "YYYY" / "YYYY-MM"
// (their first second).
Result<int64_t> PublishedSeconds(std::string_view published);

// Reads article->published with NormalizeDate and stores its ISO form. When
// it cannot be read: with `warning` null, InvalidArgument
// (`field "published": ...`); otherwise the article loses its date and
// *warning says `published "TEXT" not understood; indexed without a date`.
// `warning` is cleared first.
Status ResolvePublished(Article* article, std::string* warning);

}  // namespace byline

#endif  // BYLINE_DATES_H_
