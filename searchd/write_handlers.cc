#include "write_handlers.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "byline/article_batch.h"
#include "byline/index_preview.h"
#include "http_errors.h"
#include "json_output.h"
#include "query_string.h"
#include "socket_port.h"

namespace byline::searchd {
namespace {

// Ids a dry run of POST /admin/delete lists before "ids_truncated".
constexpr size_t kDryRunIdsShown = 1000;

void SetJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(DumpJson(body), "application/json");
}

nlohmann::json ErrorsJson(const std::vector<BatchRecordError>& errors) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : errors) {
    list.push_back({{"line", e.line},
                    {"id", e.id.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.id)},
                    {"reason", e.reason}});
  }
  return list;
}

// The answer to an acknowledged write; "warnings" (dates not understood,
// the articles indexed without them) only when there are some.
nlohmann::json WrittenJson(const WriteResult& r, const std::vector<BatchRecordError>& errors,
                           const std::vector<BatchRecordError>& warnings = {}) {
  nlohmann::json out = {{"indexed", true},
                        {"added", r.added},
                        {"updated", r.updated},
                        {"unchanged", r.unchanged},
                        {"deleted", r.deleted},
                        {"skipped", errors.size()},
                        {"errors", ErrorsJson(errors)},
                        {"commit_ms", r.commit_ms},
                        {"requests_in_commit", r.requests_in_commit}};
  if (!warnings.empty()) out["warnings"] = ErrorsJson(warnings);
  // Said only when it happened: the write queued behind an auto-compaction.
  if (r.compaction_wait_ms > 0) out["compaction_wait_ms"] = r.compaction_wait_ms;
  return out;
}

// A write the queue refused or failed: 409 when another writer kept the
// index for --write-wait, 400 delete_limit past the deletion guard, the
// index error (503 for a missing or broken index, never 404, which means
// "no such article") when the index failed, else the status's own.
void SetWriteError(httplib::Response& res, const WriteResult& r) {
  const Status& status = r.status;
  if (status.code() == StatusCode::kBusy) {
    res.set_header("Retry-After", "5");
    return SetError(res, 409, "index_busy", status.message());
  }
  if (r.delete_limit) return SetError(res, 400, "delete_limit", status.message());
  if (r.index_failed) return SetIndexError(res, status);
  SetError(res, status);
}

std::string PathId(const httplib::Request& req) {
  return req.matches.size() > 1 ? req.matches[1].str() : "";
}

// PUT /admin/articles/{id}: the body is one article; its id, when given,
// must be the path's (and is the path's when not).
void HandlePut(WriteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string id = PathId(req);
  ArticleJsonFault fault;
  std::string date_warning;
  auto article = ParseArticleJsonWithDefaultId(req.body, ctx.options.parsed_field_map, id, &fault,
                                               ctx.options.parsed_body_format, &date_warning);
  if (fault == ArticleJsonFault::kNotJson) {
    return SetError(res, 400, "invalid_json",
                    "the body is not a JSON object: " + article.status().message());
  }
  if (fault == ArticleJsonFault::kNotObject) {
    return SetError(res, 400, "invalid_article", "the body must be one JSON object (an article)");
  }
  if (!article.ok()) {
    return SetError(res, 400, "invalid_article", article.status().message());
  }
  if (article->id != id) {
    return SetError(res, 400, "id_mismatch",
                    "the body's id \"" + article->id + "\" is not the path's \"" + id + "\"", "id");
  }
  WriteJob job;
  job.upserts.push_back(std::move(article).value());
  WriteResult r = ctx.queue.Write(std::move(job));
  if (!r.status.ok()) return SetWriteError(res, r);
  if (!r.rejected.empty()) return SetError(res, 400, "invalid_article", r.rejected[0].reason);
  std::vector<BatchRecordError> warnings;
  if (!date_warning.empty()) warnings.push_back({1, id, date_warning});
  nlohmann::json answer = WrittenJson(r, {}, warnings);
  answer["id"] = id;
  answer["result"] = r.added ? "added" : r.updated ? "updated" : "unchanged";
  SetJson(res, 200, answer);
}

// 400 for a batch of which no record could be indexed (or none was sent).
void SetNoneIndexed(httplib::Response& res, const std::vector<BatchRecordError>& errors) {
  nlohmann::json answer = {
      {"error",
       {{"code", errors.empty() ? "empty_batch" : "no_valid_articles"},
        {"message", errors.empty() ? "the body holds no article (send JSON Lines or a JSON "
                                     "array of articles)"
                                   : "none of the " + std::to_string(errors.size()) +
                                         " records could be indexed; see errors"}}},
      {"indexed", false},
      {"skipped", errors.size()},
      {"errors", ErrorsJson(errors)}};
  SetJson(res, 400, answer);
}

