#include "search_analytics.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "byline/article.h"
#include "byline/dates.h"

namespace byline::searchd {
namespace {

using nlohmann::json;

constexpr char kFormatName[] = "byline-search-analytics";
constexpr int kFormatVersion = 1;
constexpr int64_t kSecondsPerDay = 86400;

bool IsSpaceLike(unsigned ch) {
  return Xapian::Unicode::is_whitespace(ch) ||
         Xapian::Unicode::get_category(ch) == Xapian::Unicode::CONTROL;
}

// "YYYY-MM-DD" as a day number; false when it is not a real date.
bool ParseDay(const std::string& text, int64_t* day) {
  auto seconds = PublishedSeconds(text);
  // Exactly the form DayText writes (no other date form, no 2024-02-30).
  if (!seconds.ok() || FormatIsoDay(*seconds) != text) return false;
  *day = *seconds / kSecondsPerDay - (*seconds % kSecondsPerDay < 0);
  return true;
}

Status Bad(const std::string& where, const std::string& what) {
  return Status::InvalidArgument(where + ": " + what);
}

bool IsCount(const json& value) { return value.is_number_unsigned(); }

Status ReadCount(const json& day, const char* name, const std::string& where, uint64_t* out) {
  auto it = day.find(name);
  if (it == day.end() || !IsCount(*it)) {
    return Bad(where + "." + name, "expected a count (a whole number, 0 or more)");
  }
  *out = it->get<uint64_t>();
  return Status::Ok();
}

Status ReadCounters(const json& day, const char* name, const std::string& where, SpaceSaving* out) {
  auto it = day.find(name);
  if (it == day.end() || !it->is_array()) return Bad(where + "." + name, "expected an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& row = (*it)[i];
    const std::string at = where + "." + name + "[" + std::to_string(i) + "]";
    if (!row.is_array() || row.size() != 3 || !row[0].is_string() || !IsCount(row[1]) ||
        !IsCount(row[2])) {
      return Bad(at, "expected [text, count, error]");
    }
    // More counters than this server keeps: the smallest go (they come
    // largest first).
    if (out->full()) break;
    if (!out->Restore(row[0].get<std::string>(), row[1].get<uint64_t>(), row[2].get<uint64_t>())) {
      return Bad(at, "\"" + row[0].get<std::string>().substr(0, 80) + "\" is listed twice");
    }
  }
  return Status::Ok();
}

// Sums per-day counters: count, and an error bound that covers both the
// counters' own over-estimates and the days a key was not kept (it may have
// had up to that day's smallest count there).
std::vector<SearchAnalytics::Ranked> Merge(
    const std::vector<std::pair<std::vector<SpaceSaving::Counter>, uint64_t>>& days, size_t limit) {
  struct Sum {
    uint64_t count = 0, error = 0, min_of_kept_days = 0;
  };
  uint64_t all_mins = 0;
  std::unordered_map<std::string, Sum> sums;
  for (const auto& [counters, min_count] : days) {
    all_mins += min_count;
    for (const auto& c : counters) {
      Sum& sum = sums[c.key];
      sum.count += c.count;
      sum.error += c.error;
      sum.min_of_kept_days += min_count;
    }
  }
  std::vector<SearchAnalytics::Ranked> ranked;
  ranked.reserve(sums.size());
  for (auto& [key, sum] : sums) {
    ranked.push_back({key, sum.count, sum.error + (all_mins - sum.min_of_kept_days)});
  }
  auto order = [](const SearchAnalytics::Ranked& a, const SearchAnalytics::Ranked& b) {
    return a.count != b.count ? a.count > b.count : a.key < b.key;
  };
  if (limit < ranked.size()) {
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(limit),
                      ranked.end(), order);
    ranked.resize(limit);
  } else {
    std::sort(ranked.begin(), ranked.end(), order);
  }
  return ranked;
}

}  // namespace

std::string NormaliseQuery(std::string_view query, size_t max_chars) {
  std::string out;
  out.reserve(std::min(query.size(), max_chars * 2));
  size_t chars = 0;
  bool pending_space = false;
  for (Xapian::Utf8Iterator it(query.data(), query.size()), end; it != end; ++it) {
    const unsigned ch = *it;
    if (IsSpaceLike(ch)) {
      pending_space = !out.empty();
      continue;
    }
    if (chars + (pending_space ? 1 : 0) + 1 > max_chars) break;
    if (pending_space) {
      out += ' ';
      ++chars;
      pending_space = false;
    }
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
    ++chars;
  }
  return out;
}

