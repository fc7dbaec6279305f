#include "http_errors.h"

#include "json_output.h"

namespace byline::searchd {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kInvalidQuery:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kBusy:
    case StatusCode::kUnavailable:
    // A damaged or unreadable index is not a bug in the request or the
    // server: the service is unavailable until the index is repaired.
    case StatusCode::kCorruption:
    case StatusCode::kIOError:
      return 503;
    case StatusCode::kTimeout:
      return 504;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

void SetError(httplib::Response& res, int status, const std::string& code,
              const std::string& message, const std::string& parameter) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!parameter.empty()) error["parameter"] = parameter;
  res.status = status;
  res.set_content(DumpJson({{"error", error}}), "application/json");
}

void SetError(httplib::Response& res, const Status& status) {
  SetError(res, HttpStatusFor(status.code()), StatusCodeName(status.code()), status.message());
}

void SetIndexError(httplib::Response& res, const Status& status) {
  int http = HttpStatusFor(status.code());
  if (http == 404 || http == 500) http = 503;
  // Busy is momentary: tell clients (and proxies) when to come back.
  if (status.code() == StatusCode::kBusy) res.set_header("Retry-After", "1");
  SetError(res, http, StatusCodeName(status.code()), status.message());
}

httplib::Server::Handler MethodNotAllowed(const std::string& allow, const std::string& use) {
  return [allow, use](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Allow", allow);
    SetError(res, 405, "method_not_allowed", req.method + " is not allowed here; use " + use);
  };
}

void AddRoute(httplib::Server& server, const std::string& method, const std::string& pattern,
              httplib::Server::Handler handler) {
  const auto not_allowed = MethodNotAllowed(method == "GET" ? "GET, HEAD" : method, method);
  if (method == "GET") {
    server.Get(pattern, std::move(handler));
    server.Post(pattern, not_allowed);
  } else {
    server.Post(pattern, std::move(handler));
    server.Get(pattern, not_allowed);
  }
  server.Put(pattern, not_allowed);
  server.Patch(pattern, not_allowed);
  server.Delete(pattern, not_allowed);
}

}  // namespace byline::searchd
