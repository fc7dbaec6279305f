#include "date_buckets.h"

#include <cstdio>
#include <map>

#include "byline/article.h"

namespace byline {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct CivilDay {
  int64_t year;
  int month;  // 1-12
  int day;    // 1-31
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back. Years are
// counted from March so that the leap day ends a year (400-year eras of
// 146097 days).
int64_t DaysFromCivil(int64_t year, int month, int day) {
  const int64_t y = month <= 2 ? year - 1 : year;
  const int64_t era = FloorDiv(y, 400);
  const int64_t year_of_era = y - era * 400;                               // [0, 399]
  const int64_t month_from_march = (month + 9) % 12;                       // March = 0
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;  // [0, 365]
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;  // 719468: 0000-03-01 to 1970-01-01
}

CivilDay CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int month =
      static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

// The Monday starting the ISO week of `days` (1970-01-01 was a Thursday).
int64_t WeekStart(int64_t days) { return days - (((days + 3) % 7) + 7) % 7; }

std::string DayText(int64_t days) { return FormatIsoDay(days * kSecondsPerDay); }

// The bucket key of a day: its day, Monday, month (year * 12 + month - 1) or year.
int64_t KeyOf(int64_t days, DateInterval interval) {
  switch (interval) {
    case DateInterval::kWeek:
      return WeekStart(days);
    case DateInterval::kMonth: {
      const CivilDay d = CivilFromDays(days);
      return d.year * 12 + d.month - 1;
    }
    case DateInterval::kYear:
      return CivilFromDays(days).year;
    default:
      return days;
  }
}

// Buckets from the key of `first` to that of `last` (days), inclusive.
uint64_t BucketCount(int64_t first, int64_t last, DateInterval interval) {
  const int64_t span = KeyOf(last, interval) - KeyOf(first, interval);
  return static_cast<uint64_t>(interval == DateInterval::kWeek ? span / 7 : span) + 1;
}

int64_t NextKey(int64_t key, DateInterval interval) {
  return key + (interval == DateInterval::kWeek ? 7 : 1);
}

FacetValue Bucket(int64_t key, DateInterval interval) {
  FacetValue v;
  char label[32];
  switch (interval) {
    case DateInterval::kWeek: {
      // The ISO week belongs to the year of its Thursday.
      const CivilDay thursday = CivilFromDays(key + 3);
      const int64_t day_of_year = key + 3 - DaysFromCivil(thursday.year, 1, 1);
      std::snprintf(label, sizeof label, "%04lld-W%02d", static_cast<long long>(thursday.year),
                    static_cast<int>(day_of_year / 7 + 1));
      v.value = label;
      v.from = DayText(key);
      v.to = DayText(key + 6);
      break;
    }
    case DateInterval::kMonth: {
      const int64_t year = FloorDiv(key, 12);
      const int month = static_cast<int>(key - year * 12 + 1);
      std::snprintf(label, sizeof label, "%04lld-%02d", static_cast<long long>(year), month);
      v.value = label;
      const int64_t start = DaysFromCivil(year, month, 1);
      v.from = DayText(start);
      v.to = DayText(month == 12 ? DaysFromCivil(year + 1, 1, 1) - 1
                                 : DaysFromCivil(year, month + 1, 1) - 1);
      break;
    }
    case DateInterval::kYear:
      std::snprintf(label, sizeof label, "%04lld", static_cast<long long>(key));
      v.value = label;
      v.from = DayText(DaysFromCivil(key, 1, 1));
      v.to = DayText(DaysFromCivil(key + 1, 1, 1) - 1);
      break;
    default:
      v.value = DayText(key);
      v.from = v.value;
      v.to = v.value;
  }
  return v;
}

}  // namespace

DateBuckets BucketDates(const std::vector<std::pair<int64_t, uint64_t>>& moments,
                        DateInterval asked) {
  DateBuckets out;
  std::map<int64_t, uint64_t> days;
  for (const auto& [seconds, count] : moments) days[FloorDiv(seconds, kSecondsPerDay)] += count;
  if (days.empty()) {
    out.interval = asked == DateInterval::kAuto ? DateInterval::kDay : asked;
    return out;
  }
  const int64_t first = days.begin()->first, last = days.rbegin()->first;
  constexpr DateInterval kOrder[] = {DateInterval::kDay, DateInterval::kWeek, DateInterval::kMonth,
                                     DateInterval::kYear};
  const size_t most = asked == DateInterval::kAuto ? kAutoMostDateBuckets : kMostDateBuckets;
  bool reached = asked == DateInterval::kAuto;
  out.interval = DateInterval::kYear;
  for (DateInterval interval : kOrder) {
    reached = reached || interval == asked;
    if (reached && BucketCount(first, last, interval) <= most) {
      out.interval = interval;
      break;
    }
  }
  if (asked != DateInterval::kAuto && out.interval != asked) {
    out.warning = std::string("date_interval=") + DateIntervalName(asked) + " would give " +
                  std::to_string(BucketCount(first, last, asked)) + " buckets (at most " +
                  std::to_string(kMostDateBuckets) + "): counted by " +
                  DateIntervalName(out.interval) + " instead";
  }
  std::map<int64_t, uint64_t> counts;
  for (const auto& [day, count] : days) counts[KeyOf(day, out.interval)] += count;
  const int64_t last_key = counts.rbegin()->first;
  for (int64_t key = counts.begin()->first; key <= last_key; key = NextKey(key, out.interval)) {
    FacetValue v = Bucket(key, out.interval);
    auto it = counts.find(key);
    v.count = it == counts.end() ? 0 : it->second;
    out.buckets.push_back(std::move(v));
  }
  return out;
}

}  // namespace byline