std::string DayText(int64_t day) { return FormatIsoDay(day * kSecondsPerDay); }

SearchAnalytics::SearchAnalytics(Config config, Clock clock)
    : config_(config), clock_(clock ? std::move(clock) : Clock([] {
        return static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
      })) {}

int64_t SearchAnalytics::Today() const {
  const int64_t now = clock_();
  return now >= 0 ? now / kSecondsPerDay : -((-now + kSecondsPerDay - 1) / kSecondsPerDay);
}

void SearchAnalytics::Prune(int64_t today) {
  const int64_t oldest = today - (config_.keep_days - 1);
  while (!days_.empty() && days_.begin()->first < oldest) days_.erase(days_.begin());
}

SearchAnalytics::Day& SearchAnalytics::DayFor(int64_t today) {
  auto it = days_.find(today);
  if (it != days_.end()) return it->second;
  Prune(today);
  return days_.emplace(today, Day(config_)).first->second;
}

void SearchAnalytics::RecordQuery(std::string_view query, bool zero_results) {
  const std::string normalised = NormaliseQuery(query);
  if (normalised.empty()) return;
  const int64_t today = Today();
  std::lock_guard<std::mutex> lock(mutex_);
  Day& day = DayFor(today);
  ++day.queries;
  day.top_queries.Add(normalised);
  if (zero_results) {
    ++day.zero_results;
    day.top_zero_results.Add(normalised);
  }
  ++version_;
}

void SearchAnalytics::RecordClick(std::string_view id, size_t position) {
  const int64_t today = Today();
  std::lock_guard<std::mutex> lock(mutex_);
  Day& day = DayFor(today);
  ++day.clicks;
  const size_t bucket = std::min(std::max<size_t>(position, 1), config_.click_positions + 1) - 1;
  ++day.clicks_by_position[bucket];
  day.top_clicked.Add(id);
  ++version_;
}

SearchAnalytics::Summary SearchAnalytics::Summarise(int days, size_t limit) const {
  days = std::max(1, std::min(days, config_.keep_days));
  const int64_t today = Today();
  Summary summary;
  summary.last_day = today;
  summary.first_day = today - (days - 1);
  summary.clicks_by_position.assign(config_.click_positions + 1, 0);
  using DayCounters = std::vector<std::pair<std::vector<SpaceSaving::Counter>, uint64_t>>;
  DayCounters queries, zero_results, clicked;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int64_t d = summary.first_day; d <= today; ++d) {
      DayTotals totals;
      totals.day = d;
      auto it = days_.find(d);
      if (it != days_.end()) {
        const Day& day = it->second;
        totals.queries = day.queries;
        totals.zero_results = day.zero_results;
        totals.clicks = day.clicks;
        for (size_t i = 0; i < day.clicks_by_position.size(); ++i) {
          summary.clicks_by_position[i] += day.clicks_by_position[i];
        }
        queries.emplace_back(day.top_queries.counters(), day.top_queries.min_count());
        zero_results.emplace_back(day.top_zero_results.counters(),
                                  day.top_zero_results.min_count());
        clicked.emplace_back(day.top_clicked.counters(), day.top_clicked.min_count());
      }
      summary.queries += totals.queries;
      summary.zero_results += totals.zero_results;
      summary.clicks += totals.clicks;
      summary.days.push_back(totals);
    }
  }
  summary.top_queries = Merge(queries, limit);
  summary.top_zero_results = Merge(zero_results, limit);
  summary.top_clicked = Merge(clicked, limit);
  return summary;
}

