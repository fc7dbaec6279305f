// SearchAnalytics: what a site's searches were, per UTC day, for the site's
// owner, and nothing about who searched.
//
// Per day it counts queries, queries that found nothing, and clicks on
// results (by position, 1..click_positions and one bucket for any later);
// and keeps the top_k most frequent queries, zero-result queries and
// clicked article ids in Space-Saving counters (space_saving.h), so memory
// is bounded however many distinct queries arrive. Queries are normalised
// first (NormaliseQuery). No address, agent, cookie or other identifier is
// ever given to it. Days older than keep_days are dropped.
//
// State is saved as one JSON file (Save, Load); nothing goes in the index.
// Thread-safe: one mutex, held for a few hash and heap operations per
// event; the normalisation happens before it is taken.
#ifndef BYLINE_SEARCHD_ANALYTICS_SEARCH_ANALYTICS_H_
#define BYLINE_SEARCHD_ANALYTICS_SEARCH_ANALYTICS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "byline/status.h"
#include "space_saving.h"

namespace byline::searchd {

// The longest normalised query kept, in characters (code points).
inline constexpr size_t kMaxAnalyticsQueryChars = 80;

// A query as counted: lower-cased (Unicode, Xapian's tables), white space
// (and control characters) trimmed and runs of it made one space, cut to
// `max_chars` characters (then trimmed again). Invalid UTF-8 bytes are read
// as Latin-1, as Xapian does, so the result is always valid UTF-8.
std::string NormaliseQuery(std::string_view query, size_t max_chars = kMaxAnalyticsQueryChars);

// "2024-03-05" for a day number (days since 1970-01-01, UTC).
std::string DayText(int64_t day);

class SearchAnalytics {
 public:
  struct Config {
    size_t top_k = 1000;          // counters per day and list
    int keep_days = 30;           // today and the 29 days before it
    size_t click_positions = 20;  // positions 1..20 counted each; later ones together
  };
  // Seconds since the Unix epoch; tests inject their own.
  using Clock = std::function<int64_t()>;

  explicit SearchAnalytics(Config config, Clock clock = nullptr);

  // One query: counted when its normalised form is not empty.
  void RecordQuery(std::string_view query, bool zero_results);
  // One click on the result at `position` (1-based) of article `id`.
  void RecordClick(std::string_view id, size_t position);

  struct Ranked {
    std::string key;
    uint64_t count = 0;
    // The true count is within [count - error, count + error] (0: exact).
    uint64_t error = 0;
  };
  struct DayTotals {
    int64_t day = 0;
    uint64_t queries = 0;
    uint64_t zero_results = 0;
    uint64_t clicks = 0;
  };
  struct Summary {
    int64_t first_day = 0;        // the oldest day covered
    int64_t last_day = 0;         // today
    std::vector<DayTotals> days;  // every day of the span, oldest first
    uint64_t queries = 0, zero_results = 0, clicks = 0;
    std::vector<Ranked> top_queries, top_zero_results, top_clicked;
    // clicks_by_position[i]: clicks at position i + 1; the last, at
    // click_positions + 1 or later.
    std::vector<uint64_t> clicks_by_position;
  };
  // The last `days` UTC days (today included; at most keep_days), with the
  // `limit` largest of each list, counters summed over the days.
  Summary Summarise(int days, size_t limit) const;

  // The state as a JSON document (the state file's content).
  std::string Serialise() const;
  // Replaces the state with a document from Serialise(). On error (naming
  // what is wrong) the state is left as it was.
  Status Load(std::string_view text);

  // Changes so far: Save() compares it with the last saved one.
  uint64_t version() const;
  const Config& config() const { return config_; }

 private:
  struct Day {
    explicit Day(const Config& config)
        : clicks_by_position(config.click_positions + 1, 0),
          top_queries(config.top_k),
          top_zero_results(config.top_k),
          top_clicked(config.top_k) {}
    uint64_t queries = 0, zero_results = 0, clicks = 0;
    std::vector<uint64_t> clicks_by_position;
    SpaceSaving top_queries, top_zero_results, top_clicked;
  };

  int64_t Today() const;
  // Today's counts, dropping days past keep_days. REQUIRES: mutex_ held.
  Day& DayFor(int64_t today);
  void Prune(int64_t today);

  const Config config_;
  const Clock clock_;
  mutable std::mutex mutex_;
  std::map<int64_t, Day> days_;
  uint64_t version_ = 0;
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_ANALYTICS_SEARCH_ANALYTICS_H_
