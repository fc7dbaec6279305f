// Who may call what: API key and admin token checks, and the CORS
// allow-list. Pure functions of the request, so they are easy to test.
#ifndef BYLINE_SEARCHD_ACCESS_CONTROL_H_
#define BYLINE_SEARCHD_ACCESS_CONTROL_H_

#include <httplib.h>

#include <string>

#include "server_options.h"

namespace byline::searchd {

// Compares in time that depends only on the lengths, never on where the
// first difference is, so a token cannot be guessed byte by byte.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

// The credential a request presents: "Authorization: Bearer X" (scheme in
// any case) or "X-API-Key: X"; "" when none.
std::string PresentedCredential(const httplib::Request& req);

enum class Access {
  kAllowed,
  kMissingCredential,  // 401: the route needs one and none was sent
  kWrongCredential,    // 403: one was sent and it is not right
  kAdminDisabled,      // 403: an admin route, and no admin token is configured
};

// Whether `req` may reach its route: /admin/* needs the admin token; the
// search routes need the API key (or the admin token) when one is set.
Access CheckAccess(const httplib::Request& req, const ServerOptions& options);

// /search, /suggest, /fields and /articles/{id}: the routes that read the
// index for a client (the API key guards them, --rate-limit counts them).
bool IsSearchRoute(const std::string& path);

// The routes --rate-limit counts: the search routes and POST /events/click
// (which needs no key: a browser's beacon cannot send one).
bool IsRateLimitedRoute(const std::string& path);

// The admin page (GET /admin/): served to anyone, it asks for the token
// itself; the /admin/ routes it calls need it.
inline constexpr char kAdminPagePath[] = "/admin/";

// Whether a browser page from `origin` may read our answers.
bool IsAllowedOrigin(const std::string& origin, const ServerOptions& options);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_ACCESS_CONTROL_H_
