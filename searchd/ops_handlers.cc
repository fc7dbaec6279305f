#include "ops_handlers.h"

#include <ctime>

#include "http_errors.h"
#include "json_output.h"

namespace byline::searchd {
namespace {

void SetJson(httplib::Response& res, const nlohmann::json& body) {
  res.set_content(DumpJson(body), "application/json");
}

// ISO-8601 UTC, or null when the index does not know.
nlohmann::json IsoTime(int64_t seconds) {
  if (seconds <= 0) return nullptr;
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json StatsJson(const IndexStats& stats) {
  return {{"articles", stats.articles},
          {"generation", stats.generation},
          {"last_update", IsoTime(stats.last_update)},
          {"last_update_unix", stats.last_update},
          {"size_bytes", stats.size_bytes},
          {"stemming", stats.stemming}};
}

using Handler = void (*)(OpsContext&, const httplib::Request&, httplib::Response&);

void AddRoute(httplib::Server& server, OpsContext& ctx, const std::string& method,
              const std::string& path, Handler handler) {
  auto run = [&ctx, handler](const httplib::Request& req, httplib::Response& res) {
    handler(ctx, req, res);
  };
  const std::string allow = method == "GET" ? "GET, HEAD" : method;
  auto not_allowed = [allow](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Allow", allow);
    SetError(res, 405, "method_not_allowed", req.method + " is not allowed here; use " + allow);
  };
  if (method == "GET") {
    server.Get(path, run);
    server.Post(path, not_allowed);
  } else {
    server.Post(path, run);
    server.Get(path, not_allowed);
  }
  server.Put(path, not_allowed);
  server.Patch(path, not_allowed);
  server.Delete(path, not_allowed);
}

}  // namespace

void HandleStats(OpsContext& ctx, const httplib::Request&, httplib::Response& res) {
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  auto stats = (*searcher)->Stats();
  if (!stats.ok()) return SetError(res, stats.status());
  SetJson(res, StatsJson(*stats));
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
  nlohmann::json body = StatsJson(*stats);
  body["reopened"] = true;
  SetJson(res, body);
}

void HandleAdminStats(OpsContext& ctx, const httplib::Request&, httplib::Response& res) {
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  auto stats = (*searcher)->Stats(/*count_terms=*/true);
  if (!stats.ok()) return SetError(res, stats.status());
  nlohmann::json body = StatsJson(*stats);
  body["terms"] = stats->terms;
  body["average_length"] = stats->average_length;
  body["revision"] = stats->revision;
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
  AddRoute(server, ctx, "GET", "/stats", HandleStats);
  AddRoute(server, ctx, "GET", "/metrics", HandleMetrics);
  AddRoute(server, ctx, "POST", "/admin/reopen", HandleAdminReopen);
  AddRoute(server, ctx, "GET", "/admin/stats", HandleAdminStats);
}

}  // namespace byline::searchd
