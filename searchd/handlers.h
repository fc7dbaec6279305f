// The HTTP handlers of byline-searchd, one per route, named verb+noun. Each
// parses its parameters, calls the core, and renders JSON.
#ifndef BYLINE_SEARCHD_HANDLERS_H_
#define BYLINE_SEARCHD_HANDLERS_H_

#include <httplib.h>

#include "analytics/search_analytics.h"
#include "searcher_pool.h"
#include "server_options.h"

namespace byline::searchd {

// What every handler may use; outlives the server.
struct Context {
  const ServerOptions& options;
  SearcherPool& pool;
  // Counts the searches people make (null: --analytics off).
  SearchAnalytics* analytics = nullptr;
};

void HandleSearch(Context& ctx, const httplib::Request& req, httplib::Response& res);
void HandleSuggest(Context& ctx, const httplib::Request& req, httplib::Response& res);
void HandleGetArticle(Context& ctx, const httplib::Request& req, httplib::Response& res);
// GET /articles/{id}/duplicates: the article's near-duplicates in the index.
void HandleGetDuplicates(Context& ctx, const httplib::Request& req, httplib::Response& res);

// GET /articles/{id}/related: the articles related to one, {id, hits,
// took_ms}. A path whose "/related" was percent-encoded (an id ending in
// "/related") is that article's GET instead.
void HandleRelated(Context& ctx, const httplib::Request& req, httplib::Response& res);
// GET /fields: the custom fields the index declares, {"fields": [{name, type}]}.
void HandleFields(Context& ctx, const httplib::Request& req, httplib::Response& res);
void HandleHealth(Context& ctx, const httplib::Request& req, httplib::Response& res);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_HANDLERS_H_
