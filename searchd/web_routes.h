// The browser-facing routes of byline-searchd: the search page at GET /,
// its fingerprinted assets under /assets/, and /widget.js + /widget.css for
// other sites to embed. All are built into the binary (web_assets.h).
#ifndef BYLINE_SEARCHD_WEB_ROUTES_H_
#define BYLINE_SEARCHD_WEB_ROUTES_H_

#include <httplib.h>

#include <string>
#include <string_view>

#include "server_options.h"

namespace byline::searchd {

// The Content-Security-Policy of the page: scripts, styles and requests from
// this origin only; no inline code, no plugins, no framing.
extern const char kPageContentSecurityPolicy[];

// The page and widget as the site's own (options.page_title, logo_text,
// placeholder, accent_color), filled in once here; `options` may go after.
void RegisterWebRoutes(httplib::Server& server, const ServerOptions& options);

// Text made safe for HTML content and quoted attribute values.
std::string HtmlEscaped(std::string_view text);

// The stylesheet of an accent colour (#rgb or #rrggbb): custom properties
// for the page (--accent, and derived from it --accent-text for links, dark
// enough on white to read (WCAG contrast 4.5), --accent-hover,
// --accent-soft, --on-accent for text on it; in a prefers-color-scheme: dark
// block, --accent-text lightened to read on the dark background and
// --accent-soft). The widget's stylesheet gets
// --byline-accent-text and --byline-accent-soft, the same colours.
std::string AccentCss(const std::string& accent);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_WEB_ROUTES_H_
