#include "middleware.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "access_control.h"
#include "http_errors.h"
#include "rate_limit.h"
#include "socket_port.h"
#include "write_handlers.h"

namespace byline::searchd {
namespace {

using Clock = std::chrono::steady_clock;

// A worker thread answers one request at a time, from the pre-routing
// handler to the logger, so the request in progress can live here.
struct RequestInProgress {
  bool started = false;
  Clock::time_point start;
  std::string route;
  double seconds = -1;  // until the response was ready; -1 when not started
  std::string client;   // its address (client_address.h)
};
thread_local RequestInProgress current_request;

// Where a request whose body its route refuses is sent (see the
// pre-routing handler), and what it is told there.
constexpr char kRefusedBodyPath[] = "/.refused-body";
struct RefusedBody {
  int status = 0;
  std::string code;
  std::string message;
};
thread_local RefusedBody refused_body;

// Headers httplib adds to every request itself; the client did not send them.
bool IsSyntheticHeader(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

size_t HeaderBytes(const httplib::Request& req) {
  size_t total = 0;
  for (const auto& [name, value] : req.headers) {
    if (!IsSyntheticHeader(name)) total += name.size() + value.size() + 4;  // ": " and CRLF
  }
  return total;
}

// Adds the CORS headers; answers OPTIONS. Returns true when it answered.
bool HandleCors(const ServerOptions& options, const httplib::Request& req, httplib::Response& res) {
  const std::string origin = req.get_header_value("Origin");
  const bool allowed = IsAllowedOrigin(origin, options);
  if (!options.cors_origins.empty()) res.set_header("Vary", "Origin");
  if (allowed) {
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Access-Control-Expose-Headers", kTimeLimitHeader);
  }
  if (req.method != "OPTIONS") return false;

  const bool preflight = !origin.empty() && req.has_header("Access-Control-Request-Method");
  if (preflight && !allowed) {
    SetError(res, 403, "origin_not_allowed",
             "origin " + origin + " is not in the CORS allow-list (--cors-origin)");
    return true;
  }
  // Every method a route takes: PUT and DELETE are the admin write routes'
  // (write_handlers.cc), which a page may call with the admin token.
  const char* methods = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
  res.status = 204;
  res.set_header("Allow", methods);
  if (preflight) {
    res.set_header("Access-Control-Allow-Methods", methods);
    res.set_header("Access-Control-Allow-Headers", "Authorization, X-API-Key, Content-Type");
    res.set_header("Access-Control-Max-Age", "600");
  }
  return true;
}

// Answers 429 when `client` is past --rate-limit on a search route.
bool RefuseIfTooFast(RateLimiter* limit, const std::string& client, const httplib::Request& req,
                     httplib::Response& res) {
  int retry_after = 0;
  if (limit == nullptr || !IsRateLimitedRoute(req.path) ||
      limit->Allow(RateLimitKey(client), current_request.start, &retry_after)) {
    return false;
  }
  res.set_header("Retry-After", std::to_string(retry_after));
  SetError(res, 429, "rate_limited",
           "more requests than --rate-limit allows from " + client + "; retry after " +
               std::to_string(retry_after) + " s");
  return true;
}

bool RefuseIfNotAllowed(const ServerOptions& options, const httplib::Request& req,
                        httplib::Response& res) {
  switch (CheckAccess(req, options)) {
    case Access::kAllowed:
      return false;
    case Access::kMissingCredential:
      res.set_header("WWW-Authenticate", "Bearer realm=\"byline\"");
      SetError(res, 401, "unauthorized",
               "this route needs a key: send \"Authorization: Bearer KEY\" or \"X-API-Key: KEY\"");
      return true;
    case Access::kWrongCredential:
      SetError(res, 403, "forbidden", "the key sent is not valid for this route");
      return true;
    case Access::kAdminDisabled:
      SetError(res, 403, "admin_disabled",
               "admin routes are disabled: start byline-searchd with --admin-token");
      return true;
  }
  return false;
}

}  // namespace

void InstallMiddleware(httplib::Server& server, const ServerOptions& options, Metrics& metrics,
                       AccessLog* access_log, RequestDeadlines* deadlines) {
  std::shared_ptr<RateLimiter> rate;  // --rate-limit
  if (options.rate_limit > 0) {
    const double burst =
        options.rate_burst > 0 ? options.rate_burst : std::max(10.0, 2 * options.rate_limit);
    rate = std::make_shared<RateLimiter>(options.rate_limit, burst);
  }
  server.set_pre_routing_handler(
      [&options, &metrics, deadlines, rate](const httplib::Request& req, httplib::Response& res) {
        if (deadlines != nullptr) deadlines->RequestHeadRead(req);
        current_request = {true, Clock::now(), RouteLabel(req.path), -1,
                           options.parsed_trusted_proxies.ClientOf(req)};
        refused_body = {};
        metrics.RequestStarted(current_request.route);
        if (HeaderBytes(req) > options.max_header_bytes) {
          SetError(res, 431, "headers_too_large",
                   "the request headers are larger than " +
                       std::to_string(options.max_header_bytes) + " bytes");
          return httplib::Server::HandlerResponse::Handled;
        }
        // Counted before the key is checked, so guessing keys is held back too.
        if (HandleCors(options, req, res) ||
            RefuseIfTooFast(rate.get(), current_request.client, req, res) ||
            RefuseIfNotAllowed(options, req, res)) {
          return httplib::Server::HandlerResponse::Handled;
        }
        // httplib would otherwise wait for a body until the read timeout.
        if ((req.method == "POST" || req.method == "PUT" || req.method == "PATCH") &&
            !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
          SetError(res, 411, "length_required",
                   "send Content-Length (0 for no body, e.g. curl -X POST -d '')");
          return httplib::Server::HandlerResponse::Handled;
        }
        // Writes may send up to --max-write-bytes, the rest --max-request-bytes.
        // httplib reads up to the larger itself (refusing more with 413 after
        // skipping the body). A body over the route's own limit is sent to a
        // route that refuses it once httplib has read it, so the connection
        // stays in step (answering before the body is read would leave it
        // there, to be parsed as the next request).
        const bool write = IsWritePath(req.path);
        const size_t limit = write ? options.max_write_bytes : options.max_request_bytes;
        const size_t read_limit = std::max(options.max_request_bytes, options.max_write_bytes);
        const uint64_t length = req.get_header_value<uint64_t>("Content-Length");
        if (!write && req.has_header("Transfer-Encoding")) {
          refused_body = {411, "length_required",
                          "send Content-Length: only the write routes take a chunked body"};
          const_cast<httplib::Request&>(req).path = kRefusedBodyPath;
        } else if (length > limit && length <= read_limit) {
          refused_body = {413, "payload_too_large",
                          "the request body is larger than " + std::to_string(limit) + " bytes (" +
                              (write ? "--max-write-bytes" : "--max-request-bytes") + ")"};
          const_cast<httplib::Request&>(req).path = kRefusedBodyPath;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });

  // Refuses, once httplib has read it, a body the pre-routing handler
  // found too large (or chunked) for its route.
  auto refuse_body = [](const httplib::Request& req, httplib::Response& res) {
    if (refused_body.status == 0) {  // asked for by name
      return SetError(res, 404, "not_found", "no route for " + req.path);
    }
    SetError(res, refused_body.status, refused_body.code, refused_body.message);
    refused_body = {};
  };
  server.Post(kRefusedBodyPath, refuse_body);
  server.Put(kRefusedBodyPath, refuse_body);
  server.Patch(kRefusedBodyPath, refuse_body);
  server.Delete(kRefusedBodyPath, refuse_body);
  // With a body: one with a Content-Length (at most the larger limit, as
  // httplib holds it) is read and dropped, so the connection stays in step;
  // a chunked one, which has no length, is not read at all, and the
  // connection ends after the answer.
  auto refuse_unread_body = [refuse_body](const httplib::Request& req, httplib::Response& res,
                                          const httplib::ContentReader& content) {
    if (req.has_header("Transfer-Encoding")) {
      CloseAfterResponse(req);
    } else {
      content([](const char*, size_t) { return true; });
    }
    refuse_body(req, res);
  };
  server.Post(kRefusedBodyPath, refuse_unread_body);
  server.Put(kRefusedBodyPath, refuse_unread_body);
  server.Patch(kRefusedBodyPath, refuse_unread_body);
  server.Delete(kRefusedBodyPath, refuse_unread_body);

  // Runs for every request just before its response is written, so a
  // client that reads /metrics next sees its previous request counted.
  server.set_post_routing_handler([&metrics, deadlines](const httplib::Request& req,
                                                        httplib::Response& res) {
    if (deadlines != nullptr) deadlines->RequestHandled(req);
    double seconds = -1;
    if (current_request.started) {
      seconds = std::chrono::duration<double>(Clock::now() - current_request.start).count();
    } else {
      current_request.route = RouteLabel(req.path);  // refused before routing: a bad request line
    }
    current_request.seconds = seconds;
    metrics.RequestFinished(current_request.route, res.status, seconds,
                            res.has_header(kTimeLimitHeader));
  });

  // Runs once the response has been written.
  server.set_logger(
      [&options, access_log, deadlines](const httplib::Request& req, const httplib::Response& res) {
        if (deadlines != nullptr) deadlines->ResponseWritten(req);
        CloseIfAsked(req);
        if (access_log != nullptr) {
          // A request refused before routing (a bad request line) had no client yet.
          access_log->Write(req, res, current_request.route, current_request.seconds,
                            current_request.started ? current_request.client
                                                    : options.parsed_trusted_proxies.ClientOf(req));
        }
        current_request.started = false;
      });
}

}  // namespace byline::searchd
