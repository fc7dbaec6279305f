#include "ops_handlers.h"

#include "byline/auto_compact.h"
#include "http_errors.h"
#include "index_stats_json.h"
#include "json_output.h"

namespace byline::searchd {
namespace {

void SetJson(httplib::Response& res, const nlohmann::json& body) {
  res.set_content(DumpJson(body), "application/json");
}

using Handler = void (*)(OpsContext&, const httplib::Request&, httplib::Response&);

void AddOpsRoute(httplib::Server& server, OpsContext& ctx, const std::string& method,
                 const std::string& path, Handler handler) {
  AddRoute(server, method, path,
           [&ctx, handler](const httplib::Request& req, httplib::Response& res) {
             handler(ctx, req, res);
           });
}

// The index's drift since its last compaction (byline/auto_compact.h),
// when it can be read (not for remote shards).
void AddDrift(const std::string& index_dir, nlohmann::json* body) {
  auto drift = ReadIndexDrift(index_dir);
  if (drift.ok()) (*body)["drift"] = DriftToJson(*drift);
}

}  // namespace

void HandleStats(OpsContext& ctx, const httplib::Request&, httplib::Response& res) {
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  auto stats = (*searcher)->Stats();
  if (!stats.ok()) return SetError(res, stats.status());
  nlohmann::json body = IndexStatsToJson(*stats, StatsDetail::kBasic);
  AddDrift(ctx.pool.index_dir(), &body);
  SetJson(res, body);
}

void HandleMetrics(OpsContext& ctx, const httplib::Request&, httplib::Response& res) {
  IndexGauges gauges;
  {
    auto searcher = ctx.pool.Acquire();
    if (searcher.ok()) {
      if (auto stats = (*searcher)->Stats(); stats.ok()) {
        gauges.articles = stats->articles;
        gauges.size_bytes = stats->size_bytes;
        gauges.last_update = stats->last_update;
      }
    }
  }  // the lease ends first, so its reopens are counted below
  gauges.reopens = ctx.pool.reopen_count();
  gauges.pooled_searchers = ctx.pool.idle_count();
  gauges.searches_waiting = ctx.pool.waiting_count();
  gauges.searches_refused = ctx.pool.refused_count();
  gauges.max_searches = ctx.pool.max_searches();
  res.set_content(ctx.metrics.Render(gauges), "text/plain; version=0.0.4; charset=utf-8");
}

void HandleAdminReopen(OpsContext& ctx, const httplib::Request&, httplib::Response& res) {
  if (Status s = ctx.pool.RefreshIdle(); !s.ok()) return SetError(res, s);
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  auto stats = (*searcher)->Stats();
  if (!stats.ok()) return SetError(res, stats.status());
  nlohmann::json body = IndexStatsToJson(*stats, StatsDetail::kBasic);
  body["reopened"] = true;
  SetJson(res, body);
}

void HandleAdminStats(OpsContext& ctx, const httplib::Request&, httplib::Response& res) {
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  auto stats = (*searcher)->Stats(/*count_terms=*/true);
  if (!stats.ok()) return SetError(res, stats.status());
  nlohmann::json body = IndexStatsToJson(*stats, StatsDetail::kFull);
  AddDrift(ctx.pool.index_dir(), &body);
  body["index_dir"] = ctx.pool.index_dir();
  body["uptime_seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.started).count();
  body["requests_in_flight"] = ctx.metrics.requests_in_flight();
  body["reopens"] = ctx.pool.reopen_count();
  body["idle_searchers"] = ctx.pool.idle_count();
  const ServerOptions& o = ctx.options;
  // The limits in force; never the key or the token.
  body["limits"] = {{"threads", o.threads},
                    {"max_query_bytes", o.max_query_bytes},
                    {"max_per_page", o.max_per_page},
                    {"max_depth", o.max_depth},
                    {"max_snippet_chars", o.max_snippet_chars},
                    {"max_request_bytes", o.max_request_bytes},
                    {"max_write_bytes", o.max_write_bytes},
                    {"write_wait_seconds", o.write_wait_seconds},
                    {"max_header_bytes", o.max_header_bytes},
                    {"read_timeout_seconds", o.read_timeout_seconds},
                    {"time_limit_ms", o.search.time_limit_seconds * 1000}};
  body["api_key_required"] = !o.api_key.empty();
  body["cors_origins"] = o.cors_origins;
  SetJson(res, body);
}

void RegisterOpsRoutes(httplib::Server& server, OpsContext& ctx) {
  AddOpsRoute(server, ctx, "GET", "/stats", HandleStats);
  AddOpsRoute(server, ctx, "GET", "/metrics", HandleMetrics);
  AddOpsRoute(server, ctx, "POST", "/admin/reopen", HandleAdminReopen);
  AddOpsRoute(server, ctx, "GET", "/admin/stats", HandleAdminStats);
}

}  // namespace byline::searchd
