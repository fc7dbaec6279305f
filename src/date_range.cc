#include "date_range.h"

#include <cstdio>

#include "byline/article.h"
#include "byline/date_bound.h"
#include "byline/schema.h"

namespace byline {
namespace {

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

std::string Pad(int value, int width) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%0*d", width, value);
  return buf;
}

}  // namespace

Result<int64_t> ParseDateBound(std::string_view text, DateBound bound) {
  const bool end = bound == DateBound::kEnd;
  if (text.size() == 4 && AllDigits(text)) {  // YYYY
    int year = std::stoi(std::string(text));
    if (!end) return ParseIsoDate(Pad(year, 4) + "-01-01");
    if (year == 9999) return ParseIsoDate("9999-12-31T23:59:59");
    auto next = ParseIsoDate(Pad(year + 1, 4) + "-01-01");
    if (!next.ok()) return next.status();
    return *next - 1;
  }
  if (text.size() == 7 && AllDigits(text.substr(0, 4)) && text[4] == '-' &&
      AllDigits(text.substr(5, 2))) {  // YYYY-MM
    int year = std::stoi(std::string(text.substr(0, 4)));
    int month = std::stoi(std::string(text.substr(5, 2)));
    if (month < 1 || month > 12) {
      return Status::InvalidArgument("bad date \"" + std::string(text) + "\": month out of range");
    }
    if (!end) return ParseIsoDate(std::string(text) + "-01");
    if (month == 12) return ParseDateBound(Pad(year, 4), DateBound::kEnd);
    auto next = ParseIsoDate(Pad(year, 4) + "-" + Pad(month + 1, 2) + "-01");
    if (!next.ok()) return next.status();
    return *next - 1;
  }
  auto when = ParseIsoDate(text);
  if (!when.ok()) {
    return Status::InvalidArgument("bad date \"" + std::string(text.substr(0, 40)) +
                                   "\": expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time");
  }
  if (end && text.size() == 10) return *when + 86399;  // the whole day
  return when;
}

Xapian::Query PublishedBetween(std::optional<int64_t> from, std::optional<int64_t> to) {
  using schema::kPublishedSlot;
  auto key = [](int64_t seconds) {
    return Xapian::sortable_serialise(static_cast<double>(seconds));
  };
  if (from && to) {
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kPublishedSlot, key(*from), key(*to));
  }
  if (from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, kPublishedSlot, key(*from));
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, kPublishedSlot, key(*to));
}

PublishedRangeProcessor::PublishedRangeProcessor()
    : Xapian::RangeProcessor(schema::kPublishedSlot, "published:") {}

Xapian::Query PublishedRangeProcessor::operator()(const std::string& begin,
                                                  const std::string& end) {
  std::optional<int64_t> from, to;
  if (!begin.empty()) {
    auto parsed = ParseDateBound(begin, DateBound::kStart);
    if (!parsed.ok()) return Xapian::Query(Xapian::Query::OP_INVALID);
    from = *parsed;
  }
  if (!end.empty()) {
    auto parsed = ParseDateBound(end, DateBound::kEnd);
    if (!parsed.ok()) return Xapian::Query(Xapian::Query::OP_INVALID);
    to = *parsed;
  }
  if (!from && !to) return Xapian::Query(Xapian::Query::OP_INVALID);
  return PublishedBetween(from, to);
}

}  // namespace byline