// A batch being read: the good records so far (with their lines) and the
// bad ones.
struct Batch {
  WriteJob job;
  std::vector<size_t> lines;  // of job.upserts
  std::vector<BatchRecordError> errors;
  std::vector<BatchRecordError> warnings;  // of articles taken

  BatchReader Reader(const FieldMap& field_map, BodyFormat body_format) {
    return BatchReader(
        "body", field_map,
        [this](Article&& article, size_t line) {
          job.upserts.push_back(std::move(article));
          lines.push_back(line);
        },
        [this](const BatchRecordError& e) { errors.push_back(e); }, body_format);
  }
};

// Writes a batch that was read whole (one commit for all of it) and
// answers: the good records are indexed even when others are not (200 with
// errors), 400 when none is good.
void WriteBatch(WriteContext& ctx, Batch& batch, httplib::Response& res) {
  std::vector<BatchRecordError>& errors = batch.errors;
  if (batch.job.upserts.empty()) return SetNoneIndexed(res, errors);
  const size_t records = batch.job.upserts.size();
  WriteResult r = ctx.queue.Write(std::move(batch.job));
  if (!r.status.ok()) return SetWriteError(res, r);
  for (const auto& rejected : r.rejected) {
    errors.push_back({batch.lines[rejected.index], rejected.id, rejected.reason});
    // A rejected record was not indexed, with or without its date.
    auto& w = batch.warnings;
    w.erase(std::remove_if(
                w.begin(), w.end(),
                [&](const BatchRecordError& e) { return e.line == batch.lines[rejected.index]; }),
            w.end());
  }
  std::stable_sort(
      errors.begin(), errors.end(),
      [](const BatchRecordError& a, const BatchRecordError& b) { return a.line < b.line; });
  if (r.rejected.size() == records) return SetNoneIndexed(res, errors);
  SetJson(res, 200, WrittenJson(r, errors, batch.warnings));
}

// POST /admin/articles: the records are read as the body
// arrives (BatchReader: JSON Lines line by line; a JSON array is held until
// its end), so the raw body is never held whole, and written in one commit
// once all of it was read. A body over --max-write-bytes (a chunked one has
// no Content-Length for the middleware to check) is counted as it arrives
// and refused with 413, nothing of it written.
void HandleBatchStream(WriteContext& ctx, const httplib::Request& req, httplib::Response& res,
                       const httplib::ContentReader& content) {
  const uint64_t limit = ctx.options.max_write_bytes;
  // Past the limit the rest is read and dropped, up to as much again, so
  // the connection stays in step for the answer; a longer body is cut off.
  const uint64_t drop_limit = 2 * limit;
  Batch batch;
  BatchReader reader = batch.Reader(ctx.options.parsed_field_map, ctx.options.parsed_body_format);
  reader.WarnOfDates([&batch](const BatchRecordError& w) { batch.warnings.push_back(w); });
  uint64_t received = 0;
  const bool complete = content([&](const char* data, size_t size) {
    received += size;
    if (received <= limit) {
      reader.Feed(std::string_view(data, size));
      return true;
    }
    if (received - size <= limit) batch = Batch();  // just went over: drop what was read
    return received <= drop_limit;
  });
  // The body is read (or given up on): from here on it is the server's work,
  // not cut off by --request-timeout.
  if (ctx.deadlines != nullptr) ctx.deadlines->RequestHandled(req);
  if (received > limit || res.status == 413) {  // 413: httplib refused a longer Content-Length
    if (!complete) {
      // The rest of the body is still coming: this connection cannot carry
      // another request. It is closed after the answer (httplib would
      // otherwise read the rest as the next request).
      CloseAfterResponse(req);
    }
    return SetError(res, 413, "payload_too_large",
                    "the request body is larger than " + std::to_string(limit) +
                        " bytes (--max-write-bytes); nothing of it was written");
  }
  if (!complete) {
    return SetError(res, 400, "incomplete_body",
                    "the body was not received in full (" + std::to_string(received) +
                        " bytes arrived before the connection failed or timed out); nothing "
                        "of it was written");
  }
  // Always OK (the bytes are in memory): a bad record is in batch.errors.
  (void)reader.Finish();
  WriteBatch(ctx, batch, res);
}

// DELETE /admin/articles/{id}: 404 when there is no such article.
void HandleDeleteOne(WriteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string id = PathId(req);
  WriteJob job;
  job.delete_ids.push_back(id);
  WriteResult r = ctx.queue.Write(std::move(job));
  if (!r.status.ok()) return SetWriteError(res, r);
  if (r.deleted == 0) {
    return SetError(res, 404, "not_found", "no article with id \"" + id + "\" to delete");
  }
  nlohmann::json answer = WrittenJson(r, {});
  answer["id"] = id;
  SetJson(res, 200, answer);
}

