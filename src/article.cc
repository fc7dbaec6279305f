#include "byline/article.h"

#include <cctype>
#include <cstdio>
#include <string_view>
#include <unordered_set>

#include "byline/dates.h"
#include "byline/ingest.h"

namespace byline {

bool Article::operator==(const Article& o) const {
  return id == o.id && title == o.title && body == o.body && url == o.url &&
         published == o.published && source == o.source && author == o.author && tags == o.tags &&
         lang == o.lang && extra_fields == o.extra_fields;
}

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size(), i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else
      return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Reject overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's
// days_from_civil algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `digits` decimal digits at text[pos].
bool ReadNumber(std::string_view text, size_t pos, size_t digits, int* out) {
  if (pos + digits > text.size()) return false;
  int v = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Result<int64_t> ParseIsoDate(std::string_view t) {
  auto bad = [&](const char* why) {
    return Status::InvalidArgument("bad date \"" + std::string(t.substr(0, 40)) + "\": " + why);
  };
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (!ReadNumber(t, 0, 4, &y) || t.size() < 10 || t[4] != '-' || !ReadNumber(t, 5, 2, &mo) ||
      t[7] != '-' || !ReadNumber(t, 8, 2, &d)) {
    return bad("expected YYYY-MM-DD");
  }
  if (mo < 1 || mo > 12) return bad("month out of range");
  if (d < 1 || d > DaysInMonth(y, mo)) return bad("day out of range");
  size_t pos = 10;
  int64_t offset_seconds = 0;
  if (pos < t.size()) {
    if (t[pos] != 'T' && t[pos] != 't' && t[pos] != ' ') return bad("expected T after the date");
    ++pos;
    if (!ReadNumber(t, pos, 2, &h) || pos + 2 >= t.size() || t[pos + 2] != ':' ||
        !ReadNumber(t, pos + 3, 2, &mi)) {
      return bad("expected HH:MM after T");
    }
    pos += 5;
    if (pos < t.size() && t[pos] == ':') {
      if (!ReadNumber(t, pos + 1, 2, &s)) return bad("expected seconds after HH:MM:");
      pos += 3;
      if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
        ++pos;
        size_t start = pos;
        while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) ++pos;
        if (pos == start) return bad("expected digits after the decimal point");
      }
    }
    if (h > 24 || mi > 59 || s > 60 || (h == 24 && (mi || s))) return bad("time out of range");
    if (pos < t.size()) {
      char z = t[pos];
      if (z == 'Z' || z == 'z') {
        ++pos;
      } else if (z == '+' || z == '-') {
        int oh, om = 0;
        if (!ReadNumber(t, pos + 1, 2, &oh)) return bad("bad zone offset");
        size_t p = pos + 3;
        if (p < t.size() && t[p] == ':') ++p;
        if (p < t.size()) {
          if (!ReadNumber(t, p, 2, &om)) return bad("bad zone offset");
          p += 2;
        }
        if (oh > 23 || om > 59) return bad("zone offset out of range");
        offset_seconds = (z == '+' ? 1 : -1) * (int64_t{oh} * 3600 + int64_t{om} * 60);
        pos = p;
      }
    }
  }
  if (pos != t.size()) return bad("unexpected text after the date");
  if (s == 60) s = 59;  // leap second: keep it within the minute
  return DaysFromCivil(y, mo, d) * 86400 + int64_t{h} * 3600 + int64_t{mi} * 60 + s -
         offset_seconds;
}

std::string FormatIsoDay(int64_t seconds) {
  int64_t z = (seconds >= 0 ? seconds : seconds - 86399) / 86400 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

Status ValidateArticle(const Article& a) {
  if (a.id.empty()) return Status::InvalidArgument("missing required field \"id\"");
  if (a.title.empty()) return Status::InvalidArgument("missing required field \"title\"");
  if (a.body.empty()) return Status::InvalidArgument("missing required field \"body\"");
  if (a.id.size() > kMaxIdBytes) {
    return Status::InvalidArgument("field \"id\" is longer than " + std::to_string(kMaxIdBytes) +
                                   " bytes");
  }
  for (const auto& [name, value] : StringFields(a)) {
    if (!IsValidUtf8(*value)) {
      return Status::InvalidArgument(std::string("field \"") + name + "\" is not valid UTF-8");
    }
  }
  for (const auto& tag : a.tags) {
    if (!IsValidUtf8(tag)) return Status::InvalidArgument("field \"tags\" is not valid UTF-8");
  }
  if (!a.published.empty()) {
    auto when = PublishedSeconds(a.published);
    if (!when.ok())
      return Status::InvalidArgument("field \"published\": " + when.status().message());
  }
  // An extra field is stored and returned beside the canonical ones, under
  // its own name: it cannot take one of theirs, nor appear twice.
  std::unordered_set<std::string_view> extra_names;
  for (const auto& [name, value] : a.extra_fields) {
    if (IsArticleField(name)) {
      return Status::InvalidArgument("extra field \"" + name +
                                     "\" has the name of an article field of its own");
    }
    if (a.extra_fields.size() > 1 && !extra_names.insert(name).second) {
      return Status::InvalidArgument("extra field \"" + name + "\" is given twice");
    }
  }
  return Status::Ok();
}

}  // namespace byline
