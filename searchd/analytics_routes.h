// The routes of the search analytics (analytics/search_analytics.h):
// POST /events/click, the beacon the page and the widget send when a result
// is clicked, and GET /admin/analytics, the summary for the site's owner
// (the admin token is checked before routing, see middleware.h).
#ifndef BYLINE_SEARCHD_ANALYTICS_ROUTES_H_
#define BYLINE_SEARCHD_ANALYTICS_ROUTES_H_

#include <httplib.h>

#include "analytics/search_analytics.h"
#include "server_options.h"

namespace byline::searchd {

// The largest click body accepted; more gets 413.
inline constexpr size_t kMaxClickBodyBytes = 4096;

struct AnalyticsContext {
  const ServerOptions& options;
  SearchAnalytics* analytics;  // null: --analytics off
  bool persistent;             // kept in --state-dir (else in memory only)
};

// 204 on success (and when analytics are off: a page must not show errors
// for it); 400 naming the field (query, id, position) for a bad body; 415
// for a body that is neither JSON nor text/plain.
void HandleClickEvent(AnalyticsContext& ctx, const httplib::Request& req, httplib::Response& res);
// ?days=N (1..--analytics-days, default 7) &limit=N (1..1000, default 20).
void HandleAdminAnalytics(AnalyticsContext& ctx, const httplib::Request& req,
                          httplib::Response& res);

// REQUIRES: ctx outlives server.
void RegisterAnalyticsRoutes(httplib::Server& server, AnalyticsContext& ctx);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_ANALYTICS_ROUTES_H_