// A JSON boolean, or a query-string value as GET /search reads one
// (ParseBoolValue), where a bare name (?dry_run) is true too.
Result<bool> ReadBool(const std::string& name, const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>();
  bool flag = true;
  if (value.is_string() && (value.get_ref<const std::string&>().empty() ||
                            ParseBoolValue(value.get<std::string>(), &flag))) {
    return flag;
  }
  return Status::InvalidArgument(name + ": expected true or false, got " + value.dump());
}

// POST /admin/delete: {"query": "...", "dry_run": false, "force": false}
// as a JSON body, or as query-string parameters.
void HandleDeleteQuery(WriteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  // From the query string and the body: a JSON object, or a form
  // (httplib would take any body sent as a form, e.g. curl -d '{...}', for
  // one, so the form is read here only when it does not look like JSON).
  nlohmann::json params = nlohmann::json::object();
  // DecodeQueryString, not httplib's parser: that keeps only what follows
  // a value's last '=' (query=body:x=boats would run as "boats").
  httplib::Params form = DecodeQueryString(req.target);
  const size_t first = req.body.find_first_not_of(" \t\r\n");
  const bool json_body = first != std::string::npos && req.body[first] == '{';
  const bool form_body =
      first != std::string::npos && !json_body &&
      req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0;
  if (form_body) form.merge(DecodeQueryString("?" + req.body));
  for (const auto& [name, value] : form) params[name] = value;
  if (first != std::string::npos && !json_body && !form_body) {
    return SetError(res, 400, "invalid_json",
                    "the body must be a JSON object: {\"query\": \"...\", \"dry_run\": "
                    "true|false, \"force\": true|false}");
  }
  if (json_body) {
    if (Status s = CheckJsonDepth(req.body); !s.ok()) {
      return SetError(res, 400, "invalid_json", s.message());
    }
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object()) {
      return SetError(res, 400, "invalid_json",
                      "the body must be a JSON object: {\"query\": \"...\", \"dry_run\": "
                      "true|false, \"force\": true|false}");
    }
    for (auto& [name, value] : body.items()) params[name] = value;
  }
  std::string query;
  bool dry_run = false;
  bool force = false;
  for (auto& [name, value] : params.items()) {
    if (name == "query") {
      if (!value.is_string())
        return SetError(res, 400, "invalid_parameter", "query: expected a string", name);
      query = value.get<std::string>();
    } else if (name == "dry_run" || name == "force") {
      auto flag = ReadBool(name, value);
      if (!flag.ok()) return SetError(res, 400, "invalid_parameter", flag.status().message(), name);
      (name == "force" ? force : dry_run) = *flag;
    } else {
      return SetError(res, 400, "unknown_parameter",
                      "unknown parameter \"" + name + "\" (known: query, dry_run, force)", name);
    }
  }
  if (query.find_first_not_of(" \t\r\n") == std::string::npos) {
    return SetError(res, 400, "invalid_parameter", "query is required (what to delete)", "query");
  }
  if (dry_run) {
    // Read-only, no lock: what the same request without dry_run would do now.
    auto preview = IndexPreview::Open(ctx.options.index_dir);
    if (!preview.ok()) return SetIndexError(res, preview.status());
    const uint64_t articles = (*preview)->article_count();
    auto ids = (*preview)->IdsMatching(query);
    if (!ids.ok()) return SetError(res, ids.status());
    Status guard = CheckDeleteLimit("the query \"" + query + "\"", *ids, articles,
                                    ctx.options.delete_limit, "--max-delete", force,
                                    "Send force=true to delete them, or raise --max-delete");
    nlohmann::json shown = nlohmann::json::array();
    for (size_t i = 0; i < ids->size() && i < kDryRunIdsShown; ++i) shown.push_back((*ids)[i]);
    nlohmann::json answer = {
        {"dry_run", true},
        {"matched", ids->size()},
        {"would_delete", guard.ok() ? ids->size() : 0},
        {"ids", shown},
        {"ids_truncated", ids->size() > kDryRunIdsShown},
        {"refused", guard.ok() ? nlohmann::json(nullptr) : nlohmann::json(guard.message())}};
    return SetJson(res, 200, answer);
  }
  WriteJob job;
  job.delete_query = query;
  job.force = force;
  WriteResult r = ctx.queue.Write(std::move(job));
  if (!r.status.ok()) return SetWriteError(res, r);
  SetJson(res, 200, WrittenJson(r, {}));
}

