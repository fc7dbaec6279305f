#include "routes.h"

#include "http_errors.h"
#include "internal_error.h"

namespace byline::searchd {
namespace {

using Handler = void (*)(Context&, const httplib::Request&, httplib::Response&);

// GET is the only method these routes answer; others get 405 with Allow.
void AddGetRoute(httplib::Server& server, Context& ctx, const std::string& pattern,
                 Handler handler) {
  AddRoute(server, "GET", pattern,
           [&ctx, handler](const httplib::Request& req, httplib::Response& res) {
             handler(ctx, req, res);
           });
}

}  // namespace

void RegisterRoutes(httplib::Server& server, Context& ctx) {
  AddGetRoute(server, ctx, "/search", HandleSearch);
  AddGetRoute(server, ctx, "/suggest", HandleSuggest);
  // Before /articles/{id}, which would take "x/duplicates" for an id (ids
  // may hold '/'; an article whose id ends in "/duplicates" is still read
  // at its own path, see HandleGetDuplicates).
  AddGetRoute(server, ctx, R"(/articles/(.+)/duplicates)", HandleGetDuplicates);

  // Before /articles/{id}, which would take "x/related" as an id.
  AddGetRoute(server, ctx, R"(/articles/(.+)/related)", HandleRelated);
  AddGetRoute(server, ctx, R"(/articles/(.+))", HandleGetArticle);
  AddGetRoute(server, ctx, "/health", HandleHealth);
  AddGetRoute(server, ctx, "/fields", HandleFields);

  // Runs for every response >= 400; fills in a JSON body where a handler
  // (or httplib itself, e.g. for an unknown path) left none.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404) {
          SetError(res, 404, "not_found", "no route for " + req.path);
        } else if (res.status == 413) {
          SetError(res, 413, "payload_too_large", "the request body is too large");
        } else if (res.status == 414) {
          SetError(res, 414, "uri_too_long", "the request target is longer than 8192 bytes");
        } else {
          SetError(res, res.status, "bad_request", "the request could not be understood");
        }
        return httplib::Server::HandlerResponse::Handled;
      }));

  // Last resort: a bug must still answer JSON, and be logged.
  server.set_exception_handler(HandleUncaughtException);
}

}  // namespace byline::searchd
