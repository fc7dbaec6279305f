// How errors look over HTTP: {"error":{"code","message"[,"parameter"]}} with
// the status mapped once from the core's StatusCode.
#ifndef BYLINE_SEARCHD_HTTP_ERRORS_H_
#define BYLINE_SEARCHD_HTTP_ERRORS_H_

#include <httplib.h>

#include <string>

#include "byline/status.h"

namespace byline::searchd {

int HttpStatusFor(StatusCode code);

// Writes a JSON error body with `status`. `code` is a stable snake_case name.
void SetError(httplib::Response& res, int status, const std::string& code,
              const std::string& message, const std::string& parameter = "");

// Writes the error a core Status stands for.
void SetError(httplib::Response& res, const Status& status);

// For a failure to open or read the index itself (no stub, a missing
// generation): 503, since no request could succeed until it is repaired.
// Errors about the request itself keep their own status.
void SetIndexError(httplib::Response& res, const Status& status);

// A handler answering 405 method_not_allowed with `allow` as the Allow header
// and "METHOD is not allowed here; use `use`".
httplib::Server::Handler MethodNotAllowed(const std::string& allow, const std::string& use);

// Registers `handler` for `method` ("GET" or "POST") on `pattern`; the other
// methods of GET, POST, PUT, PATCH and DELETE get 405 method_not_allowed with
// an Allow header (a GET route allows HEAD too: httplib answers it).
void AddRoute(httplib::Server& server, const std::string& method, const std::string& pattern,
              httplib::Server::Handler handler);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_HTTP_ERRORS_H_
