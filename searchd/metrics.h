// Metrics: request counters and latency histograms of byline-searchd, by
// route and status, rendered in the Prometheus text exposition format.
//
// Thread safety: every method may be called from any thread.
#ifndef BYLINE_SEARCHD_METRICS_H_
#define BYLINE_SEARCHD_METRICS_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace byline::searchd {

// The route a path belongs to, as a metric label and in the access log:
// "/articles/{id}" for every article ("/articles/{id}/related" for its
// related articles), "other" for unknown paths (so a
// scanner cannot blow up the number of series).
std::string RouteLabel(const std::string& path);

// Gauges read from elsewhere when /metrics is scraped.
struct IndexGauges {
  uint64_t articles = 0;
  uint64_t size_bytes = 0;
  int64_t last_update = 0;
  uint64_t reopens = 0;
  uint64_t pooled_searchers = 0;
  uint64_t searches_waiting = 0;  // for a turn (--max-searches)
  uint64_t searches_refused = 0;  // after --queue-timeout
  uint64_t max_searches = 0;
};

class Metrics {
 public:
  // Upper bounds of the latency histogram buckets, in seconds.
  static constexpr std::array<double, 14> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  Metrics() : started_(std::chrono::system_clock::now()) {}

  // A request reached routing / finished. Each RequestStarted is followed by
  // exactly one RequestFinished with the same route.
  void RequestStarted(const std::string& route);
  // `seconds` < 0 when the start was not seen (the request failed to parse):
  // it is counted but not timed.
  void RequestFinished(const std::string& route, int status, double seconds, bool timed_out);

  // A connection was closed for not sending its whole request within
  // --request-timeout (see request_deadline.h).
  void SlowRequestClosed() { ++slow_requests_closed_; }

  // A commit of writes over HTTP acknowledged `requests` (write_queue.h).
  void WritesCommitted(uint64_t requests) {
    writes_ += requests;
    ++write_commits_;
  }

  // The write thread compacted the index (or `parts` shards of it) after
  // a commit (auto-compaction), while `waited` write requests waited for it.
  void AutoCompacted(uint64_t parts) { auto_compactions_ += parts; }
  void WritesWaitedForCompaction(uint64_t waited) { writes_waited_for_compaction_ += waited; }

  uint64_t requests_in_flight() const { return in_flight_.load(); }

  // The whole exposition, ending in a newline.
  std::string Render(const IndexGauges& index) const;

 private:
  struct RouteStats {
    std::map<int, uint64_t> by_status;
    std::array<uint64_t, kBuckets.size()> buckets{};  // not cumulative
    uint64_t timed = 0;
    double seconds_sum = 0;
  };

  const std::chrono::system_clock::time_point started_;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> queries_in_flight_{0};
  std::atomic<uint64_t> search_timeouts_{0};
  std::atomic<uint64_t> slow_requests_closed_{0};
  std::atomic<uint64_t> writes_{0};
  std::atomic<uint64_t> write_commits_{0};
  std::atomic<uint64_t> auto_compactions_{0};
  std::atomic<uint64_t> writes_waited_for_compaction_{0};
  mutable std::mutex mutex_;
  std::map<std::string, RouteStats> routes_;  // guarded by mutex_
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_METRICS_H_
