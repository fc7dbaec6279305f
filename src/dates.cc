// Lenient dates: ISO 8601, RFC 822/2822 and English month names, read into
// ISO 8601 (see byline/dates.h).
#include "byline/dates.h"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "byline/date_bound.h"

namespace byline {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// 1..12 for an English month name or its abbreviation ("sept" too); 0 else.
int MonthNumber(const std::string& w) {
  static const char* const kNames[] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};
  if (w == "sept") return 9;
  for (int i = 0; i < 12; ++i) {
    const std::string name = kNames[i];
    if (w == name || (w.size() == 3 && name.compare(0, 3, w) == 0)) return i + 1;
  }
  return 0;
}

bool IsWeekday(const std::string& w) {
  static const char* const kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                      "friday", "saturday", "sunday"};
  for (const char* day : kDays) {
    const std::string d = day;
    if (w == d || (w.size() == 3 && d.compare(0, 3, w) == 0)) return true;
  }
  return w == "tues" || w == "thur" || w == "thurs" || w == "weds";
}

// Offset in minutes east of UTC for a zone name RFC 822 knows.
std::optional<int> ZoneMinutes(const std::string& w) {
  struct Zone {
    const char* name;
    int minutes;
  };
  static const Zone kZones[] = {{"gmt", 0},       {"ut", 0},        {"utc", 0},
                                {"z", 0},         {"est", -5 * 60}, {"edt", -4 * 60},
                                {"cst", -6 * 60}, {"cdt", -5 * 60}, {"mst", -7 * 60},
                                {"mdt", -6 * 60}, {"pst", -8 * 60}, {"pdt", -7 * 60}};
  for (const auto& z : kZones) {
    if (w == z.name) return z.minutes;
  }
  return std::nullopt;
}

struct Parts {
  int year = -1, month = 0, day = 0;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  std::optional<int> zone;  // minutes east of UTC
};

// One word, number, time or zone of a non-ISO date.
struct Token {
  enum Kind { kWord, kNumber, kTime, kOffset } kind;
  std::string text;
  size_t digits = 0;   // kNumber: how many digits
  bool after = false;  // kNumber: came after the month name
};

// Splits `t` into tokens; false on a character no date form uses.
bool Tokenize(std::string_view t, std::vector<Token>* out) {
  bool time_seen = false;
  for (size_t i = 0; i < t.size();) {
    const char c = t[i];
    if (c == ' ' || c == '\t' || c == ',' || c == '/' || c == '.' ||
        (c == '-' && !(time_seen && i + 1 < t.size() && IsDigit(t[i + 1])))) {
      ++i;
      continue;
    }
    if ((c == '+' || c == '-') && i + 1 < t.size() && IsDigit(t[i + 1])) {
      size_t j = i + 1;
      std::string digits;
      while (j < t.size() && (IsDigit(t[j]) || t[j] == ':')) {
        if (t[j] != ':') digits.push_back(t[j]);
        ++j;
      }
      out->push_back({Token::kOffset, std::string(1, c) + digits});
      i = j;
      continue;
    }
    if (IsAlpha(c)) {
      size_t j = i;
      while (j < t.size() && IsAlpha(t[j])) ++j;
      out->push_back({Token::kWord, LowerCopy(t.substr(i, j - i))});
      i = j;
      continue;
    }
    if (IsDigit(c)) {
      size_t j = i;
      while (j < t.size() && (IsDigit(t[j]) || t[j] == ':')) ++j;
      std::string_view num = t.substr(i, j - i);
      if (num.find(':') != std::string_view::npos) {
        out->push_back({Token::kTime, std::string(num)});
        time_seen = true;
      } else {
        // An ordinal's suffix belongs to the number: "5th".
        if (j + 1 < t.size() && IsAlpha(t[j])) {
          const std::string suffix = LowerCopy(t.substr(j, 2));
          if ((suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") &&
              (j + 2 == t.size() || !IsAlpha(t[j + 2]))) {
            out->push_back({Token::kNumber, std::string(num), num.size()});
            i = j + 2;
            continue;
          }
        }
        out->push_back({Token::kNumber, std::string(num), num.size()});
      }
      i = j;
      continue;
    }
    return false;
  }
  return true;
}

bool ReadTime(const std::string& text, Parts* p) {
  int fields[3] = {0, 0, 0};
  int n = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t colon = text.find(':', start);
    if (colon == std::string::npos) colon = text.size();
    const std::string_view part = std::string_view(text).substr(start, colon - start);
    if (n == 3 || part.empty() || part.size() > 2 || !AllDigits(part)) return false;
    fields[n++] = std::stoi(std::string(part));
    start = colon + 1;
  }
  if (n < 2) return false;
  p->has_time = true;
  p->hour = fields[0];
  p->minute = fields[1];
  p->second = fields[2];
  return p->hour <= 23 && p->minute <= 59 && p->second <= 60;
}

