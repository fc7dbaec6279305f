// The browser-facing routes of byline-searchd: the search page at GET /,
// its fingerprinted assets under /assets/, and /widget.js + /widget.css for
// other sites to embed. All are built into the binary (web_assets.h).
#ifndef BYLINE_SEARCHD_WEB_ROUTES_H_
#define BYLINE_SEARCHD_WEB_ROUTES_H_

#include <httplib.h>

namespace byline::searchd {

// The Content-Security-Policy of the page: scripts, styles and requests from
// this origin only; no inline code, no plugins, no framing.
extern const char kPageContentSecurityPolicy[];

void RegisterWebRoutes(httplib::Server& server);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_WEB_ROUTES_H_