std::string SearchAnalytics::Serialise() const {
  // Copied under the lock, turned into JSON after it: searches wait only
  // for the copy.
  struct DayCopy {
    int64_t number;
    uint64_t queries, zero_results, clicks;
    std::vector<uint64_t> clicks_by_position;
    std::vector<SpaceSaving::Counter> top_queries, top_zero_results, top_clicked;
  };
  std::vector<DayCopy> copies;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    copies.reserve(days_.size());
    for (const auto& [number, day] : days_) {
      copies.push_back({number, day.queries, day.zero_results, day.clicks, day.clicks_by_position,
                        day.top_queries.counters(), day.top_zero_results.counters(),
                        day.top_clicked.counters()});
    }
  }
  // Largest first, so a server keeping fewer counters loads the largest.
  auto counters_json = [](std::vector<SpaceSaving::Counter>& counters) {
    std::sort(counters.begin(), counters.end(), [](const auto& a, const auto& b) {
      return a.count != b.count ? a.count > b.count : a.key < b.key;
    });
    json list = json::array();
    for (const auto& c : counters) list.push_back({c.key, c.count, c.error});
    return list;
  };
  json list = json::array();
  for (DayCopy& day : copies) {
    list.push_back({{"date", DayText(day.number)},
                    {"queries", day.queries},
                    {"zero_results", day.zero_results},
                    {"clicks", day.clicks},
                    {"clicks_by_position", day.clicks_by_position},
                    {"top_queries", counters_json(day.top_queries)},
                    {"top_zero_results", counters_json(day.top_zero_results)},
                    {"top_clicked", counters_json(day.top_clicked)}});
  }
  json doc = {{"format", kFormatName},
              {"version", kFormatVersion},
              {"top_k", config_.top_k},
              {"click_positions", config_.click_positions},
              {"days", std::move(list)}};
  return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Status SearchAnalytics::Load(std::string_view text) {
  const json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) return Status::InvalidArgument("not JSON (cut short or damaged)");
  if (!doc.is_object() || doc.value("format", "") != kFormatName) {
    return Status::InvalidArgument(std::string("not a Byline analytics file (no \"format\": \"") +
                                   kFormatName + "\")");
  }
  if (!doc.contains("version") || doc["version"] != kFormatVersion) {
    return Status::InvalidArgument("version " + doc.value("version", json()).dump() +
                                   " is not one this byline-searchd reads (1)");
  }
  auto list = doc.find("days");
  if (list == doc.end() || !list->is_array()) return Bad("days", "expected an array");
  std::map<int64_t, Day> loaded;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string where = "days[" + std::to_string(i) + "]";
    if (!item.is_object()) return Bad(where, "expected an object");
    int64_t number = 0;
    if (!item.contains("date") || !item["date"].is_string() ||
        !ParseDay(item["date"].get<std::string>(), &number)) {
      return Bad(where + ".date", "expected a date YYYY-MM-DD");
    }
    if (loaded.count(number) != 0) return Bad(where + ".date", "the day is listed twice");
    Day day(config_);
    if (Status s = ReadCount(item, "queries", where, &day.queries); !s.ok()) return s;
    if (Status s = ReadCount(item, "zero_results", where, &day.zero_results); !s.ok()) return s;
    if (Status s = ReadCount(item, "clicks", where, &day.clicks); !s.ok()) return s;
    auto positions = item.find("clicks_by_position");
    if (positions == item.end() || !positions->is_array()) {
      return Bad(where + ".clicks_by_position", "expected an array of counts");
    }
    for (size_t p = 0; p < positions->size(); ++p) {
      if (!IsCount((*positions)[p])) {
        return Bad(where + ".clicks_by_position[" + std::to_string(p) + "]", "expected a count");
      }
      // Saved with more positions than this server counts: later ones join the last bucket.
      const size_t bucket = std::min(p, day.clicks_by_position.size() - 1);
      day.clicks_by_position[bucket] += (*positions)[p].get<uint64_t>();
    }
    if (Status s = ReadCounters(item, "top_queries", where, &day.top_queries); !s.ok()) return s;
    if (Status s = ReadCounters(item, "top_zero_results", where, &day.top_zero_results); !s.ok()) {
      return s;
    }
    if (Status s = ReadCounters(item, "top_clicked", where, &day.top_clicked); !s.ok()) return s;
    loaded.emplace(number, std::move(day));
  }
  const int64_t today = Today();
  std::lock_guard<std::mutex> lock(mutex_);
  days_ = std::move(loaded);
  Prune(today);
  ++version_;
  return Status::Ok();
}

uint64_t SearchAnalytics::version() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return version_;
}

}  // namespace byline::searchd
