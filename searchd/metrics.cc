#include "metrics.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace byline::searchd {
namespace {

bool IsQueryRoute(const std::string& route) {
  return route == "/search" || route == "/suggest" || route == "/articles/{id}/related";
}

// Resident set size from /proc, in bytes; 0 where there is no /proc.
uint64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return pages_resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

std::string Number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}

}  // namespace

std::string RouteLabel(const std::string& path) {
  static const char* const kExact[] = {"/search",  "/suggest",      "/health",          "/stats",
                                       "/metrics", "/admin/reopen", "/admin/stats",     "/fields",
                                       "/",        "/events/click", "/admin/analytics", "/admin/"};
  for (const char* route : kExact) {
    if (path == route) return route;
  }
  if (path.rfind("/articles/", 0) == 0 && path.size() > 10) {
    for (const std::string suffix : {"/duplicates", "/related"}) {
      if (path.size() > 10 + suffix.size() &&
          path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return "/articles/{id}" + suffix;
      }
    }
    return "/articles/{id}";
  }
  if (path == "/admin/articles" || path == "/admin/delete") return path;
  if (path.rfind("/admin/articles/", 0) == 0 && path.size() > 16) return "/admin/articles/{id}";
  return "other";
}

void Metrics::RequestStarted(const std::string& route) {
  ++in_flight_;
  if (IsQueryRoute(route)) ++queries_in_flight_;
}

void Metrics::RequestFinished(const std::string& route, int status, double seconds,
                              bool timed_out) {
  if (seconds >= 0) {
    --in_flight_;
    if (IsQueryRoute(route)) --queries_in_flight_;
  }
  if (timed_out) ++search_timeouts_;
  std::lock_guard<std::mutex> lock(mutex_);
  RouteStats& stats = routes_[route];
  ++stats.by_status[status];
  if (seconds < 0) return;
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  if (bucket < kBuckets.size()) ++stats.buckets[bucket];
  ++stats.timed;
  stats.seconds_sum += seconds;
}

std::string Metrics::Render(const IndexGauges& index) const {
  std::ostringstream out;
  auto header = [&out](const char* name, const char* type, const char* help) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
  };
  // A metric with one unlabelled sample.
  auto single = [&out, &header](const char* name, const char* type, const char* help, auto value) {
    header(name, type, help);
    out << name << ' ' << value << '\n';
  };
  {
    std::lock_guard<std::mutex> lock(mutex_);
    header("byline_http_requests_total", "counter", "HTTP requests answered, by route and status.");
    for (const auto& [route, stats] : routes_) {
      for (const auto& [status, count] : stats.by_status) {
        out << "byline_http_requests_total{route=\"" << route << "\",status=\"" << status << "\"} "
            << count << '\n';
      }
    }
    header("byline_http_request_errors_total", "counter",
           "HTTP requests answered with status 400 or above, by route and status.");
    for (const auto& [route, stats] : routes_) {
      for (const auto& [status, count] : stats.by_status) {
        if (status < 400) continue;
        out << "byline_http_request_errors_total{route=\"" << route << "\",status=\"" << status
            << "\"} " << count << '\n';
      }
    }
    header("byline_http_request_duration_seconds", "histogram",
           "Time from the request being read to the response being written, by route.");
    for (const auto& [route, stats] : routes_) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += stats.buckets[i];
        out << "byline_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
            << Number(kBuckets[i]) << "\"} " << cumulative << '\n';
      }
      out << "byline_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
          << stats.timed << '\n';
      out << "byline_http_request_duration_seconds_sum{route=\"" << route << "\"} "
          << Number(stats.seconds_sum) << '\n';
      out << "byline_http_request_duration_seconds_count{route=\"" << route << "\"} " << stats.timed
          << '\n';
    }
  }
  single("byline_http_requests_in_flight", "gauge", "Requests being answered now.",
         in_flight_.load());
  single("byline_queries_in_flight", "gauge", "Searches and suggestions being answered now.",
         queries_in_flight_.load());
  single("byline_search_time_limit_hits_total", "counter",
         "Searches cut short by the per-query time limit.", search_timeouts_.load());
  single("byline_slow_requests_closed_total", "counter",
         "Connections closed for not sending a whole request within --request-timeout.",
         slow_requests_closed_.load());
  single("byline_writes_total", "counter",
         "Write requests (PUT, POST, DELETE under /admin/) committed and acknowledged.",
         writes_.load());
  single("byline_write_commits_total", "counter",
         "Commits of writes over HTTP (concurrent writes share one: group commit).",
         write_commits_.load());
  single("byline_auto_compactions_total", "counter",
         "Compactions the write thread made after a commit (--auto-compact), one per shard.",
         auto_compactions_.load());
  single("byline_writes_waited_for_compaction_total", "counter",
         "Write requests that waited in the queue while an auto-compaction ran.",
         writes_waited_for_compaction_.load());
  single("byline_index_articles", "gauge", "Articles in the index.", index.articles);
  single("byline_index_size_bytes", "gauge", "Bytes on disk of the current index generation.",
         index.size_bytes);
  single("byline_index_last_update_timestamp_seconds", "gauge",
         "When the index last had a commit (Unix time; 0 if unknown).", index.last_update);
  single("byline_index_reopens_total", "counter",
         "Times a worker reopened the index after a commit or a reindex.", index.reopens);
  single("byline_searchers_pooled", "gauge", "Index handles open and idle in the pool.",
         index.pooled_searchers);
  single("byline_searches_max", "gauge", "Searches allowed to run at once (--max-searches).",
         index.max_searches);
  single("byline_searches_waiting", "gauge", "Searches waiting for their turn now.",
         index.searches_waiting);
  single("byline_searches_refused_total", "counter",
         "Searches answered 503 after waiting --queue-timeout for their turn.",
         index.searches_refused);
  single("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
         ResidentBytes());
  single("process_start_time_seconds", "gauge", "Start time of the process (Unix time).",
         std::chrono::duration_cast<std::chrono::seconds>(started_.time_since_epoch()).count());
  return out.str();
}

}  // namespace byline::searchd
