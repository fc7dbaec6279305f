// What runs around every route: timing and in-flight counts, the header
// size bound, CORS (preflight and Origin echo), API key and admin token
// checks before routing; metrics and the access log after the response.
#ifndef BYLINE_SEARCHD_MIDDLEWARE_H_
#define BYLINE_SEARCHD_MIDDLEWARE_H_

#include <httplib.h>

#include "access_log.h"
#include "metrics.h"
#include "request_deadline.h"
#include "server_options.h"

namespace byline::searchd {

// Response header a handler sets when the per-query time limit cut a search
// short; counted in /metrics and exposed to browsers.
inline constexpr char kTimeLimitHeader[] = "X-Byline-Time-Limit-Hit";

// REQUIRES: options, metrics, access_log (which may be null: no log) and
// deadlines (which may be null: no whole-request deadline) outlive server.
void InstallMiddleware(httplib::Server& server, const ServerOptions& options, Metrics& metrics,
                       AccessLog* access_log, RequestDeadlines* deadlines);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_MIDDLEWARE_H_