// RFC 822 and month-name forms.
bool ParseWords(std::string_view t, Parts* p) {
  std::vector<Token> tokens;
  if (!Tokenize(t, &tokens)) return false;
  std::vector<Token*> numbers;
  bool month_seen = false;
  std::optional<bool> pm;
  for (Token& tok : tokens) {
    switch (tok.kind) {
      case Token::kWord: {
        if (int m = MonthNumber(tok.text); m != 0 && !month_seen) {
          p->month = m;
          month_seen = true;
        } else if ((IsWeekday(tok.text) && !month_seen && numbers.empty()) ||
                   (tok.text == "at" && !p->has_time)) {
          // Words that say nothing the date does not: "Tue," leading RFC 822
          // dates, "at" in "March 5, 2024 at 10:00".
        } else if ((tok.text == "am" || tok.text == "pm") && p->has_time && !pm) {
          pm = tok.text == "pm";
        } else if (auto zone = ZoneMinutes(tok.text); zone && p->has_time && !p->zone) {
          p->zone = *zone;
        } else {
          return false;
        }
        break;
      }
      case Token::kNumber:
        tok.after = month_seen;
        numbers.push_back(&tok);
        break;
      case Token::kTime:
        if (p->has_time || !ReadTime(tok.text, p)) return false;
        break;
      case Token::kOffset: {
        if (!p->has_time || p->zone) return false;
        const std::string digits = tok.text.substr(1);
        if (digits.size() != 4 && digits.size() != 2) return false;
        const int hh = std::stoi(digits.substr(0, 2));
        const int mm = digits.size() == 4 ? std::stoi(digits.substr(2, 2)) : 0;
        if (hh > 23 || mm > 59) return false;
        p->zone = (tok.text[0] == '-' ? -1 : 1) * (hh * 60 + mm);
        break;
      }
    }
  }
  if (!month_seen) {
    // Year first is never ambiguous: "2024/03/05", "2024-03-05 10:00:00 +0100"
    // (Jekyll's front matter), "2024-03-05 10:00 UTC".
    if (numbers.size() != 3 || tokens.front().kind != Token::kNumber || numbers[0]->digits != 4 ||
        numbers[1]->digits > 2 || numbers[2]->digits > 2) {
      return false;
    }
    p->month = std::stoi(numbers[1]->text);
    numbers.erase(numbers.begin() + 1);
    if (p->month < 1 || p->month > 12) return false;
  }
  if (pm) {
    if (p->hour < 1 || p->hour > 12) return false;
    p->hour = p->hour % 12 + (*pm ? 12 : 0);
  }
  // The year: four digits, else (RFC 822's two- or three-digit years) the
  // number that is not the day.
  Token* year = nullptr;
  Token* day = nullptr;
  for (Token* n : numbers) {
    if (n->digits == 4) {
      if (year != nullptr) return false;
      year = n;
    }
  }
  if (numbers.size() == 1) {
    if (year == nullptr || p->has_time) return false;  // "March 5": no year
    p->year = std::stoi(year->text);
    return true;  // "March 2024"
  }
  if (numbers.size() != 2) return false;
  if (year != nullptr) {
    day = numbers[0] == year ? numbers[1] : numbers[0];
  } else {
    // "5 Mar 24" (RFC 822): the day comes first; "Mar 5 24": the day follows the month.
    day = numbers[0];
    year = numbers[1];
    if (year->digits < 2) return false;
  }
  if (day->digits > 2) return false;
  p->day = std::stoi(day->text);
  if (p->day < 1) return false;
  int y = std::stoi(year->text);
  if (year->digits == 2) y += y < 50 ? 2000 : 1900;
  if (year->digits == 3) y += 1900;
  p->year = y;
  return true;
}

std::string Format(const Parts& p) {
  char buf[64];
  if (p.month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", p.year);
  } else if (p.day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", p.year, p.month);
  } else if (!p.has_time) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", p.year, p.month, p.day, p.hour,
                  p.minute, p.second);
    std::string out = buf;
    if (p.zone) {
      if (*p.zone == 0) return out + "Z";
      const int z = *p.zone < 0 ? -*p.zone : *p.zone;
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", *p.zone < 0 ? '-' : '+', z / 60, z % 60);
      out += buf;
    }
    return out;
  }
  return buf;
}

// At most `max` bytes of `text`, not cutting a UTF-8 character.
std::string Clip(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

}  // namespace

Result<std::string> NormalizeDate(std::string_view raw) {
  const std::string_view t = Trim(raw);
  // ISO, YYYY or YYYY-MM: kept as written.
  if (PublishedSeconds(t).ok()) return std::string(t);
  Parts p;
  if (t.size() <= 80 && ParseWords(t, &p) && p.year >= 0 && p.year <= 9999) {
    if (p.second == 60) p.second = 59;  // a leap second stays within its minute
    std::string iso = Format(p);
    if (PublishedSeconds(iso).ok()) return iso;  // a day of the calendar (no 30 February)
  }
  return Status::InvalidArgument("bad date \"" + Clip(t, 40) +
                                 "\": not a date Byline can read (ISO 8601 such as 2024-03-05, "
                                 "RFC 822 such as \"Tue, 05 Mar 2024 10:00:00 GMT\", or "
                                 "\"March 5, 2024\")");
}

Result<int64_t> PublishedSeconds(std::string_view published) {
  return ParseDateBound(published, DateBound::kStart);
}

Status ResolvePublished(Article* article, std::string* warning) {
  if (warning != nullptr) warning->clear();
  if (article->published.empty()) return Status::Ok();
  auto date = NormalizeDate(article->published);
  if (date.ok()) {
    article->published = std::move(date).value();
    return Status::Ok();
  }
  if (warning == nullptr)
    return Status::InvalidArgument("field \"published\": " + date.status().message());
  *warning = "published \"" + Clip(Trim(article->published), 60) +
             "\" not understood; indexed without a date";
  article->published.clear();
  return Status::Ok();
}

}  // namespace byline
