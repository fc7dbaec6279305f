// The route table of byline-searchd: every path, its handler, and the JSON
// error pages (404, 405, last-resort 500).
#ifndef BYLINE_SEARCHD_ROUTES_H_
#define BYLINE_SEARCHD_ROUTES_H_

#include <httplib.h>

#include "handlers.h"

namespace byline::searchd {

// REQUIRES: ctx outlives server.
void RegisterRoutes(httplib::Server& server, Context& ctx);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_ROUTES_H_
