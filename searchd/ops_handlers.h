// The operations routes of byline-searchd: GET /stats, GET /metrics,
// POST /admin/reopen and GET /admin/stats (access is checked before routing,
// see middleware.h).
#ifndef BYLINE_SEARCHD_OPS_HANDLERS_H_
#define BYLINE_SEARCHD_OPS_HANDLERS_H_

#include <httplib.h>

#include <chrono>

#include "metrics.h"
#include "searcher_pool.h"
#include "server_options.h"

namespace byline::searchd {

// What the operations handlers use; outlives the server.
struct OpsContext {
  const ServerOptions& options;
  SearcherPool& pool;
  Metrics& metrics;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

void HandleStats(OpsContext& ctx, const httplib::Request& req, httplib::Response& res);
void HandleMetrics(OpsContext& ctx, const httplib::Request& req, httplib::Response& res);
void HandleAdminReopen(OpsContext& ctx, const httplib::Request& req, httplib::Response& res);
void HandleAdminStats(OpsContext& ctx, const httplib::Request& req, httplib::Response& res);

// Adds the four routes, answering 405 with Allow for other methods.
// REQUIRES: ctx outlives server.
void RegisterOpsRoutes(httplib::Server& server, OpsContext& ctx);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_OPS_HANDLERS_H_