using Handler = void (*)(WriteContext&, const httplib::Request&, httplib::Response&);
using StreamHandler = void (*)(WriteContext&, const httplib::Request&, httplib::Response&,
                               const httplib::ContentReader&);

struct Route {
  const char* method;
  Handler handler = nullptr;       // runs once the body was read whole (ReadBodyThen)
  StreamHandler stream = nullptr;  // or: reads the body itself
};

// Answers 413 for a body over --max-write-bytes that is not read further;
// the connection is closed after the answer.
void RefuseUnreadBody(WriteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  CloseAfterResponse(req);
  SetError(res, 413, "payload_too_large",
           "the request body is larger than " + std::to_string(ctx.options.max_write_bytes) +
               " bytes (--max-write-bytes); nothing of it was written");
}

// Reads a body whole into req.body, up to --max-write-bytes (httplib holds
// a Content-Length body to that itself, a chunked one not), then runs
// `handler`.
void ReadBodyThen(WriteContext& ctx, Handler handler, const httplib::Request& req,
                  httplib::Response& res, const httplib::ContentReader& content) {
  std::string& body = const_cast<httplib::Request&>(req).body;
  bool too_large = false;
  const bool complete = content([&](const char* data, size_t size) {
    too_large = body.size() + size > ctx.options.max_write_bytes;
    if (!too_large) body.append(data, size);
    return !too_large;
  });
  // The body is read: what is left is the server's work, not the client's.
  if (ctx.deadlines != nullptr) ctx.deadlines->RequestHandled(req);
  if (too_large || res.status == 413) return RefuseUnreadBody(ctx, req, res);
  if (!complete) {
    return SetError(res, 400, "incomplete_body",
                    "the body was not received in full; nothing of it was written");
  }
  handler(ctx, req, res);
}

using AddReader = httplib::Server& (httplib::Server::*)(const std::string&,
                                                        httplib::Server::HandlerWithContentReader);

// `routes` answer their methods on `path`; other methods get 405 with Allow.
// cpp-httplib 0.11.4 gives every POST, PUT, PATCH and DELETE (with a body
// or not) to a content-reader handler when one is registered, so those are
// the only handlers of those methods (httplib would otherwise read a
// chunked body whole, however long); GET, which has no body, has a plain one.
void AddRoutes(httplib::Server& server, WriteContext& ctx, const std::string& path,
               const std::vector<Route>& routes) {
  std::string allow;
  for (const Route& r : routes) allow += (allow.empty() ? "" : ", ") + std::string(r.method);
  const httplib::Server::Handler not_allowed = MethodNotAllowed(allow, allow);
  server.Get(path, not_allowed);
  auto bind = [&](const std::string& method, AddReader add_reader) {
    auto route = std::find_if(routes.begin(), routes.end(),
                              [&](const Route& r) { return method == r.method; });
    if (route == routes.end()) {
      // The body is not read: the connection ends after the answer.
      (server.*add_reader)(path, [not_allowed](const httplib::Request& req, httplib::Response& res,
                                               const httplib::ContentReader&) {
        CloseAfterResponse(req);
        not_allowed(req, res);
      });
    } else if (StreamHandler stream = route->stream) {
      (server.*add_reader)(path, [&ctx, stream](const httplib::Request& req, httplib::Response& res,
                                                const httplib::ContentReader& content) {
        stream(ctx, req, res, content);
      });
    } else {
      Handler handler = route->handler;
      (server.*add_reader)(path,
                           [&ctx, handler](const httplib::Request& req, httplib::Response& res,
                                           const httplib::ContentReader& content) {
                             ReadBodyThen(ctx, handler, req, res, content);
                           });
    }
  };
  bind("POST", &httplib::Server::Post);
  bind("PUT", &httplib::Server::Put);
  bind("PATCH", &httplib::Server::Patch);
  bind("DELETE", &httplib::Server::Delete);
}

}  // namespace

bool IsWritePath(const std::string& path) {
  return path == "/admin/articles" || path == "/admin/delete" ||
         path.rfind("/admin/articles/", 0) == 0;
}

void RegisterWriteRoutes(httplib::Server& server, WriteContext& ctx) {
  AddRoutes(server, ctx, R"(/admin/articles/(.+))",
            {{"PUT", HandlePut}, {"DELETE", HandleDeleteOne}});
  AddRoutes(server, ctx, "/admin/articles", {{"POST", nullptr, HandleBatchStream}});
  AddRoutes(server, ctx, "/admin/delete", {{"POST", HandleDeleteQuery}});
}

}  // namespace byline::searchd
